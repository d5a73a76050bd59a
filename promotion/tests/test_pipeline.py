"""Pipeline rules: one stage at a time, the facts each stage needs, dates that make sense, and the flags
the rules engine sets from seed 001 measure 2 (fast track under USD 300 M, the major-project task force)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from directory.models import Enterprise
from promotion import pipeline
from promotion.models import Project, Stage
from workflow.transitions import InvalidTransition

from .conftest import make_project

pytestmark = pytest.mark.django_db


def test_a_project_moves_one_stage_at_a_time_with_its_dates(project, coordinator):
    with pytest.raises(InvalidTransition, match="不能转到"):
        pipeline.move(project, Stage.SIGNED, date(2026, 7, 1), coordinator)
    project = pipeline.move(project, Stage.TALKS, date(2026, 7, 1), coordinator, "首次洽谈")
    project = pipeline.move(project, Stage.SIGNED, date(2026, 8, 1), coordinator)
    assert project.stage == Stage.SIGNED and project.stage_on == date(2026, 8, 1)
    assert list(project.stage_changes.values_list("from_stage", "to_stage")) == [
        ("", "lead"),
        ("lead", "talks"),
        ("talks", "signed"),
    ]


def test_dates_cannot_go_backwards_or_into_the_future(project, coordinator):
    with pytest.raises(InvalidTransition, match="不能早于"):
        pipeline.move(project, Stage.TALKS, date(2026, 5, 31), coordinator)
    with pytest.raises(InvalidTransition, match="不能晚于今天"):
        pipeline.move(project, Stage.TALKS, date(2099, 1, 1), coordinator)


def test_signing_needs_the_amount(coordinator):
    project = make_project(coordinator, amount_usd=None, stage=Stage.TALKS)
    with pytest.raises(InvalidTransition, match="总投资"):
        pipeline.move(project, Stage.SIGNED, date(2026, 7, 1), coordinator)


def test_registration_needs_the_registered_enterprise(coordinator):
    project = make_project(coordinator, stage=Stage.SIGNED)
    with pytest.raises(InvalidTransition, match="统一社会信用代码"):
        pipeline.move(project, Stage.REGISTERED, date(2026, 7, 1), coordinator)
    enterprise = Enterprise.objects.create(uscc="91110000600037341L", name="汽车零部件（北京）有限公司", industry="3670")
    project = pipeline.move(project, Stage.REGISTERED, date(2026, 7, 1), coordinator, enterprise=enterprise)
    assert project.enterprise == enterprise
    assert pipeline.allowed_moves(project) == [Stage.CAPITAL_ARRIVED]


def test_a_project_drops_out_only_before_registration_and_with_a_reason(project, coordinator):
    with pytest.raises(InvalidTransition, match="原因"):
        pipeline.move(project, Stage.DROPPED, date(2026, 7, 1), coordinator)
    project = pipeline.move(project, Stage.DROPPED, date(2026, 7, 1), coordinator, "投资方调整布局")
    assert pipeline.allowed_moves(project) == []
    registered = make_project(coordinator, stage=Stage.REGISTERED)
    assert Stage.DROPPED not in pipeline.allowed_moves(registered)


@pytest.mark.parametrize(
    ("amount", "encouraged", "fast_track"),
    [(300_000_000, True, True), (300_000_001, True, False), (50_000_000, False, False), (50_000_000, None, False)],
)
def test_the_fast_track_is_for_encouraged_projects_up_to_usd_300_million(coordinator, amount, encouraged, fast_track):
    project = make_project(coordinator, amount_usd=Decimal(amount), encouraged=encouraged)
    assert project.fast_track is fast_track


@pytest.mark.parametrize(
    ("leader", "encouraged", "task_force"), [(True, True, True), (True, False, False), (False, True, False), (True, None, False)]
)
def test_the_task_force_takes_leading_manufacturers_in_the_encouraged_catalogue(coordinator, leader, encouraged, task_force):
    project = make_project(coordinator, manufacturing_leader=leader, encouraged=encouraged, amount_usd=Decimal(900_000_000))
    assert project.task_force is task_force


def test_each_flag_cites_its_clause_and_says_when_it_cannot_tell(coordinator):
    project = make_project(coordinator, encouraged=None)
    flags = pipeline.flags(project)
    assert {f.item for f in flags.values()} == {"2"}
    assert all(f.document == "北京市关于进一步加强稳外资工作的若干措施" for f in flags.values())
    assert flags[pipeline.TASK_FORCE_RULE].held is None  # encouraged status not decided yet


def test_a_stale_project_object_cannot_skip_a_stage(project, coordinator):
    stale = Project.objects.get(pk=project.pk)
    pipeline.move(project, Stage.TALKS, date(2026, 7, 1), coordinator)
    with pytest.raises(InvalidTransition):
        pipeline.move(stale, Stage.TALKS, date(2026, 7, 2), coordinator)
