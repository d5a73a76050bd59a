"""Parallel reviews of one report (PostgreSQL): six district decisions at once, one lands; and two
deliveries of the same FX file at once store its rows once."""

from __future__ import annotations

import pytest

from reporting import intake
from reporting.models import Feed, Report, ReportEvent
from testsupport.concurrency import needs_postgresql, run_together
from workflow.transitions import InvalidTransition

pytestmark = [needs_postgresql, pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _data(committed_reference_data):
    pass


def test_one_of_six_parallel_district_decisions_lands(submitted, chaoyang):
    def decide(i: int) -> str:
        report = Report.objects.get(pk=submitted.pk)
        intake.review(report, chaoyang, "district", accept=bool(i % 2), comment="" if i % 2 else "请核对从业人数")
        return "passed" if i % 2 else "returned"

    decided, refused = run_together(decide)
    assert len(decided) == 1 and len(refused) == 5 and all(isinstance(e, InvalidTransition) for e in refused)
    decisions = submitted.events.filter(kind__in=[ReportEvent.Kind.DISTRICT_PASSED, ReportEvent.Kind.RETURNED])
    assert decisions.count() == 1


def test_the_same_fx_file_delivered_twice_at_once_is_stored_once(safe_officer, ent_a):
    from directory.models import Unit
    from reporting import feeds
    from reporting.columnar import connect

    content = ("uscc,date,direction,amount,currency\n" + f"{ent_a.uscc},2025-03-01,inflow,1000000,USD\n" * 3).encode()
    fx_bureau = Unit.objects.get(code="cn-safe-beijing")
    stored, errors = run_together(lambda i: feeds.ingest("fx", "fx.csv", content, fx_bureau, safe_officer), writers=2)
    assert errors == [] and sorted((f.rows, f.repeated_rows) for f in stored) == [(0, 3), (3, 0)]
    assert Feed.objects.count() == 2
    with connect() as con:
        assert con.execute("SELECT count(*) FROM fx").fetchone()[0] == 3
