"""The demo population is reproducible from its seed, and every cross-check finds the anomalies planted for it."""

from __future__ import annotations

import pytest

from reporting.checks import run_all
from reporting.demo import generate
from reporting.models import Report
from reporting.snapshot import snapshot_reports

pytestmark = pytest.mark.django_db

FOUND_BY = {
    "paid_in": "paid_in_vs_inflow", "lead": "inflow_without_report", "no_inflow": "report_without_inflow",
    "registration": "registration_mismatch", "duplicate": "duplicate_report", "jump": "sudden_jump", "round_trip": "round_tripping",
}  # fmt: skip


def test_every_planted_anomaly_is_found_and_clean_enterprises_mostly_pass():
    population = generate(250, seed=7)
    assert population.enterprises == 250 and all(population.planted[k] for k in FOUND_BY)
    snapshot_reports()
    findings = run_all()
    for planted, check in FOUND_BY.items():
        flagged = {f.uscc for f in findings[check]}
        assert set(population.planted[planted]) <= flagged, planted
    assert {f.district for f in findings["round_numbers"] if f.district} == {"district-fengtai"}
    assert {f.district for f in findings["benford"] if f.district} == {"district-tongzhou"}
    planted_anywhere = {code for codes in population.planted.values() for code in codes}
    spurious = {f.uscc for found in findings.values() for f in found if f.uscc and f.uscc not in planted_anywhere}
    assert len(spurious) <= 2, spurious  # a payment booked late in December can still cross the year end


def test_the_same_seed_gives_the_same_population():
    first = generate(40, seed=11)
    names = list(Report.objects.order_by("pk").values_list("uscc", "kind", "year", "revenue"))
    Report.objects.all().delete()
    from directory.models import Enterprise

    Enterprise.objects.filter(is_demo=True).delete()
    second = generate(40, seed=11)
    assert first.planted == second.planted
    assert list(Report.objects.order_by("pk").values_list("uscc", "kind", "year", "revenue")) == names
