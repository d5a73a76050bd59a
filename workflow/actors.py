"""Who acted: the one way a change names its author in the audit trail (django-simple-history), in a
request, in a service called from the API or the command line, and in a background job."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from django.db.models import Model
from simple_history.models import HistoricalRecords


def person_name(user: Any) -> str:
    """How a person is named on a page: their full name where one is recorded, else their sign-in name."""
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def record_actor(obj: Model, actor: Any) -> None:
    """The next save of `obj` is recorded as `actor`'s (None leaves it to the request, if any)."""
    if actor is not None:
        obj._history_user = actor  # type: ignore[attr-defined]


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Changes made inside are `user`'s, as they would be in `user`'s request (a worker has no request for
    simple-history's middleware to read the user from)."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous
