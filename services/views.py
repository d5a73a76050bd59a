from __future__ import annotations

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.accounts import account_history, send_invitation
from directory.industries import IndustryCodeError
from directory.industries import label as industry_label
from directory.models import Enterprise, EnterpriseClaim, EnterpriseMembership
from directory.roles import enterprise_ids, has_other_roles, is_coordinator, unit_ids
from directory.throttling import throttled
from notifications.delivery import site_url
from office.filetypes import DOCX
from services import permissions, routing, signup, stats, steps
from services.catalogue import catalogue
from services.forms import (
    AccountForm,
    AnswerForm,
    ClaimDecisionForm,
    ColleagueForm,
    ConfirmForm,
    ContactFormSet,
    EnterpriseForm,
    ExtendForm,
    IssueForm,
    MinutesItemForm,
    NoteForm,
    PartnerContactForm,
    PartnerForm,
    ReasonForm,
    RoundtableForm,
    RouteForm,
    TopicForm,
    TransferDecisionForm,
    TransferForm,
    VerifyForm,
)
from services.minutes import minutes_docx
from services.models import Issue, IssueAttachment, IssueEvent, Partner, Roundtable, Transfer
from services.notify import tell_about
from services.signup import sign_up_from_forms
from workdays.calendar import overdue_cutoff
from workflow.actors import person_name
from workflow.models import StaleEdit, posted_version
from workflow.transitions import InvalidTransition


def _coordinator_only(request) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied(_("只有协调员（市商务局 / 两区办）可以进行此操作。"))


def _my_enterprise(request) -> Enterprise | None:
    ids = sorted(enterprise_ids(request.user))
    return Enterprise.objects.filter(pk__in=ids[:1]).first()


# ---------------------------------------------------------------- enterprises


def register(request):
    """An enterprise signs up: its account, its profile and a first contact, all or nothing (services.signup
    decides whether that is a new enterprise or a claim on one already registered)."""
    if request.user.is_authenticated and enterprise_ids(request.user):
        return redirect("services:home")
    account = AccountForm(request.POST or None, prefix="account")
    enterprise = EnterpriseForm(request.POST or None, prefix="enterprise", sign_up=True)
    contacts = ContactFormSet(request.POST or None, prefix="contacts")
    context = {"account": account, "enterprise": enterprise, "contacts": contacts}
    if request.method != "POST" or not all([account.is_valid(), enterprise.is_valid(), contacts.is_valid()]):
        return render(request, "services/register.html", context, status=400 if request.method == "POST" else 200)
    if refused := throttled(request, "registration"):
        return refused

    try:
        outcome = sign_up_from_forms(lambda: _fresh(account).save(), enterprise, contacts, site_url(request))
    except IntegrityError:
        # The same user name, taken by a sign-up that landed a moment earlier (a double click): that one stands.
        account.add_error("username", _("该用户名刚刚已被注册。如果是您刚才提交的，请直接登录。"))
        return render(request, "services/register.html", context, status=409)
    login(request, outcome.user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("注册已提交。协调员将核验企业信息，并通过通知和邮件告知您结果。"))
    return redirect("services:home")


def _fresh(form):
    """A model form whose save was rolled back saves its object anew."""
    form.instance.pk = None
    form.instance._state.adding = True
    return form


@login_required
def home(request):
    enterprise = _my_enterprise(request)
    if enterprise is None:
        claim = request.user.enterprise_claims.exclude(status=EnterpriseClaim.Status.ACCEPTED).first()
        if claim is not None:
            return render(request, "services/claim.html", {"claim": claim})
        return redirect("services:issues")
    return render(request, "services/home.html", _home_context(enterprise, ColleagueForm(prefix="colleague")))


