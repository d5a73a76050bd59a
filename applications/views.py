from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from applications import permissions, steps
from applications.eligibility import assess
from applications.forms import ApplicationForm, ProvideInfoForm, ReviewForm, WithdrawForm, initial_from
from applications.models import Application, ApplicationDocument, CatalogueVersion, Criterion, Qualification, ReviewStep
from applications.types import ApplicationType, get_type, registry
from directory.models import Enterprise
from directory.roles import enterprise_ids, is_coordinator, unit_ids
from interface.language import joined
from office.filetypes import DOCX
from workflow.models import StaleEdit
from workflow.transitions import InvalidTransition


def _type_or_404(type_id: str) -> ApplicationType:
    app_type = get_type(type_id)
    if app_type is None:
        raise Http404(_("没有这个申请事项。"))
    return app_type


def _my_enterprise(request) -> Enterprise | None:
    ids = sorted(enterprise_ids(request.user))
    return Enterprise.objects.filter(pk__in=ids[:1]).first()


def _application_or_404(request, pk: int) -> Application:
    application = permissions.visible_applications(request.user).select_related("enterprise", "applicant").filter(pk=pk).first()
    if application is None:
        raise Http404(_("没有找到该申请，或您无权查看。"))
    return application


def types(request):
    """The catalogue of application types, open to everyone: what each gives and on which clause it rests."""
    language = get_language()
    listed = sorted(registry().values(), key=lambda t: t.title.get(language))
    context = {"types": listed, "enterprise": _my_enterprise(request) if request.user.is_authenticated else None}
    return render(request, "applications/types.html", context)


def type_detail(request, type_id: str):
    app_type = _type_or_404(type_id)
    context = {
        "type": app_type,
        "criteria": Criterion.objects.filter(type_id=type_id),
        "steps": app_type.steps,
        "enterprise": _my_enterprise(request) if request.user.is_authenticated else None,
    }
    return render(request, "applications/type.html", context)


@login_required
def applications(request):
    today = timezone.localdate()
    listed = permissions.visible_applications(request.user).select_related("enterprise").prefetch_related("steps__unit")
    status = request.GET.get("status", "")
    if status in Application.Status.values:
        listed = listed.filter(status=status)
    units = unit_ids(request.user)
    my_steps = (
        ReviewStep.objects.filter(unit__in=units, status__in=[ReviewStep.Status.ACTIVE, ReviewStep.Status.INFO_REQUESTED])
        .select_related("application__enterprise", "unit")
        .order_by("due_on")
        if units
        else []
    )
    context = {
        "applications": listed[:300],
        "my_steps": my_steps,
        "today": today,
        "status": status,
        "statuses": [
            (v, label) for v, label in Application.Status.choices if v != Application.Status.DRAFT or enterprise_ids(request.user)
        ],
        "enterprise": _my_enterprise(request),
        "coordinator": is_coordinator(request.user),
    }
    return render(request, "applications/list.html", context)


def _form_context(
    request, app_type: ApplicationType, form: ApplicationForm, application: Application | None, enterprise: Enterprise
) -> dict:
    answers = form.answers() if form.is_bound and hasattr(form, "cleaned_data") else (application.answers if application else {})
    return {
        "type": app_type,
        "form": form,
        "application": application,
        "enterprise": enterprise,
        "eligibility": assess(app_type, answers, enterprise, get_language()),
        "criteria": Criterion.objects.filter(type_id=app_type.id),
        "documents": application.documents.filter(replaced=False) if application else [],
        "required": {f.id for f in app_type.fields if f.required} | {f"doc_{d.id}" for d in app_type.documents if d.required},
    }


