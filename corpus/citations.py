"""Which corpus documents a measure cites by name (《北京市外商投资条例》), and which measures cite a document.
A law is cited with or without its 中华人民共和国 prefix (《外商投资法》 is 《中华人民共和国外商投资法》)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from corpus.models import Document, Measure

STATE_PREFIX = "中华人民共和国"


@dataclass(frozen=True)
class Citation:
    title: str  # as the measure writes it
    document: Document | None  # the cited document when the corpus holds it


def _names(title: str) -> set[str]:
    short = title.removeprefix(STATE_PREFIX)
    return {title, short, STATE_PREFIX + short}


def cited_documents(measure: Measure) -> list[Citation]:
    titles = [law["title"] for law in (measure.mentions or {}).get("laws", [])]
    if not titles:
        return []
    wanted = set().union(*(_names(t) for t in titles))
    held = {
        d.base_title: d for d in Document.objects.filter(base_title__in=wanted, is_latest=True).exclude(pk=measure.document_id)
    }
    return [Citation(t, next((held[n] for n in _names(t) if n in held), None)) for t in titles]


def citing_measures(document: Document) -> QuerySet[Measure]:
    """Measures of other current documents that name this one in 《》."""
    named = Q()
    for name in _names(document.base_title):
        named |= Q(text__contains=f"《{name}》")
    return (
        Measure.objects.filter(named, document__is_latest=True)
        .exclude(document__base_title=document.base_title)
        .select_related("document")
        .order_by("document__title", "number")
    )
