"""Six people saving the same task, or the same report, from the same version at the same moment: one save
lands, five are refused as stale, and nothing is half-applied (PostgreSQL, real parallel transactions)."""

from __future__ import annotations

import pytest

from testsupport.concurrency import needs_postgresql, run_together
from tracking.models import ProgressReport, Task
from workflow.models import StaleEdit

pytestmark = [needs_postgresql, pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _data(committed_reference_data):
    pass


def test_parallel_edits_of_one_task_from_one_version_keep_exactly_one(task):
    version = task.version

    def edit(i: int) -> None:
        copy = Task.objects.get(pk=task.pk)
        copy.deliverable = f"方案{i}"
        copy.save_if_current(version, ["deliverable"])

    saved, refused = run_together(edit)
    assert len(saved) == 1 and len(refused) == 5 and all(isinstance(e, StaleEdit) for e in refused)
    task.refresh_from_db()
    assert task.version == version + 1 and task.deliverable.startswith("方案")
    assert task.history.filter(version=version + 1).count() == 1


def test_parallel_decisions_on_one_report_keep_exactly_one(task, open_round, lead_officer, coordinator):
    content = {"status": "in_progress", "percent": 30, "narrative": "进展", "next_steps": "", "difficulties": ""}
    report = ProgressReport.submit(task, task.lead().unit, open_round, lead_officer, content, based_on=None)
    version = report.version

    def decide(i: int) -> str:
        copy = ProgressReport.objects.get(pk=report.pk)
        decision = "accepted" if i % 2 else "returned"
        copy.decide(decision, coordinator, "请补充" if decision == "returned" else "", version)
        return decision

    decided, refused = run_together(decide)
    report.refresh_from_db()
    assert len(decided) == 1 and len(refused) == 5 and report.review == decided[0] and report.version == version + 1
