"""System checks: the market-access data files load and agree with each other before the first request needs them."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register


@register()
def access_data_loads(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from rules.access import access_data
    from rules.engine import RuleSetError

    try:
        access_data()
    except RuleSetError as exc:
        return [Error(str(exc)[:2000], hint="Fix the file the message names (rules/data/).", id="rules.E001")]
    return []