@login_required
def apply(request, type_id: str, pk: int | None = None):
    """Fill in an application: check eligibility, save a draft, or submit (all required fields and documents)."""
    enterprise = _my_enterprise(request)
    if enterprise is None:
        raise PermissionDenied(_("只有企业用户可以提出申请；请先注册企业账号。"))
    application = None
    if pk is not None:
        application = get_object_or_404(Application, pk=pk, enterprise__in=enterprise_ids(request.user))
        if application.status != Application.Status.DRAFT:
            return redirect(application)
        type_id = application.type_id
    app_type = _type_or_404(type_id)
    language = get_language()
    if request.method != "POST":
        initial = initial_from(application.answers, app_type) | {"based_on": application.version} if application else None
        form = ApplicationForm(app_type, language, initial=initial)
        return render(request, "applications/apply.html", _form_context(request, app_type, form, application, enterprise))
    form = ApplicationForm(app_type, language, request.POST, request.FILES)
    action = request.POST.get("action", "save")
    if not form.is_valid():
        return render(
            request, "applications/apply.html", _form_context(request, app_type, form, application, enterprise), status=400
        )
    if action == "check":
        return render(request, "applications/apply.html", _form_context(request, app_type, form, application, enterprise))
    if action == "submit" and not form.require_complete():
        return render(
            request, "applications/apply.html", _form_context(request, app_type, form, application, enterprise), status=400
        )
    try:
        application = steps.save_draft(
            app_type, enterprise, request.user, form.answers(), form.documents(), application, form.cleaned_data["based_on"]
        )
    except StaleEdit as stale:
        form.add_error(None, stale.message)
        return render(
            request, "applications/apply.html", _form_context(request, app_type, form, application, enterprise), status=409
        )
    except InvalidTransition:
        # Submitted meanwhile (a second click, a colleague): nothing to save over.
        messages.error(request, _("该申请已提交，不能再修改。"))
        return redirect("applications:application", pk=pk)
    if action != "submit":
        messages.success(request, _("草稿已保存。"))
        return redirect(application)
    try:
        steps.submit(app_type, application, request.user, language=get_language())
    except InvalidTransition as exc:
        # The draft is kept; only the submission is refused, with what is missing.
        form.add_error(None, _("草稿已保存，但还不能提交：%(reason)s") % {"reason": exc})
        return render(
            request, "applications/apply.html", _form_context(request, app_type, form, application, enterprise), status=400
        )
    messages.success(request, _("申请 %(number)s 已提交。") % {"number": application.number})
    return redirect(application)


@login_required
def application_detail(request, pk: int, forms: dict | None = None, status: int = 200):
    application = _application_or_404(request, pk)
    app_type = application.app_type
    if app_type is None:
        raise Http404(_("该申请事项的定义已不存在。"))
    user = request.user
    language = get_language()
    forms = forms or {}
    steps = list(application.steps.select_related("unit", "decided_by").prefetch_related("info_requests"))
    context = {
        "application": application,
        "type": app_type,
        "steps": [(s, permissions.may_read_comment(user, s)) for s in steps],
        "today": timezone.localdate(),
        "answers": _answer_rows(app_type, application, language),
        "documents": application.documents.filter(replaced=False).select_related("uploaded_by"),
        "events": [
            (e, permissions.may_read_event_text(user, e))
            for e in application.events.select_related("actor", "unit", "application")
        ],
        "applicant": permissions.is_applicant(user, application),
        "acting_unit": permissions.acting_unit(user, application),
        "review_form": forms.get("review") or ReviewForm(),
        "info_form": forms.get("info") or ProvideInfoForm(app_type, language),
        "withdraw_form": forms.get("withdraw") or WithdrawForm(),
        "open_request": next((r for s in steps for r in s.info_requests.all() if r.answered_at is None), None),
        "error": forms.get("error"),
    }
    return render(request, "applications/application.html", context, status=status)


