from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.industries import IndustryCodeError
from directory.industries import label as industry_label
from directory.models import Enterprise, Unit, Zone
from directory.roles import enterprise_ids, is_coordinator
from jobs import staging
from jobs.models import Job
from jobs.runner import start as start_job
from office.filetypes import XLSX
from office.tables import ImportRefused, read_upload
from reporting import analysis, bulk, exports, feeds, intake, permissions, statistics
from reporting.checks import CHECKS
from reporting.checks import settings_ as checks_settings
from reporting.forms import (
    ContributionFormSet,
    FeedForm,
    ImportForm,
    InvestorFormSet,
    ReportForm,
    ResolveForm,
    ReviewForm,
    attach_errors,
    report_data,
)
from reporting.models import Feed, Flag, Report
from reporting.reporting_rules import rules
from workflow.actors import record_actor
from workflow.models import StaleEdit
from workflow.transitions import InvalidTransition


def _my_enterprise(request) -> Enterprise | None:
    ids = sorted(enterprise_ids(request.user))
    return Enterprise.objects.filter(pk__in=ids[:1]).select_related("district").first()


def _report_or_404(request, pk: int) -> Report:
    report = permissions.visible_reports(request.user).select_related("enterprise", "district").filter(pk=pk).first()
    if report is None:
        raise Http404(_("没有找到该报告，或您无权查看。"))
    return report


@login_required
def reports(request):
    """An enterprise's own reports, or a reviewer's queue (district: its district; city: past district review)."""
    listed = permissions.visible_reports(request.user).select_related("enterprise", "district")
    status = request.GET.get("status", "")
    if status in Report.Status.values:
        listed = listed.filter(status=status)
    queue = permissions.review_queue(request.user).select_related("enterprise", "district")[:200]
    context = {
        "reports": listed[:300],
        "queue": queue,
        "status": status,
        "statuses": Report.Status.choices,
        "enterprise": _my_enterprise(request),
        "can_import": bool(permissions.review_districts(request.user)),
    }
    return render(request, "reporting/list.html", context)


def _initial(report: Report) -> tuple[dict, list[dict], list[dict]]:
    form = {name: getattr(report, name) for name in intake.CONTENT_FIELDS} | {"kind": report.kind, "based_on": report.version}
    investors = [
        {
            "name": i.name,
            "country": i.country.code,  # type: ignore[attr-defined]
            "share": i.share,
            "controller_name": i.controller_name,
            "controller_country": i.controller_country.code,  # type: ignore[attr-defined]
        }
        for i in report.investors.all()
    ]
    contributions = [
        {"investor": c.investor.name, "amount": c.amount, "currency": c.currency, "paid_on": c.paid_on}
        for c in report.contributions.select_related("investor")
    ]
    return form, investors, contributions