def _home_context(enterprise: Enterprise, colleague_form: ColleagueForm) -> dict:
    return {
        "enterprise": enterprise,
        "issues": enterprise.issues.select_related("owner").order_by("-created_at"),
        "today": timezone.localdate(),
        "match_url": _match_url(enterprise),
        "industry_label": _industry(enterprise.industry),
        "countries": [c.name for c in enterprise.investor_countries],  # type: ignore[attr-defined]
        "colleagues": [m.user for m in enterprise.memberships.select_related("user").order_by("user__date_joined")],
        "account_history": account_history(enterprise),
        "colleague_form": colleague_form,
        "partnership": enterprise.partnerships.filter(ended_on__isnull=True)
        .select_related("service_unit", "service_contact")
        .first(),
    }


def _industry(code: str) -> str:
    try:
        return industry_label(code, get_language())
    except IndustryCodeError:
        # A code set in the back office without the form's check: show it as stored.
        return code


def _match_url(enterprise: Enterprise) -> str:
    """The policy matcher with the enterprise's profile filled in."""
    query: list[tuple[str, str]] = [("industry", enterprise.industry)]
    if enterprise.zone:
        query.append(("park", enterprise.zone.name))
        ftz = enterprise.zone.kind in ("ftz", "ftz_area") or (enterprise.zone.parent and enterprise.zone.parent.kind == "ftz")
        query.append(("zone", "bj-ftz" if ftz else "bj"))
    else:
        query.append(("zone", "bj"))
    return reverse("rules:match") + "?" + urlencode(query)


@login_required
@require_POST
def add_colleague(request):
    enterprise = _my_enterprise(request)
    if enterprise is None:
        raise PermissionDenied(_("只有企业用户可以添加同事账号。"))
    form = ColleagueForm(request.POST, prefix="colleague")
    if form.is_valid():
        with transaction.atomic():
            user = form.save()
            EnterpriseMembership.objects.create(user=user, enterprise=enterprise)
        send_invitation(request, user, enterprise.display_name(get_language()))
        messages.success(
            request,
            _("已为 %(name)s 开通账号，设置密码的链接已发送到 %(email)s。") % {"name": person_name(user), "email": user.email},
        )
        return redirect("services:home")
    return render(request, "services/home.html", _home_context(enterprise, form), status=400)


@login_required
@require_POST
def remove_colleague(request, user_id: int):
    """A colleague who left loses access: their membership ends (kept in the history, with who ended it) and,
    if the account acts for nobody else, it can no longer sign in."""
    enterprise = _my_enterprise(request)
    if enterprise is None:
        raise PermissionDenied(_("只有企业用户可以管理同事账号。"))
    membership = get_object_or_404(enterprise.memberships.select_related("user"), user_id=user_id)
    if membership.user_id == request.user.pk:
        messages.error(request, _("不能移除自己的账号；请由其他同事操作。"))
        return redirect("services:home")
    colleague = membership.user
    with transaction.atomic():
        membership.delete()
        if not has_other_roles(colleague):
            colleague.is_active = False
            colleague.save(update_fields=["is_active"])
    messages.success(request, _("已移除 %(name)s 的访问权限。") % {"name": person_name(colleague)})
    return redirect("services:home")


@login_required
def enterprises(request):
    _coordinator_only(request)
    state = request.GET.get("verification", Enterprise.Verification.PENDING)
    pending_claims = Count("claims", filter=Q(claims__status=EnterpriseClaim.Status.PENDING))
    listed = Enterprise.objects.select_related("district", "zone").annotate(pending_claims=pending_claims)
    listed = listed.order_by("-registered_at")
    if state in Enterprise.Verification.values:
        listed = listed.filter(verification=state)
    elif state == "claims":
        listed = listed.filter(pending_claims__gt=0)
    context = {"enterprises": listed, "state": state, "states": Enterprise.Verification.choices}
    return render(request, "services/enterprises.html", context)


