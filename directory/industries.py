"""GB/T 4754-2017 国民经济行业分类: sections (门类) and divisions (大类) for
validating and labelling the industry codes enterprises register with.

The reference data lives in directory/data/gbt4754.yaml and is checked on
load: 20 sections in order A–T, 97 divisions 01–97 without gaps or repeats,
each section a contiguous run of divisions. Groups (中类, 3 digits) and classes
(小类, 4 digits) are not listed there, so a 3- or 4-digit code is accepted when
its first two digits are a division; whether the group or class itself exists
is not checked.

Codes are stored without the section letter ("64", "6421"); the letter is
implied by the division and only shown in labels.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from interface.language import in_english

PATH = Path(__file__).resolve().parent / "data" / "gbt4754.yaml"

SECTION_COUNT = 20
DIVISION_COUNT = 97

# An optional section letter, then digits; anything else is not a code at all.
_CODE = re.compile(r"(?P<letter>[A-Z]?)(?P<digits>[0-9]*)")


class IndustryCodeError(ValueError):
    """An industry code as entered by a user is not a GB/T 4754-2017 code; the message says why."""


class IndustryDataError(ValueError):
    """directory/data/gbt4754.yaml (or another file given to load()) is unreadable or inconsistent."""


class Division(BaseModel):
    """A 大类: two digits, 01–97."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^[0-9]{2}$")
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def name(self, language: str | None) -> str:
        return self.en if in_english(language) else self.zh


