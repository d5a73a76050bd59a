"""Building and reading the ledger: tasks generated from a document's unit groups,
and the board's filters with overdue / at-risk flags computed in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from pydantic import BaseModel, ConfigDict, Field

from corpus.models import Document, Measure, UnitGroup
from directory.models import Unit
from tracking.calendar import CalendarError, calendar
from tracking.models import Milestone, ProgressStatus, Task, TaskUnit

GENERIC_UNITS_PATH = Path(__file__).resolve().parent / "data" / "generic_units.yaml"


class Expansion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    generic: str
    unit_kind: str
    source: str


class GenericUnitsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: Literal["investbj.generic-units/1"] = Field(alias="schema")
    version: str
    expansions: list[Expansion]


@lru_cache(maxsize=1)
def expansions() -> dict[str, str]:
    """Generic unit code → the kind of concrete unit it stands for."""
    data = GenericUnitsFile.model_validate(yaml.safe_load(GENERIC_UNITS_PATH.read_text(encoding="utf-8")))
    return {e.generic: e.unit_kind for e in data.expansions}


@dataclass
class ProposedUnit:
    unit: Unit
    written_as: str


@dataclass
class ProposedTask:
    measure: Measure
    unit_group: UnitGroup
    title: str
    lead: ProposedUnit
    co_units: list[ProposedUnit] = field(default_factory=list)
    exists: bool = False


def _expand(unit: Unit, written_as: str, expand_generic: bool, concrete: dict[str, list[Unit]]) -> list[ProposedUnit]:
    kind = expansions().get(unit.code) if expand_generic and unit.generic else None
    if kind is None:
        return [ProposedUnit(unit, written_as)]
    return [ProposedUnit(u, written_as) for u in concrete.get(kind, [])]


def propose_tasks(document: Document, expand_generic: bool) -> list[ProposedTask]:
    """One task per unit group: lead = first unit named, co-units = the rest.

    When an expanded generic entry leads (各区政府牵头), every district leads
    its own task; members the registry could not resolve are left out and
    listed on the unresolved-units page instead.
    """
    concrete: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(kind__in=set(expansions().values())):
        concrete.setdefault(unit.kind, []).append(unit)
    existing = set(
        TaskUnit.objects.filter(task__unit_group__measure__document=document, role=TaskUnit.Role.LEAD).values_list(
            "task__unit_group_id", "unit_id"
        )
    )
    groups = (
        UnitGroup.objects.filter(measure__document=document)
        .select_related("measure__section")
        .prefetch_related("members__unit")
        .order_by("measure__section__order", "measure__number", "order")
    )
    proposals = []
    for group in groups:
        named = [u for m in group.members.all() if m.unit for u in _expand(m.unit, m.name, expand_generic, concrete)]
        if not named:
            continue
        leads = [named[0]]
        if expand_generic and group.members.all()[0].unit and group.members.all()[0].unit.generic:
            leads = [p for p in named if p.written_as == named[0].written_as]
        rest = named[len(leads) :]
        for lead in leads:
            co = [p for p in rest if p.unit.pk != lead.unit.pk]
            title = group.closes.strip() or group.measure.title
            proposals.append(
                ProposedTask(group.measure, group, title, lead, co, exists=(group.pk, lead.unit.pk) in existing)
            )
    return proposals


@transaction.atomic
def create_tasks(proposals: list[ProposedTask]) -> list[Task]:
    """Create the proposed tasks not yet on the ledger; running it twice adds nothing."""
    created = []
    for proposal in proposals:
        if proposal.exists:
            continue
        task = Task.objects.create(measure=proposal.measure, unit_group=proposal.unit_group, title=proposal.title)
        units = [proposal.lead, *proposal.co_units]
        seen: set[int] = set()
        for order, planned in enumerate(units):
            if planned.unit.pk in seen:
                continue
            seen.add(planned.unit.pk)
            role = TaskUnit.Role.LEAD if order == 0 else TaskUnit.Role.CO
            TaskUnit.objects.create(task=task, unit=planned.unit, role=role, order=order, written_as=planned.written_as)
        created.append(task)
    return created


# ---------------------------------------------------------------- board


def at_risk_horizon(today: date) -> tuple[date, bool]:
    """The last day that counts as "due soon", and whether the official calendar covered the count.

    Past the last year with a published schedule the count falls back to
    Monday–Friday, and the board says so rather than failing.
    """
    days = settings.TRACKING_AT_RISK_WORKING_DAYS
    try:
        return calendar().add_working_days(today, days), True
    except CalendarError:
        day, remaining = today, days
        while remaining:
            day += timedelta(days=1)
            if day.weekday() < 5:
                remaining -= 1
        return day, False


def annotate_flags(tasks: QuerySet[Task], today: date) -> QuerySet[Task]:
    """Add `overdue` and `at_risk` booleans computed by the database."""
    horizon, _exact = at_risk_horizon(today)
    open_milestones = Milestone.objects.filter(task=OuterRef("pk"), done_on__isnull=True)
    late = Q(due_on__lt=today) | Exists(open_milestones.filter(due_on__lt=today))
    soon = Q(due_on__gte=today, due_on__lte=horizon) | Exists(open_milestones.filter(due_on__gte=today, due_on__lte=horizon))
    not_done = ~Q(status=ProgressStatus.COMPLETED)
    overdue = not_done & late
    at_risk = not_done & ~late & soon & Q(percent__lt=settings.TRACKING_AT_RISK_PERCENT)
    return tasks.annotate(overdue=_flag(overdue), at_risk=_flag(at_risk))


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


@dataclass
class BoardFilter:
    document: int | None = None
    measure: int | None = None
    unit: int | None = None
    status: str | None = None
    flag: str | None = None  # "overdue" | "at_risk"
    q: str | None = None


def filter_board(tasks: QuerySet[Task], flt: BoardFilter, today: date) -> QuerySet[Task]:
    tasks = annotate_flags(tasks, today)
    if flt.document:
        tasks = tasks.filter(measure__document_id=flt.document)
    if flt.measure:
        tasks = tasks.filter(measure_id=flt.measure)
    if flt.unit:
        tasks = tasks.filter(pk__in=TaskUnit.objects.filter(unit_id=flt.unit).values("task_id"))
    if flt.status:
        tasks = tasks.filter(status=flt.status)
    if flt.flag == "overdue":
        tasks = tasks.filter(overdue=True)
    elif flt.flag == "at_risk":
        tasks = tasks.filter(at_risk=True)
    if flt.q:
        tasks = tasks.filter(Q(title__icontains=flt.q) | Q(measure__title__icontains=flt.q))
    return tasks


def with_board_relations(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Everything a board row or an export row shows, in a fixed number of queries."""
    return tasks.select_related("measure__document", "measure__section").prefetch_related("assignments__unit", "milestones")
