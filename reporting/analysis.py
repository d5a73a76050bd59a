"""Keeping the columnar snapshot fresh and running the checks: what the statistics and flags pages call."""

from __future__ import annotations

from pathlib import Path

from django.db.models import Max

from reporting.checks import run_all, store_flags
from reporting.columnar import store_dir
from reporting.models import Flag, Report
from reporting.snapshot import snapshot_reports


def snapshot_if_stale(base: Path | None = None) -> bool:
    """Rewrite the snapshot when a report was submitted or accepted after it was written."""
    target = store_dir(base) / "reports.parquet"
    latest = Report.objects.aggregate(submitted=Max("submitted_at"), accepted=Max("accepted_at"), events=Max("events__at"))
    newest = max((v for v in latest.values() if v is not None), default=None)
    if target.exists() and (newest is None or newest.timestamp() <= target.stat().st_mtime):
        return False
    snapshot_reports(base)
    return True


def refresh_and_check(base: Path | None = None) -> dict[str, int]:
    """Snapshot, run every check, keep the findings as flags; returns the number of findings per check."""
    snapshot_reports(base)
    findings = run_all(base)
    store_flags(findings)
    return {name: len(found) for name, found in findings.items()}


def confirmed_leads() -> list[tuple]:
    """Capital inflows of leads a reviewer confirmed, for the statistics (uscc, district, industry, zone, country, amount, currency, day)."""
    from datetime import date

    rows = []
    for flag in Flag.objects.filter(check_id="inflow_without_report", resolution=Flag.Resolution.CONFIRMED):
        numbers = flag.numbers
        if flag.period.isdigit() and "inflow" in numbers:
            # A lead's inflows are counted on the last day of its year: the feed totals them by year.
            rows.append(
                (
                    flag.uscc,
                    flag.district,
                    "",
                    None,
                    "",
                    float(numbers["inflow"]),
                    numbers.get("currency", "USD"),
                    date(int(flag.period), 12, 31),
                )
            )
    return rows
