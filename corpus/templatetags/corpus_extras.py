from django import template
from django.utils.translation import get_language

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
