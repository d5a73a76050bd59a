"""The reporting work that runs as background jobs (jobs.runner)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.models import Unit
from jobs import staging
from jobs.runner import JobRefused, Progress, kind
from office.tables import ImportRefused
from reporting import analysis, bulk, feeds
from reporting.checks import settings_
from reporting.models import Feed


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


@kind("reporting.import", _("批量导入报告"))
def import_reports(progress: Progress, upload: str, filename: str, district: int, importer: int) -> dict:
    """A district's bulk import of a staged file: all reports written, or none and every row's problem."""
    content = staging.read(upload)
    user = get_user_model().objects.get(pk=importer)
    try:
        reports = bulk.import_reports(filename, content, Unit.objects.get(pk=district), user, progress=progress)
    except ImportRefused as exc:
        summary = gettext("文件有错误，未导入任何报告。")
        raise JobRefused(summary, [str(p) for p in exc.problems], reverse("reporting:import")) from exc
    summary = gettext("已导入 %(count)d 份报告，均已进入区级审核。") % {"count": len(reports)}
    return {"imported": len(reports), "summary": summary, "next": reverse("reporting:reports")}


@kind("reporting.feed", _("部门数据入库"))
def ingest_feed(progress: Progress, upload: str, filename: str, feed_kind: str, uploader: int) -> dict:
    """A department's delivery (registrations, FX flows, ...) checked row by row and stored, all or nothing."""
    content = staging.read(upload)
    user = get_user_model().objects.get(pk=uploader)
    unit = Unit.objects.get(code=feeds.DEPARTMENTS[Feed.Kind(feed_kind)])
    try:
        feed = feeds.ingest(feed_kind, filename, content, unit, user, progress=progress)
    except ImportRefused as exc:
        summary = gettext("文件有错误，未入库任何数据。")
        raise JobRefused(summary, [str(p) for p in exc.problems], reverse("reporting:feeds")) from exc
    summary = gettext("已存为第 %(v)d 版，共 %(n)d 行。") % {"v": feed.version, "n": feed.rows}
    if feed.repeated_rows:
        summary += " " + gettext("另有 %(r)d 行与此前报送的数据相同，未重复计入。") % {"r": feed.repeated_rows}
    return {"version": feed.version, "stored_rows": feed.rows, "summary": summary, "next": reverse("reporting:feeds")}
