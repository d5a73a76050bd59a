"""Tracking API: the ledger under the same permissions as the pages.

Tasks another unit owns answer 404 (not 403), so their existence is not disclosed.
Edits carry `based_on` (the version read); a stale edit answers 409 with the current version.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from directory.auth import signed_in
from directory.models import Unit
from directory.roles import is_coordinator
from interface.api_schemas import ErrorOut
from notifications.delivery import site_url
from tracking import ledger, permissions
from tracking.models import DispatchRound, ProgressReport, Task, progress_problem
from tracking.notify import tell_unit_about_review
from workflow.models import StaleEdit
from workflow.transitions import InvalidTransition

router = Router(tags=["tracking"], auth=signed_in())

StatusValue = Literal["not_started", "in_progress", "completed", "delayed"]


class TaskUnitOut(Schema):
    unit: str
    name: str
    role: Literal["lead", "co"]


class MilestoneOut(Schema):
    title: str
    due_on: date
    done_on: date | None


class TaskOut(Schema):
    id: int
    version: int
    measure_id: int
    document_id: int
    citation: str
    title: str
    deliverable: str
    priority: str
    due_on: date | None
    status: StatusValue
    percent: int
    progress_note: str
    progress_updated_at: datetime | None
    overdue: bool
    units: list[TaskUnitOut]
    milestones: list[MilestoneOut]
    url: str


class TaskListOut(Schema):
    count: int
    items: list[TaskOut]


class TaskFilter(Schema):
    document: int | None = None
    measure: int | None = None
    unit: str | None = Field(None, description="unit code, e.g. beijing-commerce")
    status: StatusValue | None = None
    flag: Literal["overdue", "at_risk"] | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


class TaskPatch(Schema):
    based_on: int = Field(..., ge=1, description="the version this edit started from")
    title: str | None = Field(None, min_length=1, max_length=5000)
    deliverable: str | None = Field(None, max_length=5000)
    priority: Literal["high", "normal", "low"] | None = None
    due_on: date | None = None


class ReportIn(Schema):
    unit: str | None = Field(None, description="unit code; needed only when you act for several of the task's units")
    status: StatusValue
    percent: int = Field(..., ge=0, le=100)
    narrative: str = Field(..., min_length=1, max_length=20000)
    next_steps: str = Field("", max_length=20000)
    difficulties: str = Field("", max_length=20000)
    based_on: int | None = Field(None, ge=1, description="version of your unit's report being resubmitted")


class ProgressReportOut(Schema):
    id: int
    version: int
    round: str
    task_id: int
    unit: str
    status: StatusValue
    percent: int
    narrative: str
    next_steps: str
    difficulties: str
    review: Literal["submitted", "accepted", "returned"]
    review_comment: str
    submitted_at: datetime


class ReviewIn(Schema):
    decision: Literal["accepted", "returned"]
    comment: str = Field("", max_length=2000)
    based_on: int = Field(..., ge=1)


class RoundOut(Schema):
    id: int
    title: str
    due_on: date
    open: bool


class ConflictOut(Schema):
    detail: str
    current_version: int


def task_out(task: Task, today: date) -> dict:
    measure = task.measure
    return {
        "id": task.pk,
        "version": task.version,
        "measure_id": measure.pk,
        "document_id": measure.document_id,
        "citation": f"《{measure.document.title}》第{measure.number}条",
        "title": task.title,
        "deliverable": task.deliverable,
        "priority": task.priority,
        "due_on": task.due_on,
        "status": task.status,
        "percent": task.percent,
        "progress_note": task.progress_note,
        "progress_updated_at": task.progress_updated_at,
        "overdue": task.is_overdue(today),
        "units": [{"unit": a.unit.code, "name": a.unit.name, "role": a.role} for a in task.assignments.all()],
        "milestones": [{"title": m.title, "due_on": m.due_on, "done_on": m.done_on} for m in task.milestones.all()],
        "url": task.get_absolute_url(),
    }


def report_out(report: ProgressReport) -> dict:
    return {
        "id": report.pk,
        "version": report.version,
        "round": report.round.title,
        "task_id": report.task_id,
        "unit": report.unit.code,
        **{name: getattr(report, name) for name in ProgressReport.CONTENT_FIELDS},
        "review": report.review,
        "review_comment": report.review_comment,
        "submitted_at": report.submitted_at,
    }


def _visible_task(request, task_id: int) -> Task:
    task = get_object_or_404(ledger.with_board_relations(Task.objects.all()), pk=task_id)
    if not permissions.can_view_task(request.user, task):
        raise HttpError(404, "No task with this id is visible to you.")
    return task


@router.get("/tracking/tasks", response=TaskListOut, summary="Tasks visible to you (coordinators: all; units: their own)")
def list_tasks(request, filters: Query[TaskFilter]):
    unit_id = None
    if filters.unit:
        unit_id = Unit.objects.filter(code=filters.unit).values_list("pk", flat=True).first()
        if unit_id is None:
            raise HttpError(400, f"Unknown unit code {filters.unit!r}.")
    flt = ledger.BoardFilter(filters.document, filters.measure, unit_id, filters.status, filters.flag)
    today = timezone.localdate()
    tasks = ledger.filter_board(permissions.visible_tasks(request.user), flt, today)
    page = ledger.with_board_relations(tasks)[filters.offset : filters.offset + filters.limit]
    return {"count": tasks.count(), "items": [task_out(t, today) for t in page]}


@router.get("/tracking/tasks/{task_id}", response={200: TaskOut, 404: ErrorOut}, summary="One task")
def get_task(request, task_id: int):
    return task_out(_visible_task(request, task_id), timezone.localdate())


@router.patch(
    "/tracking/tasks/{task_id}",
    response={200: TaskOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut},
    summary="Edit a task (coordinators and the lead unit); refused with 409 if someone saved since `based_on`",
)
def patch_task(request, task_id: int, payload: TaskPatch):
    task = _visible_task(request, task_id)
    if not permissions.can_edit_task(request.user, task):
        return Status(403, {"detail": "Only coordinators and the lead unit may edit this task."})
    # null clears the deadline; for the text fields it means "unchanged".
    wanted = {n: v for n, v in payload.dict(exclude_unset=True, exclude={"based_on"}).items() if v is not None or n == "due_on"}
    changes = {name: value for name, value in wanted.items() if getattr(task, name) != value}
    for name, value in changes.items():
        setattr(task, name, value)
    try:
        if changes:
            task.save_if_current(payload.based_on, list(changes))
        elif payload.based_on != task.version:
            raise StaleEdit(task)  # nothing to save, but the caller's copy is out of date all the same
    except StaleEdit as stale:
        return Status(
            409,
            {
                "detail": stale.message,
                "current_version": stale.current.version,
            },
        )
    return Status(200, task_out(_visible_task(request, task_id), timezone.localdate()))


@router.post(
    "/tracking/tasks/{task_id}/reports",
    response={201: ProgressReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut},
    summary="Submit or resubmit your unit's progress report for the current dispatch round",
)
def submit_report(request, task_id: int, payload: ReportIn):
    task = _visible_task(request, task_id)
    mine = [a.unit for a in permissions.reporting_units(request.user, task)]
    if payload.unit:
        mine = [u for u in mine if u.code == payload.unit]
    if not mine:
        return Status(403, {"detail": "You do not act for a lead or co-unit of this task."})
    if len(mine) > 1:
        return Status(400, {"detail": "You act for several units of this task; name one in `unit`."})
    problem = progress_problem(payload.status, payload.percent)
    if problem:
        return Status(400, {"detail": problem})
    round = DispatchRound.objects.open().first()
    if round is None:
        return Status(400, {"detail": "No dispatch round is open; reports are accepted only during a round."})
    content = {name: getattr(payload, name) for name in ProgressReport.CONTENT_FIELDS}
    try:
        report = ProgressReport.submit(task, mine[0], round, request.user, content, payload.based_on)
    except StaleEdit as stale:
        return Status(
            409,
            {
                "detail": stale.message,
                "current_version": stale.current.version,
            },
        )
    except InvalidTransition as exc:
        return Status(400, {"detail": str(exc)})
    return Status(201, report_out(report))


@router.get(
    "/tracking/tasks/{task_id}/reports",
    response={200: list[ProgressReportOut], 404: ErrorOut},
    summary="Reports you may see on a task",
)
def list_reports(request, task_id: int):
    task = _visible_task(request, task_id)
    return Status(200, [report_out(r) for r in permissions.visible_reports(request.user, task)])


@router.post(
    "/tracking/reports/{report_id}/review",
    response={200: ProgressReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut},
    summary="Accept or return a report (coordinators)",
)
def review_report(request, report_id: int, payload: ReviewIn):
    if not is_coordinator(request.user):
        return Status(403, {"detail": "Only coordinators review reports."})
    report = get_object_or_404(ProgressReport.objects.select_related("round", "unit", "task"), pk=report_id)
    if not permissions.may_decide(request.user, report):
        return Status(403, {"detail": report.self_decision_message()})
    try:
        with transaction.atomic():
            report.decide(payload.decision, request.user, payload.comment, payload.based_on)
        tell_unit_about_review(report, site_url(request))
    except StaleEdit as stale:
        return Status(409, {"detail": stale.message, "current_version": stale.current.version})
    except InvalidTransition as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, report_out(report))


@router.get("/tracking/rounds", response=list[RoundOut], summary="Dispatch rounds, newest first")
def list_rounds(request):
    return [{"id": r.pk, "title": r.title, "due_on": r.due_on, "open": r.is_open} for r in DispatchRound.objects.all()]
