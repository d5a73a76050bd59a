"""Chinese full-text search over measures, one module for both databases.

Text is segmented with jieba's dictionary (through rjieba, the Rust port,
which is an order of magnitude faster than pure-Python jieba) and stored as
space-separated tokens. SQLite indexes the tokens in an FTS5 table; PostgreSQL
in a GIN index over to_tsvector('simple', tokens). The rest of the platform
calls `search()` and `index_measures()` and never sees the difference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import rjieba
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from corpus import script
from corpus.models import Measure

FTS_TABLE = "corpus_measure_fts"
_TOKEN = re.compile(r"[\w\u4e00-\u9fff]")
_ENGLISH_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_STOP = frozenset("的 了 和 与 及 等 在 对 为 将 是 有 以 并 或 其 之 中 上 下 a an the of and or to in for on by with".split())


def segment(text: str) -> list[str]:
    """Index tokens: jieba's search-mode cut of the Simplified reading, lower-cased, punctuation dropped."""
    tokens = rjieba.cut_for_search(script.to_simplified(text))
    return [t for t in (tok.strip().lower() for tok in tokens) if t and _TOKEN.match(t)]


def query_terms(query: str) -> list[str]:
    """Terms a query must all match: jieba's precise cut for Chinese, words for English."""
    # Read in Simplified as the index is: 外商投資 finds 外商投资, and a Traditional copy's 投資.
    query = script.to_simplified(query.strip().lower())
    terms: list[str] = []
    for token in rjieba.cut(query):
        token = token.strip()
        if not token or not _TOKEN.match(token) or token in _STOP:
            continue
        if _CJK.search(token):
            terms.append(token)
        else:
            terms.extend(w for w in _ENGLISH_WORD.findall(token) if w not in _STOP)
    return list(dict.fromkeys(terms))


def index_text(measure: Measure, unit_names: Iterable[str] = ()) -> str:
    """Everything a measure is found by: Chinese title and text, English title and summary, units."""
    parts = [measure.title, measure.title, measure.text, *unit_names]
    tokens = segment(" ".join(parts))
    english = " ".join([measure.title_en, measure.summary_en]).lower()
    tokens.extend(_ENGLISH_WORD.findall(english))
    return " ".join(tokens)


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def index_measures(measures: Iterable[Measure]) -> None:
    """(Re)compute and store the search tokens of these measures.

    On SQLite only measures of latest versions enter the FTS table; ingesting
    a new version unindexes the old one (unindex_measures).
    """
    measures = list(measures)
    for measure in measures:
        names = [m.name for g in measure.unit_groups.all() for m in g.members.all()]
        measure.search_text = index_text(measure, names)
    Measure.objects.bulk_update(measures, ["search_text"], batch_size=500)
    if is_sqlite():
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(m.pk,) for m in measures])
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (%s, %s)",
                [(m.pk, m.search_text) for m in measures if m.document.is_latest],
            )


def unindex_measures(measure_ids: Iterable[int]) -> None:
    if is_sqlite():
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in measure_ids])


@dataclass
class Hit:
    measure: Measure
    score: float
    snippet: SafeString
    snippet_en: SafeString


@dataclass
class Results:
    query: str
    terms: list[str]
    total: int
    hits: list[Hit]
    capped: bool = False


COUNT_CAP = 1000


