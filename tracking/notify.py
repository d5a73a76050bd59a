"""Telling the ledger's units: dispatch reminders (each out once), overdue milestones, and review decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Unit
from directory.roles import unit_users
from notifications.delivery import notify, remind_once
from notifications.models import Reminder
from tracking.models import DispatchRound, Milestone, ProgressReport, TaskUnit
from workdays.calendar import CalendarError, calendar

if TYPE_CHECKING:
    from jobs.runner import Progress

# Reminders start this many working days before a round's due date.
DUE_SOON_WORKING_DAYS = 2


@dataclass
class PendingUnit:
    unit: Unit
    missing: int


def pending_units(round: DispatchRound) -> list[PendingUnit]:
    """Units that still owe reports in a round, with how many tasks they have not reported on."""
    reported = ProgressReport.objects.filter(round=round, task=OuterRef("task"), unit=OuterRef("unit"))
    rows = (
        TaskUnit.objects.exclude(unit__kind=Unit.Kind.GENERIC)
        .filter(~Exists(reported))
        .values("unit")
        .annotate(missing=Count("task", distinct=True))
    )
    units = Unit.objects.in_bulk([r["unit"] for r in rows])
    return sorted((PendingUnit(units[r["unit"]], r["missing"]) for r in rows), key=lambda p: p.unit.code)


def _round_message(round: DispatchRound, pending: PendingUnit, overdue: bool) -> tuple[str, str]:
    values = {"round": round.title, "unit": pending.unit.name, "count": pending.missing, "due": round.due_on.isoformat()}
    if overdue:
        subject = _("【催报】%(round)s 已过报送截止日期（%(due)s）") % values
    else:
        subject = _("【提醒】%(round)s 将于 %(due)s 截止报送") % values
    message = _("%(unit)s：在“%(round)s”中还有 %(count)s 项任务未报送进展，截止日期 %(due)s。") % values
    return subject, message


def _days_left(today: date, due: date) -> int:
    try:
        return calendar().working_days_between(today, due)
    except CalendarError:
        return (due - today).days


def send_due_reminders(today: date, base_url: str) -> list[Reminder]:
    """The scheduled reminders due today: rounds closing soon or past due, and overdue milestones.

    Each goes out once: its key (round/unit/kind, milestone) is recorded with it.
    """
    sent: list[Reminder | None] = []
    for round in DispatchRound.objects.open():
        days_left = _days_left(today, round.due_on)
        if days_left > DUE_SOON_WORKING_DAYS:
            continue
        kind = "overdue" if today > round.due_on else "due_soon"
        url = base_url + round.get_absolute_url()
        for pending in pending_units(round):
            subject, message = _round_message(round, pending, overdue=kind == "overdue")
            sent.append(
                remind_once(f"round:{round.pk}:unit:{pending.unit.pk}:{kind}", unit_users(pending.unit.pk), subject, message, url)
            )
    late = Milestone.objects.filter(done_on__isnull=True, due_on__lt=today).exclude(task__status="completed")
    for milestone in late.select_related("task"):
        lead = milestone.task.assignments.filter(role=TaskUnit.Role.LEAD).select_related("unit").first()
        if lead is None:
            continue
        values = {"milestone": milestone.title, "due": milestone.due_on.isoformat(), "task": milestone.task.title[:60]}
        subject = _("【逾期】时间节点“%(milestone)s”已过期（%(due)s）") % values
        message = _("任务“%(task)s”的时间节点“%(milestone)s”应于 %(due)s 完成，尚未标记完成。") % values
        url = base_url + milestone.task.get_absolute_url()
        sent.append(remind_once(f"milestone:{milestone.pk}:overdue", unit_users(lead.unit_id), subject, message, url))
    return [r for r in sent if r is not None]


def send_round_reminders(
    round: DispatchRound, by, base_url: str, now_key: str, progress: Progress | None = None
) -> list[Reminder]:
    """A coordinator's reminder to every unit still owing reports; `now_key` makes it one per click.
    `progress` hears of each unit reminded (each one a mail)."""
    url = base_url + round.get_absolute_url()
    sent = []
    owing = pending_units(round)
    if progress is not None:
        progress.expect(len(owing))
    for pending in owing:
        subject, message = _round_message(round, pending, overdue=timezone.localdate() > round.due_on)
        key = f"round:{round.pk}:unit:{pending.unit.pk}:manual:{now_key}"
        sent.append(remind_once(key, unit_users(pending.unit.pk), subject, message, url, by=by))
        if progress is not None:
            progress.step(pending.unit.name)
    return [r for r in sent if r is not None]


def tell_unit_about_review(report: ProgressReport, base_url: str) -> None:
    values = {"round": report.round.title, "unit": report.unit.name, "review": report.get_review_display()}
    subject = _("%(round)s：%(unit)s 的进展报告%(review)s") % values
    notify(unit_users(report.unit_id), subject, report.review_comment or subject, base_url + report.get_absolute_url())
