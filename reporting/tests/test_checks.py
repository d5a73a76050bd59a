"""Each cross-check finds the anomaly planted for it and passes clean data. The data are tiny Parquet
files written straight into a temporary store, so the SQL is tested as it runs on the real store."""

from __future__ import annotations

from datetime import date, timedelta

import pyarrow as pa

from reporting.checks import CHECKS, run_all
from reporting.columnar import (
    CONTRIBUTION_SCHEMA,
    FX_SCHEMA,
    INVESTOR_SCHEMA,
    REGISTRATION_SCHEMA,
    REPORT_SCHEMA,
    connect,
    store_dir,
    write_atomically,
)

CLEAN = ["91110105MA0000011Y", "91110105MA0000022X", "91110105MA0000033Y"]


def report(id_, uscc, *, kind="annual", year=2025, district="district-chaoyang", name=None, capital=10_000_000.0, industry="6450",
           revenue=5_000_000.0, assets=9_000_000.0, filed_by=1, event_date=None):  # fmt: skip
    return {
        "id": id_, "uscc": uscc, "kind": kind, "status": "accepted", "district": district, "industry": industry,
        "name": name or f"企业{uscc[-4:]}", "registered_capital": capital, "capital_currency": "USD", "event_date": event_date,
        "year": year if kind == "annual" else None, "revenue": revenue, "total_assets": assets, "total_liabilities": 1.0,
        "employees": 10, "filed_by": filed_by, "zone": None,
    }  # fmt: skip


def contribution(report_id, amount, paid_on, investor="A", currency="USD"):
    return {
        "report_id": report_id,
        "investor": investor,
        "country": "HK",
        "amount": float(amount),
        "currency": currency,
        "paid_on": paid_on,
    }


def fx(uscc, day, amount, direction="inflow", currency="USD"):
    return {"uscc": uscc, "date": day, "direction": direction, "amount": float(amount), "currency": currency}


def registration(uscc, name, capital=10_000_000.0, district="district-chaoyang", industry="6450"):
    return {
        "uscc": uscc,
        "name": name,
        "registered_capital": capital,
        "currency": "USD",
        "industry": industry,
        "district": district,
        "registered_on": date(2020, 1, 1),
    }


def build(tmp_path, reports, contributions, fx_rows, registrations=()):
    base = store_dir(tmp_path)
    write_atomically(pa.Table.from_pylist(reports, schema=REPORT_SCHEMA), base / "reports.parquet")
    write_atomically(
        pa.Table.from_pylist(
            [{"report_id": r["id"], "name": "A", "country": "HK", "share": 100.0} for r in reports], schema=INVESTOR_SCHEMA
        ),
        base / "investors.parquet",
    )
    write_atomically(pa.Table.from_pylist(contributions, schema=CONTRIBUTION_SCHEMA), base / "contributions.parquet")
    write_atomically(pa.Table.from_pylist(fx_rows, schema=FX_SCHEMA), base / "feeds" / "fx" / "v000001.parquet")
    write_atomically(
        pa.Table.from_pylist(list(registrations), schema=REGISTRATION_SCHEMA), base / "feeds" / "registration" / "v000001.parquet"
    )
    return base


def clean_data():
    """Three enterprises whose reports, payments, FX records and registrations all agree."""
    reports, contributions, fx_rows, regs = [], [], [], []
    for i, uscc in enumerate(CLEAN, start=1):
        reports += [report(i * 10, uscc, year=2024, revenue=4_000_000.0), report(i * 10 + 1, uscc, year=2025)]
        contributions.append(contribution(i * 10 + 1, 1_234_567 * i, date(2025, 3, i)))
        fx_rows.append(fx(uscc, date(2025, 3, i), 1_234_567 * i))
        regs.append(registration(uscc, f"企业{uscc[-4:]}"))
    return reports, contributions, fx_rows, regs


def findings(tmp_path, reports, contributions, fx_rows, regs=()):
    return run_all(build(tmp_path, reports, contributions, fx_rows, regs))


def test_clean_data_raises_no_flag(tmp_path):
    assert {name: found for name, found in findings(tmp_path, *clean_data()).items() if found} == {}


def test_an_empty_store_runs_every_check(tmp_path):
    assert run_all(store_dir(tmp_path)) == {name: [] for name in CHECKS}


