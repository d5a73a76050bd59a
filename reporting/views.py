from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import Enterprise, Unit
from directory.roles import enterprise_ids
from reporting import bulk, intake, permissions
from reporting.forms import ContributionFormSet, ImportForm, InvestorFormSet, ReportForm, ReviewForm, attach_errors, report_data
from reporting.models import Report
from tracking.models import InvalidTransition


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
    queue = [
        r
        for r in permissions.visible_reports(request.user)
        .filter(status__in=[Report.Status.DISTRICT_REVIEW, Report.Status.CITY_REVIEW])
        .select_related("enterprise", "district")[:200]
        if permissions.review_level(request.user, r)
    ]
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
    form = {name: getattr(report, name) for name in intake.CONTENT_FIELDS} | {"kind": report.kind}
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
        }
        return render(request, "reporting/edit.html", context)
    form = ReportForm(request.POST)
    investors = InvestorFormSet(request.POST, prefix="investors")
    contributions = ContributionFormSet(request.POST, prefix="contributions")
    context = {"form": form, "investors": investors, "contributions": contributions, "report": report, "enterprise": enterprise}
    if not (form.is_valid() and investors.is_valid() and contributions.is_valid()):
        return render(request, "reporting/edit.html", context, status=400)
    try:
        with transaction.atomic():
            saved = intake.save(report_data(form, investors, contributions), enterprise, request.user, report)
            if request.POST.get("action") == "submit":
                saved = intake.submit(saved, request.user)
    except intake.ReportInvalid as exc:
        attach_errors(exc.errors, form, investors, contributions)
        return render(request, "reporting/edit.html", context, status=400)
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


@login_required
def import_reports(request):
    districts = permissions.review_districts(request.user)
    if not districts:
        raise PermissionDenied(_("只有区级审核员可以为本区批量导入报告。"))
    district = Unit.objects.get(pk=sorted(districts)[0])
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imported = bulk.import_reports(upload.name, upload.read(), district, request.user)
        except bulk.ImportRefused as exc:
            problems = exc.problems
        else:
            messages.success(request, _("已导入 %(count)d 份报告，均已进入区级审核。") % {"count": len(imported)})
            return redirect("reporting:reports")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reporting/import.html",
        {"form": form, "problems": problems, "district": district, "columns": list(bulk.COLUMNS)},
        status=status,
    )
