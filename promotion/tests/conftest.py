from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from directory.models import Unit, UnitMembership
from promotion.models import Project, Stage, StageChange

START = date(2026, 6, 1)


def officer(django_user_model, username: str, unit_code: str):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-1")
    UnitMembership.objects.create(user=user, unit=Unit.objects.get(code=unit_code))
    return user


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def make_project(by, owner="mc-bda", **changes) -> Project:
    from promotion import pipeline

    values = dict(
        name="智能网联汽车零部件扩产", investor="Motors KK", investor_country="JP", industry="3670", amount_usd=Decimal(280_000_000),
        owner=unit(owner), stage=Stage.LEAD, stage_on=START, encouraged=True, catalogue_item="鼓励类条目", manufacturing_leader=True, created_by=by,
    )  # fmt: skip
    values.update(changes)
    project = Project(**values)
    pipeline.refresh_flags(project)
    project.save()
    StageChange.objects.create(project=project, from_stage="", to_stage=Stage.LEAD, on=START, by=by)
    return project


@pytest.fixture
def promoter(django_user_model):
    return officer(django_user_model, "promoter", "bj-investment-promotion")


@pytest.fixture
def bda(django_user_model):
    """An officer of 北京经济技术开发区管委会, which follows the project."""
    return officer(django_user_model, "bda", "mc-bda")


@pytest.fixture
def planning(django_user_model):
    return officer(django_user_model, "planning", "bj-planning-natural-resources")


@pytest.fixture
def project(coordinator):
    return make_project(coordinator)
