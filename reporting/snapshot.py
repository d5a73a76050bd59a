"""The database's reports copied into the columnar store, for the checks and the statistics."""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
from django.db.models import Count, Max

from reporting.columnar import CONTRIBUTION_SCHEMA, INVESTOR_SCHEMA, REPORT_SCHEMA, store_dir, write_atomically
from reporting.models import Contribution, Investor, Report, ReportEvent

CHUNK = 20_000


def _table(rows, schema: pa.Schema) -> pa.Table:
    columns: dict[str, list] = {f.name: [] for f in schema}
    for row in rows:
        for name, value in zip(columns, row, strict=True):
            columns[name].append(float(value) if value is not None and pa.types.is_floating(schema.field(name).type) else value)
    return pa.table(columns, schema=schema)


# In review or accepted: what the checks and statistics look at. Drafts stay private, and a returned report
# is being corrected, so its figures are provisional until it is submitted again.
SNAPSHOT_STATUSES = (Report.Status.DISTRICT_REVIEW, Report.Status.CITY_REVIEW, Report.Status.ACCEPTED)


def snapshot_reports(base: Path | None = None, progress=None) -> int:
    """The reports in review or accepted, with their investors and contributions; returns the report count."""
    root = store_dir(base)
    from reporting.feeds import sweep_all_orphans

    if progress is not None:
        progress.expect(4)
    sweep_all_orphans(base)
    # Read before the copy: a change made while copying leaves the marker behind, so the next page snapshots again.
    generation = current_generation()
    reports = Report.objects.filter(status__in=SNAPSHOT_STATUSES).order_by("pk")
    report_rows = reports.values_list(
        "pk", "uscc", "kind", "status", "district__code", "industry", "name", "registered_capital", "capital_currency",
        "event_date", "year", "revenue", "total_assets", "total_liabilities", "employees", "filed_by", "enterprise__zone__code",
    ).iterator(chunk_size=CHUNK)  # fmt: skip
    table = _table(report_rows, REPORT_SCHEMA)
    write_atomically(table, root / "reports.parquet")
    if progress is not None:
        progress.step("reports")
    investors = (
        Investor.objects.filter(report__in=reports).values_list("report", "name", "country", "share").iterator(chunk_size=CHUNK)
    )
    write_atomically(_table(investors, INVESTOR_SCHEMA), root / "investors.parquet")
    if progress is not None:
        progress.step("investors")
    contributions = (
        Contribution.objects.filter(report__in=reports)
        .values_list("report", "investor__name", "investor__country", "amount", "currency", "paid_on")
        .iterator(chunk_size=CHUNK)
    )
    write_atomically(_table(contributions, CONTRIBUTION_SCHEMA), root / "contributions.parquet")
    if progress is not None:
        progress.step("contributions")
    from reporting.statistics import materialize

    materialize(root)
    _write_manifest(root, {"generation": generation, "reports": table.num_rows})
    if progress is not None:
        progress.step("statistics")
    return table.num_rows


MANIFEST = "manifest.json"


def current_generation() -> list[int]:
    """What the snapshot was taken from: the number of report events that change a snapshotted report, and the
    newest one's id. Every submission, review step and import writes one (a draft's save does not matter here).
    The count catches a transaction that commits after a later one (ids are handed out before commit), and
    comparing for equality catches a database restored to an earlier state."""
    found = ReportEvent.objects.exclude(kind=ReportEvent.Kind.SAVED).aggregate(n=Count("pk"), m=Max("pk"))
    return [found["n"], found["m"] or 0]


def snapshot_generation(base: Path | None = None) -> list[int] | None:
    try:
        generation = json.loads((store_dir(base) / MANIFEST).read_text())["generation"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return generation if isinstance(generation, list) else None


@contextmanager
def snapshot_lock(base: Path | None = None) -> Iterator[None]:
    """One snapshot at a time, so the manifest always describes the files beside it."""
    with _file_lock(base, ".snapshot.lock"):
        yield


@contextmanager
def checks_lock(base: Path | None = None) -> Iterator[None]:
    """One run of the checks at a time (a nightly run and a reviewer's would both insert the same new flags)."""
    with _file_lock(base, ".checks.lock"):
        yield


@contextmanager
def _file_lock(base: Path | None, name: str) -> Iterator[None]:
    with open(store_dir(base) / name, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_manifest(root: Path, content: dict) -> None:
    partial = root / f".{MANIFEST}.{uuid.uuid4().hex}.partial"
    partial.write_text(json.dumps(content))
    os.replace(partial, root / MANIFEST)
