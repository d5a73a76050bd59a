from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def usd(amount: Decimal | None) -> str:
    """An amount in US dollars with thousands separators, the way figures are read in reports."""
    return "—" if amount is None else f"{int(amount):,}"
