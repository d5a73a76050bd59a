"""Traditional-character copies (issue 15 §4): read through OpenCC's Simplified conversion, kept as found."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from corpus import script, search
from corpus.ingest import ingest_bytes
from corpus.parser import parse_document

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"
LAW = REFERENCE / "foreign-investment-law-2019.txt"
OPINION = REFERENCE / "gov-2019-3-bonded-zones-opening.txt"


def traditional(path: Path) -> str:
    """The copy a Hong Kong or Taiwan law database publishes of a Simplified original."""
    return opencc.OpenCC("s2t").convert(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def law(lexicon):
    return parse_document(traditional(LAW), lexicon, source_name=LAW.name)


@pytest.fixture(scope="module")
def opinion(lexicon):
    return parse_document(traditional(OPINION), lexicon, source_name=OPINION.name)


@pytest.fixture(scope="module")
def opinion_simplified(lexicon):
    return parse_document(OPINION.read_text(encoding="utf-8"), lexicon, source_name=OPINION.name)


def test_a_traditional_copy_is_recognised(law):
    assert law.script == "traditional"


def test_a_simplified_document_is_not(opinion_simplified):
    assert opinion_simplified.script == "simplified"


def test_the_law_keeps_its_traditional_title(law):
    assert law.title == "中華人民共和國外商投資法"


def test_the_law_is_read_in_articles(law):
    assert (law.structure, len(law.measures), law.measures[-1].number) == ("articles", 42, 42)


def test_an_article_is_cited_as_written(law):
    assert law.measures[1].label == "第二條"


def test_the_law_takes_effect_on_the_day_its_article_sets(law):
    assert law.effective.isoformat() == "2020-01-01"


def test_an_articles_text_is_the_text_as_found(law):
    assert law.measures[1].text.startswith("在中華人民共和國境內（以下簡稱中國境內）的外商投資，適用本法。")


def test_the_chapters_keep_their_characters(law):
    assert law.sections[0].title == "總則"


def test_the_opinion_finds_the_same_provisions(opinion, opinion_simplified):
    assert [m.label for m in opinion.measures] == [m.label for m in opinion_simplified.measures]


def test_the_opinion_keeps_its_doc_number_as_written(opinion):
    assert opinion.doc_number == "國發〔2019〕3號"


def test_units_resolve_as_in_the_simplified_copy(opinion, opinion_simplified):
    def unit_ids(parsed):
        return [[u.unit_id for g in m.unit_groups for u in g.units] for m in parsed.measures]

    assert unit_ids(opinion) == unit_ids(opinion_simplified)


def test_unit_names_are_kept_as_written(opinion):
    measure = next(m for m in opinion.measures if m.title == "提前適用政策")
    assert [u.name for u in measure.unit_groups[0].units] == ["海關總署", "財政部", "稅務總局"]


def test_every_provision_text_is_the_original(opinion, opinion_simplified):
    to_traditional = opencc.OpenCC("s2t")
    assert [m.text for m in opinion.measures] == [to_traditional.convert(m.text) for m in opinion_simplified.measures]


def test_the_json_says_the_script(law):
    assert law.as_json()["script"] == "traditional"


def test_the_simplified_reading_keeps_every_position():
    text = "外商投資準入特別管理措施（負面清單）"
    assert len(script.to_simplified(text)) == len(text)


def test_a_simplified_text_with_a_shared_character_stays_simplified():
    assert not script.is_traditional("保护外国投资者的著作权、专利权和商标权。乾线公路建设。")


@pytest.mark.django_db
def test_a_simplified_query_finds_a_traditional_copy_and_marks_it_as_written():
    document = ingest_bytes(traditional(OPINION).encode(), "bonded-zones-traditional.txt").document
    results = search.search("剩余产能", document=document.pk)
    assert results.total == 1
    assert "利用<mark>剩餘</mark><mark>產能</mark>承接" in results.hits[0].snippet


@pytest.mark.django_db
def test_a_traditional_query_finds_a_simplified_document():
    document = ingest_bytes(OPINION.read_bytes(), OPINION.name).document
    assert search.search("剩餘產能", document=document.pk).total == 1


@pytest.mark.django_db
def test_the_document_page_says_it_is_a_traditional_copy(client):
    document = ingest_bytes(traditional(OPINION).encode(), "bonded-zones-traditional.txt").document
    page = client.get(f"/documents/{document.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert document.script == "traditional"
    assert "繁体字文本" in page.content.decode()
