"""The condition language of rule sets: declarative, validated, explainable.

A condition is a small tree written in YAML; no Python in the data:

    all: [COND, ...]          every one holds
    any: [COND, ...]          at least one holds
    not: COND                 COND does not hold
    {field: NAME, OP: VALUE}  a test of one profile field, where OP is one of
        eq, ne                equal / not equal
        in, not_in            the field's value is (not) in the list
        gt, gte, lt, lte      numeric comparison
        has, has_any          a list field contains the value / any of the values
        known                 true: the field is present; false: it is absent

Evaluation is three-valued: a test of a field the profile does not give is
*unknown* (None), so a matcher can say which missing answers would change the
result. `all` is false if any part is false, unknown if none is false but one
is unknown; `any` mirrors it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

OPERATORS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "has", "has_any", "known")


class ConditionError(ValueError):
    """A malformed condition; the message names the path inside the condition."""


@dataclass
class Check:
    """The outcome of one field test, kept for the trace."""

    field: str
    op: str
    expected: Any
    actual: Any
    held: bool | None

    def describe(self) -> str:
        if self.held is None:
            return f"{self.field} unknown (needs {self.op} {self.expected!r})"
        verb = "holds" if self.held else "fails"
        return f"{self.field} {self.op} {self.expected!r} {verb} (is {self.actual!r})"


@dataclass
class Result:
    held: bool | None
    checks: list[Check] = field(default_factory=list)

    @property
    def unknown_fields(self) -> list[str]:
        return list(dict.fromkeys(c.field for c in self.checks if c.held is None))

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.held is False]


def validate(condition: Any, path: str = "when") -> None:
    """Raise ConditionError naming the path of the first malformed part."""
    if condition is None:
        return
    if not isinstance(condition, Mapping):
        raise ConditionError(f"{path}: a condition must be a mapping, not {type(condition).__name__}")
    combinators = [k for k in ("all", "any", "not") if k in condition]
    if combinators:
        if len(condition) != 1:
            raise ConditionError(f"{path}: '{combinators[0]}' cannot be combined with other keys {sorted(condition)}")
        key = combinators[0]
        if key == "not":
            validate(condition["not"], f"{path}.not")
            return
        parts = condition[key]
        if not isinstance(parts, list) or not parts:
            raise ConditionError(f"{path}.{key}: must be a non-empty list")
        for i, part in enumerate(parts):
            validate(part, f"{path}.{key}[{i}]")
        return
    if "field" not in condition:
        raise ConditionError(f"{path}: needs 'field' (or all/any/not); got keys {sorted(condition)}")
    ops = [k for k in condition if k != "field"]
    if len(ops) != 1 or ops[0] not in OPERATORS:
        raise ConditionError(f"{path}: needs exactly one operator of {', '.join(OPERATORS)}; got {ops}")
    op, value = ops[0], condition[ops[0]]
    if op in ("in", "not_in", "has_any") and not isinstance(value, list):
        raise ConditionError(f"{path}.{op}: must be a list")
    if op in ("gt", "gte", "lt", "lte") and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise ConditionError(f"{path}.{op}: must be a number")
    if op == "known" and not isinstance(value, bool):
        raise ConditionError(f"{path}.known: must be true or false")


def evaluate(condition: Mapping[str, Any] | None, profile: Mapping[str, Any]) -> Result:
    """Evaluate a validated condition; None (no condition) always holds."""
    if condition is None:
        return Result(True)
    if "all" in condition:
        return _combine([evaluate(c, profile) for c in condition["all"]], all_of=True)
    if "any" in condition:
        return _combine([evaluate(c, profile) for c in condition["any"]], all_of=False)
    if "not" in condition:
        inner = evaluate(condition["not"], profile)
        return Result(None if inner.held is None else not inner.held, inner.checks)
    return _test(condition, profile)


def _combine(results: list[Result], *, all_of: bool) -> Result:
    checks = [c for r in results for c in r.checks]
    values = [r.held for r in results]
    decisive = False if all_of else True
    if decisive in values:
        return Result(decisive, checks)
    if None in values:
        return Result(None, checks)
    return Result(not decisive, checks)


def _test(condition: Mapping[str, Any], profile: Mapping[str, Any]) -> Result:
    name = condition["field"]
    op = next(k for k in condition if k != "field")
    expected = condition[op]
    present = name in profile and profile[name] is not None
    actual = profile.get(name)
    if op == "known":
        return Result(present == expected, [Check(name, op, expected, present, present == expected)])
    if not present:
        return Result(None, [Check(name, op, expected, None, None)])
    held = _apply(op, actual, expected)
    return Result(held, [Check(name, op, expected, actual, held)])


def _apply(op: str, actual: Any, expected: Any) -> bool:
    if op == "eq":
        return bool(actual == expected)
    if op == "ne":
        return bool(actual != expected)
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    if op in ("gt", "gte", "lt", "lte"):
        number = float(actual)
        return {"gt": number > expected, "gte": number >= expected, "lt": number < expected, "lte": number <= expected}[op]
    values = actual if isinstance(actual, (list, tuple, set)) else [actual]
    if op == "has":
        return expected in values
    return any(v in values for v in expected)  # has_any
