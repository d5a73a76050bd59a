"""Issue categories and their service-time classes (办理时限), loaded from data/issues.yaml.

A time limit is data with its source, so changing the city's service targets is
an edit to the file, reviewed like any other change of rule.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from workdays.calendar import add_working_days, next_working_day

PATH = Path(__file__).resolve().parent / "data" / "issues.yaml"


class CatalogueError(ValueError):
    pass


class Clause(BaseModel):
    model_config = ConfigDict(extra="forbid")
    article: str
    says: str


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str
    clauses: list[Clause]
    url: str | None = None
    verified: bool
    note: str | None = None


class SlaClass(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    zh: str
    en: str
    counting: Literal["working_days", "calendar_days"]
    accept_within: int = Field(ge=0)
    answer_within: int = Field(ge=1)
    max_extension: int = Field(ge=0)
    answer_from: Literal["received", "accepted"] = Field("received", description="the day the answer period is counted from")
    source: Source

    def label(self, language: str | None) -> str:
        return self.en if language == "en" else self.zh

    def due(self, start: date, days: int) -> date:
        """The last day of a period of `days` counted from `start` (start itself not counted)."""
        if self.counting == "working_days":
            return add_working_days(start, days)
        return next_working_day(start + timedelta(days=days))


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    zh: str
    en: str
    sla: str
    why: str
    why_en: str
    terms: list[str]

    def label(self, language: str | None) -> str:
        return self.en if language == "en" else self.zh


class IssueCatalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: Literal["investbj.issues/1"] = Field(alias="schema")
    version: str
    generic_terms: list[str] = []
    sla_classes: list[SlaClass]
    categories: list[Category]

    @model_validator(mode="after")
    def consistent(self) -> IssueCatalogue:
        sla_ids = [s.id for s in self.sla_classes]
        if len(set(sla_ids)) != len(sla_ids) or "complaint" not in sla_ids:
            raise ValueError("service-time class ids must be unique and include 'complaint'")
        category_ids = [c.id for c in self.categories]
        if len(set(category_ids)) != len(category_ids):
            raise ValueError("category ids must be unique")
        for category in self.categories:
            if category.sla not in sla_ids:
                raise ValueError(f"category {category.id} names unknown service-time class {category.sla!r}")
        return self

    def sla(self, sla_id: str) -> SlaClass:
        """The class by id; an id since removed from the data keeps old issues readable under the ordinary class's rules."""
        found = next((s for s in self.sla_classes if s.id == sla_id), None)
        if found is None:
            general = next(s for s in self.sla_classes if s.id != "complaint")
            return general.model_copy(update={"id": sla_id, "zh": sla_id, "en": sla_id})
        return found

    def category(self, category_id: str) -> Category:
        found = next((c for c in self.categories if c.id == category_id), None)
        if found is None:
            return Category(id=category_id, zh=category_id, en=category_id, sla="general", why="", why_en="", terms=[])
        return found

    def category_choices(self, language: str | None = None) -> list[tuple[str, str]]:
        return [(c.id, c.label(language)) for c in self.categories]


def load_catalogue(path: Path = PATH) -> IssueCatalogue:
    try:
        return IssueCatalogue.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def catalogue() -> IssueCatalogue:
    return load_catalogue()
