"""The ledger's objects: seed 000's tasks and an open round (the people are testsupport.personas)."""

from __future__ import annotations

import pytest

from corpus.models import Document
from tracking import ledger
from tracking.models import DispatchRound, Task, TaskUnit


@pytest.fixture
def seed000() -> Document:
    return Document.objects.get(title__startswith="北京市深化服务业扩大开放", is_latest=True)


@pytest.fixture
def tasks000(seed000) -> list[Task]:
    return ledger.create_tasks(ledger.propose_tasks(seed000, expand_generic=False))


@pytest.fixture
def task(tasks000) -> Task:
    """Seed 000 measure 2: 市经济和信息化局 leads, 北京市通信管理局 and 市商务局 co-operate."""
    return next(t for t in tasks000 if t.measure.number == 2)


@pytest.fixture
def open_round(coordinator) -> DispatchRound:
    return DispatchRound.objects.create(title="2026年12月调度", due_on="2026-12-10", opened_by=coordinator)


def lead_of(task: Task) -> TaskUnit:
    return task.assignments.get(role=TaskUnit.Role.LEAD)
