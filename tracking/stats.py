"""Figures for the board, the round pages and the dashboard, aggregated in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import get_language

from corpus.models import Measure
from directory.models import Unit
from tracking import ledger
from tracking.models import DispatchRound, ProgressReport, ProgressStatus, Task, TaskUnit


def status_counts(tasks: QuerySet[Task]) -> dict[str, int]:
    """Totals per status plus overdue / at-risk (the queryset must carry ledger flags)."""
    figures = {status: Count("pk", filter=Q(status=status)) for status in ProgressStatus.values}
    result = tasks.order_by().aggregate(
        total=Count("pk"),
        overdue_count=Count("pk", filter=Q(overdue=True)),
        at_risk_count=Count("pk", filter=Q(at_risk=True)),
        **figures,
    )
    return result


@dataclass
class RoundSummary:
    round: DispatchRound
    submitted: int
    accepted: int
    returned: int
    units_reported: int


def round_summaries() -> list[RoundSummary]:
    rounds = DispatchRound.objects.annotate(
        n_submitted=Count("reports", filter=Q(reports__review=ProgressReport.Review.SUBMITTED)),
        n_accepted=Count("reports", filter=Q(reports__review=ProgressReport.Review.ACCEPTED)),
        n_returned=Count("reports", filter=Q(reports__review=ProgressReport.Review.RETURNED)),
        n_units=Count("reports__unit", distinct=True),
    )
    return [RoundSummary(r, r.n_submitted, r.n_accepted, r.n_returned, r.n_units) for r in rounds]


@dataclass
class UnitRoundStatus:
    unit: Unit
    tasks: int
    reported: int
    accepted: int
    returned: int

    @property
    def missing(self) -> int:
        return self.tasks - self.reported


def round_unit_status(round: DispatchRound, only_units: set[int] | None = None) -> list[UnitRoundStatus]:
    """Who has reported in a round: per unit, counted over its assignments (one per task) in one grouped query."""
    report = ProgressReport.objects.filter(round=round, task=OuterRef("task_id"), unit=OuterRef("unit_id"))
    assignments = TaskUnit.objects.exclude(unit__kind=Unit.Kind.GENERIC)
    if only_units is not None:
        assignments = assignments.filter(unit_id__in=only_units)
    rows: list[Any] = list(
        assignments.values("unit_id")
        .annotate(
            tasks=Count("pk"),
            reported=Count("pk", filter=Q(Exists(report))),
            accepted=Count("pk", filter=Q(Exists(report.filter(review=ProgressReport.Review.ACCEPTED)))),
            returned=Count("pk", filter=Q(Exists(report.filter(review=ProgressReport.Review.RETURNED)))),
        )
        # TaskUnit's default ordering would otherwise split the groups.
        .order_by("unit_id")
    )
    units = Unit.objects.in_bulk([r["unit_id"] for r in rows])
    statuses = [UnitRoundStatus(units[r["unit_id"]], r["tasks"], r["reported"], r["accepted"], r["returned"]) for r in rows]
    return sorted(statuses, key=lambda r: (-r.missing, r.unit.kind, r.unit.code))


def round_reports(round: DispatchRound, only_units: set[int] | None = None) -> QuerySet[ProgressReport]:
    reports = round.reports.select_related("task__measure", "unit", "submitted_by").order_by("review", "-submitted_at")
    if only_units is not None:
        reports = reports.filter(unit_id__in=only_units)
    return reports


@dataclass
class Completion:
    label: str
    url: str
    tasks: int
    completed: int
    overdue: int
    average_percent: float
    order: tuple = ()

    @property
    def completed_share(self) -> float:
        return 100 * self.completed / self.tasks if self.tasks else 0.0


def _completion_figures():
    return {
        "n": Count("pk", distinct=True),
        "done": Count("pk", filter=Q(status=ProgressStatus.COMPLETED), distinct=True),
        "late": Count("pk", filter=Q(overdue=True), distinct=True),
        "avg": Avg("percent"),
    }


def _completions(rows: list[Any], key: str, label, url, order=lambda pk: ()) -> list[Completion]:
    """Worst first: most overdue, then least completed, then in the document's own order."""
    result = [
        Completion(label(r[key]), url(r[key]), r["n"], r["done"], r["late"], round(r["avg"] or 0, 1), order(r[key])) for r in rows
    ]
    return sorted(result, key=lambda c: (-c.overdue, c.completed_share, c.order, c.label))


def completion_by_measure(tasks: QuerySet[Task], today: date) -> list[Completion]:
    rows: list[Any] = list(ledger.annotate_flags(tasks, today).values("measure").annotate(**_completion_figures()).order_by())
    measures = Measure.objects.select_related("document").in_bulk([r["measure"] for r in rows])
    return _completions(
        rows,
        "measure",
        lambda pk: (
            f"{measures[pk].document.display_title(get_language())[:14]}… {measures[pk].number}. {measures[pk].display_title(get_language())}"
        ),
        lambda pk: measures[pk].get_absolute_url(),
        lambda pk: (measures[pk].document_id, measures[pk].number),
    )


def completion_by_unit(tasks: QuerySet[Task], today: date) -> list[Completion]:
    """Completion of the tasks each unit leads."""
    led = ledger.annotate_flags(tasks, today).filter(assignments__role=TaskUnit.Role.LEAD)
    rows: list[Any] = list(led.values("assignments__unit").annotate(**_completion_figures()).order_by())
    units = Unit.objects.in_bulk([r["assignments__unit"] for r in rows])
    return _completions(rows, "assignments__unit", lambda pk: units[pk].display_name(get_language()), lambda pk: f"?unit={pk}")


@dataclass
class TrendPoint:
    round: DispatchRound
    reports: int
    average_percent: float
    completed: int
    x: float = 0
    y: float = 0
    bar_height: float = 0
    bar_y: float = 0
    bar_x: float = 0


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 640, 220, 36


def trend_chart(tasks: QuerySet[Task]) -> dict:
    """Rounds in order with the average reported percent and reports received, laid out for an inline SVG."""
    rounds = DispatchRound.objects.order_by("opened_at").annotate(
        n=Count("reports", filter=Q(reports__task__in=tasks)),
        avg=Avg("reports__percent", filter=Q(reports__task__in=tasks)),
        done=Count("reports", filter=Q(reports__task__in=tasks, reports__status=ProgressStatus.COMPLETED)),
    )
    points = [TrendPoint(r, r.n, round(r.avg or 0, 1), r.done) for r in rounds]
    if not points:
        return {"points": [], "polyline": ""}
    max_reports = max(p.reports for p in points) or 1
    step = (CHART_WIDTH - 2 * CHART_PAD) / max(len(points) - 1, 1)
    inner = CHART_HEIGHT - 2 * CHART_PAD
    for i, point in enumerate(points):
        point.x = CHART_PAD + i * step if len(points) > 1 else CHART_WIDTH / 2
        point.y = CHART_PAD + inner * (1 - point.average_percent / 100)
        point.bar_height = inner * point.reports / max_reports
        point.bar_x = point.x - 7
        point.bar_y = CHART_HEIGHT - CHART_PAD - point.bar_height
    polyline = " ".join(f"{p.x:.1f},{p.y:.1f}" for p in points)
    return {
        "points": points,
        "polyline": polyline,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "baseline": CHART_HEIGHT - CHART_PAD,
        "top": CHART_PAD,
        "max_reports": max_reports,
    }
