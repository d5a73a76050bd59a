"""English titles and summaries for measures, kept as reviewed data.

Applied by document base title and measure number, and only where the
Chinese title still matches, so a renumbered or retitled measure never shows
another measure's translation. (An edit to the body alone keeps the summary;
the reviewer of a new version checks it.)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from corpus.models import Document

PATH = Path(__file__).resolve().parent / "data" / "translations_en.yaml"


class MeasureTranslation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: int
    title: str
    title_en: str
    summary_en: str


class DocumentTranslation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base_title: str
    title_en: str
    sections: dict[str, str] = {}
    measures: list[MeasureTranslation]


class TranslationFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: str = Field(alias="schema", pattern=r"^investbj\.translations/1$")
    version: str
    source: str
    documents: list[DocumentTranslation]


@lru_cache(maxsize=1)
def translations() -> dict[str, DocumentTranslation]:
    data = TranslationFile.model_validate(yaml.safe_load(PATH.read_text(encoding="utf-8")))
    return {doc.base_title: doc for doc in data.documents}


def apply_translations(document: Document) -> bool:
    """Fill the English fields of a stored document; True when a translation exists."""
    entry = translations().get(document.base_title)
    if entry is None:
        return False
    document.title_en = entry.title_en
    document.save(update_fields=["title_en"])
    for section in document.sections.all():
        title_en = entry.sections.get(section.title, "")
        if title_en != section.title_en:
            section.title_en = title_en
            section.save(update_fields=["title_en"])
    by_number = {m.number: m for m in entry.measures}
    for measure in document.measures.all():
        match = by_number.get(measure.number)
        if match and match.title == measure.title:
            measure.title_en, measure.summary_en = match.title_en, match.summary_en.strip()
        else:
            measure.title_en, measure.summary_en = "", ""
        measure.save(update_fields=["title_en", "summary_en"])
    return True