@login_required
@require_POST
def decide_claim(request, pk: int):
    """A coordinator accepts or refuses someone's claim to act for an enterprise already registered."""
    _coordinator_only(request)
    claim = get_object_or_404(EnterpriseClaim.objects.select_related("enterprise", "user"), pk=pk)
    if claim.user_id == request.user.pk:
        raise PermissionDenied(_("不能核实自己提交的申请。"))
    form = ClaimDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("services:enterprise", pk=claim.enterprise_id)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        signup.decide(claim, accept, form.cleaned_data["note"].strip(), request.user, site_url(request))
    except signup.ClaimDecided as decided:
        messages.info(request, _("该申请已由他人核验：%(status)s。") % {"status": decided.claim.get_status_display()})
        return redirect("services:enterprise", pk=claim.enterprise_id)
    if accept:
        messages.success(request, _("已确认 %(name)s 可代表该企业。") % {"name": person_name(claim.user)})
    else:
        messages.success(request, _("已不予确认 %(name)s 的申请，并告知其原因。") % {"name": person_name(claim.user)})
    return redirect("services:enterprise", pk=claim.enterprise_id)


@login_required
def enterprise_detail(request, pk: int):
    _coordinator_only(request)
    enterprise = get_object_or_404(Enterprise.objects.select_related("district", "zone"), pk=pk)
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enterprise.verification = form.cleaned_data["decision"]
        enterprise.verification_note = form.cleaned_data["note"].strip()
        enterprise.verified_by, enterprise.verified_at = request.user, timezone.now()
        enterprise.save()
        messages.success(request, _("已记录核验结论：%(state)s。") % {"state": enterprise.get_verification_display()})
        return redirect("services:enterprise", pk=pk)
    context = {
        "enterprise": enterprise,
        "form": form,
        # One decision form per claim, each with ids of its own.
        "claims": [
            (claim, ClaimDecisionForm(auto_id=f"claim{claim.pk}_%s"))
            for claim in enterprise.claims.filter(status=EnterpriseClaim.Status.PENDING).select_related("user")
        ],
        "account_history": account_history(enterprise),
        "issues": enterprise.issues.select_related("owner"),
        "contacts": enterprise.contacts.all(),
        "countries": [c.name for c in enterprise.investor_countries],  # type: ignore[attr-defined]
        "users": [m.user for m in enterprise.memberships.select_related("user")],
    }
    return render(request, "services/enterprise.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------- issues


@login_required
def issues(request):
    """The list of issues a person may see: their enterprise's, their unit's queue, or all for coordinators."""
    today = timezone.localdate()
    enterprise = _my_enterprise(request)
    listed = permissions.visible_issues(request.user).select_related("enterprise", "owner")
    status = request.GET.get("status", "open")
    if status == "open":
        listed = listed.filter(status__in=Issue.OPEN)
    elif status == "overdue":
        listed = listed.overdue(today)
    elif status == "escalated":
        listed = listed.filter(escalated=True, status__in=Issue.OPEN)
    elif status in Issue.Status.values:
        listed = listed.filter(status=status)
    context = {
        "issues": listed[:300],
        "status": status,
        "statuses": Issue.Status.choices,
        "today": today,
        "cutoff": overdue_cutoff(today)[0],
        "coordinator": is_coordinator(request.user),
        "enterprise": enterprise,
        "show_enterprise": enterprise is None or is_coordinator(request.user),
        "pending_transfers": Transfer.objects.filter(decision=Transfer.Decision.PENDING).count()
        if is_coordinator(request.user)
        else 0,
    }
    return render(request, "services/issues.html", context)


@login_required
def issue_new(request):
    enterprise = _my_enterprise(request)
    if enterprise is None:
        raise PermissionDenied(_("只有企业用户可以提出诉求；请先注册企业账号。"))
    form = IssueForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = {k: v for k, v in form.cleaned_data.items() if k != "attachments"}
        issue = steps.raise_issue(enterprise, request.user, content, form.cleaned_data["attachments"])
        tell_about(issue, "submitted", request)
        messages.success(request, _("诉求 %(number)s 已提交。") % {"number": issue.number})
        return redirect(issue)
    return render(
        request, "services/issue_new.html", {"form": form, "enterprise": enterprise}, status=400 if form.errors else 200
    )


def _issue_or_404(request, pk: int) -> Issue:
    issue = permissions.visible_issues(request.user).select_related("enterprise", "owner", "raised_by").filter(pk=pk).first()
    if issue is None:
        raise Http404(_("没有找到该诉求，或您无权查看。"))
    return issue


@login_required
def issue_detail(request, pk: int, forms: dict | None = None, status: int = 200):
    issue = _issue_or_404(request, pk)
    user = request.user
    today = timezone.localdate()
    coordinator = is_coordinator(user)
    owner = permissions.owner_unit(user, issue)
    mine = permissions.is_enterprise_user(user, issue)
    internal = permissions.may_see_internal(user, issue)
    events = issue.events.select_related("actor", "unit", "target")
    if not internal:
        events = events.exclude(kind__in=IssueEvent.INTERNAL)
    forms = forms or {}
    proposals = (
        routing.propose_units(f"{issue.title}\n{issue.description}", issue.category) if coordinator and issue.is_open else []
    )
    context = {
        "issue": issue,
        "today": today,
        "overdue": issue.overdue(today),
        "sla": issue.sla_class,
        "category": catalogue().category(issue.category),
        "events": events,
        "answers": issue.answers.select_related("unit", "author").prefetch_related("attachments"),
        "attachments": issue.attachments.filter(answer__isnull=True),
        "co_units": issue.co_units.all(),
        "coordinator": coordinator,
        "owner_unit": owner,
        "enterprise_user": mine,
        "pending_transfer": issue.transfer_requests.filter(decision=Transfer.Decision.PENDING)
        .select_related("from_unit", "to_unit")
        .first(),
        "proposals": proposals,
        "route_form": forms.get("route") or RouteForm(initial={"unit": proposals[0].unit.pk} if proposals else None),
        "answer_form": forms.get("answer") or AnswerForm(),
        "transfer_form": forms.get("transfer") or TransferForm(prefix="transfer"),
        "extend_form": forms.get("extend") or ExtendForm(prefix="extend"),
        "refuse_form": forms.get("refuse") or ReasonForm(prefix="refuse"),
        "reopen_form": forms.get("reopen") or ReasonForm(prefix="reopen"),
        "withdraw_form": forms.get("withdraw") or ReasonForm(prefix="withdraw"),
        "confirm_form": forms.get("confirm") or ConfirmForm(),
        "note_form": forms.get("note") or NoteForm(prefix="note"),
        "decision_form": forms.get("decision") or TransferDecisionForm(),
        "can_note": coordinator or owner is not None or permissions.co_unit(user, issue) is not None,
        "error": forms.get("error"),
    }
    return render(request, "services/issue.html", context, status=status)


# The forms on an issue page that share field names (reason) each get a prefix, so ids stay unique.
PREFIXED = ("refuse", "reopen", "withdraw", "transfer", "extend", "note")


def _step(request, pk: int, form_key: str, form_class, action) -> HttpResponse:
    """Run one workflow step from a posted form; a refused step re-renders the issue with the reason (4xx)."""
    issue = _issue_or_404(request, pk)
    prefix = form_key if form_key in PREFIXED else None
    form = form_class(request.POST, request.FILES, prefix=prefix) if form_class else None
    if form is not None and not form.is_valid():
        return issue_detail(request, pk, forms={form_key: form}, status=400)
    try:
        with transaction.atomic():
            # A step taken from a page showing an older version is refused: someone acted on the issue since.
            issue.locked(posted_version(request))
            event = action(issue, form.cleaned_data if form is not None else {})
    except StaleEdit as stale:
        return issue_detail(request, pk, forms={"error": stale.message}, status=409)
    except InvalidTransition as exc:
        return issue_detail(request, pk, forms={"error": str(exc)}, status=409)
    if event:
        # Re-read without the visibility filter: after a refusal the unit no longer sees the issue.
        tell_about(Issue.objects.select_related("owner").get(pk=pk), event, request)
    if not permissions.visible_issues(request.user).filter(pk=pk).exists():
        messages.success(request, _("已退回协调员。"))
        return redirect("services:issues")
    return redirect("services:issue", pk=pk)


def _owner_or_403(request, issue: Issue):
    unit = permissions.owner_unit(request.user, issue)
    if unit is None:
        raise PermissionDenied(_("只有首接单位的工作人员可以进行此操作。"))
    return unit


def _enterprise_or_403(request, issue: Issue) -> None:
    if not permissions.is_enterprise_user(request.user, issue):
        raise PermissionDenied(_("只有提出诉求的企业可以进行此操作。"))


@login_required
@require_POST
def issue_route(request, pk: int):
    _coordinator_only(request)

    def act(issue, data):
        steps.route(issue, request.user, data["unit"], data["co_units"], data["reason"])
        return "routed"

    return _step(request, pk, "route", RouteForm, act)


@login_required
@require_POST
def issue_accept(request, pk: int):
    def act(issue, data):
        steps.accept(issue, request.user, _owner_or_403(request, issue))
        return "accepted"

    return _step(request, pk, "", None, act)


@login_required
@require_POST
def issue_refuse(request, pk: int):
    def act(issue, data):
        steps.refuse(issue, request.user, _owner_or_403(request, issue), data["reason"])
        return "refused"

    return _step(request, pk, "refuse", ReasonForm, act)


@login_required
@require_POST
def issue_transfer(request, pk: int):
    def act(issue, data):
        steps.request_transfer(issue, request.user, _owner_or_403(request, issue), data["to_unit"], data["reason"])
        return "transfer_requested"

    return _step(request, pk, "transfer", TransferForm, act)


@login_required
@require_POST
def transfer_decide(request, pk: int):
    _coordinator_only(request)
    transfer = get_object_or_404(Transfer, pk=pk)

    def act(issue, data):
        agree = data["decision"] == "agree"
        steps.decide_transfer(transfer, request.user, agree, data["note"])
        return "transfer_accepted" if agree else None

    return _step(request, transfer.issue_id, "decision", TransferDecisionForm, act)


@login_required
@require_POST
def issue_extend(request, pk: int):
    def act(issue, data):
        steps.extend(issue, request.user, _owner_or_403(request, issue), data["days"], data["reason"])
        return "extended"

    return _step(request, pk, "extend", ExtendForm, act)


@login_required
@require_POST
def issue_answer(request, pk: int):
    def act(issue, data):
        unit = _owner_or_403(request, issue)
        steps.answer(issue, request.user, unit, data["outcome"], data["text"], data["reason"], data["attachments"])
        return "answered"

    return _step(request, pk, "answer", AnswerForm, act)


@login_required
@require_POST
def issue_confirm(request, pk: int):
    def act(issue, data):
        _enterprise_or_403(request, issue)
        steps.confirm(issue, request.user, data["rating"], data["comment"])
        return "confirmed"

    return _step(request, pk, "confirm", ConfirmForm, act)


@login_required
@require_POST
def issue_reopen(request, pk: int):
    def act(issue, data):
        _enterprise_or_403(request, issue)
        steps.reopen(issue, request.user, data["reason"])
        return "reopened"

    return _step(request, pk, "reopen", ReasonForm, act)


@login_required
@require_POST
def issue_withdraw(request, pk: int):
    def act(issue, data):
        _enterprise_or_403(request, issue)
        steps.withdraw(issue, request.user, data["reason"])
        return None

    return _step(request, pk, "withdraw", ReasonForm, act)


@login_required
@require_POST
def issue_note(request, pk: int):
    def act(issue, data):
        unit = permissions.owner_unit(request.user, issue) or permissions.co_unit(request.user, issue)
        if unit is None and not is_coordinator(request.user):
            raise PermissionDenied(_("只有承办单位和协调员可以填写办理说明。"))
        steps.add_note(issue, request.user, unit, data["text"])
        return None

    return _step(request, pk, "note", NoteForm, act)


@login_required
def attachment(request, pk: int):
    file = get_object_or_404(IssueAttachment, pk=pk)
    _issue_or_404(request, file.issue_id)
    response = FileResponse(file.file.open("rb"), as_attachment=True, filename=file.name)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file.name)}"
    return response


