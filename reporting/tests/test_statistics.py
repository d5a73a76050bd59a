"""Statistics equal a hand computation on a small fixed data set: only accepted reports and confirmed
leads count, amounts are added in US dollars, periods and dimensions group as expected, and every figure
drills down to the reports behind it."""

from __future__ import annotations

from datetime import date

import pytest

from reporting import statistics

from .test_checks import build, contribution, report

A, B, C, D = "91110105MA0000011Y", "91110105MA0000022X", "91110105MA0000033Y", "91110105MA0000044X"


@pytest.fixture
def store(tmp_path):
    reports = [
        report(1, A, year=2025, district="district-chaoyang", industry="6450"),
        report(2, B, year=2024, district="district-haidian", industry="2710"),
        report(3, B, year=2025, district="district-haidian", industry="2710"),
        report(4, C, year=2025, district="district-haidian") | {"status": "city_review"},
        report(5, A, kind="initial", district="district-chaoyang", event_date=date(2024, 11, 1)),
        report(6, B, kind="initial", district="district-haidian", industry="2710", event_date=date(2025, 1, 10)),
    ]
    contributions = [
        contribution(1, 1_000_000, date(2025, 3, 1)) | {"country": "HK"},
        contribution(1, 500_000, date(2025, 7, 15), investor="B", currency="EUR") | {"country": "DE"},
        contribution(2, 2_000_000, date(2024, 5, 1), currency="CNY") | {"country": "HK"},
        contribution(3, 300_000, date(2025, 2, 1)) | {"country": "HK"},
        contribution(4, 9_999_999, date(2025, 4, 1)) | {"country": "US"},  # not yet accepted: does not count
    ]
    return build(tmp_path, reports, contributions, [])


LEAD = [(D, "district-tongzhou", "6450", None, "US", 100_000.0, "USD", date(2025, 9, 1))]


def figures(rows, field="fdi_usd"):
    return {(r.period, r.key): getattr(r, field) for r in rows}


def test_actual_use_of_fdi_by_year_with_the_year_on_year_change(store):
    rows = statistics.table("total", "year", store, LEAD)
    # 2024: 2,000,000 CNY × 0.14; 2025: 1,000,000 + 500,000 EUR × 1.08 + 300,000 + the confirmed lead's 100,000.
    assert figures(rows) == {("2024", "total"): 280_000.0, ("2025", "total"): 1_940_000.0}
    assert next(r for r in rows if r.period == "2025").fdi_change == 592.9
    assert figures(rows, "new_fies") == {("2024", "total"): 1, ("2025", "total"): 1}


def test_by_district_country_section_and_quarter(store):
    by_district = statistics.table("district", "year", store, LEAD)
    assert figures(by_district) == {
        ("2024", "district-haidian"): 280_000.0, ("2025", "district-chaoyang"): 1_540_000.0,
        ("2025", "district-haidian"): 300_000.0, ("2025", "district-tongzhou"): 100_000.0,
        ("2024", "district-chaoyang"): 0.0,  # no capital yet, but the year A was set up
    }  # fmt: skip
    assert figures(by_district, "new_fies")[("2024", "district-chaoyang")] == 1
    by_country = figures(statistics.table("country", "year", store, LEAD))
    assert (
        by_country[("2025", "HK")] == 1_300_000.0
        and by_country[("2025", "DE")] == 540_000.0
        and by_country[("2025", "US")] == 100_000.0
    )
    by_section = figures(statistics.table("section", "year", store, LEAD))
    assert by_section[("2025", "I")] == 1_640_000.0 and by_section[("2025", "C")] == 300_000.0
    by_quarter = figures(statistics.table("total", "quarter", store, LEAD))
    assert by_quarter[("2025-Q1", "total")] == 1_300_000.0 and by_quarter[("2025-Q3", "total")] == 640_000.0


def test_without_confirmed_leads_only_accepted_reports_count(store):
    assert figures(statistics.table("total", "year", store)) == {("2024", "total"): 280_000.0, ("2025", "total"): 1_840_000.0}


def test_a_figure_drills_down_to_its_reports(store):
    assert statistics.behind("district", "district-chaoyang", "2025", "year", store) == [1]
    assert statistics.behind("country", "HK", "2025", "year", store) == [1, 3]
    assert statistics.behind("total", "total", "2025-Q3", "quarter", store) == [1]


def test_an_empty_store_gives_an_empty_table(tmp_path):
    from reporting.columnar import store_dir

    assert statistics.table("district", "month", store_dir(tmp_path)) == []


def test_an_enterprise_that_moved_counts_each_payment_once_in_its_new_district(tmp_path):
    from .test_checks import build

    reports = [
        report(1, A, kind="initial", district="district-chaoyang", event_date=date(2025, 1, 5)),
        report(2, A, year=2025, district="district-haidian", industry="2710"),  # moved and changed industry
    ]
    payment = date(2025, 3, 1)
    contributions = [contribution(1, 1_000_000, payment), contribution(2, 1_000_000, payment)]
    base = build(tmp_path, reports, contributions, [])
    assert figures(statistics.table("total", "year", base)) == {("2025", "total"): 1_000_000.0}
    assert figures(statistics.table("district", "year", base)) == {
        ("2025", "district-haidian"): 1_000_000.0,
        ("2025", "district-chaoyang"): 0.0,  # where it was set up: the new FIE stays counted there
    }
    assert figures(statistics.table("section", "year", base))[("2025", "C")] == 1_000_000.0


def test_a_confirmed_lead_stops_counting_once_accepted_reports_cover_it(store):
    # A has accepted paid-in capital in 2025: its 2025 leads, in any currency, are already counted there.
    covered = [
        (A, "district-chaoyang", "6450", None, "", 1_000_000.0, "USD", date(2025, 3, 1)),
        (A, "district-chaoyang", "6450", None, "", 7_000_000.0, "CNY", date(2025, 3, 1)),
    ]
    uncovered = [(A, "district-chaoyang", "6450", None, "", 50_000.0, "USD", date(2023, 3, 1))]
    without = figures(statistics.table("total", "year", store))
    assert figures(statistics.table("total", "year", store, covered)) == without
    assert figures(statistics.table("total", "year", store, uncovered))[("2023", "total")] == 50_000.0


@pytest.mark.django_db
def test_the_snapshot_is_rewritten_exactly_when_the_event_log_moved(accepted, city, tmp_path):
    from reporting import analysis
    from reporting.models import ReportEvent
    from reporting.snapshot import current_generation, snapshot_generation

    assert analysis.snapshot_if_stale() is True and snapshot_generation() == current_generation()
    assert analysis.snapshot_if_stale() is False
    ReportEvent.objects.create(report=accepted, kind=ReportEvent.Kind.IMPORTED, actor=city)
    assert analysis.snapshot_if_stale() is True and analysis.snapshot_if_stale() is False


@pytest.mark.django_db
def test_a_draft_save_leaves_the_snapshot_alone_and_a_late_commit_is_noticed(accepted, alice, ent_a):
    from reporting import analysis, intake
    from reporting.columnar import store_dir
    from reporting.snapshot import _write_manifest, current_generation

    from .conftest import annual

    analysis.snapshot_if_stale()
    intake.save(annual(ent_a.uscc, year=2024), ent_a, alice, today=date(2026, 11, 25))  # a new draft
    assert analysis.snapshot_if_stale() is False
    count, newest = current_generation()
    # As if an event with a lower id had committed after the snapshot: same newest id, one event fewer seen.
    _write_manifest(store_dir(), {"generation": [count - 1, newest]})
    assert analysis.snapshot_if_stale() is True
