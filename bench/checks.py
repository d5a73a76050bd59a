"""Cross-check and statistics benchmark at city scale (issue 7).

    .venv/bin/python bench/checks.py            # 1,000,000 reports and 10,000,000 FX rows (the run that counts)
    .venv/bin/python bench/checks.py --quick    # a tenth of that, for a quick look

The data are generated straight into Parquet by DuckDB in bench/out/checks/ (reproducibly, from a
seed): 500,000 enterprises with two annual reports each, one paid-in payment per report, and
FX capital flows that mostly match the payments plus unrelated flows, round-trips and leads. Then:
  * every cross-check of reporting/checks.py runs over the store and is timed (target: all ≤ 60 s);
  * the paid-in-vs-inflow check is compared with a hand-written DuckDB query over the same files in
    the same run (target: within 2× of it);
  * the statistics page itself (/reporting/statistics/, through Django's test client as a coordinator,
    on a throwaway SQLite database, over the same store) is requested for every dimension and period
    (target: p95 ≤ 300 ms); the query alone (statistics.table) is timed too, to show where the time goes.
Exits 1 when a target is missed. Not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from _env import BENCH_DIR

from bench.corpus_gen import percentile

STORE = BENCH_DIR / "out" / "checks"
DB_PATH = BENCH_DIR / "out" / "checks.sqlite3"
CHECKS_TARGET_S = 60.0
RATIO_TARGET = 2.0
STATS_TARGET_MS = 300.0

DISTRICTS = [
    "district-chaoyang",
    "district-haidian",
    "district-dongcheng",
    "district-xicheng",
    "district-fengtai",
    "district-shunyi",
    "district-daxing",
    "district-tongzhou",
]
DIVISIONS = ["64", "65", "72", "51", "27", "36", "73", "66", "70", "39"]
COUNTRIES = ["HK", "HK", "HK", "HK", "HK", "SG", "US", "JP", "DE", "KR", "GB", "TW"]


def _list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def generate(con, reports: int, fx_rows: int) -> None:
    """Reports (two annual per enterprise), contributions and FX flows as Parquet, in DuckDB itself."""
    enterprises = reports // 2
    (STORE / "feeds" / "fx").mkdir(parents=True, exist_ok=True)
    (STORE / "feeds" / "registration").mkdir(parents=True, exist_ok=True)
    # One thread: DuckDB's random() repeats from a seed only when one thread draws the numbers.
    con.execute("SET threads TO 1")
    con.execute("SELECT setseed(0.25)")
    con.execute(f"""
        CREATE TABLE e AS SELECT i, '91110000' || lpad(CAST(i AS VARCHAR), 9, '0') || 'X' AS uscc,
            list_element({_list(DISTRICTS)}, CAST(1 + floor(random() * {len(DISTRICTS)}) AS INTEGER)) AS district,
            list_element({_list(DIVISIONS)}, CAST(1 + floor(random() * {len(DIVISIONS)}) AS INTEGER)) || '10' AS industry,
            round(1e6 * exp(random() * 5), 2) AS capital, round(2e6 * exp(random() * 6), 2) AS revenue, CAST(1 + floor(random() * 400) AS BIGINT) AS filer
        FROM range({enterprises}) t(i)""")
    con.execute(f"""
        COPY (SELECT i * 2 + y - 2024 AS id, uscc, 'annual' AS kind, 'accepted' AS status, district, industry, 'Bench FIE ' || CAST(i AS VARCHAR) AS name,
                     capital AS registered_capital, 'USD' AS capital_currency, CAST(NULL AS DATE) AS event_date, CAST(y AS INTEGER) AS year,
                     revenue * (0.8 + random() * 0.5) AS revenue, revenue * 1.6 AS total_assets, revenue * 0.5 AS total_liabilities,
                     CAST(50 AS BIGINT) AS employees, filer AS filed_by, CAST(NULL AS VARCHAR) AS zone
              FROM e, (SELECT unnest([2024, 2025]) AS y)) TO '{STORE / "reports.parquet"}' (FORMAT parquet, COMPRESSION zstd)""")
    con.execute(f"""
        CREATE TABLE c AS SELECT id AS report_id, uscc, 'Investor ' || CAST(k AS VARCHAR) AS investor,
               list_element({_list(COUNTRIES)}, CAST(1 + floor(random() * {len(COUNTRIES)}) AS INTEGER)) AS country,
               round(1e4 * pow(10, random() * 4), 2) AS amount, 'USD' AS currency,
               make_date(year, CAST(1 + floor(random() * 12) AS INTEGER), CAST(1 + floor(random() * 28) AS INTEGER)) AS paid_on
        FROM read_parquet('{STORE / "reports.parquet"}'), range(1, 3) t(k) WHERE k = 1 OR random() < 0.5""")
    con.execute(
        f"COPY (SELECT report_id, investor, country, amount, currency, paid_on FROM c) TO '{STORE / 'contributions.parquet'}' (FORMAT parquet, COMPRESSION zstd)"
    )
    con.execute(
        f"COPY (SELECT id AS report_id, 'Investor 1' AS name, 'HK' AS country, 100.0 AS share FROM read_parquet('{STORE / 'reports.parquet'}')) TO '{STORE / 'investors.parquet'}' (FORMAT parquet)"
    )
    matched = con.execute("SELECT count(*) FROM c").fetchone()[0]
    rest = max(fx_rows - matched, 0)
    con.execute(f"""
        COPY (
            SELECT uscc, paid_on + CAST(floor(random() * 3) AS INTEGER) AS date, 'inflow' AS direction,
                   CASE WHEN random() < 0.01 THEN amount * 1.4 ELSE amount END AS amount, currency FROM c WHERE random() > 0.01
            UNION ALL
            -- The rest: enterprises' ordinary outflows (dividends, repayments), and inflows of enterprises
            -- that filed no report at all (leads).
            SELECT CASE WHEN lead THEN '91110000' || lpad(CAST({enterprises} + CAST(floor(random() * {max(enterprises // 50, 1)}) AS BIGINT) AS VARCHAR), 9, '0') || 'X'
                        ELSE '91110000' || lpad(CAST(CAST(floor(random() * {enterprises}) AS BIGINT) AS VARCHAR), 9, '0') || 'X' END,
                   DATE '2024-01-01' + CAST(floor(random() * 700) AS INTEGER),
                   CASE WHEN lead THEN 'inflow' ELSE 'outflow' END, round(1e3 * pow(10, random() * 5), 2), 'USD'
            FROM (SELECT random() < 0.02 AS lead FROM range({rest}))
        ) TO '{STORE / "feeds" / "fx" / "v000001.parquet"}' (FORMAT parquet, COMPRESSION zstd)""")
    con.execute(f"""
        COPY (SELECT uscc, 'Bench FIE ' || CAST(i AS VARCHAR) AS name, capital AS registered_capital, 'USD' AS currency, industry, district, DATE '2019-01-01' AS registered_on
              FROM e WHERE random() > 0.001) TO '{STORE / "feeds" / "registration" / "v000001.parquet"}' (FORMAT parquet, COMPRESSION zstd)""")


# The same check written by hand, straight over the files: each payment once (it appears in every report
# of the enterprise that lists it), summed per enterprise, year and currency, against FX inflows.
HAND_WRITTEN_PAID_IN = """
    WITH payments AS (
        SELECT DISTINCT r.uscc, c.investor, c.amount, c.currency, c.paid_on
        FROM read_parquet('{store}/contributions.parquet') c JOIN read_parquet('{store}/reports.parquet') r ON r.id = c.report_id),
    paid AS (SELECT uscc, year(paid_on) AS y, currency, sum(amount) AS paid FROM payments GROUP BY 1, 2, 3),
    inflow AS (
        SELECT uscc, year(date) AS y, currency, sum(amount) AS inflow FROM read_parquet('{store}/feeds/fx/*.parquet') WHERE direction = 'inflow' GROUP BY 1, 2, 3)
    SELECT count(*) FROM paid p JOIN inflow i USING (uscc, y, currency)
    WHERE abs(p.paid - i.inflow) > greatest(0.05 * greatest(p.paid, i.inflow), 10000)
"""


def page_timings(rounds: int) -> list[float]:
    """The statistics page as a coordinator sees it, over the bench store, on a throwaway database."""
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    from directory.reference import load_directory
    from directory.roles import coordinator_group
    from reporting import statistics
    from reporting.snapshot import _write_manifest, current_generation

    setup_test_environment()
    call_command("migrate", verbosity=0)
    load_directory()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bench-statistics")
    user.groups.add(coordinator_group())
    # The store is already current for this empty database: the page must not snapshot it away.
    _write_manifest(STORE, {"generation": current_generation(), "reports": "bench"})
    client = Client()
    client.force_login(user)
    timings = []
    with override_settings(REPORTING_STORE_DIR=STORE):
        client.get("/reporting/statistics/")  # warm: templates, rates, industry names
        for _ in range(rounds):
            for dimension in statistics.DIMENSIONS:
                for grain in statistics.GRAINS:
                    start = time.perf_counter()
                    response = client.get(f"/reporting/statistics/?dimension={dimension}&grain={grain}")
                    timings.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200, (dimension, grain, response.status_code)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the size")
    parser.add_argument("--keep", action="store_true", help="reuse the generated files of an earlier run of the same size")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    reports, fx_rows = 1_000_000 // scale, 10_000_000 // scale

    DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    DB_PATH.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    import django

    django.setup()
    import duckdb

    from reporting import checks, statistics

    marker = STORE / f"size-{reports}-{fx_rows}"
    if not (args.keep and marker.exists()):
        import shutil

        shutil.rmtree(STORE, ignore_errors=True)
        STORE.mkdir(parents=True)
        start = time.perf_counter()
        with duckdb.connect() as con:
            generate(con, reports, fx_rows)
        generated_s = time.perf_counter() - start
        start = time.perf_counter()
        statistics.materialize(STORE)
        marker.touch()
        print(
            f"generated {reports:,} reports and the FX feed in {generated_s:.1f} s under {STORE}; statistics tables materialised in {time.perf_counter() - start:.1f} s"
        )
    with duckdb.connect() as con:
        sizes = {name: con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0] for name, path in (
            ("reports", STORE / "reports.parquet"), ("contributions", STORE / "contributions.parquet"), ("fx rows", STORE / "feeds" / "fx" / "v000001.parquet"))}  # fmt: skip
    print("data: " + ", ".join(f"{n:,} {name}" for name, n in sizes.items()) + f"; {os.cpu_count()} cores")

    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    total_start = time.perf_counter()
    with checks.connect(STORE) as con:
        for name, check in checks.CHECKS.items():
            start = time.perf_counter()
            counts[name] = len(check(con))
            timings[name] = time.perf_counter() - start
    all_checks_s = time.perf_counter() - total_start
    for name in checks.CHECKS:
        print(f"  {name:<24} {timings[name]:6.2f} s  {counts[name]:>8,} findings")

    # The ratio from the median of five alternating runs of each, so one cold cache or busy moment does not decide it.
    module_runs, hand_runs = [], []
    with duckdb.connect() as con, checks.connect(STORE) as module_con:
        con.execute(f"SET threads TO {os.cpu_count() or 2}")
        for _ in range(5):
            start = time.perf_counter()
            checks.paid_in_vs_inflow(module_con)
            module_runs.append(time.perf_counter() - start)
            start = time.perf_counter()
            hand_count = con.execute(HAND_WRITTEN_PAID_IN.format(store=STORE)).fetchone()[0]
            hand_runs.append(time.perf_counter() - start)
    module_s, hand_s = percentile(module_runs, 50), percentile(hand_runs, 50)
    ratio = module_s / hand_s
    print(
        f"paid-in vs inflow, median of 5: module {module_s:.2f} s ({counts['paid_in_vs_inflow']:,}) vs hand-written DuckDB SQL {hand_s:.2f} s ({hand_count:,}): ratio {ratio:.2f}"
    )

    stats_ms = []
    for dimension in statistics.DIMENSIONS:
        for grain in statistics.GRAINS:
            start = time.perf_counter()
            rows = statistics.table(dimension, grain, STORE)  # type: ignore[arg-type]
            stats_ms.append((time.perf_counter() - start) * 1000)
    stats_p95 = percentile(stats_ms, 95)
    print(
        f"statistics table (every dimension × period, {len(stats_ms)} queries): p50 {percentile(stats_ms, 50):.0f} ms, p95 {stats_p95:.0f} ms, last had {len(rows)} rows"
    )

    page_ms = page_timings(rounds=3)
    page_p95 = percentile(page_ms, 95)
    print(
        f"statistics page (every dimension × period, {len(page_ms)} requests): p50 {percentile(page_ms, 50):.0f} ms, p95 {page_p95:.0f} ms"
    )

    ok_checks, ok_ratio, ok_stats = all_checks_s <= CHECKS_TARGET_S, ratio <= RATIO_TARGET, page_p95 <= STATS_TARGET_MS
    print(
        f"SUMMARY checks: all nine checks {all_checks_s:.1f} s over {sizes['reports']:,} reports / {sizes['fx rows']:,} FX rows (target ≤{CHECKS_TARGET_S:.0f}) "
        f"{'OK' if ok_checks else 'MISSED'}; paid-in check {ratio:.2f}× hand-written SQL (target ≤{RATIO_TARGET:.0f}×) {'OK' if ok_ratio else 'MISSED'}; "
        f"statistics page p95 {page_p95:.0f} ms (target ≤{STATS_TARGET_MS:.0f}) {'OK' if ok_stats else 'MISSED'}"
        + (" [quick run, not the one that counts]" if args.quick else "")
    )
    return 0 if ok_checks and ok_ratio and ok_stats else 1


if __name__ == "__main__":
    sys.exit(main())
