"""Rule sets as versioned, cited data files, and the one engine that evaluates them.

A rule set file (YAML, schema investbj.ruleset/1) carries its source document
and effective period, and rules; each rule cites the clause it encodes (the
document, item or measure number and the quoted sentence), has a declarative
condition over the profile (rules.conditions), an outcome and an English
rendering. Files also carry their own table-driven test cases.

`evaluate(profile, on=date)` picks, for each family of rule sets, the version
in force on that date and returns every rule with the result of its
condition: the trace a person reads to see why an answer came out as it did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rules import conditions

DATA_DIR = Path(__file__).resolve().parent / "data" / "rulesets"


class RuleSetError(ValueError):
    """A rule set file that cannot be used; the message names the file, rule and field."""


class Clause(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str
    item: str
    quote: str
    measure: str | None = Field(
        default=None, description="corpus reference 'base title#number' when the clause is a corpus measure"
    )


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    clause: Clause
    when: dict[str, Any] | None = None
    outcome: dict[str, Any]
    en: str
    verified: bool = True
    note: str | None = None
    keywords: dict[Literal["zh", "en"], list[str]] = Field(
        default_factory=dict, description="activity words that make this rule a candidate (access rules)"
    )

    @field_validator("when")
    @classmethod
    def condition_is_well_formed(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        try:
            conditions.validate(value)
        except conditions.ConditionError as exc:
            raise ValueError(str(exc)) from exc
        return value


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str
    issuer: str | None = None
    url: str | None = None
    retrieved: date | None = None
    note: str | None = None


class Period(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    start: date = Field(alias="from")
    end: date | None = Field(default=None, alias="to")

    @model_validator(mode="after")
    def ends_after_it_starts(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"'to' {self.end} is before 'from' {self.start}")
        return self

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Title(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str
    en: str


class TestCase(BaseModel):
    # YAML reads a bare `on:` key as the boolean true, so cases say `date:`.
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    name: str
    on: date = Field(alias="date")
    profile: dict[str, Any]
    expect: dict[str, Any]


class RuleSetFile(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: Literal["investbj.ruleset/1"] = Field(alias="schema")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    family: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    kind: Literal["benefit", "generic"]
    title: Title
    source: Source
    effective: Period
    rules: list[Rule] = Field(min_length=1)
    tests: list[TestCase] = []

    @model_validator(mode="after")
    def rule_ids_are_unique(self) -> RuleSetFile:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id!r} appears twice")
            seen.add(rule.id)
        return self


@dataclass(frozen=True)
class RuleSet:
    data: RuleSetFile
    path: Path

    @property
    def id(self) -> str:
        return self.data.id

    @property
    def family(self) -> str:
        return self.data.family

    @property
    def kind(self) -> str:
        return self.data.kind

    @property
    def rules(self) -> list[Rule]:
        return self.data.rules

    def in_force(self, day: date) -> bool:
        return self.data.effective.covers(day)


def load_rule_set(path: Path) -> RuleSet:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleSetError(f"{path}: cannot read ({exc})") from exc
    try:
        return RuleSet(RuleSetFile.model_validate(raw), path)
    except ValidationError as exc:
        raise RuleSetError(f"{path}: {_describe(exc, raw)}") from exc


def _describe(error: ValidationError, raw: Any) -> str:
    """Name the rule by its id, not only its index, so the author finds it."""
    lines = []
    for problem in error.errors():
        location = list(problem["loc"])
        where = ".".join(str(part) for part in location)
        if len(location) >= 2 and location[0] == "rules" and isinstance(location[1], int):
            try:
                rule_id = raw["rules"][location[1]].get("id", "?")
            except (KeyError, IndexError, TypeError, AttributeError):
                rule_id = "?"
            field_path = ".".join(str(part) for part in location[2:]) or "(rule)"
            where = f"rule {rule_id!r} field {field_path}"
        lines.append(f"{where}: {problem['msg']}")
    return "; ".join(lines)


def load_rule_sets(directory: Path = DATA_DIR) -> list[RuleSet]:
    """Every rule set file under the directory, validated; ids unique across files."""
    rule_sets = [load_rule_set(path) for path in sorted(directory.glob("**/*.yaml"))]
    _check_families(rule_sets)
    return rule_sets


def _check_families(rule_sets: Iterable[RuleSet]) -> None:
    by_id: dict[str, RuleSet] = {}
    by_family: dict[str, list[RuleSet]] = {}
    for rule_set in rule_sets:
        if rule_set.id in by_id:
            raise RuleSetError(f"{rule_set.path}: rule set id {rule_set.id!r} is also used by {by_id[rule_set.id].path}")
        by_id[rule_set.id] = rule_set
        by_family.setdefault(rule_set.family, []).append(rule_set)
    for family, versions in by_family.items():
        ordered = sorted(versions, key=lambda r: r.data.effective.start)
        for earlier, later in zip(ordered, ordered[1:], strict=False):
            end = earlier.data.effective.end
            if end is None or end >= later.data.effective.start:
                raise RuleSetError(
                    f"{later.path}: versions of {family!r} overlap: {earlier.id} is still in force on {later.data.effective.start}"
                )


@lru_cache(maxsize=1)
def default_rule_sets() -> tuple[RuleSet, ...]:
    return tuple(load_rule_sets())


def in_force(rule_sets: Iterable[RuleSet], on: date, kind: str | None = None) -> list[RuleSet]:
    """The version of each family in force on the date."""
    return [r for r in rule_sets if r.in_force(on) and (kind is None or r.kind == kind)]


@dataclass
class Firing:
    rule_set: RuleSet
    rule: Rule
    result: conditions.Result

    @property
    def fired(self) -> bool:
        return self.result.held is True

    def citation(self) -> dict[str, Any]:
        return {
            "rule_set": self.rule_set.id,
            "item": self.rule.clause.item,
            "text": self.rule.clause.quote,
            "verified": self.rule.verified,
        }


@dataclass
class Evaluation:
    on: date
    rule_sets: list[RuleSet]
    trace: list[Firing]

    @property
    def fired(self) -> list[Firing]:
        return [f for f in self.trace if f.fired]

    @property
    def undecided(self) -> list[Firing]:
        return [f for f in self.trace if f.result.held is None]


def evaluate(
    profile: Mapping[str, Any],
    on: date | None = None,
    *,
    rule_sets: Iterable[RuleSet] | None = None,
    kind: str | None = None,
    only: Callable[[RuleSet, Rule], bool] | None = None,
) -> Evaluation:
    """Evaluate every rule of the rule sets in force on `on` (default today) against the profile.

    `only` narrows the rules evaluated (and traced), e.g. to the items an
    activity matched; the others could not fire anyway.
    """
    day = on or date.today()
    chosen = in_force(default_rule_sets() if rule_sets is None else rule_sets, day, kind)
    trace = [
        Firing(rule_set, rule, conditions.evaluate(rule.when, profile))
        for rule_set in chosen
        for rule in rule_set.rules
        if only is None or only(rule_set, rule)
    ]
    return Evaluation(day, chosen, trace)