class Section(BaseModel):
    """A 门类: one letter, A–T, and the divisions it covers."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^[A-Z]$")
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    divisions: tuple[Division, ...] = Field(min_length=1)

    def name(self, language: str | None) -> str:
        return self.en if in_english(language) else self.zh


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    document: str
    issued: date
    in_force: date
    issuer: str
    note: str | None = None
    english: str | None = None


class IndustryFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_: Literal["investbj.gbt4754/1"] = Field(alias="schema")
    version: str
    source: Source
    sections: tuple[Section, ...]

    @model_validator(mode="after")
    def consistent(self) -> IndustryFile:
        seen_sections: set[str] = set()
        seen_divisions: dict[str, str] = {}
        for section in self.sections:
            if section.code in seen_sections:
                raise ValueError(f"section {section.code} appears twice")
            seen_sections.add(section.code)
            for division in section.divisions:
                if division.code in seen_divisions:
                    raise ValueError(
                        f"division {division.code} appears twice (in section {seen_divisions[division.code]} and section {section.code})"
                    )
                seen_divisions[division.code] = section.code
        expected = 1
        for index, section in enumerate(self.sections):
            letter = chr(ord("A") + index)
            if section.code != letter:
                raise ValueError(f"section {section.code} is out of place: sections run A–T in order, expected {letter}")
            for division in section.divisions:
                if int(division.code) != expected:
                    raise ValueError(
                        f"division {division.code} is out of place in section {section.code}: expected {expected:02d}"
                        " (divisions run 01–97 in order, each section a contiguous range)"
                    )
                expected += 1
        if len(self.sections) != SECTION_COUNT:
            raise ValueError(f"expected {SECTION_COUNT} sections, found {len(self.sections)}")
        if expected - 1 != DIVISION_COUNT:
            raise ValueError(f"expected {DIVISION_COUNT} divisions, found {expected - 1}")
        return self


class Classification:
    """The loaded classification, indexed by section letter and division code."""

    def __init__(self, data: IndustryFile):
        self.version = data.version
        self.source = data.source
        self.sections = list(data.sections)
        self._sections = {s.code: s for s in data.sections}
        self._divisions = {d.code: (s, d) for s in data.sections for d in s.divisions}

    def normalise(self, raw: str) -> str:
        if not isinstance(raw, str):
            raise IndustryCodeError("The industry code is missing.")
        # NFKC turns full-width input (Ｉ６４２１, common with Chinese input methods) into ASCII.
        code = "".join(unicodedata.normalize("NFKC", raw).split()).upper()
        if not code:
            raise IndustryCodeError(
                "The industry code is empty: enter a section letter (A–T) or a 2- to 4-digit GB/T 4754-2017 code."
            )
        match = _CODE.fullmatch(code)
        if match is None:
            raise IndustryCodeError(
                f"“{raw.strip()}” is not a GB/T 4754-2017 industry code: enter a section letter (A–T) or 2 to 4 digits,"
                " optionally after the section letter (for example I, 64, 642, 6421 or I6421)."
            )
        letter, digits = match["letter"], match["digits"]
        if not digits:
            if letter not in self._sections:
                raise IndustryCodeError(f"“{raw.strip()}” is not a GB/T 4754-2017 section: sections are the letters A to T.")
            return letter
        if len(digits) not in (2, 3, 4):
            raise IndustryCodeError(
                f"“{raw.strip()}” has {len(digits)} digit{'s' if len(digits) != 1 else ''}: GB/T 4754-2017 codes have 2 (division),"
                " 3 (group) or 4 (class) digits."
            )
        if digits[:2] not in self._divisions:
            raise IndustryCodeError(
                f"“{raw.strip()}” does not start with a GB/T 4754-2017 division: the first two digits must be 01 to 97, not {digits[:2]}."
            )
        section, division = self._divisions[digits[:2]]
        if letter and letter != section.code:
            raise IndustryCodeError(
                f"“{raw.strip()}” has the wrong section letter: division {division.code} ({division.zh} / {division.en})"
                f" belongs to section {section.code}, not {letter}."
            )
        return digits

    def section_of(self, code: str) -> Section:
        normal = self.normalise(code)
        return self._sections[normal] if normal.isalpha() else self._divisions[normal[:2]][0]

    def division_of(self, code: str) -> Division | None:
        normal = self.normalise(code)
        return None if normal.isalpha() else self._divisions[normal[:2]][1]

    def label(self, code: str, language: str | None) -> str:
        normal = self.normalise(code)
        section = self.section_of(normal)
        division = self.division_of(normal)
        if division is None:
            return f"{section.code} {section.name(language)}"
        text = f"{section.code} {division.code} {division.name(language)}"
        return text if len(normal) == 2 else f"{text} · {normal}"

    def choices(self, language: str | None) -> list[tuple[str, str]]:
        return [(d.code, self.label(d.code, language)) for s in self.sections for d in s.divisions]


def load(path: Path = PATH) -> Classification:
    """Read and check a classification file; IndustryDataError names the file and the problem."""
    try:
        data = IndustryFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise IndustryDataError(f"{path}: {exc}") from exc
    return Classification(data)


@lru_cache(maxsize=1)
def classification() -> Classification:
    return load()


def normalise_industry_code(raw: str) -> str:
    """The canonical form of an industry code as a user may type it.

    Spaces are removed, letters upper-cased and full-width characters folded to
    ASCII. Accepted: a section letter ("I" → "I"); a division ("64"); a group
    or class whose first two digits are a division ("642", "6421"); any of the
    digit forms after the letter of the division's section ("I64" → "64",
    "i 6421" → "6421"). Anything else raises IndustryCodeError.
    """
    return classification().normalise(raw)


def section_of(code: str) -> Section:
    """The section a code (in any form normalise_industry_code accepts) belongs to."""
    return classification().section_of(code)


def division_of(code: str) -> Division | None:
    """The division of a code, or None when the code is a bare section letter."""
    return classification().division_of(code)


def label(code: str, language: str | None) -> str:
    """A readable label: section letter, division code and name, then the full code if longer.

    "I" → "I 信息传输、软件和信息技术服务业"; "64" → "I 64 互联网和相关服务";
    "6421" → "I 64 互联网和相关服务 · 6421". English names when language is
    "en" (or "en-…"), Chinese otherwise. Only the division is named for group
    and class codes: their own names are not in the reference data.
    """
    return classification().label(code, language)


def sections() -> list[Section]:
    """All 20 sections in order A–T, each with its divisions."""
    return list(classification().sections)


def choices(language: str | None) -> list[tuple[str, str]]:
    """(division code, label) pairs for all 97 divisions in code order, hence grouped by section.

    For a Django ChoiceField: the value is the 2-digit division code, the label
    starts with the section letter ("I 64 互联网和相关服务").
    """
    return classification().choices(language)
