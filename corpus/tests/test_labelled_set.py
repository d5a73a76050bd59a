"""The corpus's regression suite (issue 15 §5): for each labelled document in corpus/tests/labelled/, what a
person reading it finds (title, structure, number of provisions and their numbers, chapters, responsible units,
dates), and the parser must find exactly that. The expectations were taken from the texts, not from the parser."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from corpus.parser import parse_document

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent / "data" / "reference"
LABELLED = sorted((HERE / "labelled").glob("*.yaml"))


def expectations():
    for path in LABELLED:
        yield pytest.param(yaml.safe_load(path.read_text(encoding="utf-8")), id=path.stem)


def test_the_labelled_set_covers_at_least_twelve_documents():
    assert len(LABELLED) >= 12


@pytest.fixture
def parsed(request, lexicon):
    expected = request.param
    text = (REFERENCE / expected["file"]).read_text(encoding="utf-8")
    return expected, parse_document(text, lexicon, source_name=expected["file"])


@pytest.mark.parametrize("parsed", list(expectations()), indirect=True)
def test_what_a_reader_finds(parsed):
    expected, document = parsed
    found = {
        "title": document.title,
        "structure": document.structure,
        "provisions": len(document.measures),
        "labels": [m.label for m in document.measures],
    }
    wanted = {key: expected[key] for key in found}
    if wanted["title"] is None:
        del wanted["title"], found["title"]
    assert found == wanted


@pytest.mark.parametrize("parsed", list(expectations()), indirect=True)
def test_its_metadata(parsed):
    expected, document = parsed
    fields = {
        "doc_number": document.doc_number,
        "issuer": document.issuer,
        "date": document.date.isoformat() if document.date else None,
        "adopted": document.adopted.isoformat() if document.adopted else None,
        "effective": document.effective.isoformat() if document.effective else None,
        "chapters": [f"{s.number} {s.title}" for s in document.sections if s.level == 1],
    }
    assert {k: v for k, v in fields.items() if k in expected} == {k: expected[k] for k in fields if k in expected}


@pytest.mark.parametrize("parsed", [p for p in expectations() if "units" in p.values[0]], indirect=True)
def test_the_units_of_each_provision(parsed):
    expected, document = parsed
    found = {i: [u.name for g in m.unit_groups for u in g.units] for i, m in enumerate(document.measures, start=1)}
    assert {i: found[i] for i in expected["units"]} == expected["units"]
