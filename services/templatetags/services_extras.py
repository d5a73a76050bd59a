from __future__ import annotations

from django import template
from django.utils.translation import get_language

from services.catalogue import catalogue
from services.models import Issue

register = template.Library()


@register.filter
def category_label(issue: Issue) -> str:
    return catalogue().category(issue.category).label(get_language())


@register.inclusion_tag("services/_clock.html")
def clock(issue: Issue, today) -> dict:
    """The issue's deadline as everyone on it sees it: due date, days left, or which deadline was missed."""
    return {"issue": issue, "overdue": issue.overdue(today), "days_left": issue.days_left(today)}