def _answer_rows(app_type: ApplicationType, application: Application, language: str | None) -> list[tuple[str, str]]:
    rows = []
    for spec in app_type.fields:
        value = application.answers.get(spec.id)
        if value in (None, "", []):
            shown = "—"
        elif spec.type in ("choice", "multi"):
            labels = {o.value: (o.en if (language or "").startswith("en") else o.zh) for o in spec.options}
            shown = joined([labels.get(v, str(v)) for v in (value if isinstance(value, list) else [value])])
        elif spec.type == "bool":
            shown = _("是") if value else _("否")
        elif spec.type == "country":
            shown = countries.name(value) or value
        elif spec.type == "qualification":
            shown = str(application.qualification) if application.qualification else str(value)
        else:
            shown = str(value)
        rows.append((spec.label.get(language), shown))
    return rows


def _step(request, pk: int, key: str, form, action) -> HttpResponse:
    if not form.is_valid():
        return application_detail(request, pk, forms={key: form}, status=400)
    application = _application_or_404(request, pk)
    try:
        action(application, form.cleaned_data)
    except InvalidTransition as exc:
        return application_detail(request, pk, forms={key: form, "error": str(exc)}, status=409)
    return redirect("applications:application", pk=pk)


@login_required
@require_POST
def review(request, pk: int):
    application = _application_or_404(request, pk)
    unit = permissions.acting_unit(request.user, application)
    if unit is None:
        raise PermissionDenied(_("只有当前审核步骤的单位可以审核。"))

    def act(app, data):
        comment = data["comment"]
        if data["decision"] == "pass":
            steps.pass_step(app, request.user, unit, comment)
        elif data["decision"] == "info":
            steps.request_info(app, request.user, unit, comment)
        else:
            steps.reject(app, request.user, unit, comment)

    return _step(request, pk, "review", ReviewForm(request.POST), act)


@login_required
@require_POST
def provide_info(request, pk: int):
    application = _application_or_404(request, pk)
    if not permissions.is_applicant(request.user, application):
        raise PermissionDenied(_("只有申请企业可以补充材料。"))
    app_type = application.app_type
    assert app_type is not None
    form = ProvideInfoForm(app_type, get_language(), request.POST, request.FILES)
    return _step(
        request, pk, "info", form, lambda app, data: steps.provide_info(app, request.user, data["answer"], form.documents())
    )


@login_required
@require_POST
def withdraw(request, pk: int):
    application = _application_or_404(request, pk)
    if not permissions.is_applicant(request.user, application):
        raise PermissionDenied(_("只有申请企业可以撤回申请。"))
    return _step(
        request,
        pk,
        "withdraw",
        WithdrawForm(request.POST),
        lambda app, data: steps.withdraw(app, request.user, data["reason"]),
    )


@login_required
def letter(request, pk: int):
    application = _application_or_404(request, pk)
    if not application.letter:
        raise Http404(_("尚未作出决定，没有结果通知书。"))
    response = HttpResponse(application.letter.read(), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(application.number + '.docx')}"
    return response


@login_required
def document(request, pk: int):
    file = get_object_or_404(ApplicationDocument, pk=pk)
    _application_or_404(request, file.application_id)
    response = FileResponse(file.file.open("rb"), as_attachment=True, filename=file.name)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file.name)}"
    return response


def qualifications(request):
    """The overseas qualification catalogue, searchable in zh and en, by edition."""
    versions = list(CatalogueVersion.objects.all())
    chosen = next((v for v in versions if v.version == request.GET.get("version")), None) or next(
        (v for v in versions if v.current), None
    )
    q = request.GET.get("q", "").strip()[:100]
    entries = Qualification.objects.filter(catalogue=chosen) if chosen else Qualification.objects.none()
    if q:
        entries = entries.filter(
            Q(name__icontains=q)
            | Q(name_en__icontains=q)
            | Q(issuer__icontains=q)
            | Q(occupation__icontains=q)
            | Q(occupation_en__icontains=q)
            | Q(country__icontains=q)
        )
    context = {"versions": versions, "chosen": chosen, "entries": entries[:500], "q": q}
    return render(request, "applications/qualifications.html", context)
