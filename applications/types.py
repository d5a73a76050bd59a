"""Application types as data: one YAML file per type under applications/data/types/
(or any directory in settings.APPLICATION_TYPE_DIRS).

A type names its form fields, the benefit rules it reuses for eligibility, the
documents to attach, its review steps (unit, order, working-day limit) and its
decision letters. Adding a type is adding a file; the engine below never
changes for one.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any, Literal

import yaml
from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DATA_DIR = Path(__file__).resolve().parent / "data" / "types"
ID = r"^[a-z0-9][a-z0-9-]*$"


class ApplicationTypeError(ValueError):
    """An application-type file that cannot be used; the message names the file and the problem."""


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str
    en: str

    def get(self, language: str | None) -> str:
        return self.en if (language or "").startswith("en") else self.zh


class Basis(BaseModel):
    """The clause of a seed document the application type carries out."""

    model_config = ConfigDict(extra="forbid")
    document: str
    item: str
    quote: str
    measure: str | None = None


class CriteriaSource(BaseModel):
    """Criteria the seeds leave to another regulation: named, never invented."""

    model_config = ConfigDict(extra="forbid")
    document: str
    note: Text


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str
    zh: str
    en: str


FieldType = Literal["text", "textarea", "number", "date", "bool", "choice", "multi", "country", "qualification"]


class FormField(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: FieldType
    label: Text
    help: Text | None = None
    required: bool = False
    options: list[Option] = []
    min: float | None = None
    max: float | None = None
    max_length: int = 2000
    profile: str | None = Field(None, description="the matcher profile field this answer fills, for eligibility")
    profile_value: str | None = Field(None, description="for a yes/no field: the value a 'yes' adds to that profile field")

    @model_validator(mode="after")
    def options_when_needed(self) -> FormField:
        if self.type in ("choice", "multi") and not self.options:
            raise ValueError(f"field {self.id!r} of type {self.type} needs options")
        return self


class RuleRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    family: str
    rule: str


class Eligibility(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: list[RuleRef] = Field(min_length=1)
    facts: dict[str, Any] = Field(default_factory=dict, description="profile facts implied by applying at all")


class DocumentSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    label: Text
    required: bool = True
    types: list[Literal["pdf", "docx", "xlsx", "png", "jpg", "jpeg", "txt"]] = ["pdf"]


# A step unit written "@district" is the district government of the applicant's enterprise.
ENTERPRISE_DISTRICT = "@district"


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    unit: str
    label: Text
    working_days: int = Field(ge=1, le=120)


class Letter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Text
    approved: Text
    rejected: Text


PLACEHOLDERS = {"enterprise", "uscc", "type", "number", "date", "reasons", "basis"}


class ApplicationType(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: Literal["investbj.application-type/1"] = Field(alias="schema")
    id: str = Field(pattern=ID)
    version: str
    title: Text
    summary: Text
    basis: list[Basis] = Field(min_length=1)
    criteria_set_by: list[CriteriaSource] = []
    process_note: Text | None = None
    eligibility: Eligibility
    fields: list[FormField] = Field(min_length=1)
    documents: list[DocumentSpec] = []
    steps: list[Step] = Field(min_length=1)
    letter: Letter

    @model_validator(mode="after")
    def consistent(self) -> ApplicationType:
        for kind, ids in (
            ("field", [f.id for f in self.fields]),
            ("document", [d.id for d in self.documents]),
            ("step", [s.id for s in self.steps]),
        ):
            if len(set(ids)) != len(ids):
                raise ValueError(f"{kind} ids must be unique")
        for text in (self.letter.approved, self.letter.rejected):
            for body in (text.zh, text.en):
                _check_placeholders(body)
        return self

    def field(self, field_id: str) -> FormField:
        return next(f for f in self.fields if f.id == field_id)


def _check_placeholders(body: str) -> None:
    """Only bare names from PLACEHOLDERS: attribute access or format specs would fail when a letter is written."""
    try:
        fields = [(name, spec, conversion) for _text, name, spec, conversion in Formatter().parse(body) if name is not None]
    except ValueError as exc:
        raise ValueError(f"letter text is not a valid template ({exc}); write literal braces as {{{{ and }}}}") from exc
    for name, spec, conversion in fields:
        if name not in PLACEHOLDERS or spec or conversion:
            raise ValueError(
                f"letter uses unknown placeholders {name!r}; known: {sorted(PLACEHOLDERS)}, written bare like {{enterprise}}"
            )


def load_type(path: Path) -> ApplicationType:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return ApplicationType.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ApplicationTypeError(f"{path}: {exc}") from exc


def type_dirs() -> list[Path]:
    return [Path(d) for d in getattr(settings, "APPLICATION_TYPE_DIRS", [DATA_DIR])]


@lru_cache(maxsize=4)
def _registry(dirs: tuple[Path, ...]) -> dict[str, ApplicationType]:
    types: dict[str, ApplicationType] = {}
    for directory in dirs:
        for path in sorted(directory.glob("*.yaml")):
            loaded = load_type(path)
            if loaded.id in types:
                raise ApplicationTypeError(f"{path}: application type id {loaded.id!r} is defined twice")
            types[loaded.id] = loaded
    return types


def registry() -> dict[str, ApplicationType]:
    return _registry(tuple(type_dirs()))


def get_type(type_id: str) -> ApplicationType | None:
    return registry().get(type_id)


def check_references(app_type: ApplicationType, on: date | None = None) -> list[str]:
    """What in a type points nowhere: unknown units, rule families or rules (run by `check_application_types` and the tests)."""
    from directory.models import Unit
    from rules.engine import default_rule_sets

    problems = []
    known_units = set(Unit.objects.filter(code__in=[s.unit for s in app_type.steps]).values_list("code", flat=True))
    for step in app_type.steps:
        if step.unit != ENTERPRISE_DISTRICT and step.unit not in known_units:
            problems.append(f"{app_type.id}: step {step.id!r} names unknown unit {step.unit!r}")
    rule_sets = default_rule_sets()
    for ref in app_type.eligibility.rules:
        family = [rs for rs in rule_sets if rs.family == ref.family]
        if not family:
            problems.append(f"{app_type.id}: unknown rule family {ref.family!r}")
        elif not any(rule.id == ref.rule for rs in family for rule in rs.rules):
            problems.append(f"{app_type.id}: rule {ref.rule!r} is not in family {ref.family!r}")
    return problems
