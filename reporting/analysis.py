"""Keeping the columnar snapshot fresh and running the checks: what the statistics and flags pages call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reporting.checks import CHECKS, run_all, store_flags
from reporting.checks import settings_ as checks_settings
from reporting.models import Flag
from reporting.snapshot import checks_lock, current_generation, snapshot_generation, snapshot_lock, snapshot_reports


def snapshot_if_stale(base: Path | None = None) -> bool:
    """Rewrite the snapshot when a report changed since it was written (judged by the event log, not by clocks)."""
    with snapshot_lock(base):
        if snapshot_generation(base) == current_generation():
            return False
        snapshot_reports(base)
        return True


def snapshot_is_current(base: Path | None = None) -> bool:
    return snapshot_generation(base) == current_generation()


def refresh_snapshot(base: Path | None = None, progress=None) -> dict:
    """The snapshot as a job: rewritten unless it is already current (another job may just have done it)."""
    with snapshot_lock(base):
        if snapshot_is_current(base):
            return {"reports": None}
        return {"reports": snapshot_reports(base, progress=progress)}


def refresh_statistics(user):
    """After a report changed, the snapshot is rewritten by a background job; with the in-process backend it is
    done before this returns, with workers the page shows the previous figures and says they are updating.
    Returns the unfinished job, if any."""
    if snapshot_is_current():
        return None
    from jobs.runner import start

    job = start("reporting.snapshot", user)
    return None if job.finished else job


def refresh_and_check(base: Path | None = None, progress=None) -> dict[str, int]:
    """Snapshot, run every check, keep the findings as flags; returns the number of findings per check.
    `progress` (jobs.runner.Progress) hears of each step: the snapshot, each check, storing the flags."""
    if progress is not None:
        progress.expect(len(CHECKS) + 2)
    with checks_lock(base):
        with snapshot_lock(base):
            snapshot_reports(base)
        if progress is not None:
            progress.step(_("报告快照已更新"))
        findings = run_all(base, on_check=_announce_checks(progress) if progress is not None else None)
        store_flags(findings)
    if progress is not None:
        progress.step(_("预警已保存"))
    return {name: len(found) for name, found in findings.items()}


def _announce_checks(progress) -> Callable[[str], None]:
    """Each finished check reported by its name in the job's language (the CLI's: Chinese)."""
    names = checks_settings()
    english = (get_language() or "").startswith("en")
    return lambda check: progress.step(names[check]["en" if english else "zh"])


def confirmed_leads() -> list[tuple]:
    """Capital inflows of leads a reviewer confirmed, for the statistics (uscc, district, industry, zone, country, amount, currency, day)."""
    from datetime import date

    rows = []
    for flag in Flag.objects.filter(check_id="inflow_without_report", resolution=Flag.Resolution.CONFIRMED):
        # The figures the reviewer confirmed, not whatever a later run found (that reopens the flag instead).
        numbers = flag.resolved_numbers or flag.numbers
        if not (flag.period.isdigit() and "inflow" in numbers):
            continue
        # A lead is dated by its first inflow of the year (flags from before that was recorded: the year's last day).
        try:
            day = date.fromisoformat(numbers["first_date"])
        except (KeyError, TypeError, ValueError):
            day = date(int(flag.period), 12, 31)
        rows.append(
            (
                flag.uscc,
                flag.district,
                numbers.get("industry", ""),
                None,
                "",
                float(numbers["inflow"]),
                numbers.get("currency", "USD"),
                day,
            )
        )
    return rows
