"""Figures for the coordinator's service board: per unit, overall, and recurring themes."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from django.db.models import Avg, Count, Q

from corpus.search import query_terms
from directory.models import Unit
from services.catalogue import catalogue
from services.models import Answer, Issue, Roundtable

THEMES_PER_CATEGORY = 8


@dataclass
class UnitRow:
    unit: Unit
    open: int
    overdue: int
    answered: int
    median_days: float | None
    satisfaction: float | None
    ratings: int


def unit_rows(today: date) -> list[UnitRow]:
    """Per owner unit: open and overdue issues, median days to a first answer, mean satisfaction."""
    counts = {
        row["owner"]: row
        for row in Issue.objects.filter(owner__isnull=False)
        .values("owner")
        .annotate(
            open=Count("pk", filter=Q(status__in=Issue.OPEN)),
            answered=Count("pk", filter=Q(answered_at__isnull=False) | Q(status=Issue.Status.CLOSED)),
            satisfaction=Avg("rating"),
            ratings=Count("rating"),
        )
    }
    overdue = dict(Issue.objects.overdue(today).filter(owner__isnull=False).values_list("owner").annotate(n=Count("pk")))
    days = _days_to_first_answer()
    units = Unit.objects.in_bulk(list(counts))
    rows = [
        UnitRow(
            unit=units[pk],
            open=row["open"],
            overdue=overdue.get(pk, 0),
            answered=row["answered"],
            median_days=round(median(days[pk]), 1) if days.get(pk) else None,
            satisfaction=round(row["satisfaction"], 2) if row["satisfaction"] is not None else None,
            ratings=row["ratings"],
        )
        for pk, row in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r.overdue, -r.open, r.unit.code))


def _days_to_first_answer() -> dict[int, list[float]]:
    first: dict[int, tuple[datetime, int, datetime]] = {}
    for issue_id, unit_id, answered, raised in Answer.objects.values_list("issue", "unit", "created_at", "issue__created_at"):
        if issue_id not in first or answered < first[issue_id][0]:
            first[issue_id] = (answered, unit_id, raised)
    days: dict[int, list[float]] = defaultdict(list)
    for answered, unit_id, raised in first.values():
        days[unit_id].append((answered - raised).total_seconds() / 86400)
    return days


def totals(today: date) -> dict[str, int]:
    return {
        "open": Issue.objects.filter(status__in=Issue.OPEN).count(),
        "unrouted": Issue.objects.filter(status=Issue.Status.SUBMITTED).count(),
        "overdue": Issue.objects.overdue(today).count(),
        "escalated": Issue.objects.filter(escalated=True, status__in=Issue.OPEN).count(),
    }


@dataclass
class Theme:
    category: str
    label: str
    issues: int
    terms: list[tuple[str, int]]


def themes(since: date, language: str | None) -> list[Theme]:
    """The most frequent words per category in issues raised since a day: each issue counts a word once."""
    generic = set(catalogue().generic_terms)
    per_category: dict[str, Counter[str]] = defaultdict(Counter)
    issue_counts: Counter[str] = Counter()
    for category, title, description in Issue.objects.filter(created_at__date__gte=since).values_list(
        "category", "title", "description"
    ):
        issue_counts[category] += 1
        per_category[category].update(
            t for t in query_terms(f"{title} {description}") if len(t) >= 2 and not t.isdigit() and t not in generic
        )
    result = []
    for known in catalogue().categories:
        if issue_counts[known.id]:
            top = per_category[known.id].most_common(THEMES_PER_CATEGORY)
            result.append(Theme(known.id, known.label(language), issue_counts[known.id], top))
    return result


def follow_up(roundtable: Roundtable) -> dict[str, int]:
    """How the issues raised at a roundtable stand: by status."""
    counts = dict(roundtable.issues.values_list("status").annotate(n=Count("pk")))
    return {str(label): counts[value] for value, label in Issue.Status.choices if counts.get(value)}
