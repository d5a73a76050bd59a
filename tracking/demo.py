"""Demo accounts and a living ledger for local use (`make run`): never for production.

Passwords follow a published pattern so the README can list them; the command
refuses to run unless DEBUG or INVESTBJ_DEV is on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from corpus.models import Document
from directory.demo import demo_account, demo_coordinator, demo_password
from directory.models import Unit, UnitMembership
from tracking import ledger
from tracking.models import DispatchRound, Milestone, ProgressReport, ProgressStatus, Task, TaskUnit

PAST_ROUND = "2026年10月调度（演示）"


@dataclass
class DemoResult:
    accounts: list[tuple[str, str, str]]  # username, password, what it is — only the ones created now
    tasks_created: int
    round_created: bool


@transaction.atomic
def load_demo(today: date | None = None) -> DemoResult:
    today = today or timezone.localdate()
    created: list[tuple[str, str, str]] = []
    coordinator = demo_coordinator(created)
    tasks = 0
    for document in Document.objects.filter(is_latest=True):
        tasks += len(ledger.create_tasks(ledger.propose_tasks(document, expand_generic=False)))
    for unit in Unit.objects.filter(task_assignments__isnull=False).exclude(kind=Unit.Kind.GENERIC).distinct():
        user = demo_account(unit.code, demo_password(unit.code), created, unit.name)
        UnitMembership.objects.get_or_create(user=user, unit=unit)
    round_created = False
    if not DispatchRound.objects.filter(title=PAST_ROUND).exists():
        _past_round(coordinator, today)
        round_created = True
    return DemoResult(created, tasks, round_created)


def _past_round(coordinator, today: date) -> None:
    """A closed round a month back in which every third task's lead reported, and milestones around today."""
    opened = timezone.now() - timedelta(days=40)
    round = DispatchRound.objects.create(
        title=PAST_ROUND, due_on=today - timedelta(days=30), opened_by=coordinator, opened_at=opened
    )
    leads = TaskUnit.objects.filter(role=TaskUnit.Role.LEAD).exclude(unit__kind=Unit.Kind.GENERIC).select_related("task", "unit")
    User = get_user_model()
    for i, lead in enumerate(leads.order_by("task_id")):
        task = lead.task
        if i % 3 == 0:
            reporter = User.objects.get(username=lead.unit.code)
            status, percent = [
                (ProgressStatus.IN_PROGRESS, 40),
                (ProgressStatus.COMPLETED, 100),
                (ProgressStatus.DELAYED, 20),
            ][(i // 3) % 3]
            report = ProgressReport.objects.create(
                round=round,
                task=task,
                unit=lead.unit,
                status=status,
                percent=percent,
                narrative=f"（演示数据）{lead.unit.name}报告：{task.title[:40]}……",
                next_steps="（演示数据）按时间节点继续推进。",
                difficulties="（演示数据）需市级层面协调相关部门数据共享。" if status == ProgressStatus.DELAYED else "",
                submitted_by=reporter,
                submitted_at=opened + timedelta(days=5),
            )
            report.decide(ProgressReport.Review.ACCEPTED, coordinator, "（演示数据）采纳。", report.version)
        if i % 4 == 1:
            Milestone.objects.create(task=task, title="（演示数据）形成工作方案", due_on=today - timedelta(days=10))
        elif i % 4 == 2:
            Milestone.objects.create(task=task, title="（演示数据）出台实施细则", due_on=today + timedelta(days=3))
    round.closed_at = opened + timedelta(days=12)
    round.save(update_fields=["closed_at"])
    Task.objects.filter(due_on__isnull=True).update(due_on=date(today.year, 12, 31))
