"""Personas for the ledger: a coordinator, the lead and a co-unit of one seed task, an unrelated unit."""

from __future__ import annotations

import pytest

from corpus.models import Document
from directory.models import Unit, UnitMembership
from directory.roles import coordinator_group
from tracking import ledger
from tracking.models import DispatchRound, Task, TaskUnit

LEAD_UNIT = "bj-economy-it"  # 市经济和信息化局 leads seed 000 measure 2 (telecom opening)
CO_UNIT = "bj-commerce"
OTHER_UNIT = "bj-health"


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


def _officer(django_user_model, username: str, unit_code: str):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-1", email=f"{username}@example.gov.cn")
    UnitMembership.objects.create(user=user, unit=Unit.objects.get(code=unit_code))
    return user


@pytest.fixture
def coordinator_user(django_user_model):
    user = django_user_model.objects.create_user("coord", password="pw-coord-1", email="coord@example.gov.cn")
    user.groups.add(coordinator_group())
    return user


@pytest.fixture
def lead_user(django_user_model):
    return _officer(django_user_model, "lead", LEAD_UNIT)


@pytest.fixture
def co_user(django_user_model):
    return _officer(django_user_model, "co", CO_UNIT)


@pytest.fixture
def other_user(django_user_model):
    """市卫生健康委: has tasks of its own, none on the telecom task."""
    return _officer(django_user_model, "other", OTHER_UNIT)


@pytest.fixture
def open_round(coordinator_user) -> DispatchRound:
    return DispatchRound.objects.create(title="2026年12月调度", due_on="2026-12-10", opened_by=coordinator_user)


def lead_of(task: Task) -> TaskUnit:
    return task.assignments.get(role=TaskUnit.Role.LEAD)
