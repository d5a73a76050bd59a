"""Every real document in corpus/data/reference/ (laws, regulations, 54 State Council documents of many shapes)
either parses into provisions, each with a title, or is refused with a reason that names what it is and what
is missing; none raises anything else (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.extract import IngestError
from corpus.parser import parse_document

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"
DOCUMENTS = sorted(REFERENCE.glob("*.txt")) + sorted((REFERENCE / "state-council").glob("*.txt"))


def test_the_reference_documents_are_in_the_repository():
    assert len(DOCUMENTS) == 64


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_each_document_parses_or_is_refused_with_its_reason(path, lexicon):
    try:
        parsed = parse_document(path.read_text(encoding="utf-8"), lexicon, source_name=path.name)
    except IngestError as refused:
        assert "with no numbered provisions" in str(refused)
        return
    assert parsed.measures and all(m.title for m in parsed.measures)


LAWS = {
    "foreign-investment-law-2019.txt": 42,
    "fdi-law-implementing-regulation-2019.txt": 49,
    "beijing-fdi-regulation-2024.txt": 44,
    "business-env-regulation-2019.txt": 72,
    "shanghai-fdi-regulation-2020.txt": 51,
    "shanghai-business-env-2020.txt": 80,
    "shanghai-business-env-2024.txt": 97,
}


@pytest.mark.parametrize(("name", "articles"), LAWS.items())
def test_each_law_has_all_its_articles_in_order(name, articles, lexicon):
    parsed = parse_document((REFERENCE / name).read_text(encoding="utf-8"), lexicon, source_name=name)
    assert (parsed.structure, [m.number for m in parsed.measures]) == ("articles", list(range(1, articles + 1)))


def test_the_bonded_zones_opinion_has_its_21_measures_with_their_units(lexicon):
    name = "gov-2019-3-bonded-zones-opening.txt"
    parsed = parse_document((REFERENCE / name).read_text(encoding="utf-8"), lexicon, source_name=name)
    assert [m.number for m in parsed.measures] == list(range(1, 22))
    assert [u.unit_id for u in parsed.measures[2].unit_groups[0].units] == ["cn-gacc", "cn-mofcom"]


def test_the_ftz_notice_has_its_53_measures_each_with_its_departments(lexicon):
    name = "gov-2018-38-ftz-reform-measures.txt"
    parsed = parse_document((REFERENCE / name).read_text(encoding="utf-8"), lexicon, source_name=name)
    assert len(parsed.measures) == 53 and all(m.unit_groups for m in parsed.measures)
