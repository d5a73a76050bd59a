"""The rule engine: conditions, loading with precise errors, versions by date, and cases in data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rules import conditions
from rules.casefiles import check_case
from rules.engine import RuleSetError, evaluate, load_rule_set, load_rule_sets

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_conditions_are_three_valued():
    rule = {"all": [{"field": "zone", "in": ["bj", "bj-ftz"]}, {"field": "foreign_share", "gt": 50}]}
    assert conditions.evaluate(rule, {"zone": "bj", "foreign_share": 60}).held is True
    assert conditions.evaluate(rule, {"zone": "cn", "foreign_share": 60}).held is False
    assert conditions.evaluate(rule, {"zone": "bj"}).held is None
    assert conditions.evaluate(rule, {"zone": "cn"}).held is False  # one false part decides
    assert conditions.evaluate(rule, {"zone": "bj"}).unknown_fields == ["foreign_share"]
    assert conditions.evaluate({"any": [{"field": "a", "eq": 1}, {"field": "b", "eq": 2}]}, {"b": 2}).held is True
    assert conditions.evaluate({"not": {"field": "needs", "has": "clinic"}}, {"needs": ["clinic"]}).held is False
    assert conditions.evaluate({"field": "park", "known": False}, {}).held is True


def test_the_trace_says_why():
    result = conditions.evaluate(
        {"all": [{"field": "zone", "eq": "bj"}, {"field": "foreign_share", "lte": 50}]}, {"zone": "bj", "foreign_share": 70}
    )
    assert [c.describe() for c in result.checks] == ["zone eq 'bj' holds (is 'bj')", "foreign_share lte 50 fails (is 70)"]


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"field": "zone"}, "when: needs exactly one operator"),
        ({"field": "zone", "within": ["bj"]}, "needs exactly one operator"),
        ({"all": []}, "when.all: must be a non-empty list"),
        ({"all": [{"field": "x", "gt": "ten"}]}, "when.all[0].gt: must be a number"),
        ({"any": [{"zone": "bj"}]}, "when.any[0]: needs 'field'"),
        ({"all": [{"field": "a", "eq": 1}], "field": "b"}, "cannot be combined"),
    ],
)
def test_malformed_conditions_are_refused_with_their_path(condition, message):
    with pytest.raises(conditions.ConditionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        conditions.validate(condition)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_errors_name_the_file_the_rule_and_the_field(tmp_path):
    original = (FIXTURES / "demo-visa.yaml").read_text(encoding="utf-8")
    broken = write(
        tmp_path, original.replace("{field: needs, has: foreign_managers}", "{field: needs, has_any: foreign_managers}")
    )
    with pytest.raises(RuleSetError) as error:
        load_rule_set(broken)
    message = str(error.value)
    assert str(broken) in message and "rule 'senior-manager-visa' field when" in message and "has_any: must be a list" in message
    missing_quote = write(tmp_path, original.replace("      quote: 对拟在京", "      quotation: 对拟在京"))
    with pytest.raises(RuleSetError, match=r"rule 'senior-manager-visa' field clause.quote: Field required"):
        load_rule_set(missing_quote)
    bad_period = write(tmp_path, original.replace("to: 2025-12-31", "to: 2024-12-31"))
    with pytest.raises(RuleSetError, match="before 'from'"):
        load_rule_set(bad_period)


def test_overlapping_versions_of_a_family_are_refused(tmp_path):
    original = (FIXTURES / "demo-visa.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(original, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        original.replace("id: demo-visa-2025", "id: demo-visa-2025b").replace("from: 2025-01-01", "from: 2025-06-01"),
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError, match="overlap"):
        load_rule_sets(tmp_path)


def test_evaluate_picks_the_version_in_force(tmp_path):
    original = (FIXTURES / "demo-visa.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(original, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        original.replace("id: demo-visa-2025", "id: demo-visa-2026")
        .replace("from: 2025-01-01", "from: 2026-01-01")
        .replace("to: 2025-12-31", "to: null"),
        encoding="utf-8",
    )
    rule_sets = load_rule_sets(tmp_path)
    profile = {"needs": ["branch_setup", "foreign_managers"]}
    assert [r.id for r in evaluate(profile, date(2025, 12, 31), rule_sets=rule_sets).rule_sets] == ["demo-visa-2025"]
    assert [r.id for r in evaluate(profile, date(2026, 1, 1), rule_sets=rule_sets).rule_sets] == ["demo-visa-2026"]
    fired = evaluate(profile, date(2026, 1, 1), rule_sets=rule_sets).fired[0]
    assert fired.citation()["item"] == "10" and fired.citation()["rule_set"] == "demo-visa-2026"


def fixture_cases():
    rule_sets = load_rule_sets(FIXTURES)
    return [pytest.param(rs, case, rule_sets, id=f"{rs.id}: {case.name}") for rs in rule_sets for case in rs.data.tests]


@pytest.mark.parametrize(("rule_set", "case", "all_rule_sets"), fixture_cases())
def test_a_rule_set_defined_only_in_a_fixture_runs_its_own_cases(rule_set, case, all_rule_sets):
    assert check_case(rule_set, case, all_rule_sets) == []
