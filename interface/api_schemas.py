"""Response shapes every app's API shares."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    detail: str
    # Empty when the body could not be read at all (ninja's "Cannot parse request body"): nothing to name.
    errors: dict[str, str] = {}
