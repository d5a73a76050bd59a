"""Corpus API: documents, measures, units' measures, search and ingestion."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from corpus import search as search_module
from corpus.extract import IngestError
from corpus.ingest import ingest_upload
from corpus.models import Document, Measure
from directory.auth import coordinators_only
from directory.models import Unit
from interface.api_schemas import ErrorOut

router = Router(tags=["corpus"])


class UnitRefOut(Schema):
    name: str
    unit_id: str | None
    generic: bool
    lead: bool


class UnitGroupOut(Schema):
    raw: str
    has_etc: bool
    closes: str
    units: list[UnitRefOut]


class MeasureSummaryOut(Schema):
    id: int
    document_id: int
    number: int
    title: str
    title_en: str
    section: str | None
    url: str


class MeasureOut(MeasureSummaryOut):
    text: str
    summary_en: str
    citation: str
    unit_groups: list[UnitGroupOut]
    mentions: dict
    similar: list[dict]


class SectionOut(Schema):
    number: str
    level: int
    title: str
    title_en: str


class DocumentSummaryOut(Schema):
    id: int
    title: str
    title_en: str
    status: str
    issuer: str
    date: date | None
    doc_number: str
    complete: bool
    version: int
    is_latest: bool
    sha256: str
    measure_count: int
    url: str


class DocumentOut(DocumentSummaryOut):
    sections: list[SectionOut]
    measures: list[MeasureSummaryOut]


class SearchHitOut(Schema):
    measure: MeasureSummaryOut
    document_title: str
    score: float
    snippet: str


class SearchOut(Schema):
    query: str
    terms: list[str]
    total: int
    total_is_lower_bound: bool
    hits: list[SearchHitOut]


class SearchParams(Schema):
    q: str = Field(max_length=200)
    document: int | None = Field(None, ge=1, le=2**31 - 1)
    unit: str | None = Field(None, max_length=80)
    section: str | None = Field(None, max_length=300)
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)


class IngestOut(Schema):
    action: str
    document_id: int | None
    parsed: dict


def document_summary(doc: Document) -> dict:
    """`doc` comes annotated with measure_count."""
    return {
        "id": doc.pk,
        "title": doc.title,
        "title_en": doc.title_en,
        "status": doc.status,
        "issuer": doc.issuer,
        "date": doc.issued_on,
        "doc_number": doc.doc_number,
        "complete": doc.complete,
        "version": doc.version,
        "is_latest": doc.is_latest,
        "sha256": doc.sha256,
        "measure_count": doc.measure_count,  # type: ignore[attr-defined]  # annotated by both callers
        "url": doc.get_absolute_url(),
    }


def measure_summary(measure: Measure) -> dict:
    return {
        "id": measure.pk,
        "document_id": measure.document_id,
        "number": measure.number,
        "title": measure.title,
        "title_en": measure.title_en,
        "section": measure.section.title if measure.section else None,
        "url": measure.get_absolute_url(),
    }


def measure_detail(measure: Measure) -> dict:
    groups = [
        {
            "raw": g.raw,
            "has_etc": g.has_etc,
            "closes": g.closes,
            "units": [
                {"name": m.name, "unit_id": m.unit.code if m.unit else None, "generic": m.generic, "lead": m.is_lead}
                for m in g.members.all()
            ],
        }
        for g in measure.unit_groups.all()
    ]
    similar = [
        {
            "measure_id": s.other_id,
            "document_id": s.other.document_id,
            "number": s.other.number,
            "title": s.other.title,
            "score": s.score,
        }
        for s in measure.similarities.select_related("other").filter(other__document__is_latest=True)
    ]
    return {
        **measure_summary(measure),
        "text": measure.text,
        "summary_en": measure.summary_en,
        "citation": f"《{measure.document.title}》第{measure.number}条",
        "unit_groups": groups,
        "mentions": measure.mentions,
        "similar": similar,
    }


@router.get("/documents", response=list[DocumentSummaryOut], summary="List documents")
def list_documents(request, latest_only: bool = True):
    documents = Document.objects.annotate(measure_count=Count("measures"))
    if latest_only:
        documents = documents.filter(is_latest=True)
    return [document_summary(d) for d in documents]


@router.get(
    "/documents/{document_id}", response={200: DocumentOut, 404: ErrorOut}, summary="A document with its sections and measures"
)
def get_document(request, document_id: int):
    doc = get_object_or_404(Document.objects.annotate(measure_count=Count("measures")), pk=document_id)
    measures = doc.measures.select_related("section")
    return {
        **document_summary(doc),
        "sections": [
            {"number": s.number, "level": s.level, "title": s.title, "title_en": s.title_en} for s in doc.sections.all()
        ],
        "measures": [measure_summary(m) for m in measures],
    }


@router.get(
    "/measures/{measure_id}",
    response={200: MeasureOut, 404: ErrorOut},
    summary="A measure with units, mentions and similar measures",
)
def get_measure(request, measure_id: int):
    measure = get_object_or_404(
        Measure.objects.select_related("document", "section").prefetch_related("unit_groups__members__unit"), pk=measure_id
    )
    return measure_detail(measure)


@router.get("/search", response={200: SearchOut, 400: ErrorOut}, summary="Full-text search over measures (Chinese or English)")
def search(request, params: Query[SearchParams]):
    if not params.q.strip():
        raise HttpError(400, "q must not be empty")
    results = search_module.search(
        params.q, document=params.document, unit=params.unit, section=params.section, limit=params.limit, offset=params.offset
    )
    return {
        "query": results.query,
        "terms": results.terms,
        "total": results.total,
        "total_is_lower_bound": results.capped,
        "hits": [
            {
                "measure": measure_summary(h.measure),
                "document_title": h.measure.document.title,
                "score": h.score,
                "snippet": str(h.snippet),
            }
            for h in results.hits
        ],
    }


@router.post(
    "/ingest",
    response={200: IngestOut, 201: IngestOut, 400: ErrorOut},
    auth=coordinators_only(),
    summary="Ingest a policy document (coordinators only)",
)
def ingest(request, file: File[UploadedFile], dry_run: bool = False):
    try:
        outcome = ingest_upload(file, dry_run=dry_run)
    except IngestError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(
        201 if outcome.created else 200,
        {
            "action": outcome.action,
            "document_id": outcome.document.pk if outcome.document else None,
            "parsed": outcome.parsed.as_json(),
        },
    )


class OwnedMeasureOut(MeasureSummaryOut):
    lead: bool
    document_title: str


@router.get(
    "/units/{code}/measures",
    response={200: list[OwnedMeasureOut], 404: ErrorOut},
    summary="Measures a unit owns, lead or co-unit",
)
def unit_measures(request, code: str, latest_only: bool = True):
    unit = get_object_or_404(Unit, code=code)
    measures = Measure.objects.owned_by(unit).select_related("document", "section")
    if latest_only:
        measures = measures.filter(document__is_latest=True)
    return [{**measure_summary(m), "lead": m.is_lead, "document_title": m.document.title} for m in measures]