@login_required
def board(request):
    """The coordinator's view of service quality: open issues by unit, overdue, time to answer, satisfaction, themes."""
    _coordinator_only(request)
    today = timezone.localdate()
    days = _board_days(request.GET.get("days", ""))
    since = today - timezone.timedelta(days=days)
    context = {
        "today": today,
        "days": days,
        "units": stats.unit_rows(today),
        "overdue": Issue.objects.overdue(today).select_related("enterprise", "owner")[:100],
        "escalated": Issue.objects.filter(escalated=True, status__in=Issue.OPEN).select_related("enterprise", "owner"),
        "transfers": Transfer.objects.filter(decision=Transfer.Decision.PENDING).select_related("issue", "from_unit", "to_unit"),
        "themes": stats.themes(since, get_language()),
        "totals": stats.totals(today),
    }
    return render(request, "services/board.html", context)


THEME_DAYS_DEFAULT, THEME_DAYS_MIN, THEME_DAYS_MAX = 90, 7, 730


def _board_days(raw: str) -> int:
    """The themes period asked for, kept within 7 days and 2 years; anything unreadable means the default."""
    try:
        return min(max(int(raw), THEME_DAYS_MIN), THEME_DAYS_MAX)
    except ValueError:
        return THEME_DAYS_DEFAULT


