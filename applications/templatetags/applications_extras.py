from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def application_title(application) -> str:
    return application.title(get_language())


@register.simple_tag
def step_label(step) -> str:
    return step.label(get_language())


@register.filter
def step_overdue(step, today) -> bool:
    return step.overdue(today)


@register.simple_tag
def text(value) -> str:
    """A bilingual data text ({zh, en}) in the interface language."""
    return value.get(get_language())


@register.simple_tag
def unit_name(code: str) -> str:
    """A unit named by its code in a type's data file, in the interface language."""
    from directory.models import Unit

    unit = Unit.objects.filter(code=code).first()
    return unit.display_name(get_language()) if unit else code
