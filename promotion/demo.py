"""Demo pipeline for `make run`: fictional projects across the stages with a year of history, a task-force
project with open problems and a next meeting, and an event with matchmaking and a signed project."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from directory.demo import demo_coordinator
from directory.models import Unit, Zone
from promotion import pipeline
from promotion.models import PIPELINE, Event, Matchmaking, Project, Stage, StageChange, TaskForceMeeting, TaskForceProblem

# name, investor, country, industry, amount (USD), stage reached, months ago it started, owner, encouraged, leader
PROJECTS = [
    ("（演示）智能网联汽车零部件扩产", "Demo Motors KK", "JP", "3670", 280_000_000, Stage.SIGNED, 9, "mc-bda", True, True),
    (
        "（演示）创新药研发中心",
        "Demo Pharma AG",
        "CH",
        "2710",
        120_000_000,
        Stage.CAPITAL_ARRIVED,
        11,
        "district-daxing",
        True,
        False,
    ),
    ("（演示）数据中心", "Demo Cloud Inc.", "US", "6450", 450_000_000, Stage.TALKS, 5, "bj-investment-promotion", True, False),
    (
        "（演示）管理咨询亚太总部",
        "Demo Advisory Ltd.",
        "HK",
        "7243",
        30_000_000,
        Stage.REGISTERED,
        8,
        "district-chaoyang",
        None,
        False,
    ),
    ("（演示）半导体设备", "Demo Semi GmbH", "DE", "3562", 600_000_000, Stage.LEAD, 2, "mc-bda", True, True),
    (
        "（演示）跨境电商仓储",
        "Demo Logistics Pte.",
        "SG",
        "5951",
        15_000_000,
        Stage.DROPPED,
        7,
        "mc-daxing-airport-daxing",
        False,
        False,
    ),
    ("（演示）医疗器械", "Demo Med SA", "FR", "3581", 80_000_000, Stage.TALKS, 3, "district-daxing", None, False),
]


def _months_ago(today: date, months: int) -> date:
    return today - timedelta(days=30 * months)


@transaction.atomic
def load_promotion_demo(today: date | None = None) -> bool:
    if Project.objects.filter(name__startswith="（演示）").exists():
        return False
    today = today or timezone.localdate()
    coordinator = demo_coordinator([])
    units = {u.code: u for u in Unit.objects.all()}
    event = Event.objects.create(
        name="（演示）2026投资北京大会",
        name_en="(demo) Invest Beijing Conference 2026",
        starts_on=_months_ago(today, 6),
        place="（演示）北京国际会议中心",
        organiser=units["bj-investment-promotion"],
        created_by=coordinator,
    )
    for name, investor, country, industry, amount, reached, months, owner, encouraged, leader in PROJECTS:
        started = _months_ago(today, months)
        project = Project(
            name=name, investor=investor, investor_country=country, industry=industry, amount_usd=Decimal(amount),
            owner=units[owner], stage=Stage.LEAD, stage_on=started, encouraged=encouraged, manufacturing_leader=leader,
            catalogue_item="（演示）鼓励外商投资产业目录条目待核" if encouraged else "", created_by=coordinator,
        )  # fmt: skip
        pipeline.refresh_flags(project)
        project.save()
        StageChange.objects.create(project=project, from_stage="", to_stage=Stage.LEAD, on=started, by=coordinator)
        _advance(project, reached, started, today, coordinator)
        if reached in (Stage.SIGNED, Stage.REGISTERED, Stage.CAPITAL_ARRIVED) and months >= 6:
            Project.objects.filter(pk=project.pk).update(signed_at=event)
            Matchmaking.objects.create(event=event, project=project, notes="（演示）现场对接").units.add(units[owner])
    task_force_project = Project.objects.get(name="（演示）智能网联汽车零部件扩产")
    problem = TaskForceProblem.objects.create(
        project=task_force_project, description="（演示）新建厂房用地指标待落实", raised_on=today - timedelta(days=20)
    )
    problem.units.set([units["bj-planning-natural-resources"], units["mc-bda"]])
    meeting = TaskForceMeeting.objects.create(
        held_on=today + timedelta(days=14), place="（演示）市商务局", agenda="（演示）协调重大外资项目用地和能耗指标"
    )
    meeting.projects.set(Project.objects.filter(task_force=True))
    zone = Zone.objects.filter(code="zgc-haidian").first()
    if zone is not None:
        Project.objects.get(name="（演示）数据中心").zones.add(zone)
    return True


def _advance(project: Project, reached: str, started: date, today: date, by) -> None:
    """Walk the project to the stage it reached, a month or so per stage, never past today."""
    if reached == Stage.DROPPED:
        pipeline.move(project, Stage.TALKS, min(started + timedelta(days=20), today), by)
        pipeline.move(project, Stage.DROPPED, min(started + timedelta(days=50), today), by, "（演示）投资方调整全球布局")
        return
    day = started
    for stage in PIPELINE[1 : PIPELINE.index(Stage(reached)) + 1]:
        day = min(day + timedelta(days=35), today)
        enterprise = None
        if stage == Stage.REGISTERED:
            from directory.models import Enterprise

            enterprise = Enterprise.objects.filter(is_demo=True).first()
            if enterprise is None:
                return
        pipeline.move(project, stage, day, by, enterprise=enterprise)
