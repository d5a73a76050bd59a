"""Guarded transitions: a step the current state does not allow is refused with a message a person reads."""

from __future__ import annotations


class InvalidTransition(Exception):
    """A step that the object's current state (or the actor's role) does not allow."""


def require(condition: bool, message: str) -> None:
    """Refuse the step with `message` unless `condition` holds."""
    if not condition:
        raise InvalidTransition(message)
