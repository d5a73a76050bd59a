"""Enterprise-services API: enterprise accounts and issues, under the same permissions and checks as the pages.

Other enterprises' and units' issues answer 404. A step the issue's state does
not allow answers 409 with the reason; a bad field answers 400 or 422 naming it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from attachments.uploads import attachment_problem
from directory.auth import signed_in
from directory.models import Enterprise, Unit, Zone
from directory.roles import enterprise_ids, is_coordinator, unit_ids
from directory.throttling import throttled
from interface.api_schemas import ErrorOut, FieldErrorsOut
from notifications.delivery import site_url
from services import permissions, routing, steps
from services.catalogue import catalogue
from services.forms import ContactFormSet, EnterpriseForm
from services.models import Issue
from services.notify import tell_about
from services.signup import sign_up_from_forms
from workflow.transitions import InvalidTransition

router = Router(tags=["services"], auth=signed_in())


class ContactIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    title: str = Field("", max_length=100)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)


class EnterpriseIn(Schema):
    uscc: str = Field(..., description="unified social credit code (18 characters, GB 32100-2015)")
    name: str = Field(..., min_length=1, max_length=200)
    name_en: str = Field("", max_length=300)
    investor_countries: list[str] = Field(
        ..., min_length=1, description="ISO 3166-1 alpha-2 codes; HK, MO, TW for 中国香港/澳门/台湾"
    )
    industry: str = Field(..., description="GB/T 4754-2017 code, e.g. 6421 or I64")
    district: str = Field(..., description="unit code of the district government, e.g. district-chaoyang")
    zone: str | None = Field(None, description="zone or park code")
    contacts: list[ContactIn] = Field(..., min_length=1)


class EnterpriseOut(Schema):
    id: int
    uscc: str
    name: str
    name_en: str
    investor_countries: list[str]
    industry: str
    district: str | None
    zone: str | None
    verification: Literal["pending", "verified", "rejected"]


def enterprise_out(enterprise: Enterprise) -> dict:
    return {
        "id": enterprise.pk,
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "name_en": enterprise.name_en,
        "investor_countries": [c.code for c in enterprise.investor_countries],  # type: ignore[attr-defined]
        "industry": enterprise.industry,
        "district": enterprise.district.code if enterprise.district else None,
        "zone": enterprise.zone.code if enterprise.zone else None,
        "verification": enterprise.verification,
    }


def _registration_forms(body: EnterpriseIn) -> tuple[EnterpriseForm, Any, dict[str, str]]:
    """The page's own forms (EnterpriseForm, ContactFormSet) over the payload, so the API checks exactly what the
    page checks and says it in the same translated words; the district and the zone come as codes here."""
    errors: dict[str, str] = {}
    district = Unit.objects.filter(code=body.district, kind=Unit.Kind.DISTRICT_GOVERNMENT).first()
    if district is None:
        errors["district"] = _("“%(code)s”不是区政府的单位代码。") % {"code": body.district}
    zone = Zone.objects.filter(code=body.zone).first() if body.zone else None
    if body.zone and zone is None:
        errors["zone"] = _("没有代码为“%(code)s”的区域（园区）。") % {"code": body.zone}
    data: dict[str, Any] = {
        "uscc": body.uscc, "name": body.name, "name_en": body.name_en, "industry": body.industry,
        "investor_countries": [c.upper() for c in body.investor_countries],
        "district": district.pk if district else "", "zone": zone.pk if zone else "",
        "contacts-TOTAL_FORMS": len(body.contacts), "contacts-INITIAL_FORMS": 0,
    }  # fmt: skip
    for index, contact in enumerate(body.contacts):
        data.update({f"contacts-{index}-{name}": value for name, value in contact.dict().items()})
    enterprise = EnterpriseForm(_multi(data), sign_up=True)
    contacts = ContactFormSet(_multi(data), prefix="contacts")
    for name, messages in enterprise.errors.items():
        errors.setdefault(name, " ".join(str(m) for m in messages))
    for index, contact_form in enumerate(contacts.forms):
        for name, messages in contact_form.errors.items():
            errors[f"contacts.{index}.{name}"] = " ".join(str(m) for m in messages)
    if contacts.non_form_errors():
        errors.setdefault("contacts", " ".join(str(m) for m in contacts.non_form_errors()))
    return enterprise, contacts, errors


def _multi(data: dict[str, Any]) -> QueryDict:
    """Form data as a browser would post it: a list value is one field given several times."""
    posted = QueryDict(mutable=True)
    for name, value in data.items():
        if isinstance(value, list):
            posted.setlist(name, [str(v) for v in value])
        else:
            posted[name] = str(value)
    return posted


@router.post(
    "/services/enterprises",
    response={201: EnterpriseOut, 202: ErrorOut, 400: FieldErrorsOut, 403: ErrorOut, 409: ErrorOut, 429: ErrorOut},
    summary="Register your enterprise (the signed-in user becomes its first account, or, for a credit code "
    "already registered, a claim waits for a coordinator: 202)",
)
def register_enterprise(request, body: EnterpriseIn):
    if enterprise_ids(request.user):
        return Status(409, {"detail": "You already act for an enterprise."})
    if is_coordinator(request.user) or unit_ids(request.user):
        return Status(403, {"detail": "Officials cannot act for an enterprise; register it with a separate account."})
    form, contacts, errors = _registration_forms(body)
    if errors:
        return Status(400, {"detail": _("有字段填写有误，未保存任何内容。"), "errors": errors})
    if refused := throttled(request, "registration"):
        return refused

    outcome = sign_up_from_forms(lambda: request.user, form, contacts, site_url(request))
    if outcome.enterprise is None:
        return Status(202, {"detail": "Received: a coordinator verifies the enterprise before this account may act for it."})
    return Status(201, enterprise_out(outcome.enterprise))


@router.get("/services/enterprises/mine", response={200: list[EnterpriseOut]}, summary="The enterprises you act for")
def my_enterprises(request):
    return [enterprise_out(e) for e in Enterprise.objects.filter(pk__in=enterprise_ids(request.user))]


class IssueIn(Schema):
    kind: Literal["request", "complaint"] = "request"
    category: str = Field(..., description="one of the categories in services/data/issues.yaml")
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., max_length=20000)
    language: Literal["zh", "en"] = "zh"
    roundtable_ok: bool = False


class EventOut(Schema):
    kind: str
    at: datetime
    actor: str
    unit: str | None
    target: str | None
    reason: str


class AnswerOut(Schema):
    unit: str
    outcome: str
    text: str
    reason: str
    created_at: datetime


class IssueOut(Schema):
    id: int
    number: str
    version: int
    enterprise: str
    kind: str
    category: str
    title: str
    description: str
    status: str
    owner: str | None
    co_units: list[str]
    sla: str
    sla_source: str
    received_on: date
    accept_due: date
    answer_due: date
    overdue: Literal["accept", "answer"] | None
    escalated: bool
    partner: bool
    rating: int | None
    answers: list[AnswerOut]
    events: list[EventOut]
    url: str


def issue_out(issue: Issue, request) -> dict:
    sla = issue.sla_class
    internal = permissions.may_see_internal(request.user, issue)
    return {
        "id": issue.pk,
        "number": issue.number,
        "version": issue.version,
        "enterprise": issue.enterprise.name,
        "kind": issue.kind,
        "category": issue.category,
        "title": issue.title,
        "description": issue.description,
        "status": issue.status,
        "owner": issue.owner.code if issue.owner else None,
        "co_units": [u.code for u in issue.co_units.all()],
        "sla": sla.id,
        "sla_source": f"{sla.source.document} " + "；".join(f"{c.article}：{c.says}" for c in sla.source.clauses),
        "received_on": issue.received_on,
        "accept_due": issue.accept_due,
        "answer_due": issue.answer_due,
        "overdue": issue.overdue(timezone.localdate()),
        "escalated": issue.escalated,
        "partner": issue.partner,
        "rating": issue.rating,
        "answers": [
            {"unit": a.unit.code, "outcome": a.outcome, "text": a.text, "reason": a.reason, "created_at": a.created_at}
            for a in issue.answers.all()
        ],
        "events": [
            {
                "kind": e.kind,
                "at": e.at,
                "actor": e.actor.get_username(),
                "unit": e.unit.code if e.unit else None,
                "target": e.target.code if e.target else None,
                "reason": e.reason,
            }
            for e in issue.events.all()
            if internal or not e.internal
        ],
        "url": issue.get_absolute_url(),
    }


def _visible(request, issue_id: int) -> Issue:
    issue = (
        permissions.visible_issues(request.user)
        .select_related("enterprise", "owner")
        .prefetch_related("co_units", "answers__unit", "events__actor", "events__unit", "events__target")
        .filter(pk=issue_id)
        .first()
    )
    if issue is None:
        raise HttpError(404, "No issue with this id is visible to you.")
    return issue


def _step(action):
    try:
        return action()
    except InvalidTransition as exc:
        raise HttpError(409, str(exc)) from None


class IssueFilter(Schema):
    status: Literal["submitted", "assigned", "in_progress", "answered", "closed", "withdrawn"] | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("/services/issues", response=list[IssueOut], summary="Issues visible to you")
def list_issues(request, filters: Query[IssueFilter]):
    issues = (
        permissions.visible_issues(request.user)
        .select_related("enterprise", "owner")
        .prefetch_related("co_units", "answers__unit", "events__actor", "events__unit", "events__target")
    )
    if filters.status:
        issues = issues.filter(status=filters.status)
    return [issue_out(i, request) for i in issues[filters.offset : filters.offset + filters.limit]]


@router.post(
    "/services/issues", response={201: IssueOut, 400: ErrorOut, 403: ErrorOut}, summary="Raise an issue for your enterprise"
)
def create_issue(request, body: IssueIn):
    ids = sorted(enterprise_ids(request.user))
    if not ids:
        return Status(403, {"detail": "Only enterprise accounts raise issues; register your enterprise first."})
    if body.category not in {c.id for c in catalogue().categories}:
        return Status(
            400, {"detail": f"Unknown category {body.category!r}; use one of {', '.join(c.id for c in catalogue().categories)}."}
        )
    if not body.title.strip():
        return Status(400, {"detail": "Give the issue a title."})
    if len(body.description.strip()) < 10:
        return Status(400, {"detail": "Describe the problem in at least 10 characters."})
    issue = steps.raise_issue(Enterprise.objects.get(pk=ids[0]), request.user, body.dict())
    tell_about(issue, "submitted", request)
    return Status(201, issue_out(issue, request))


@router.get("/services/issues/{issue_id}", response={200: IssueOut, 404: ErrorOut}, summary="One issue with its timeline")
def get_issue(request, issue_id: int):
    return issue_out(_visible(request, issue_id), request)


@router.post(
    "/services/issues/{issue_id}/attachments",
    response={201: IssueOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Attach a file to your enterprise's open issue (PDF, DOCX, XLSX, PNG, JPG or UTF-8 text)",
)
def add_attachment(request, issue_id: int, file: File[UploadedFile]):
    issue = _visible(request, issue_id)
    if not permissions.is_enterprise_user(request.user, issue):
        return Status(403, {"detail": "Only the enterprise that raised the issue adds attachments here."})
    if not issue.is_open:
        return Status(409, {"detail": "The issue is no longer open."})
    problem = attachment_problem(file)
    if problem:
        return Status(400, {"detail": problem})
    steps.attach(issue, [file], request.user)
    return Status(201, issue_out(issue, request))


class ProposalOut(Schema):
    unit: str
    name: str
    score: float
    measures: list[str]


@router.get(
    "/services/issues/{issue_id}/proposals",
    response={200: list[ProposalOut], 403: ErrorOut, 404: ErrorOut},
    summary="Units proposed to own the issue, with the measures behind each",
)
def proposals(request, issue_id: int):
    issue = _visible(request, issue_id)
    if not is_coordinator(request.user):
        return Status(403, {"detail": "Only coordinators route issues."})
    language = get_language()
    return [
        {
            "unit": p.unit.code,
            "name": p.unit.display_name(language),
            "score": p.score,
            "measures": [f"《{r.measure.document.title}》第{r.measure.number}条 {r.measure.title}" for r in p.reasons],
        }
        for p in routing.propose_units(f"{issue.title}\n{issue.description}", issue.category)
    ]


class RouteIn(Schema):
    unit: str
    co_units: list[str] = []
    reason: str = Field("", max_length=2000)


def _units(codes: list[str]) -> list[Unit]:
    units = list(Unit.objects.filter(code__in=codes))
    missing = set(codes) - {u.code for u in units}
    if missing:
        raise HttpError(400, f"Unknown unit codes: {', '.join(sorted(missing))}.")
    return units


@router.post(
    "/services/issues/{issue_id}/route",
    response={200: IssueOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Route an issue to its owner unit (coordinators)",
)
def route_issue(request, issue_id: int, body: RouteIn):
    issue = _visible(request, issue_id)
    if not is_coordinator(request.user):
        return Status(403, {"detail": "Only coordinators route issues."})
    unit = _units([body.unit])[0]
    co_units = _units(body.co_units)
    issue = _step(lambda: steps.route(issue, request.user, unit, co_units, body.reason))
    tell_about(issue, "routed", request)
    return issue_out(issue, request)


class AnswerIn(Schema):
    outcome: Literal["solved", "explained", "referred", "cannot_solve"]
    text: str = Field(..., max_length=20000)
    reason: str = Field("", max_length=5000)


@router.post(
    "/services/issues/{issue_id}/answer",
    response={200: IssueOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Answer an issue your unit owns",
)
def answer_issue(request, issue_id: int, body: AnswerIn):
    issue = _visible(request, issue_id)
    unit = permissions.owner_unit(request.user, issue)
    if unit is None:
        return Status(403, {"detail": "Only the owner unit (首接单位) answers."})
    _step(lambda: steps.answer(issue, request.user, unit, body.outcome, body.text, body.reason))
    issue = _visible(request, issue_id)
    tell_about(issue, "answered", request)
    return issue_out(issue, request)


class ConfirmIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=2000)


@router.post(
    "/services/issues/{issue_id}/confirm",
    response={200: IssueOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Confirm the answer and rate it (your enterprise's issue)",
)
def confirm_issue(request, issue_id: int, body: ConfirmIn):
    issue = _visible(request, issue_id)
    if not permissions.is_enterprise_user(request.user, issue):
        return Status(403, {"detail": "Only the enterprise that raised the issue confirms it."})
    issue = _step(lambda: steps.confirm(issue, request.user, body.rating, body.comment))
    tell_about(issue, "confirmed", request)
    return issue_out(issue, request)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


@router.post(
    "/services/issues/{issue_id}/reopen",
    response={200: IssueOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Ask for the issue to be handled again",
)
def reopen_issue(request, issue_id: int, body: ReasonIn):
    issue = _visible(request, issue_id)
    if not permissions.is_enterprise_user(request.user, issue):
        return Status(403, {"detail": "Only the enterprise that raised the issue reopens it."})
    issue = _step(lambda: steps.reopen(issue, request.user, body.reason))
    tell_about(issue, "reopened", request)
    return issue_out(issue, request)
