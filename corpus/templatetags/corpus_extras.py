from django import template
from django.utils.translation import get_language

from interface import language
from interface.language import in_english

register = template.Library()


@register.filter
def localized(obj) -> str:
    """The object's title or name in the interface language (English fields when present)."""
    language = get_language()
    if hasattr(obj, "display_title"):
        return obj.display_title(language)
    if hasattr(obj, "display_name"):
        return obj.display_name(language)
    return str(obj)


@register.filter
def joined(values) -> str:
    """A list as the interface language writes one: 甲、乙 or A, B."""
    return language.joined(values)


@register.simple_tag
def colon() -> str:
    return language.colon()


@register.filter
def thousands(value) -> str:
    """A whole amount with thousands separators (1,234,567), the way figures are read in tables."""
    if value in (None, ""):
        return "—"
    return f"{float(value):,.0f}"


@register.filter
def bracketed(text) -> str:
    """Text in the brackets of the interface language: （…） or (…)."""
    return f" ({text})" if in_english() else f"（{text}）"