def test_paid_in_far_from_inflows_is_flagged_with_the_numbers(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    contributions[0]["amount"] = 2_000_000.0  # FX shows 1,234,567
    found = findings(tmp_path, reports, contributions, fx_rows, regs)["paid_in_vs_inflow"]
    assert [f.uscc for f in found] == [CLEAN[0]]
    assert found[0].numbers == {"paid": 2_000_000.0, "inflow": 1_234_567.0, "currency": "USD"} and found[0].period == "2025"


def test_a_small_difference_within_tolerance_is_not_flagged(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    contributions[0]["amount"] = 1_234_567 + 5_000
    assert findings(tmp_path, reports, contributions, fx_rows, regs)["paid_in_vs_inflow"] == []


def test_inflows_without_a_report_are_leads(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    stranger = "91110105MA0000044X"
    fx_rows += [fx(stranger, date(2025, 5, 1), 500_000), fx(stranger, date(2025, 6, 1), 700_000)]
    regs.append(registration(stranger, "未报告企业", district="district-haidian"))
    found = findings(tmp_path, reports, contributions, fx_rows, regs)["inflow_without_report"]
    assert [(f.uscc, f.district, f.numbers["inflow"], f.numbers["payments"]) for f in found] == [
        (stranger, "district-haidian", 1_200_000.0, 2)
    ]


def test_a_report_without_inflows_is_flagged_only_for_years_the_fx_feed_covers(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    contributions += [
        contribution(11, 800_000, date(2025, 9, 1), investor="B", currency="EUR"),  # no EUR inflow in 2025
        contribution(11, 900_000, date(2023, 1, 5), investor="B"),  # the FX feed has no 2023 records at all
    ]
    found = findings(tmp_path, reports, contributions, fx_rows, regs)["report_without_inflow"]
    assert [(f.uscc, f.period, f.numbers["currency"]) for f in found] == [(CLEAN[0], "2025", "EUR")]


def test_registration_differences_are_named(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    regs[1] = registration(CLEAN[1], "另一个名称", capital=12_000_000.0, district="district-haidian")
    found = findings(tmp_path, reports, contributions, fx_rows, regs)["registration_mismatch"]
    assert [f.uscc for f in found] == [CLEAN[1]]
    assert (
        "名称" in found[0].reason
        and "所在区" in found[0].reason
        and "注册资本" in found[0].reason
        and "行业" not in found[0].reason
    )


def test_duplicates_and_near_duplicates(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    reports.append(report(99, CLEAN[2], year=2025))
    reports.append(report(98, "91110105MA0000055X", year=2025, name=reports[0]["name"], capital=reports[0]["registered_capital"]))
    found = findings(tmp_path, reports, contributions, fx_rows, regs)["duplicate_report"]
    keys = {f.key.split(":")[0] for f in found}
    assert keys == {"duplicate_report", "near_duplicate"}
    assert next(f for f in found if f.key.startswith("duplicate_report")).numbers["reports"] == [31, 99]


def test_a_sudden_jump_against_the_previous_year(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    reports[1]["revenue"] = 40_000_000.0  # ten times 2024's 4,000,000
    found = findings(tmp_path, reports, contributions, fx_rows, regs)["sudden_jump"]
    assert [(f.uscc, f.period) for f in found] == [(CLEAN[0], "2025")]


def test_small_figures_do_not_make_a_jump(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    reports[0]["revenue"], reports[1]["revenue"] = 10_000.0, 900_000.0
    assert findings(tmp_path, reports, contributions, fx_rows, regs)["sudden_jump"] == []


def _many(count, amount_of, district, filed_by, start_id):
    reports = [
        report(start_id + i, f"91110105MA{start_id + i:07d}"[:17] + "X", district=district, filed_by=filed_by)
        for i in range(count)
    ]
    contributions = [contribution(start_id + i, amount_of(i), date(2025, 1, 1) + timedelta(days=i % 300)) for i in range(count)]
    return reports, contributions


def benford_amount(i: int) -> float:
    """Amounts spread log-uniformly over five decades: first digits follow Benford's law."""
    return round(10 ** (3 + 5 * ((i * 0.6180339887) % 1)), 2)


def test_round_numbers_clustering_in_one_district(tmp_path):
    natural_reports, natural = _many(200, benford_amount, "district-haidian", 2, 1000)
    round_reports, rounded = _many(40, lambda i: (i % 9 + 1) * 1_000_000, "district-tongzhou", 3, 5000)
    found = findings(tmp_path, natural_reports + round_reports, natural + rounded, [])["round_numbers"]
    assert {f.key for f in found} == {"round_numbers:district:district-tongzhou", "round_numbers:reporter:3"}


def test_benford_deviation_per_district_and_reporter(tmp_path):
    natural_reports, natural = _many(300, benford_amount, "district-haidian", 2, 1000)
    forged_reports, forged = _many(150, lambda i: 5_000_000 + i * 1_013 + 0.5, "district-fengtai", 4, 5000)
    found = findings(tmp_path, natural_reports + forged_reports, natural + forged, [])["benford"]
    assert {f.key for f in found} == {"benford:district:district-fengtai", "benford:reporter:4"}
    assert found[0].numbers["mad"] > 0.015


def test_round_tripping_within_thirty_days(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    fx_rows += [fx(CLEAN[1], date(2025, 3, 20), 2_400_000, "outflow"), fx(CLEAN[2], date(2025, 6, 1), 3_703_701, "outflow")]
    found = findings(tmp_path, reports, contributions, fx_rows, regs)["round_tripping"]
    assert [(f.uscc, f.numbers["outflow_date"]) for f in found] == [(CLEAN[1], "2025-03-20")]


def test_the_views_read_every_delivery_and_the_latest_registration(tmp_path):
    base = build(tmp_path, *clean_data())
    write_atomically(
        pa.Table.from_pylist([fx(CLEAN[0], date(2025, 7, 1), 1.0)], schema=FX_SCHEMA), base / "feeds" / "fx" / "v000002.parquet"
    )
    write_atomically(
        pa.Table.from_pylist([registration(CLEAN[0], "新名称")], schema=REGISTRATION_SCHEMA),
        base / "feeds" / "registration" / "v000002.parquet",
    )
    with connect(base) as con:
        assert con.execute("SELECT count(*) FROM fx").fetchone()[0] == 4
        assert con.execute("SELECT count(*), any_value(name) FROM registration").fetchone() == (1, "新名称")


def test_a_payment_repeated_by_a_report_from_a_new_district_counts_once(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    # CLEAN[0] moved to 海淀; its next report repeats the 2025 payment.
    reports.append(report(12, CLEAN[0], kind="change", district="district-haidian", filed_by=7, event_date=date(2025, 9, 1)))
    contributions.append(contribution(12, 1_234_567, date(2025, 3, 1)))
    found = findings(tmp_path, reports, contributions, fx_rows, regs)
    assert found["paid_in_vs_inflow"] == [] and found["report_without_inflow"] == []
    with connect(tmp_path) as con:
        from reporting.checks import PAYMENTS

        rows = con.execute(f"SELECT district, filed_by FROM ({PAYMENTS}) WHERE uscc = ?", [CLEAN[0]]).fetchall()
    assert rows == [("district-haidian", 1)]  # the current district; the filer who first reported it


def test_a_lead_carries_its_first_inflow_day_and_registered_industry(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    stranger = "91110105MA0000044X"
    fx_rows += [fx(stranger, date(2025, 6, 1), 700_000), fx(stranger, date(2025, 5, 1), 500_000)]
    regs.append(registration(stranger, "未报告企业", industry="2710"))
    (lead,) = findings(tmp_path, reports, contributions, fx_rows, regs)["inflow_without_report"]
    assert lead.numbers["first_date"] == "2025-05-01" and lead.numbers["industry"] == "2710"


def test_near_duplicates_differing_in_capital_are_two_findings(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    twin = reports[1]["name"]
    reports += [
        report(97, "91110105MA0000055X", year=2025, name=twin, capital=10_000_000.0),
        # The same name in the same year, with another capital shared by two other codes: a second group.
        report(96, "91110105MA0000066X", year=2025, name=twin, capital=5.0),
        report(95, "91110105MA0000077X", year=2025, name=twin, capital=5.0),
    ]
    found = findings(tmp_path, reports, contributions, fx_rows, regs)["duplicate_report"]
    near = [f.key for f in found if f.key.startswith("near_duplicate")]
    assert len(near) == len(set(near)) == 2


def test_two_change_reports_without_a_date_are_duplicates_with_an_empty_period(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    reports += [report(201, CLEAN[0], kind="change"), report(202, CLEAN[0], kind="change")]
    (finding,) = [f for f in findings(tmp_path, reports, contributions, fx_rows, regs)["duplicate_report"]]
    assert finding.period == "" and finding.numbers["reports"] == [201, 202]


def test_a_lead_without_a_registration_row_is_placed_in_the_district_of_its_reports(tmp_path):
    reports, contributions, fx_rows, regs = clean_data()
    fx_rows.append(fx(CLEAN[1], date(2024, 6, 1), 300_000))  # no payment reported for 2024
    reports[2]["district"] = reports[3]["district"] = "district-haidian"
    regs = [r for r in regs if r["uscc"] != CLEAN[1]]
    (lead,) = findings(tmp_path, reports, contributions, fx_rows, regs)["inflow_without_report"]
    assert (lead.uscc, lead.district) == (CLEAN[1], "district-haidian")