@login_required
def edit(request, pk: int | None = None):
    """File a report: save it as a draft, or submit it for district review. Every error stays on the page; nothing is half-saved."""
    enterprise = _my_enterprise(request)
    if enterprise is None:
        raise PermissionDenied(_("只有企业用户可以填报外商投资信息报告。"))
    report = None
    if pk is not None:
        report = _report_or_404(request, pk)
        if report.enterprise_id != enterprise.pk:
            raise PermissionDenied(_("只有报告所属企业可以修改报告。"))
        if not report.editable:
            return redirect(report)
    if request.method != "POST":
        if report is not None:
            initial, investor_rows, contribution_rows = _initial(report)
        else:
            initial = {"uscc": enterprise.uscc, "name": enterprise.name, "industry": enterprise.industry}
            investor_rows, contribution_rows = [], []
        context = {
            "form": ReportForm(initial=initial),
            "investors": InvestorFormSet(prefix="investors", initial=investor_rows),
            "contributions": ContributionFormSet(prefix="contributions", initial=contribution_rows),
            "report": report,
            "enterprise": enterprise,
            "rules": rules(),
        }
        return render(request, "reporting/edit.html", context)
    form = ReportForm(request.POST)
    investors = InvestorFormSet(request.POST, prefix="investors")
    contributions = ContributionFormSet(request.POST, prefix="contributions")
    context = {
        "form": form, "investors": investors, "contributions": contributions, "report": report, "enterprise": enterprise,
        "rules": rules(),
    }  # fmt: skip
    if not (form.is_valid() and investors.is_valid() and contributions.is_valid()):
        return render(request, "reporting/edit.html", context, status=400)
    try:
        with transaction.atomic():
            submitting = request.POST.get("action") == "submit"
            saved = intake.save(
                report_data(form, investors, contributions),
                enterprise,
                request.user,
                report,
                draft=not submitting,
                based_on=form.cleaned_data["based_on"],
            )
            if submitting:
                saved = intake.submit(saved, request.user)
    except intake.ReportInvalid as exc:
        attach_errors(exc.errors, form, investors, contributions)
        return render(request, "reporting/edit.html", context, status=400)
    except StaleEdit as stale:
        form.add_error(None, stale.message)
        return render(request, "reporting/edit.html", context, status=409)
    except InvalidTransition as exc:
        form.add_error(None, str(exc))
        return render(request, "reporting/edit.html", context, status=409)
    messages.success(request, _("报告已提交区级审核。") if saved.status == Report.Status.DISTRICT_REVIEW else _("草稿已保存。"))
    return redirect(saved)


@login_required
def report_detail(request, pk: int, review_form=None, error: str | None = None, status: int = 200):
    report = _report_or_404(request, pk)
    context = {
        "report": report,
        "investors": report.investors.all(),
        "contributions": report.contributions.select_related("investor"),
        "events": report.events.select_related("actor"),
        "level": permissions.review_level(request.user, report),
        "review_form": review_form or ReviewForm(),
        "mine": report.enterprise_id in enterprise_ids(request.user),
        "error": error,
    }
    return render(request, "reporting/report.html", context, status=status)


@login_required
@require_POST
def review(request, pk: int):
    report = _report_or_404(request, pk)
    level = permissions.review_level(request.user, report)
    if level is None:
        raise PermissionDenied(_("您不是该报告当前审核层级的审核员。"))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return report_detail(request, pk, review_form=form, status=400)
    try:
        intake.review(report, request.user, level, form.cleaned_data["decision"] == "accept", form.cleaned_data["comment"])
    except InvalidTransition as exc:
        return report_detail(request, pk, review_form=form, error=str(exc), status=409)
    return redirect("reporting:reports")


def _process_upload(request, upload, kind: str, done: str, **params) -> HttpResponse | list[str]:
    """Hand an uploaded file to its job. In-process the job is over at once: success goes on to `done` with the
    job's summary, a refusal gives back the problems for the form; with workers the job's page follows it."""
    try:
        content = read_upload(upload, feeds.MAX_BYTES if kind == "reporting.feed" else bulk.MAX_BYTES)
    except ImportRefused as exc:
        return exc.problems
    job = start_job(kind, request.user, upload=staging.keep(content), filename=upload.name, **params)
    if job.status == Job.Status.DONE:
        messages.success(request, job.result["summary"])
        return redirect(done)
    if job.status == Job.Status.FAILED and job.result.get("problems"):
        return job.result["problems"]
    # Still queued or running on a worker (or failed unexpectedly): its page follows it.
    return redirect(job)


@login_required
def import_reports(request):
    districts = permissions.review_districts(request.user)
    if not districts:
        raise PermissionDenied(_("只有区级审核员可以为本区批量导入报告。"))
    district = Unit.objects.get(pk=sorted(districts)[0])
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        outcome = _process_upload(
            request,
            form.cleaned_data["file"],
            "reporting.import",
            "reporting:reports",
            district=district.pk,
            importer=request.user.pk,
        )
        if isinstance(outcome, HttpResponse):
            return outcome
        problems = outcome
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reporting/import.html",
        {"form": form, "problems": problems, "district": district, "columns": list(bulk.COLUMNS)},
        status=status,
    )


