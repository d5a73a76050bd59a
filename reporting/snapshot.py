"""The database's reports copied into the columnar store, for the checks and the statistics."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pyarrow as pa
from django.db.models import Max

from reporting.columnar import CONTRIBUTION_SCHEMA, INVESTOR_SCHEMA, REPORT_SCHEMA, store_dir, write_atomically
from reporting.models import Contribution, Investor, Report, ReportEvent

CHUNK = 20_000


def _table(rows, schema: pa.Schema) -> pa.Table:
    columns: dict[str, list] = {f.name: [] for f in schema}
    for row in rows:
        for name, value in zip(columns, row, strict=True):
            columns[name].append(float(value) if value is not None and pa.types.is_floating(schema.field(name).type) else value)
    return pa.table(columns, schema=schema)


def snapshot_reports(base: Path | None = None) -> int:
    """Every submitted report (drafts stay private) with its investors and contributions; returns the report count."""
    root = store_dir(base)
    # Read before the copy: a change made while copying leaves the marker behind, so the next page snapshots again.
    generation = current_generation()
    reports = Report.objects.exclude(status=Report.Status.DRAFT).order_by("pk")
    report_rows = reports.values_list(
        "pk", "uscc", "kind", "status", "district__code", "industry", "name", "registered_capital", "capital_currency",
        "event_date", "year", "revenue", "total_assets", "total_liabilities", "employees", "filed_by", "enterprise__zone__code",
    ).iterator(chunk_size=CHUNK)  # fmt: skip
    table = _table(report_rows, REPORT_SCHEMA)
    write_atomically(table, root / "reports.parquet")
    investors = (
        Investor.objects.filter(report__in=reports).values_list("report", "name", "country", "share").iterator(chunk_size=CHUNK)
    )
    write_atomically(_table(investors, INVESTOR_SCHEMA), root / "investors.parquet")
    contributions = (
        Contribution.objects.filter(report__in=reports)
        .values_list("report", "investor__name", "investor__country", "amount", "currency", "paid_on")
        .iterator(chunk_size=CHUNK)
    )
    write_atomically(_table(contributions, CONTRIBUTION_SCHEMA), root / "contributions.parquet")
    from reporting.statistics import materialize

    materialize(root)
    _write_manifest(root, {"generation": generation, "reports": table.num_rows})
    return table.num_rows


MANIFEST = "manifest.json"


def current_generation() -> int:
    """Every change of a report's content or status writes a ReportEvent, so the newest event's id marks the data."""
    return ReportEvent.objects.aggregate(m=Max("pk"))["m"] or 0


def snapshot_generation(base: Path | None = None) -> int | None:
    try:
        return int(json.loads((store_dir(base) / MANIFEST).read_text())["generation"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_manifest(root: Path, content: dict) -> None:
    partial = root / f".{MANIFEST}.{uuid.uuid4().hex}.partial"
    partial.write_text(json.dumps(content))
    os.replace(partial, root / MANIFEST)
