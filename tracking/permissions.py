"""Who may do what on the ledger, answered in one place for the pages, the API and the exports.

Coordinators (the `directory.coordinate` permission) see and manage everything.
A unit officer sees the tasks where their unit is lead or co-unit; the lead sees
every unit's part of a task, a co-unit only its own. Everyone else sees nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet

from directory.roles import User, coordinators, is_coordinator, unit_ids
from tracking.models import ProgressReport, Task, TaskUnit
from workflow.actors import person_name


def visible_tasks(user: User) -> QuerySet[Task]:
    if is_coordinator(user):
        return Task.objects.all()
    units = unit_ids(user)
    if not units:
        return Task.objects.none()
    return Task.objects.filter(pk__in=TaskUnit.objects.filter(unit_id__in=units).values("task_id"))


def can_view_task(user: User, task: Task) -> bool:
    return is_coordinator(user) or any(a.unit_id in unit_ids(user) for a in task.assignments.all())


def can_edit_task(user: User, task: Task) -> bool:
    """Coordinators, and the lead unit that owns the task (deliverable, milestones, dates)."""
    lead = task.lead()
    return is_coordinator(user) or (lead is not None and lead.unit_id in unit_ids(user))


def reporting_units(user: User, task: Task) -> list[TaskUnit]:
    """The task's units this user may report for."""
    mine = unit_ids(user)
    return [a for a in task.assignments.all() if a.unit_id in mine]


def visible_reports(user: User, task: Task) -> QuerySet[ProgressReport]:
    reports = task.reports.select_related("round", "unit", "submitted_by", "reviewed_by")
    if can_edit_task(user, task):
        return reports
    return reports.filter(unit_id__in=unit_ids(user))


def can_review(user: User) -> bool:
    return is_coordinator(user)


def may_decide(user: User, report: ProgressReport) -> bool:
    return can_review(user) and not report.is_submitted_by(user)


def other_deciders(report: ProgressReport) -> list[str]:
    """Who else may decide on the report: every coordinator but its submitter, by name."""
    return [person_name(u) for u in coordinators().exclude(pk=report.submitted_by_id)]


def can_export(user: User) -> bool:
    """Anyone who sees tasks may export exactly the tasks they see."""
    return is_coordinator(user) or bool(unit_ids(user))
