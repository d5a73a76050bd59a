"""Cross-checks of information reports against department data, as DuckDB SQL over the columnar store.

Each check returns findings with a stable key, the reason and the numbers behind it; `store_flags`
keeps them as Flags, preserving a reviewer's resolution when a check runs again. The SQL uses only
common ANSI/DuckDB constructs so it ports to Spark SQL or Trino over the same Parquet files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import yaml

from reporting.columnar import connect

# The reasons a flag gives are written in Chinese, the language of the reviewers' files.
REPORT_KINDS_ZH = {"initial": "初始报告", "change": "变更报告", "deregistration": "注销报告", "annual": "年度报告"}

PATH = Path(__file__).resolve().parent / "data" / "checks.yaml"

# The district an enterprise reports from now: that of its latest report (an enterprise may move).
LATEST_DISTRICT = """
    SELECT uscc, district FROM reports QUALIFY row_number() OVER (PARTITION BY uscc ORDER BY id DESC) = 1
"""

# Contributions appear in several reports of one enterprise (initial, change, annual): each payment counts once,
# identified by enterprise, investor, amount, currency and day, whatever district or filer the reports carry.
PAYMENTS_BY_ENTERPRISE = """
    SELECT DISTINCT r.uscc, c.investor, c.amount, c.currency, c.paid_on
    FROM contributions c JOIN reports r ON r.id = c.report_id
"""

# The same with the enterprise's current district and the filer of the first report that carried the payment,
# for the checks that look at who reports what. min_by is in DuckDB, Trino and Spark SQL alike.
PAYMENTS = f"""
    SELECT p.uscc, d.district, p.investor, p.amount, p.currency, p.paid_on, p.filed_by
    FROM (
        SELECT r.uscc, c.investor, c.amount, c.currency, c.paid_on, min_by(r.filed_by, r.id) AS filed_by
        FROM contributions c JOIN reports r ON r.id = c.report_id
        GROUP BY r.uscc, c.investor, c.amount, c.currency, c.paid_on) p
    JOIN ({LATEST_DISTRICT}) d ON d.uscc = p.uscc
