"""The pipeline dashboard: projects and amounts by stage, and month by month how many entered each stage."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from promotion.models import PIPELINE, Project, Stage, StageChange

MONTHS = 12
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 640, 200, 24


@dataclass
class StageRow:
    stage: Stage
    projects: int
    amount_usd: Decimal


def by_stage(projects: QuerySet[Project]) -> list[StageRow]:
    # Re-select by id: the visibility filter joins problems and their units, which would count a project per join row.
    projects = Project.objects.filter(pk__in=projects.values("pk"))
    rows: dict[str, tuple[int, Decimal]] = {
        r["stage"]: (r["n"], r["amount"] or Decimal(0))
        for r in projects.order_by().values("stage").annotate(n=Count("pk"), amount=Sum("amount_usd"))
    }
    return [StageRow(stage, *rows.get(stage, (0, Decimal(0)))) for stage in [*PIPELINE, Stage.DROPPED]]


def _months_back(today: date, count: int) -> list[tuple[int, int]]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


@dataclass
class MonthColumn:
    label: str
    entered: dict[str, int]
    conversion: float | None
    x: float = 0
    bars: list[tuple[str, float, float]] | None = None


def conversion_by_month(projects: QuerySet[Project], today: date) -> dict:
    """Per month: projects entering each stage, and the share of that month's new leads already signed or beyond."""
    months = _months_back(today, MONTHS)
    first = date(*months[0], 1)
    entered: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for to_stage, on in StageChange.objects.filter(project__in=projects, on__gte=first).values_list("to_stage", "on"):
        entered[(on.year, on.month)][to_stage] += 1
    leads = defaultdict(list)
    new_leads = StageChange.objects.filter(project__in=projects, to_stage=Stage.LEAD, on__gte=first)
    for stage, created in new_leads.values_list("project__stage", "on"):
        leads[(created.year, created.month)].append(stage)
    signed_or_later = {Stage.SIGNED, Stage.REGISTERED, Stage.CAPITAL_ARRIVED}
    columns = []
    for year, month in months:
        month_leads = leads.get((year, month), [])
        rate = round(100 * sum(1 for s in month_leads if s in signed_or_later) / len(month_leads), 1) if month_leads else None
        columns.append(MonthColumn(f"{year}-{month:02d}", dict(entered.get((year, month), {})), rate))
    return _layout(columns)


def _layout(columns: list[MonthColumn]) -> dict:
    """Grouped bars (leads, signed, capital arrived) per month for an inline SVG, so the page needs no JavaScript."""
    shown = [Stage.LEAD, Stage.SIGNED, Stage.CAPITAL_ARRIVED]
    highest = max([c.entered.get(s, 0) for c in columns for s in shown] + [1])
    step = (CHART_WIDTH - 2 * CHART_PAD) / len(columns)
    inner = CHART_HEIGHT - 2 * CHART_PAD
    for i, column in enumerate(columns):
        column.x = CHART_PAD + i * step
        column.bars = []
        for j, stage in enumerate(shown):
            height = inner * column.entered.get(stage, 0) / highest
            column.bars.append((stage, round(column.x + 4 + j * (step - 8) / 3, 1), round(height, 1)))
    return {
        "columns": columns,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "baseline": CHART_HEIGHT - CHART_PAD,
        "highest": highest,
        "shown": shown,
        "bar_width": round((step - 8) / 3 - 2, 1),
    }
