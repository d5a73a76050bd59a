"""Every case that the shipped rule sets and negative lists carry in their data files."""

from __future__ import annotations

import pytest

from rules.access import access_rule_sets
from rules.casefiles import check_case
from rules.engine import load_rule_sets


def shipped_cases():
    rule_sets = list(access_rule_sets()) + [r for r in load_rule_sets() if r.kind != "access"]
    return [pytest.param(rs, case, rule_sets, id=f"{rs.id}: {case.name}") for rs in rule_sets for case in rs.data.tests]


@pytest.mark.django_db
@pytest.mark.parametrize(("rule_set", "case", "all_rule_sets"), shipped_cases())
def test_shipped_case(rule_set, case, all_rule_sets):
    assert check_case(rule_set, case, all_rule_sets) == []