"""


@lru_cache(maxsize=1)
def settings_() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))["checks"]


@dataclass
class Finding:
    check: str
    key: str
    reason: str
    uscc: str = ""
    district: str = ""
    period: str = ""
    numbers: dict[str, Any] = field(default_factory=dict)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def paid_in_vs_inflow(con) -> list[Finding]:
    s = settings_()["paid_in_vs_inflow"]
    sql = f"""
        WITH paid AS (
            SELECT uscc, year(paid_on) AS y, currency, sum(amount) AS paid
            FROM ({PAYMENTS_BY_ENTERPRISE}) GROUP BY uscc, year(paid_on), currency),
        inflow AS (
            SELECT uscc, year(date) AS y, currency, sum(amount) AS inflow FROM fx WHERE direction = 'inflow' GROUP BY uscc, year(date), currency),
        differing AS (
            SELECT p.uscc, p.y, p.currency, p.paid, i.inflow
            FROM paid p JOIN inflow i ON i.uscc = p.uscc AND i.y = p.y AND i.currency = p.currency
            WHERE abs(p.paid - i.inflow) > greatest(? * greatest(p.paid, i.inflow), ?))
        SELECT f.*, d.district FROM differing f JOIN ({LATEST_DISTRICT}) d ON d.uscc = f.uscc
    """
    return [
        Finding(
            "paid_in_vs_inflow",
            f"paid_in_vs_inflow:{r['uscc']}:{r['y']}:{r['currency']}",
            f"{r['y']}年报告实缴{r['paid']:,.0f} {r['currency']}，外汇资本金流入{r['inflow']:,.0f} {r['currency']}",
            r["uscc"],
            r["district"],
            str(r["y"]),
            {"paid": r["paid"], "inflow": r["inflow"], "currency": r["currency"]},
        )  # fmt: skip
        for r in _rows(con, sql, [s["tolerance"], s["min_difference"]])
    ]


def inflow_without_report(con) -> list[Finding]:
    sql = f"""
        WITH paid AS (SELECT DISTINCT uscc, year(paid_on) AS y, currency FROM ({PAYMENTS_BY_ENTERPRISE})),
        inflow AS (
            SELECT uscc, year(date) AS y, currency, sum(amount) AS inflow, count(*) AS n, min(date) AS first_date
            FROM fx WHERE direction = 'inflow' GROUP BY uscc, year(date), currency)
        SELECT i.uscc, coalesce(rg.district, d.district, '') AS district, rg.industry, i.y, i.currency, i.inflow, i.n, i.first_date
        FROM inflow i
        LEFT JOIN paid p ON p.uscc = i.uscc AND p.y = i.y AND p.currency = i.currency
        LEFT JOIN registration rg ON rg.uscc = i.uscc
        LEFT JOIN ({LATEST_DISTRICT}) d ON d.uscc = i.uscc
        WHERE p.uscc IS NULL
    """
    return [
        Finding(
            "inflow_without_report",
            f"inflow_without_report:{r['uscc']}:{r['y']}:{r['currency']}",
            f"{r['y']}年有{r['n']}笔资本金流入共{r['inflow']:,.0f} {r['currency']}，未见实缴出资报告",
            r["uscc"],
            r["district"],
            str(r["y"]),
            {
                "inflow": r["inflow"],
                "payments": r["n"],
                "currency": r["currency"],
                "first_date": str(r["first_date"]),
                "industry": r["industry"] or "",
            },
        )  # fmt: skip
        for r in _rows(con, sql)
    ]


def report_without_inflow(con) -> list[Finding]:
    # Only years the FX feed covers: before its first delivery every report would look unmatched.
    sql = f"""
        WITH paid AS (
            SELECT uscc, year(paid_on) AS y, currency, sum(amount) AS paid
            FROM ({PAYMENTS_BY_ENTERPRISE}) GROUP BY uscc, year(paid_on), currency),
        inflow AS (SELECT DISTINCT uscc, year(date) AS y, currency FROM fx WHERE direction = 'inflow'),
        covered AS (SELECT DISTINCT year(date) AS y FROM fx)
        SELECT p.*, d.district FROM paid p
        JOIN covered c ON c.y = p.y
        JOIN ({LATEST_DISTRICT}) d ON d.uscc = p.uscc
        LEFT JOIN inflow i ON i.uscc = p.uscc AND i.y = p.y AND i.currency = p.currency
        WHERE i.uscc IS NULL
    """
    return [
        Finding(
            "report_without_inflow",
            f"report_without_inflow:{r['uscc']}:{r['y']}:{r['currency']}",
            f"{r['y']}年报告实缴{r['paid']:,.0f} {r['currency']}，外汇数据中无对应资本金流入",
            r["uscc"],
            r["district"],
            str(r["y"]),
            {"paid": r["paid"], "currency": r["currency"]},
        )  # fmt: skip
        for r in _rows(con, sql)
    ]


def registration_mismatch(con) -> list[Finding]:
    s = settings_()["registration_mismatch"]
    sql = """
        WITH latest AS (SELECT * FROM reports QUALIFY row_number() OVER (PARTITION BY uscc ORDER BY id DESC) = 1)
        SELECT l.uscc, l.district AS report_district, g.district AS registered_district, l.name AS report_name, g.name AS registered_name,
               l.registered_capital AS report_capital, g.registered_capital AS registered_capital, l.capital_currency AS report_currency,
               g.currency AS registered_currency, left(l.industry, 2) AS report_division, left(g.industry, 2) AS registered_division
        FROM latest l JOIN registration g ON g.uscc = l.uscc
        WHERE trim(l.name) <> trim(g.name) OR l.district <> g.district OR l.capital_currency <> g.currency
           OR abs(l.registered_capital - g.registered_capital) > ? * greatest(l.registered_capital, g.registered_capital)
           OR left(l.industry, 2) <> left(g.industry, 2)
    """
    findings = []
    for r in _rows(con, sql, [s["capital_tolerance"]]):
        differences = [
            label for label, a, b in (
                ("名称", r["report_name"], r["registered_name"]), ("所在区", r["report_district"], r["registered_district"]),
                ("注册资本", f"{r['report_capital']:,.0f} {r['report_currency']}", f"{r['registered_capital']:,.0f} {r['registered_currency']}"),
                ("行业", r["report_division"], r["registered_division"]),
            ) if a != b
        ]  # fmt: skip
        findings.append(
            Finding(
                "registration_mismatch",
                f"registration_mismatch:{r['uscc']}",
                "与登记信息不一致：" + "、".join(differences),
                r["uscc"],
                r["report_district"],
                "",
                r,
            )
        )
    return findings


def duplicate_report(con) -> list[Finding]:
    sql = """
        SELECT uscc, any_value(district) AS district, kind, coalesce(CAST(year AS VARCHAR), CAST(event_date AS VARCHAR), '') AS period,
               count(*) AS n, list(id ORDER BY id) AS ids
        FROM reports GROUP BY uscc, kind, coalesce(CAST(year AS VARCHAR), CAST(event_date AS VARCHAR), '') HAVING count(*) > 1
    """
    exact = [
        Finding(
            "duplicate_report",
            f"duplicate_report:{r['uscc']}:{r['kind']}:{r['period']}",
            f"同一企业同一期间的{REPORT_KINDS_ZH.get(r['kind'], r['kind'])}有{r['n']}份",
            r["uscc"],
            r["district"],
            r["period"],
            {"reports": list(r["ids"])},
        )  # fmt: skip
        for r in _rows(con, sql)
    ]
    near_sql = """
        SELECT lower(trim(name)) AS name, registered_capital, year, list(DISTINCT uscc) AS codes, any_value(district) AS district
        FROM reports WHERE kind = 'annual'
        GROUP BY lower(trim(name)), registered_capital, year HAVING count(DISTINCT uscc) > 1
    """
    near = [
        Finding(
            "duplicate_report",
            f"near_duplicate:{r['name']}:{r['registered_capital']:.2f}:{r['year']}",
            f"不同统一社会信用代码的报告名称和注册资本相同：{'、'.join(sorted(r['codes']))}",
            "",
            r["district"],
            str(r["year"]),
            {"codes": sorted(r["codes"])},
        )  # fmt: skip
        for r in _rows(con, near_sql)
    ]
    return exact + near


def sudden_jump(con) -> list[Finding]:
    s = settings_()["sudden_jump"]
    sql = """
        WITH annual AS (
            SELECT uscc, district, year, revenue, total_assets,
                   lag(revenue) OVER w AS prev_revenue, lag(total_assets) OVER w AS prev_assets, lag(year) OVER w AS prev_year
            FROM reports WHERE kind = 'annual' WINDOW w AS (PARTITION BY uscc ORDER BY year))
        SELECT * FROM annual
        WHERE prev_year = year - 1 AND (
            (least(revenue, prev_revenue) >= ? AND (revenue > ? * prev_revenue OR revenue * ? < prev_revenue))
         OR (least(total_assets, prev_assets) >= ? AND (total_assets > ? * prev_assets OR total_assets * ? < prev_assets)))
    """
    m, f = s["material"], s["factor"]
    return [
        Finding(
            "sudden_jump",
            f"sudden_jump:{r['uscc']}:{r['year']}",
            f"{r['year']}年营业收入{r['revenue']:,.0f}（上年{r['prev_revenue']:,.0f}），资产总额{r['total_assets']:,.0f}（上年{r['prev_assets']:,.0f}）",
            r["uscc"],
            r["district"],
            str(r["year"]),
            {k: r[k] for k in ("revenue", "prev_revenue", "total_assets", "prev_assets")},
        )  # fmt: skip
        for r in _rows(con, sql, [m, f, f, m, f, f])
    ]


def round_numbers(con) -> list[Finding]:
    s = settings_()["round_numbers"]
    sql = f"""
        WITH p AS (SELECT district, filed_by, amount, (amount % ? = 0) AS round FROM ({PAYMENTS}) WHERE amount > 0),
        city AS (SELECT avg(CAST(round AS DOUBLE)) AS share FROM p),
        groups AS (
            SELECT 'district' AS scope, district AS who, count(*) AS n, avg(CAST(round AS DOUBLE)) AS share FROM p GROUP BY district
            UNION ALL
            SELECT 'reporter', CAST(filed_by AS VARCHAR), count(*), avg(CAST(round AS DOUBLE)) FROM p GROUP BY filed_by)
        SELECT g.*, c.share AS city_share FROM groups g, city c
        WHERE g.n >= ? AND g.share >= ? * c.share AND g.share >= c.share + ?
    """
    return [
        Finding(
            "round_numbers",
            f"round_numbers:{r['scope']}:{r['who']}",
            f"{'区' if r['scope'] == 'district' else '填报人'} {r['who']} 的{r['n']}笔实缴出资中整百万金额占{r['share']:.0%}（全市{r['city_share']:.0%}）",
            "",
            r["who"] if r["scope"] == "district" else "",
            "",
            r,
        )  # fmt: skip
        for r in _rows(con, sql, [s["unit"], s["min_count"], s["factor"], s["min_excess"]])
    ]


def benford(con) -> list[Finding]:
    s = settings_()["benford"]
    sql = f"""
        WITH p AS (
            SELECT district, filed_by, CAST(left(CAST(CAST(floor(amount) AS BIGINT) AS VARCHAR), 1) AS INTEGER) AS d
            FROM ({PAYMENTS}) WHERE amount >= 10),
        scoped AS (SELECT 'district' AS scope, district AS who, d FROM p UNION ALL SELECT 'reporter', CAST(filed_by AS VARCHAR), d FROM p),
        counts AS (SELECT scope, who, d, count(*) AS k FROM scoped GROUP BY scope, who, d),
        totals AS (SELECT scope, who, sum(k) AS n FROM counts GROUP BY scope, who HAVING sum(k) >= ?),
        digits AS (SELECT range AS d, log10(1 + 1.0 / range) AS expected FROM range(1, 10)),
        grid AS (SELECT t.scope, t.who, t.n, g.d, g.expected FROM totals t, digits g)
        SELECT grid.scope, grid.who, grid.n,
               sum(power(coalesce(c.k, 0) - grid.n * grid.expected, 2) / (grid.n * grid.expected)) AS chi2,
               avg(abs(coalesce(c.k, 0) / grid.n - grid.expected)) AS mad
        FROM grid LEFT JOIN counts c ON c.scope = grid.scope AND c.who = grid.who AND c.d = grid.d
        GROUP BY grid.scope, grid.who, grid.n
        HAVING sum(power(coalesce(c.k, 0) - grid.n * grid.expected, 2) / (grid.n * grid.expected)) > ?
    """
    return [
        Finding(
            "benford",
            f"benford:{r['scope']}:{r['who']}",
            f"{'区' if r['scope'] == 'district' else '填报人'} {r['who']} 的{r['n']}笔实缴出资首位数字卡方值{r['chi2']:.1f}（临界值{s['chi2_critical']}），平均绝对偏差{r['mad']:.3f}",
            "",
            r["who"] if r["scope"] == "district" else "",
            "",
            r,
        )  # fmt: skip
        for r in _rows(con, sql, [s["min_count"], s["chi2_critical"]])
    ]


def round_tripping(con) -> list[Finding]:
    s = settings_()["round_tripping"]
    sql = """
        SELECT i.uscc, i.date AS inflow_date, i.amount AS inflow, o.date AS outflow_date, o.amount AS outflow, i.currency
        FROM fx i JOIN fx o ON o.uscc = i.uscc AND o.currency = i.currency
        WHERE i.direction = 'inflow' AND o.direction = 'outflow'
          AND o.date >= i.date AND o.date <= i.date + to_days(CAST(? AS INTEGER))
          AND abs(o.amount - i.amount) <= ? * i.amount
    """
    return [
        Finding(
            "round_tripping",
            f"round_tripping:{r['uscc']}:{r['inflow_date']}:{r['outflow_date']}",
            f"{r['inflow_date']}流入{r['inflow']:,.0f} {r['currency']}，{r['outflow_date']}流出{r['outflow']:,.0f} {r['currency']}",
            r["uscc"],
            "",
            str(r["inflow_date"])[:7],
            {
                "inflow": r["inflow"],
                "outflow": r["outflow"],
                "inflow_date": str(r["inflow_date"]),
                "outflow_date": str(r["outflow_date"]),
            },
        )  # fmt: skip
        for r in _rows(con, sql, [s["days"], s["similarity"]])
    ]


CHECKS: dict[str, Callable[[duckdb.DuckDBPyConnection], list[Finding]]] = {
    "paid_in_vs_inflow": paid_in_vs_inflow,
    "inflow_without_report": inflow_without_report,
    "report_without_inflow": report_without_inflow,
    "registration_mismatch": registration_mismatch,
    "duplicate_report": duplicate_report,
    "sudden_jump": sudden_jump,
    "round_numbers": round_numbers,
    "benford": benford,
    "round_tripping": round_tripping,
}


def run_all(base: Path | None = None, on_check: Callable[[str], None] | None = None) -> dict[str, list[Finding]]:
    """Every check over the store; `on_check(name)` is told as each one finishes."""
    found = {}
    with connect(base) as con:
        for name, check in CHECKS.items():
            found[name] = check(con)
            if on_check is not None:
                on_check(name)
    return found


REFRESHED_FIELDS = ["key", "check_id", "uscc", "district", "period", "reason", "numbers", "active", "last_seen"]


def flag_key(key: str) -> str:
    """Keys fit the column: a longer one (a long company name) keeps its start and a hash of the whole."""
    if len(key) <= 200:
        return key
    return f"{key[:135]}#{hashlib.sha256(key.encode()).hexdigest()}"


def legacy_keys(finding: Finding) -> list[str]:
    """Keys this finding had before the key format changed (flags stored then keep their resolution):
    long keys were cut at 200 characters, and near-duplicates were keyed without the capital."""
    keys = [finding.key[:200]]
    if finding.key.startswith("near_duplicate:"):
        name_capital, year = finding.key[len("near_duplicate:") :].rsplit(":", 1)
        keys.append(f"near_duplicate:{name_capital.rsplit(':', 1)[0]}:{year}"[:200])
    return keys


def store_flags(findings: dict[str, list[Finding]]) -> tuple[int, int]:
    """Keep the findings as Flags: new ones open, known ones refreshed with their resolution kept, and flags this run
    no longer finds marked inactive (kept, with their resolution, for the record). A resolved flag whose numbers
    have changed since it was resolved opens again: the resolution was about other figures. Returns (new, refreshed)."""
    from django.db import transaction
    from django.utils import timezone

    from reporting.models import Flag

    unique: dict[str, Finding] = {}
    for finding in (f for found in findings.values() for f in found):
        unique.setdefault(flag_key(finding.key), finding)
    now = timezone.now()
    new, refreshed, reopened = [], [], []
    with transaction.atomic():
        # Whole checks at a time (not `key IN (…)`, which outgrows SQLite's parameter limit at city scale).
        known = {flag.key: flag for flag in Flag.objects.select_for_update().filter(check_id__in=list(findings))}
        Flag.objects.filter(check_id__in=list(findings), active=True).update(active=False)
        claimed: set[str] = set()
        for key, finding in unique.items():
            values = {
                "check_id": finding.check, "uscc": finding.uscc[:18], "district": finding.district[:80],
                "period": finding.period[:20], "reason": finding.reason, "numbers": _json(finding.numbers),
                "active": True, "last_seen": now,
            }  # fmt: skip
            flag = known.get(key) or next(
                (known[k] for k in legacy_keys(finding) if k in known and k not in unique and k not in claimed), None
            )
            if flag is None:
                new.append(Flag(key=key, **values))
                continue
            claimed.add(flag.key)
            flag.key = key
            for name, value in values.items():
                setattr(flag, name, value)
            if flag.resolution != Flag.Resolution.OPEN and flag.resolved_numbers and flag.resolved_numbers != flag.numbers:
                flag.resolution = Flag.Resolution.OPEN
                reopened.append(flag)
            else:
                refreshed.append(flag)
        Flag.objects.bulk_create(new, batch_size=2000)
        Flag.objects.bulk_update(refreshed, REFRESHED_FIELDS, batch_size=2000)
        for flag in reopened:  # few, and each belongs in the flag's history
            flag.save()
    return len(new), len(refreshed) + len(reopened)


def _json(numbers: dict[str, Any]) -> dict[str, Any]:
    """Numbers as JSON can hold them: dates and decimals as text, floats rounded for reading."""
    out: dict[str, Any] = {}
    for key, value in numbers.items():
        if isinstance(value, float):
            out[key] = round(value, 4)
        elif isinstance(value, int | str | bool) or value is None:
            out[key] = value
        elif isinstance(value, list):
            out[key] = [v if isinstance(v, int | str) else str(v) for v in value]
        else:
            out[key] = str(value)
    return out
