"""Every case the shipped data files carry: the benefit rule sets' tests, and the market-access cases kept
beside each negative-list measure and each Beijing opening (inside the limit, at it, just past it, each
exception)."""

from __future__ import annotations

import pytest

from rules.access import all_cases
from rules.access import check_case as check_access_case
from rules.casefiles import check_case
from rules.engine import load_rule_sets


def shipped_cases():
    rule_sets = load_rule_sets()
    return [pytest.param(rs, case, rule_sets, id=f"{rs.id}: {case.name}") for rs in rule_sets for case in rs.data.tests]


@pytest.mark.django_db
@pytest.mark.parametrize(("rule_set", "case", "all_rule_sets"), shipped_cases())
def test_shipped_case(rule_set, case, all_rule_sets):
    assert check_case(rule_set, case, all_rule_sets) == []


@pytest.mark.parametrize(("case", "day", "zone"), [pytest.param(c, d, z, id=f"{w}: {c.name}") for w, c, d, z in all_cases()])
def test_access_case(case, day, zone):
    assert check_access_case(case, day, zone) == []


def test_every_measure_carries_cases():
    from rules.access import access_data

    data = access_data()
    bare = [f"{m.citation_key} {m.key}" for group in data.measures.values() for m in group if not m.cases]
    assert bare == []
