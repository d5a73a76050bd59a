"""Run the table-driven cases that rule set files carry (OpenFisca-style tests in data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rules.engine import RuleSet, TestCase, evaluate
from rules.matcher import check_benefit_case

Checker = Callable[[RuleSet, TestCase, list[RuleSet]], list[str]]


def check_case(rule_set: RuleSet, case: TestCase, all_rule_sets: list[RuleSet]) -> list[str]:
    """Problems with one case; an empty list means it passes."""
    checker = CHECKERS.get(rule_set.kind, check_firings)
    return checker(rule_set, case, all_rule_sets)


def check_firings(rule_set: RuleSet, case: TestCase, all_rule_sets: list[RuleSet]) -> list[str]:
    expect: dict[str, Any] = case.expect
    evaluation = evaluate(case.profile, case.on, rule_sets=[rule_set])
    if expect.get("not_in_force"):
        return [] if not evaluation.rule_sets else [f"{rule_set.id} is in force on {case.on}"]
    if not evaluation.rule_sets:
        return [f"{rule_set.id} is not in force on {case.on}"]
    states = {f.rule.id: f.result.held for f in evaluation.trace}
    problems = []
    for key, wanted in (("fires", True), ("does_not_fire", False), ("undecided", None)):
        for rule_id in expect.get(key, []):
            if rule_id not in states:
                problems.append(f"no rule {rule_id!r} in {rule_set.id}")
            elif states[rule_id] is not wanted:
                problems.append(f"{rule_id}: expected {key}, got {states[rule_id]}")
    return problems


# Kinds whose answers are more than "which rules fired" (matcher benefits) have their own checker; the rest
# use check_firings. Market-access cases live beside their measures (rules.access.all_cases).
CHECKERS: dict[str, Checker] = {"benefit": check_benefit_case}
