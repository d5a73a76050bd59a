"""Writing reports and moving them through review, each step atomic, guarded and recorded.

Draft → 区级审核 (the enterprise's district) → 市级审核 → accepted; either level may return a
report with comments, and the enterprise corrects and resubmits it from its draft."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Enterprise
from reporting import permissions
from reporting.models import Contribution, Investor, Report, ReportEvent
from reporting.validation import ContributionData, InvestorData, ReportData, problems
from workflow.actors import record_actor
from workflow.transitions import require

CONTENT_FIELDS = (
    "uscc", "name", "industry", "registered_capital", "capital_currency", "event_date", "year",
    "revenue", "total_assets", "total_liabilities", "employees",
)  # fmt: skip


class ReportInvalid(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def stored_data(report: Report) -> ReportData:
    """A saved report as the validator reads it, to check a draft in full when it is submitted."""
    data = ReportData(kind=report.kind, **{name: getattr(report, name) for name in CONTENT_FIELDS})
    data.investors = [
        InvestorData(i.name, i.country.code, i.share, i.controller_name, i.controller_country.code)  # type: ignore[attr-defined]
        for i in report.investors.all()
    ]
    data.contributions = [
        ContributionData(c.investor.name, c.amount, c.currency, c.paid_on)
        for c in report.contributions.select_related("investor")
    ]
    return data


def _event(report: Report, kind: str, actor, level: str = "", comment: str = "") -> None:
    ReportEvent.objects.create(report=report, kind=kind, actor=actor, level=level, comment=comment.strip())


def _write(report: Report, clean: dict[str, Any]) -> None:
    for name in CONTENT_FIELDS:
        setattr(report, name, clean.get(name))
    report.save()
    report.investors.all().delete()
    investors = {row["name"]: Investor.objects.create(report=report, **row) for row in clean.get("investors", [])}
    for row in clean.get("contributions", []):
        Contribution.objects.create(
            report=report, investor=investors[row["investor"]], **{k: v for k, v in row.items() if k != "investor"}
        )


@transaction.atomic
def save(
    data: ReportData,
    enterprise: Enterprise,
    user,
    report: Report | None = None,
    *,
    source: str = Report.Source.WEB,
    today: date | None = None,
    draft: bool = False,
    based_on: int | None = None,
) -> Report:
    """Create or rewrite a report's content; invalid data raises ReportInvalid and writes nothing.
    A draft may be incomplete (see validation.problems); `submit` checks it whole. Rewriting names the
    version it was read at (`based_on`) and raises StaleEdit if somebody saved since."""
    errors, clean = problems(data, today, draft=draft)
    if not errors and clean["uscc"] != enterprise.uscc:
        errors["uscc"] = _("统一社会信用代码与企业登记的代码（%(code)s）不一致。") % {"code": enterprise.uscc}
    if not errors and not enterprise.verified:
        errors["uscc"] = _("企业信息尚未核验，核验通过后才能报送外商投资信息报告。")
    if not errors and enterprise.district is None:
        errors["uscc"] = _("企业尚未填写所在区，无法确定审核的区。")
    if errors:
        raise ReportInvalid(errors)
    if report is None:
        report = Report(kind=data.kind, enterprise=enterprise, district=enterprise.district, filed_by=user, source=source)
    else:
        report = report.locked_for_edit(based_on)
        require(report.editable, _("报告正在审核或已通过，不能修改。"))
        report.version += 1
    report.kind = data.kind
    record_actor(report, user)
    _write(report, clean)
    _event(report, ReportEvent.Kind.SAVED, user)
    return report


@transaction.atomic
def submit(report: Report, user, today: date | None = None) -> Report:
    report = report.locked()
    require(report.editable, _("报告当前状态为“%(state)s”，不能提交。") % {"state": report.get_status_display()})
    errors, _clean = problems(stored_data(report), today)
    if errors:
        raise ReportInvalid(errors)
    report.status, report.submitted_at = Report.Status.DISTRICT_REVIEW, timezone.now()
    report.save_version(["status", "submitted_at"], user)
    _event(report, ReportEvent.Kind.SUBMITTED, user)
    return report


@transaction.atomic
def review(report: Report, reviewer, level: str, accept: bool, comment: str = "") -> Report:
    """A district or city reviewer passes the report on (or accepts it, at city level) or returns it with comments."""
    report = report.locked()
    expected = Report.Status.DISTRICT_REVIEW if level == "district" else Report.Status.CITY_REVIEW
    require(report.status == expected, _("报告当前状态为“%(state)s”，不在本级审核。") % {"state": report.get_status_display()})
    # The service enforces the same rule as the pages, so the API and the CLI cannot skip a level or a district.
    require(permissions.review_level(reviewer, report) == level, _("您不能在这一级审核这份报告。"))
    if not accept:
        require(bool(comment.strip()), _("退回报告时请写明需要修改的内容。"))
        report.status = Report.Status.RETURNED
        report.save_version(["status"], reviewer)
        _event(report, ReportEvent.Kind.RETURNED, reviewer, level, comment)
        return report
    if level == "district":
        report.status = Report.Status.CITY_REVIEW
        report.save_version(["status"], reviewer)
        _event(report, ReportEvent.Kind.DISTRICT_PASSED, reviewer, level, comment)
    else:
        report.status, report.accepted_at = Report.Status.ACCEPTED, timezone.now()
        report.save_version(["status", "accepted_at"], reviewer)
        _event(report, ReportEvent.Kind.CITY_ACCEPTED, reviewer, level, comment)
    return report
