"""The reporting rules from data/reporting_rules.yaml, validated on load."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

PATH = Path(__file__).resolve().parent / "data" / "reporting_rules.yaml"


class RulesError(ValueError):
    pass


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str
    en: str


class Window(BaseModel):
    model_config = ConfigDict(extra="forbid")
    from_month_day: str
    to_month_day: str


class Kind(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Literal["initial", "change", "deregistration", "annual"]
    zh: str
    en: str
    when: Text
    # What the platform does and does not do about this kind, where the 办法 says more than the form enforces.
    note: Text | None = None
    window: Window | None = None
    contents: list[Literal["basic", "investors", "transaction", "operations"]]


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str
    in_force: date
    verified: bool


class ReportingRules(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: Literal["investbj.reporting-rules/1"] = Field(alias="schema")
    version: str
    source: Source
    kinds: list[Kind]
    first_annual_year: int
    earliest_date: date
    currencies: list[str] = Field(min_length=1)
    share_tolerance: float = Field(ge=0, le=1)

    def kind(self, kind_id: str) -> Kind:
        return next(k for k in self.kinds if k.id == kind_id)


@lru_cache(maxsize=1)
def rules() -> ReportingRules:
    try:
        return ReportingRules.model_validate(yaml.safe_load(PATH.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise RulesError(f"{PATH}: {exc}") from exc
