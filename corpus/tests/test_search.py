"""Chinese full-text search with filters and highlighted snippets; English queries hit English summaries."""

from __future__ import annotations

import pytest

from corpus import search
from corpus.models import Document

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.measure.title for hit in results.hits]


def test_chinese_query_finds_the_measure_and_highlights_terms():
    results = search.search("外债")
    assert titles(results) == ["推进贸易投融资便利化"]
    assert "<mark>外债</mark>" in results.hits[0].snippet


def test_multi_word_query_needs_every_term():
    assert titles(search.search("地区总部 资金奖励")) == ["打造更高能级总部经济"]
    assert search.search("地区总部 量子计算").total == 0


def test_english_query_matches_english_titles_and_summaries():
    assert titles(search.search("external debt")) == ["推进贸易投融资便利化"]
    assert "打造更高能级总部经济" in titles(search.search("regional headquarters"))


def test_filters_by_document_unit_and_section():
    seed_001 = Document.objects.get(title="北京市关于进一步加强稳外资工作的若干措施")
    all_hq = search.search("总部")
    assert {h.measure.document_id for h in all_hq.hits} == {seed_001.pk, seed_001.pk - 1} or len(all_hq.hits) >= 2
    only_001 = search.search("总部", document=seed_001.pk)
    assert {h.measure.document_id for h in only_001.hits} == {seed_001.pk}
    by_unit = search.search("开放", unit="bj-health")
    assert by_unit.total >= 1 and all(
        "卫" in "".join(m.name for g in h.measure.unit_groups.all() for m in g.members.all()) for h in by_unit.hits
    )
    by_section = search.search("开放", section="聚集全球高端优质资源")
    assert by_section.total >= 1 and all(h.measure.section.title == "聚集全球高端优质资源" for h in by_section.hits)


def test_empty_and_punctuation_only_queries_return_nothing():
    assert search.search("").total == 0
    assert search.search("，。！").total == 0


def test_snippets_escape_html():
    snippet = search.highlight("<script>外债</script>", ["外债"])
    assert "<script>" not in snippet and "&lt;script&gt;<mark>外债</mark>" in snippet


def test_quotes_in_queries_do_not_break_the_index():
    assert search.search('外债" OR "x').total >= 0
    assert search.search("外债' & '").total >= 0


def test_older_versions_are_left_out_unless_asked():
    from conftest import SEED_000
    from corpus.ingest import ingest_bytes

    final = SEED_000.read_text(encoding="utf-8").replace("（征求意见稿）", "")
    ingest_bytes(final.encode(), "final.txt")
    results = search.search("绿色电力")
    assert [h.measure.document.status for h in results.hits] == ["final"]


def test_deleted_documents_leave_the_index():
    seed_001 = Document.objects.get(title="北京市关于进一步加强稳外资工作的若干措施")
    assert search.search("外债").total == 1
    seed_001.delete()
    assert search.search("外债").total == 0


def test_totals_above_the_cap_are_flagged(monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    results = search.search("外资", limit=2)
    assert results.capped and results.total == 3


def test_the_fts_delete_trigger_survives_all_migrations():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the trigger exists on SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'corpus_measure_fts_delete'")
        assert cursor.fetchone() is not None


def test_snippets_stay_on_the_term_after_characters_whose_lower_case_is_longer():
    text = "İ" * 80 + "外债便利化试点"
    snippet = search.highlight(text, ["外债"])
    assert "<mark>外债</mark>" in snippet