def _statistics_only(request) -> None:
    if not permissions.sees_statistics(request.user):
        raise PermissionDenied(_("外资统计仅供协调员和各级审核员查看。"))


def _choice(value: str, allowed: tuple[str, ...], default: str) -> str:
    return value if value in allowed else default


@login_required
def statistics_page(request):
    """Actual use of FDI and new FIEs, as a table, a chart and an Excel file; each figure links to its reports."""
    _statistics_only(request)
    dimension = _choice(request.GET.get("dimension", ""), statistics.DIMENSIONS, "total")
    grain = _choice(request.GET.get("grain", ""), statistics.GRAINS, "year")
    updating = analysis.refresh_statistics(request.user)
    rows = statistics.table(dimension, grain, confirmed_leads=analysis.confirmed_leads())  # type: ignore[arg-type]
    label = labeller(dimension)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(exports.statistics_workbook(rows, dimension, grain, label), content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('外资统计.xlsx')}"
        return response
    context = {
        "rows": [(r, label(r.key)) for r in rows],
        "dimension": dimension,
        "grain": grain,
        "dimensions": statistics.DIMENSIONS,
        "grains": statistics.GRAINS,
        "chart": _chart(rows, label),
        "rates": statistics.rates(),
        "updating": updating,
        "updating_visible": updating is not None and (updating.started_by_id == request.user.pk or is_coordinator(request.user)),
        "query": f"dimension={dimension}&grain={grain}",
    }
    return render(request, "reporting/statistics.html", context)


CHART_SERIES = 12


def _chart(rows: list[statistics.Row], label: Callable[[str], str]) -> dict:
    """The largest groups over the whole range, one line each; the rest would crowd the chart (the table has them)."""
    periods = sorted({r.period for r in rows})
    totals: dict[str, float] = {}
    values: dict[tuple[str, str], float] = {}
    for r in rows:
        totals[r.key] = totals.get(r.key, 0) + r.fdi_usd
        values[(r.period, r.key)] = r.fdi_usd
    keys = sorted(totals, key=lambda k: (-totals[k], k))[:CHART_SERIES]
    # Periods before the first capital (years with only new FIEs) would open the chart with empty columns.
    with_capital = [p for p in periods if any(values.get((p, k)) for k in keys)]
    if with_capital:
        periods = periods[periods.index(with_capital[0]) :]
    series = [{"label": label(k), "data": [values.get((p, k), 0) for p in periods]} for k in keys]
    return {"labels": periods, "series": series, "title": _("实际使用外资（美元）")}


def labeller(dimension: str) -> Callable[[str], str]:
    """The display name of a group key in the current language, from names read once, not one query per row."""
    from django.utils.translation import get_language
    from django_countries import countries

    language = get_language()
    if dimension == "total":
        total = _("合计")
        return lambda key: total
    if dimension == "country":
        return lambda key: countries.name(key) or key
    if dimension in ("section", "division"):

        def industry(key: str) -> str:
            try:
                return industry_label(key, language)
            except IndustryCodeError:
                return key

        return industry
    model = Unit if dimension == "district" else Zone
    names = {obj.code: obj.display_name(language) for obj in model.objects.all()}
    return lambda key: names.get(key, key)


@login_required
def statistics_behind(request):
    _statistics_only(request)
    dimension = _choice(request.GET.get("dimension", ""), statistics.DIMENSIONS, "total")
    grain = _choice(request.GET.get("grain", ""), statistics.GRAINS, "year")
    key, period = request.GET.get("key", "")[:80], request.GET.get("period", "")[:10]
    ids = statistics.behind(dimension, key, period, grain)  # type: ignore[arg-type]
    reports = permissions.visible_reports(request.user).filter(pk__in=ids).select_related("district")
    return render(
        request,
        "reporting/behind.html",
        {"reports": reports, "key": labeller(dimension)(key), "period": period, "query": f"dimension={dimension}&grain={grain}"},
    )


