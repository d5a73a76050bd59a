"""The reporting work that runs as background jobs (jobs.runner)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobs.runner import Progress, kind
from reporting import analysis
from reporting.checks import settings_


@kind("reporting.checks", _("运行交叉核查"))
def run_checks(progress: Progress) -> dict:
    """Snapshot the reports and run the nine cross-checks; the result lists the findings per check."""
    counts = analysis.refresh_and_check(progress=progress)
    names = settings_()
    rows = [{"zh": names[check]["zh"], "en": names[check]["en"], "count": count} for check, count in counts.items()]
    return {"counts": counts, "rows": rows, "findings": sum(counts.values()), "next": reverse("reporting:flags")}


@kind("reporting.snapshot", _("更新统计数据"))
def refresh_snapshot(progress: Progress) -> dict:
    """Copy the reports in review or accepted into the columnar store, unless a run just did."""
    return {**analysis.refresh_snapshot(progress=progress), "next": reverse("reporting:statistics")}
