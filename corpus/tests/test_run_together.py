"""A web page's text extracted with everything on one line (issue 15 §4) reads as the same document: every
real document and both seeds, run into one line with nothing between paragraphs or with a space, give the
same provisions, units, 文号, signature and title as their line-broken copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED_000, SEED_001
from corpus.extract import IngestError
from corpus.parser import parse_document, split_run_on

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"
DOCUMENTS = [
    *sorted(REFERENCE.glob("*.txt")),
    *sorted((REFERENCE / "state-council").glob("*.txt")),
    SEED_000,
    SEED_001,
]
# Their provisions stand only in an attachment whose numbered headings run straight into the attachment's
# title (…的报告一、基本情况): nothing marks where the title ends.
UNREADABLE_RUN_TOGETHER = {"2004-gbh-80.txt", "2006-gh-132.txt"}


def run_together(text: str, between: str) -> str:
    lines = text.split("\n")
    source = lines[:1] if lines[0].startswith("SOURCE:") else []
    return "\n".join([*source, between.join(lines[len(source) :])])


def reading(text: str, lexicon, name: str, *, with_titles: bool) -> dict | None:
    try:
        parsed = parse_document(text, lexicon, source_name=name)
    except IngestError:
        return None
    found = {
        "title": parsed.title,
        "doc_number": parsed.doc_number,
        "issuer": parsed.issuer,
        "date": parsed.date,
        "provisions": [m.label for m in parsed.measures],
        "units": [[u.unit_id for g in m.unit_groups for u in g.units] for m in parsed.measures],
    }
    if with_titles:
        found["provision_titles"] = [m.title for m in parsed.measures]
    return found


def cases():
    for path in DOCUMENTS:
        for between, name in (("", "nothing between"), (" ", "a space between")):
            marks = [pytest.mark.xfail(strict=True, reason="attachment headings run into its title")]
            yield pytest.param(
                path, between, id=f"{path.name}-{name}", marks=marks if path.name in UNREADABLE_RUN_TOGETHER else []
            )


@pytest.mark.parametrize(("path", "between"), list(cases()))
def test_a_page_run_into_one_line_reads_as_its_line_broken_copy(path, between, lexicon):
    text = path.read_text(encoding="utf-8")
    # With nothing between paragraphs a heading runs into its paragraph, so only a space keeps item titles.
    with_titles = between == " "
    expected = reading(text, lexicon, path.name, with_titles=with_titles)
    assert reading(run_together(text, between), lexicon, path.name, with_titles=with_titles) == expected


def test_a_long_paragraph_of_a_line_broken_document_is_left_whole():
    paragraph = "第三条 本市依法保护外国投资者的投资。" + "有关部门应当依法履行职责，保护外商投资企业的合法权益。" * 30
    assert split_run_on(paragraph + "（一）依法平等对待；（二）依法保护。", min_chars=10_000) == [
        paragraph + "（一）依法平等对待；（二）依法保护。"
    ]


def test_a_run_on_page_is_cut_at_its_items_and_signature():
    page = (
        "国务院关于某某工作的意见国发〔2019〕9号各省、自治区、直辖市人民政府：为推进某某工作，提出以下意见。"
        "一、扩大开放。放宽外资准入限制，推进服务业开放，支持外资企业参与标准制定。（商务部、发展改革委负责）"
        "二、优化服务。提升外资企业服务水平，完善外商投资企业投诉工作机制。（海关总署、商务部等按职责分工负责）"
        "国务院2019年1月12日（此件公开发布）"
    )
    assert split_run_on(page, min_chars=100) == [
        "国务院关于某某工作的意见",
        "国发〔2019〕9号",
        "各省、自治区、直辖市人民政府：",
        "为推进某某工作，提出以下意见。",
        "一、扩大开放。放宽外资准入限制，推进服务业开放，支持外资企业参与标准制定。（商务部、发展改革委负责）",
        "二、优化服务。提升外资企业服务水平，完善外商投资企业投诉工作机制。（海关总署、商务部等按职责分工负责）",
        "国务院",
        "2019年1月12日",
        "（此件公开发布）",
    ]
