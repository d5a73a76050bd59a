"""The same seed text as PDF, DOCX, HTML and other encodings parses to the same structure."""

from __future__ import annotations

import codecs

import pytest

from conftest import SEED_000, SEED_001
from corpus.extract import extract_text
from corpus.parser import parse_document
from corpus.tests.documents import as_docx, as_html, as_pdf


def structure(parsed):
    return {
        "title": parsed.title,
        "status": parsed.status,
        "issuer": parsed.issuer,
        "date": parsed.date,
        "complete": parsed.complete,
        "sections": [(s.number, s.title) for s in parsed.sections],
        "measures": [
            (m.number, m.title, m.section, m.text, [(g.raw, [(u.name, u.unit_id) for u in g.units]) for g in m.unit_groups])
            for m in parsed.measures
        ],
    }


def parse_bytes(data: bytes, name: str, lexicon):
    extracted = extract_text(data, name)
    return parse_document(extracted.text, lexicon, source_name=name), extracted


SEEDS = pytest.mark.parametrize("seed", [SEED_000, SEED_001], ids=["seed000", "seed001"])


@pytest.fixture
def text(seed):
    return seed.read_text(encoding="utf-8")


@SEEDS
def test_gb18030_text_matches_utf8(seed, text, lexicon):
    parsed, extracted = parse_bytes(text.encode("gb18030"), "notice.txt", lexicon)
    assert extracted.encoding == "gb18030"
    assert structure(parsed) == structure(parse_document(text, lexicon))


@SEEDS
def test_utf16_with_bom_matches_utf8(seed, text, lexicon):
    parsed, extracted = parse_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "notice.txt", lexicon)
    assert extracted.encoding == "utf-16"
    assert structure(parsed) == structure(parse_document(text, lexicon))


@SEEDS
def test_utf8_with_bom_matches_utf8(seed, text, lexicon):
    parsed, _ = parse_bytes(codecs.BOM_UTF8 + text.encode("utf-8"), "notice.txt", lexicon)
    assert structure(parsed) == structure(parse_document(text, lexicon))


@SEEDS
def test_pdf_matches_text(seed, text, lexicon):
    parsed, extracted = parse_bytes(as_pdf(text), "notice.pdf", lexicon)
    assert extracted.format == "pdf"
    assert structure(parsed) == structure(parse_document(text, lexicon))


@SEEDS
def test_docx_matches_text(seed, text, lexicon):
    parsed, extracted = parse_bytes(as_docx(text), "notice.docx", lexicon)
    assert extracted.format == "docx"
    assert structure(parsed) == structure(parse_document(text, lexicon))


@SEEDS
def test_html_matches_text(seed, text, lexicon):
    parsed, extracted = parse_bytes(as_html(text, title="北京市商务局网站"), "notice.html", lexicon)
    assert extracted.format == "html"
    assert structure(parsed) == structure(parse_document(text, lexicon))


def test_format_is_detected_from_content_not_name(lexicon):
    text = SEED_001.read_text(encoding="utf-8")
    parsed, extracted = parse_bytes(as_docx(text), "upload.bin", lexicon)
    assert extracted.format == "docx" and len(parsed.measures) == 7