# ---------------------------------------------------------------- partners


@login_required
def partners(request):
    listed = permissions.visible_partners(request.user)
    if not is_coordinator(request.user) and not unit_ids(request.user):
        raise PermissionDenied(_("全球服务伙伴名单仅供协调员和服务单位查看。"))
    form = PartnerForm(request.POST or None) if is_coordinator(request.user) else None
    if request.method == "POST":
        _coordinator_only(request)
        assert form is not None
        if form.is_valid():
            with transaction.atomic():
                partner = form.save(commit=False)
                partner.enrolled_by = request.user
                partner.save()
                Issue.objects.filter(enterprise=partner.enterprise, status__in=Issue.OPEN).update(partner=True)
            messages.success(request, _("已将 %(name)s 纳入全球服务伙伴计划。") % {"name": partner.enterprise.name})
            return redirect(partner)
    context = {"partners": listed, "form": form}
    return render(request, "services/partners.html", context, status=400 if form is not None and form.errors else 200)


@login_required
def partner_detail(request, pk: int):
    partner = get_object_or_404(permissions.visible_partners(request.user), pk=pk)
    form = PartnerContactForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.partner, contact.logged_by = partner, request.user
        contact.save()
        messages.success(request, _("已记录服务情况。"))
        return redirect(partner)
    context = {
        "partner": partner,
        "contacts": partner.contacts.select_related("logged_by"),
        # Only the issues this reader may see anyway: the service unit is not every issue's owner.
        "issues": permissions.visible_issues(request.user)
        .filter(enterprise=partner.enterprise)
        .select_related("owner")
        .order_by("-created_at")[:50],
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "services/partner.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def partner_end(request, pk: int):
    _coordinator_only(request)
    partner = get_object_or_404(Partner, pk=pk, ended_on__isnull=True)
    partner.ended_on = timezone.localdate()
    partner.save()
    messages.success(request, _("%(name)s 已退出全球服务伙伴计划。") % {"name": partner.enterprise.name})
    return redirect(partner)


# ---------------------------------------------------------------- roundtables


@login_required
def roundtables(request):
    form = RoundtableForm(request.POST or None) if is_coordinator(request.user) else None
    if request.method == "POST":
        _coordinator_only(request)
        assert form is not None
        if form.is_valid():
            with transaction.atomic():
                roundtable = form.save(commit=False)
                roundtable.created_by = request.user
                roundtable.save()
                form.save_m2m()
            return redirect(roundtable)
    listed = permissions.visible_roundtables(request.user).select_related("host")
    return render(
        request,
        "services/roundtables.html",
        {"roundtables": listed, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


def _roundtable_or_404(request, pk: int) -> Roundtable:
    return get_object_or_404(permissions.visible_roundtables(request.user).select_related("host"), pk=pk)


@login_required
def roundtable_detail(request, pk: int, topic_form=None, item_form=None, status: int = 200):
    roundtable = _roundtable_or_404(request, pk)
    enterprise = _my_enterprise(request)
    invited = enterprise is not None and roundtable.enterprises.filter(pk=enterprise.pk).exists()
    coordinator = is_coordinator(request.user)
    issues = roundtable.issues.select_related("enterprise", "owner")
    if not coordinator and not unit_ids(request.user):
        issues = issues.filter(enterprise__in=enterprise_ids(request.user))
    context = {
        "roundtable": roundtable,
        "topics": roundtable.topics.select_related("enterprise")
        if coordinator or unit_ids(request.user)
        else roundtable.topics.filter(enterprise=enterprise),
        "issues": issues,
        "today": timezone.localdate(),
        "coordinator": coordinator,
        "topic_form": topic_form or (TopicForm() if invited and roundtable.held_on >= timezone.localdate() else None),
        "item_form": item_form or (MinutesItemForm(roundtable=roundtable) if coordinator else None),
        "follow_up": stats.follow_up(roundtable),
    }
    return render(request, "services/roundtable.html", context, status=status)


@login_required
@require_POST
def roundtable_topic(request, pk: int):
    roundtable = _roundtable_or_404(request, pk)
    enterprise = _my_enterprise(request)
    if enterprise is None or not roundtable.enterprises.filter(pk=enterprise.pk).exists():
        raise PermissionDenied(_("只有受邀企业可以提交议题。"))
    if roundtable.held_on < timezone.localdate():
        return roundtable_detail(request, pk, status=409)
    form = TopicForm(request.POST)
    if not form.is_valid():
        return roundtable_detail(request, pk, topic_form=form, status=400)
    topic = form.save(commit=False)
    topic.roundtable, topic.enterprise, topic.submitted_by = roundtable, enterprise, request.user
    topic.save()
    messages.success(request, _("议题已提交。"))
    return redirect(roundtable)


@login_required
@require_POST
def roundtable_item(request, pk: int):
    """A minutes item: an issue raised at the meeting becomes an issue assigned to a unit, with the usual clock."""
    _coordinator_only(request)
    roundtable = _roundtable_or_404(request, pk)
    form = MinutesItemForm(request.POST, roundtable=roundtable)
    if not form.is_valid():
        return roundtable_detail(request, pk, item_form=form, status=400)
    data = form.cleaned_data
    content = {
        "category": data["category"],
        "title": data["title"],
        "description": data["description"],
        "roundtable": roundtable,
        "roundtable_ok": True,
    }
    with transaction.atomic():
        issue = steps.raise_issue(data["enterprise"], request.user, content, today=roundtable.held_on)
        issue = steps.route(issue, request.user, data["unit"], reason=_("圆桌会议纪要事项"))
    tell_about(issue, "routed", request)
    messages.success(
        request, _("已记录会议事项 %(number)s 并交 %(unit)s 办理。") % {"number": issue.number, "unit": data["unit"].name}
    )
    return redirect(roundtable)


@login_required
def roundtable_minutes(request, pk: int):
    roundtable = _roundtable_or_404(request, pk)
    if not is_coordinator(request.user) and not unit_ids(request.user):
        raise PermissionDenied(_("会议纪要仅供协调员和参会单位下载。"))
    response = HttpResponse(minutes_docx(roundtable, get_language()), content_type=DOCX)
    name = f"圆桌会议纪要-{roundtable.held_on:%Y%m%d}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
