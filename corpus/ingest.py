"""Ingest a policy file: extract, parse, store as a new document or version.

The single door used by the CLI, the management command, the upload page and
the API. Storage is one transaction: a failure leaves no half-written rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from corpus import search
from corpus.extract import IngestError, extract_text
from corpus.lexicon import Lexicon
from corpus.models import Document, Measure, MeasureSimilarity, Section, UnitGroup, UnitGroupMember
from corpus.parser import ParsedDocument, parse_document
from corpus.translations import apply_translations
from directory.models import Unit, UnitAlias, Zone
from directory.names import normalize_name

SIMILARITY_THRESHOLD = 0.35


@dataclass
class IngestOutcome:
    source_name: str
    parsed: ParsedDocument
    document: Document | None
    created: bool

    @property
    def action(self) -> str:
        if self.document is None:
            return "dry-run"
        if not self.created:
            return "unchanged"
        return "new-version" if self.document.version > 1 else "created"


def lexicon_from_database() -> Lexicon:
    """Unit aliases (reference and coordinator-mapped) and zone names as stored."""
    units = [
        (alias, code, kind == Unit.Kind.GENERIC)
        for alias, code, kind in UnitAlias.objects.values_list("alias", "unit__code", "unit__kind")
    ]
    zones = [(name, code) for code, name, _ in Zone.objects.values_list("code", "name", "aliases")]
    zones += [(alias, code) for code, _, aliases in Zone.objects.values_list("code", "name", "aliases") for alias in aliases]
    return Lexicon.build(units, zones)


def ingest_file(path: Path, *, dry_run: bool = False, lexicon: Lexicon | None = None) -> IngestOutcome:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    return ingest_bytes(data, str(path), dry_run=dry_run, lexicon=lexicon)


def ingest_upload(upload: UploadedFile, *, dry_run: bool = False, lexicon: Lexicon | None = None) -> IngestOutcome:
    """Ingest an uploaded file (upload page, API), refusing an oversized one before reading it into memory."""
    name = upload.name or "upload"
    check_size(upload.size or 0, name)
    return ingest_bytes(upload.read(), name, dry_run=dry_run, lexicon=lexicon)


def check_size(size: int, source_name: str) -> None:
    """Refuse an oversized document by its declared size, before a byte of it is read."""
    if size > settings.INVESTBJ_MAX_DOCUMENT_BYTES:
        raise IngestError(f"{source_name}: the file is larger than {settings.INVESTBJ_MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.")


def ingest_bytes(data: bytes, source_name: str, *, dry_run: bool = False, lexicon: Lexicon | None = None) -> IngestOutcome:
    """Parse and (unless dry_run) store; re-ingesting the same bytes changes nothing."""
    check_size(len(data), source_name)
    lexicon = lexicon or lexicon_from_database()
    extracted = extract_text(data, source_name)
    parsed = parse_document(extracted.text, lexicon, source_name=source_name)
    if dry_run:
        return IngestOutcome(source_name, parsed, None, False)
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Document.objects.filter(sha256=sha256).first()
    if existing:
        return IngestOutcome(source_name, parsed, existing, False)
    try:
        document = _store(parsed, sha256, Path(source_name).name, extracted.format, extracted.encoding or "")
    except IntegrityError as exc:
        # Two uploads of the same document (or of two new versions of it) at once:
        # the database kept one; nothing of this one was stored.
        raise IngestError(f"{source_name}: another upload of this document was stored at the same moment; try again.") from exc
    return IngestOutcome(source_name, parsed, document, True)


@transaction.atomic
def _store(parsed: ParsedDocument, sha256: str, source_name: str, fmt: str, encoding: str) -> Document:
    family = Document.objects.filter(base_title=parsed.base_title)
    # Lock the family's rows (aggregate() would not keep FOR UPDATE), so two new
    # versions cannot both become version n+1; a clash on an empty family is
    # caught by the unique constraint.
    members = list(family.select_for_update().order_by("version"))
    previous = next((d for d in members if d.is_latest), None)
    version = (members[-1].version if members else 0) + 1
    family.update(is_latest=False)
    search.unindex_measures(Measure.objects.filter(document__in=family).values_list("pk", flat=True))
    units = {u.code: u for u in Unit.objects.all()}
    document = Document.objects.create(
        title=parsed.title,
        base_title=parsed.base_title,
        status=parsed.status,
        issuer=parsed.issuer or "",
        issuer_unit=units.get(parsed.issuer_unit_id or ""),
        issued_on=parsed.date,
        doc_number=parsed.doc_number or "",
        sha256=sha256,
        complete=parsed.complete,
        structure=parsed.structure,
        script=parsed.script,
        adopted=parsed.adopted,
        effective=parsed.effective,
        version_history=[{**h, "date": h["date"].isoformat()} for h in parsed.history],
        attachments=parsed.attachments,
        source_name=source_name,
        source_format=fmt,
        encoding=encoding,
        preamble=parsed.preamble,
        text=parsed.text,
        version=version,
        previous=previous,
        is_latest=True,
    )
    sections = Section.objects.bulk_create(
        Section(document=document, order=i, number=s.number, level=s.level, title=s.title, text=s.text)
        for i, s in enumerate(parsed.sections)
    )
    measures = Measure.objects.bulk_create(
        Measure(
            document=document,
            section=sections[m.section_index] if m.section_index is not None else None,
            number=m.number,
            kind=m.kind,
            label=m.label,
            suffix=m.suffix,
            title=m.title,
            text=m.text,
            mentions=m.mentions,
        )
        for m in parsed.measures
    )
    _store_unit_groups(parsed, measures, units)
    apply_translations(document)
    stored = list(document.measures.prefetch_related("unit_groups__members"))
    search.index_measures(stored)
    link_similar_measures(stored)
    return document


def _store_unit_groups(parsed: ParsedDocument, measures: list[Measure], units: dict[str, Unit]) -> None:
    groups, members = [], []
    for measure, parsed_measure in zip(measures, parsed.measures, strict=True):
        for order, group in enumerate(parsed_measure.unit_groups):
            row = UnitGroup(
                measure=measure,
                order=order,
                raw=group.raw[:1000],
                has_etc=group.has_etc,
                closes=group.closes,
                scope=group.scope[:500],
                scope_inherited=group.scope_inherited,
            )
            groups.append((row, group))
    UnitGroup.objects.bulk_create([row for row, _ in groups])
    for row, group in groups:
        for order, ref in enumerate(group.units):
            members.append(
                UnitGroupMember(
                    group=row,
                    order=order,
                    name=ref.name[:200],
                    unit=units.get(ref.unit_id or ""),
                    generic=ref.generic,
                    lead=ref.lead,
                )
            )
    UnitGroupMember.objects.bulk_create(members)


def similarity(a: Measure, b: Measure) -> float:
    """Title likeness weighted with body overlap; identical titles score at least 0.6."""
    title = SequenceMatcher(None, a.title, b.title).ratio()
    tokens_a, tokens_b = set(a.search_text.split()), set(b.search_text.split())
    body = len(tokens_a & tokens_b) / (len(tokens_a | tokens_b) or 1)
    return round(0.6 * title + 0.4 * min(1.0, body * 2), 3)


def link_similar_measures(measures: list[Measure]) -> None:
    """Record, both ways, measures in other documents that resemble these."""
    if not measures:
        return
    document = measures[0].document
    family_ids = list(Document.objects.filter(base_title=document.base_title).values_list("id", flat=True))
    rows = []
    for measure in measures:
        terms = search.query_terms(measure.title)
        candidate_ids = search.similar_candidates(terms, family_ids)
        for other in Measure.objects.filter(pk__in=candidate_ids):
            score = similarity(measure, other)
            if score >= SIMILARITY_THRESHOLD:
                rows.append(MeasureSimilarity(measure=measure, other=other, score=score))
                rows.append(MeasureSimilarity(measure=other, other=measure, score=score))
    MeasureSimilarity.objects.bulk_create(rows, ignore_conflicts=True)


def reresolve_members(alias: UnitAlias) -> int:
    """After a coordinator maps a name, attach every unresolved mention of it."""
    updated = 0
    for member in UnitGroupMember.objects.filter(unit__isnull=True, generic=False):
        if normalize_name(member.name) == alias.key:
            member.unit = alias.unit
            member.generic = alias.unit.generic
            member.save(update_fields=["unit", "generic"])
            updated += 1
    return updated
