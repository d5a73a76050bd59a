"""Building and reading the ledger: tasks generated from a document's unit groups,
and the board's filters with overdue / at-risk flags computed in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from pydantic import BaseModel, ConfigDict, Field

from corpus.models import Document, Measure, UnitGroup
from directory.models import Unit
from tracking.models import Milestone, ProgressStatus, Task, TaskUnit
from workdays.calendar import due_soon_horizon, overdue_cutoff

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
    """One task per unit group and lead: the lead is the unit the document labels 牵头 (the first listed
    when it labels none), the co-units are the rest.

    A group that labels several leads (牵头单位：市发展改革委、市商务局) gives each its own task, as an expanded
    generic lead does (各区政府牵头: one task per district); members the registry could not resolve are left
    out and listed on the unresolved-units page instead.
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
        resolved = [(m, m.unit) for m in group.members.all() if m.unit is not None]
        # A lead the registry does not know leaves the first known unit to lead, so the work is not lost.
        lead_members = [(m, unit) for m, unit in resolved if m.lead] or resolved[:1]
        leads = _distinct_units(p for m, unit in lead_members for p in _expand(unit, m.name, expand_generic, concrete))
        rest = [
            p for m, unit in resolved if (m, unit) not in lead_members for p in _expand(unit, m.name, expand_generic, concrete)
        ]
        if not leads:  # a generic lead with no concrete units to expand into
            leads, rest = rest[:1], rest[1:]
        for lead in leads:
            co = _distinct_units(p for p in rest if p.unit.pk != lead.unit.pk)
            title = group.closes.strip() or group.measure.title
            proposals.append(ProposedTask(group.measure, group, title, lead, co, exists=(group.pk, lead.unit.pk) in existing))
    return proposals


def _distinct_units(units) -> list[ProposedUnit]:
    """Two spellings of one unit (市科委、中关村管委会 → 市科委) name it once."""
    by_unit: dict[int, ProposedUnit] = {}
    for planned in units:
        by_unit.setdefault(planned.unit.pk, planned)
    return list(by_unit.values())


@transaction.atomic
def create_tasks(proposals: list[ProposedTask]) -> list[Task]:
    """Create the proposed tasks not yet on the ledger; running it twice adds nothing."""
    created = []
    for proposal in proposals:
        if proposal.exists:
            continue
        task = Task.objects.create(measure=proposal.measure, unit_group=proposal.unit_group, title=proposal.title)
        for order, planned in enumerate([proposal.lead, *proposal.co_units]):
            role = TaskUnit.Role.LEAD if order == 0 else TaskUnit.Role.CO
            TaskUnit.objects.create(task=task, unit=planned.unit, role=role, order=order, written_as=planned.written_as)
        created.append(task)
    return created


# ---------------------------------------------------------------- board


def flag_dates(today: date) -> tuple[date, date, bool]:
    """(overdue cutoff, due-soon horizon, whether the official calendar covered both)."""
    cutoff, exact_cutoff = overdue_cutoff(today)
    horizon, exact_horizon = due_soon_horizon(today, settings.TRACKING_AT_RISK_WORKING_DAYS)
    return cutoff, horizon, exact_cutoff and exact_horizon


def flag_conditions(today: date) -> tuple[Q, Q]:
    """(overdue, at risk) as database conditions on tasks; Task.is_overdue is the same rule in Python."""
    cutoff, horizon, _exact = flag_dates(today)
    open_milestones = Milestone.objects.filter(task=OuterRef("pk"), done_on__isnull=True)
    late = Q(due_on__lte=cutoff) | Q(Exists(open_milestones.filter(due_on__lte=cutoff)))
    soon = Q(due_on__lte=horizon) | Q(Exists(open_milestones.filter(due_on__lte=horizon)))
    not_done = ~Q(status=ProgressStatus.COMPLETED)
    return not_done & late, not_done & ~late & soon & Q(percent__lt=settings.TRACKING_AT_RISK_PERCENT)


def annotate_flags(tasks: QuerySet[Task], today: date) -> QuerySet[Task]:
    """Add `overdue` and `at_risk` booleans computed by the database."""
    overdue, at_risk = flag_conditions(today)
    return tasks.annotate(overdue=_flag(overdue), at_risk=_flag(at_risk))


def _flag(condition: Q) -> Case:
    # CASE rather than the bare condition: a NULL deadline must read as False, not NULL.
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


@dataclass
class BoardFilter:
    document: int | None = None
    measure: int | None = None
    unit: int | None = None
    status: str | None = None
    flag: str | None = None  # "overdue" | "at_risk"
    q: str | None = None


def filter_board(tasks: QuerySet[Task], flt: BoardFilter, today: date) -> QuerySet[Task]:
    overdue, at_risk = flag_conditions(today)
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
        tasks = tasks.filter(overdue)
    elif flt.flag == "at_risk":
        tasks = tasks.filter(at_risk)
    if flt.q:
        tasks = tasks.filter(Q(title__icontains=flt.q) | Q(measure__title__icontains=flt.q))
    return tasks


def with_board_relations(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Everything a board row or an export row shows, in a fixed number of queries."""
    return tasks.select_related("measure__document", "measure__section").prefetch_related("assignments__unit", "milestones")