def search(
    query: str,
    *,
    document: int | None = None,
    unit: str | None = None,
    section: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Results:
    """Latest-version measures matching every term of the query, best first, with highlighted snippets.

    `unit` is a unit code, `document` a primary key, `section` a section title
    (so one filter covers the same heading across documents). Totals above
    COUNT_CAP are reported as "COUNT_CAP+" (`capped`): counting every match of
    a common word would cost as much as the search itself.
    """
    terms = query_terms(query)
    if not terms:
        return Results(query, terms, 0, [])
    subqueries, filter_params = _filters(document, unit, section)
    if is_sqlite():
        # The FTS table holds latest versions only (see index_measures), so an
        # unfiltered query never leaves it. Filters are rowid sets applied after
        # the match: the unary + keeps SQLite from handing `rowid IN (…)` to
        # FTS5, which would re-run the full-text query once per listed rowid.
        match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
        base = f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s" + "".join(f" AND +rowid IN ({q})" for q in subqueries)
        rows_sql = f"SELECT rowid, rank {base} ORDER BY rank LIMIT %s OFFSET %s"
        count_params = [match, *filter_params]
        row_params = [*count_params, limit, offset]
    else:
        tsquery = " & ".join("'" + t.replace("'", "''").replace("\\", "") + "'" for t in terms)
        base = (
            "FROM corpus_measure m JOIN corpus_document d ON d.id = m.document_id"
            " WHERE d.is_latest AND to_tsvector('simple', m.search_text) @@ to_tsquery('simple', %s)"
        ) + "".join(f" AND m.id IN ({q})" for q in subqueries)
        rows_sql = f"SELECT m.id, -ts_rank(to_tsvector('simple', m.search_text), to_tsquery('simple', %s)) AS score {base} ORDER BY score, m.id LIMIT %s OFFSET %s"
        count_params = [tsquery, *filter_params]
        row_params = [tsquery, *count_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(rows_sql, row_params)
        rows = cursor.fetchall()
        total = len(rows) + offset
        if len(rows) == limit or (offset and not rows):
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 {base} LIMIT {COUNT_CAP + 1}) capped", count_params)
            total = cursor.fetchone()[0]
    measures = Measure.objects.select_related("document", "section").in_bulk([r[0] for r in rows])
    hits = [
        Hit(
            measures[pk],
            -score,
            highlight(measures[pk].text, terms),
            highlight(measures[pk].summary_en or measures[pk].title_en, terms),
        )
        for pk, score in rows
        if pk in measures
    ]
    return Results(query, terms, min(total, COUNT_CAP), hits, capped=total > COUNT_CAP)


def _filters(document: int | None, unit: str | None, section: str | None) -> tuple[list[str], list]:
    """One subquery of measure ids per filter, and their parameters."""
    subqueries: list[str] = []
    params: list = []
    if document is not None:
        subqueries.append("SELECT id FROM corpus_measure WHERE document_id = %s")
        params.append(document)
    if section:
        subqueries.append("SELECT id FROM corpus_measure WHERE section_id IN (SELECT id FROM corpus_section WHERE title = %s)")
        params.append(section)
    if unit:
        subqueries.append(
            "SELECT g.measure_id FROM corpus_unitgroup g JOIN corpus_unitgroupmember gm ON gm.group_id = g.id"
            " WHERE gm.unit_id = (SELECT id FROM directory_unit WHERE code = %s)"
        )
        params.append(unit)
    return subqueries, params


def highlight(text: str, terms: list[str], width: int = 120) -> SafeString:
    """A window of the text around the first matching term, terms wrapped in <mark>."""
    if not text:
        return mark_safe("")
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    # Positions come from the same case-insensitive pattern on the text's
    # Simplified reading, which keeps every position (a Traditional copy's
    # 投資 is found as 投资 and marked as written); str.lower() would not
    # (İ), and would shift every offset after it.
    reading = script.to_simplified(text)
    first = pattern.search(reading)
    start = max(0, first.start() - width // 3) if first else 0
    window, window_reading = text[start : start + width], reading[start : start + width]
    pieces: list[str] = ["…" if start else ""]
    cursor = 0
    for match in pattern.finditer(window_reading):
        pieces.append(escape(window[cursor : match.start()]))
        pieces.append(f"<mark>{escape(window[match.start() : match.end()])}</mark>")
        cursor = match.end()
    pieces.append(escape(window[cursor:]))
    if start + width < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))


def similar_candidates(terms: list[str], exclude_document_ids: Iterable[int], limit: int = 50) -> list[int]:
    """Ids of latest-version measures sharing any of the terms, best first (for lineage)."""
    return [pk for pk, _score in rank_any(terms, exclude_document_ids, limit)]


def rank_any(terms: list[str], exclude_document_ids: Iterable[int] = (), limit: int = 50) -> list[tuple[int, float]]:
    """Latest-version measures sharing any of the terms, with relevance (higher is better), best first.

    Unlike `search`, one matching term is enough: a free-text question shares
    only some of its words with the measure that answers it.
    """
    terms = [t for t in dict.fromkeys(terms) if t][:32]
    if not terms:
        return []
    excluded = list(exclude_document_ids) or [0]
    placeholders = ",".join(["%s"] * len(excluded))
    if is_sqlite():
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        sql = (
            f"SELECT m.id, -bm25({FTS_TABLE}) AS score FROM {FTS_TABLE} f JOIN corpus_measure m ON m.id = f.rowid"
            f" JOIN corpus_document d ON d.id = m.document_id"
            f" WHERE {FTS_TABLE} MATCH %s AND d.is_latest AND m.document_id NOT IN ({placeholders}) ORDER BY score DESC, m.id LIMIT %s"
        )
    else:
        match = " | ".join("'" + t.replace("'", "''").replace("\\", "") + "'" for t in terms)
        sql = (
            "SELECT m.id, ts_rank(to_tsvector('simple', m.search_text), to_tsquery('simple', %s)) AS score"
            " FROM corpus_measure m JOIN corpus_document d ON d.id = m.document_id"
            " WHERE to_tsvector('simple', m.search_text) @@ to_tsquery('simple', %s) AND d.is_latest"
            f" AND m.document_id NOT IN ({placeholders})"
            " ORDER BY score DESC, m.id LIMIT %s"
        )
    params: list[str | int] = [match, *excluded, limit] if is_sqlite() else [match, match, *excluded, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], float(row[1])) for row in cursor.fetchall()]
