"""Information reports through the API: the same validator and review rules as the pages.

A bad payload answers 400 with a message per field path (e.g. `investors.1.share`) and writes nothing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.db import transaction
from ninja import Field, File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from directory.auth import signed_in
from directory.models import Enterprise
from directory.roles import enterprise_ids
from interface.api_schemas import ErrorOut, FieldErrorsOut
from office.tables import ImportRefused, read_upload
from reporting import analysis, feeds, intake, permissions, statistics
from reporting.models import Feed, Report
from reporting.validation import ContributionData, InvestorData, ReportData
from workflow.transitions import InvalidTransition

router = Router(tags=["reporting"], auth=signed_in())


class InvestorIn(Schema):
    name: str = Field(..., max_length=300)
    country: str = Field(..., description="ISO 3166-1 alpha-2; HK, MO, TW for 中国香港/澳门/台湾")
    share: str = Field(..., description='percent, e.g. "60"')
    controller_name: str = Field("", max_length=300)
    controller_country: str = ""


class ContributionIn(Schema):
    investor: str = Field(..., description="the investor's name as given in `investors`")
    amount: str
    currency: str
    paid_on: str = Field(..., description="YYYY-MM-DD")


class ReportIn(Schema):
    kind: Literal["initial", "change", "deregistration", "annual"]
    uscc: str
    name: str = Field(..., max_length=200)
    industry: str
    registered_capital: str
    capital_currency: str
    event_date: str = ""
    year: int | None = None
    revenue: str = ""
    total_assets: str = ""
    total_liabilities: str = ""
    employees: str = ""
    investors: list[InvestorIn] = Field(default_factory=list, max_length=50)
    contributions: list[ContributionIn] = Field(default_factory=list, max_length=100)
    submit: bool = Field(True, description="submit for district review at once (false keeps a draft)")


class ReportOut(Schema):
    id: int
    number: str
    kind: str
    status: str
    uscc: str
    name: str
    district: str
    year: int | None
    event_date: date | None
    submitted_at: datetime | None
    url: str


def report_out(report: Report) -> dict:
    return {
        "id": report.pk,
        "number": report.number,
        "kind": report.kind,
        "status": report.status,
        "uscc": report.uscc,
        "name": report.name,
        "district": report.district.code,
        "year": report.year,
        "event_date": report.event_date,
        "submitted_at": report.submitted_at,
        "url": report.get_absolute_url(),
    }


@router.post(
    "/reporting/reports",
    response={201: ReportOut, 400: FieldErrorsOut, 403: ErrorOut},
    summary="File an information report for your enterprise",
)
def file_report(request, body: ReportIn):
    ids = sorted(enterprise_ids(request.user))
    if not ids:
        return Status(403, {"detail": "Only enterprise accounts file information reports."})
    enterprise = Enterprise.objects.select_related("district").get(pk=ids[0])
    data = ReportData(
        **body.dict(exclude={"investors", "contributions", "submit"}),
        investors=[InvestorData(**i.dict()) for i in body.investors],
        contributions=[ContributionData(**c.dict()) for c in body.contributions],
    )
    try:
        with transaction.atomic():
            report = intake.save(data, enterprise, request.user, source=Report.Source.API)
            if body.submit:
                report = intake.submit(report, request.user)
    except intake.ReportInvalid as exc:
        return Status(400, {"detail": "The report has errors; nothing was saved.", "errors": exc.errors})
    return Status(201, report_out(report))


@router.get(
    "/reporting/reports",
    response=list[ReportOut],
    summary="Reports visible to you (yours, or your district's / the city's queue)",
)
def list_reports(request, status: Literal["draft", "district_review", "city_review", "returned", "accepted"] | None = None):
    reports = permissions.visible_reports(request.user).select_related("district")
    if status:
        reports = reports.filter(status=status)
    return [report_out(r) for r in reports[:500]]


@router.get("/reporting/reports/{report_id}", response={200: ReportOut, 404: ErrorOut}, summary="One report")
def get_report(request, report_id: int):
    report = permissions.visible_reports(request.user).select_related("district").filter(pk=report_id).first()
    if report is None:
        raise HttpError(404, "No report with this id is visible to you.")
    return report_out(report)


class ReviewIn(Schema):
    decision: Literal["accept", "return"]
    comment: str = Field("", max_length=4000)


@router.post(
    "/reporting/reports/{report_id}/review",
    response={200: ReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Review a report at your level",
)
def review_report(request, report_id: int, body: ReviewIn):
    report = permissions.visible_reports(request.user).select_related("district").filter(pk=report_id).first()
    if report is None:
        raise HttpError(404, "No report with this id is visible to you.")
    level = permissions.review_level(request.user, report)
    if level is None:
        return Status(403, {"detail": "You do not review this report at its current level."})
    try:
        report = intake.review(report, request.user, level, body.decision == "accept", body.comment)
    except InvalidTransition as exc:
        return Status(409, {"detail": str(exc)})
    return report_out(report)


class FeedOut(Schema):
    kind: str
    version: int
    rows: int
    repeated_rows: int
    unit: str
    uploaded_at: datetime


class RefusedOut(Schema):
    detail: str
    problems: list[str]


@router.post(
    "/reporting/feeds/{kind}",
    response={201: FeedOut, 400: RefusedOut, 403: ErrorOut},
    summary="Deliver a department feed (CSV or XLSX) as its next immutable version; any bad row refuses the file",
)
def upload_feed(request, kind: Literal["registration", "fx", "customs"], file: File[UploadedFile]):
    if kind not in permissions.feed_kinds(request.user):
        return Status(403, {"detail": f"Your account does not deliver the {kind} feed."})
    from directory.models import Unit

    try:
        feed = feeds.ingest(
            kind,
            file.name or "feed.csv",
            read_upload(file, feeds.MAX_BYTES),
            Unit.objects.get(code=feeds.DEPARTMENTS[Feed.Kind(kind)]),
            request.user,
        )
    except ImportRefused as exc:
        return Status(400, {"detail": "Nothing was stored.", "problems": exc.problems})
    return Status(
        201,
        {
            "kind": feed.kind,
            "version": feed.version,
            "rows": feed.rows,
            "repeated_rows": feed.repeated_rows,
            "unit": feed.unit.code,
            "uploaded_at": feed.uploaded_at,
        },
    )


class StatisticOut(Schema):
    period: str
    key: str
    fdi_usd: float
    fdi_usd_last_year: float | None
    fdi_change_percent: float | None
    new_fies: int
    new_fies_last_year: int | None


@router.get(
    "/reporting/statistics",
    response={200: list[StatisticOut], 403: ErrorOut},
    summary="Actual use of FDI (USD) and new FIEs by period and dimension",
)
def statistics_api(
    request,
    dimension: Literal["total", "district", "section", "division", "country", "zone"] = "total",
    grain: Literal["year", "quarter", "month"] = "year",
):
    if not permissions.sees_statistics(request.user):
        return Status(403, {"detail": "Statistics are for coordinators and reviewers."})
    analysis.refresh_statistics(request.user)
    rows = statistics.table(dimension, grain, confirmed_leads=analysis.confirmed_leads())
    return [
        {
            "period": r.period,
            "key": r.key,
            "fdi_usd": r.fdi_usd,
            "fdi_usd_last_year": r.fdi_usd_last_year,
            "fdi_change_percent": r.fdi_change,
            "new_fies": r.new_fies,
            "new_fies_last_year": r.new_fies_last_year,
        }  # fmt: skip
        for r in rows
    ]