@login_required
def flags(request):
    scope = permissions.flag_scope(request.user)
    if not permissions.sees_statistics(request.user):
        raise PermissionDenied(_("核查预警仅供协调员和各级审核员查看。"))
    check = request.GET.get("check", "")
    resolution = request.GET.get("resolution", "open")
    # By default what the latest run still finds; earlier findings stay one click away, with their resolutions.
    include_inactive = request.GET.get("inactive") == "1"
    listed = scope if include_inactive else scope.filter(active=True)
    if check in CHECKS:
        listed = listed.filter(check_id=check)
    if resolution in Flag.Resolution.values:
        listed = listed.filter(resolution=resolution)
    names = checks_settings()
    open_counts = dict(scope.filter(resolution=Flag.Resolution.OPEN, active=True).values_list("check_id").annotate(n=Count("pk")))
    context = {
        "flags": [(f, names.get(f.check_id, {})) for f in listed[:500]],
        "checks": [(name, names[name], open_counts.get(name, 0)) for name in CHECKS],
        "check": check,
        "resolution": resolution,
        "include_inactive": include_inactive,
        "resolutions": Flag.Resolution.choices,
        "can_run": is_coordinator(request.user) or permissions.is_city_reviewer(request.user),
        "resolve_form": ResolveForm(),
    }
    return render(request, "reporting/flags.html", context)


@login_required
@require_POST
def run_checks(request):
    if not (is_coordinator(request.user) or permissions.is_city_reviewer(request.user)):
        raise PermissionDenied(_("只有协调员和市级审核员可以运行核查。"))
    job = start_job("reporting.checks", request.user)
    if job.started_by_id != request.user.pk and not is_coordinator(request.user):
        # Someone else's run is already under way: its flags appear here when it ends.
        messages.info(request, _("核查正在进行中（由 %(user)s 发起），完成后本页将显示新的结果。") % {"user": job.started_by})
        return redirect("reporting:flags")
    return redirect(job)


@login_required
@require_POST
def resolve_flag(request, pk: int):
    flag = permissions.flag_scope(request.user).filter(pk=pk).first()
    if flag is None:
        raise Http404(_("没有找到该预警，或您无权处理。"))
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("reporting:flags")
    confirmed = Flag.Resolution.CONFIRMED
    if flag.check_id == "inflow_without_report" and confirmed in (form.cleaned_data["resolution"], flag.resolution):
        # A confirmed lead is in the city's statistics: only the city level puts it there or takes it out.
        if not (is_coordinator(request.user) or permissions.is_city_reviewer(request.user)):
            raise PermissionDenied(_("到资线索须由市级审核员或协调员确认或撤销确认。"))
    flag.resolution, flag.resolution_note = form.cleaned_data["resolution"], form.cleaned_data["note"]
    flag.resolved_numbers = flag.numbers
    flag.resolved_by, flag.resolved_at = request.user, timezone.now()
    record_actor(flag, request.user)
    flag.save()
    return redirect(f"{reverse('reporting:flags')}?check={flag.check_id}")


@login_required
def feeds_page(request):
    kinds = permissions.feed_kinds(request.user)
    if not kinds and not permissions.sees_statistics(request.user):
        raise PermissionDenied(_("部门数据仅供报送部门、协调员和审核员查看。"))
    form = FeedForm(request.POST or None, request.FILES or None, kinds=kinds)
    problems: list[str] = []
    if request.method == "POST":
        if not kinds:
            raise PermissionDenied(_("只有报送部门可以上传数据。"))
        if form.is_valid():
            outcome = _process_upload(
                request, form.cleaned_data["file"], "reporting.feed", "reporting:feeds",
                feed_kind=form.cleaned_data["kind"], uploader=request.user.pk,
            )  # fmt: skip
            if isinstance(outcome, HttpResponse):
                return outcome
            problems = outcome
    context = {
        "feeds": Feed.objects.select_related("unit", "uploaded_by")[:200],
        "form": form if kinds else None,
        "problems": problems,
    }
    return render(request, "reporting/feeds.html", context, status=400 if request.method == "POST" else 200)
