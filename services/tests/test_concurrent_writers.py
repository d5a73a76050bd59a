"""Parallel writers on one issue (PostgreSQL): of six simultaneous acceptances one lands and the rest are
refused on the issue's new state; six officers' notes at once are all kept."""

from __future__ import annotations

import pytest

from investbj.tests.concurrency import needs_postgresql, run_together
from services import workflow
from services.models import Issue, IssueEvent
from tracking.models import InvalidTransition

from .conftest import unit

pytestmark = [needs_postgresql, pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _data(committed_reference_data):
    pass


def test_one_of_six_parallel_acceptances_lands(routed_issue, police):
    accepted, refused = run_together(
        lambda i: workflow.accept(Issue.objects.get(pk=routed_issue.pk), police, unit("bj-public-security"))
    )
    assert len(accepted) == 1 and len(refused) == 5 and all(isinstance(e, InvalidTransition) for e in refused)
    assert routed_issue.events.filter(kind=IssueEvent.Kind.ACCEPTED).count() == 1
    assert Issue.objects.get(pk=routed_issue.pk).status == Issue.Status.IN_PROGRESS


def test_six_parallel_notes_are_all_kept(routed_issue, police):
    notes, errors = run_together(
        lambda i: workflow.add_note(routed_issue, police, unit("bj-public-security"), f"第{i}次电话联系")
    )
    assert errors == [] and routed_issue.events.filter(kind=IssueEvent.Kind.NOTE).count() == 6
