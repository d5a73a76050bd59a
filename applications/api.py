"""Applications API: the types with their eligibility check (public), and one's applications (signed in).

Same permissions as the pages: other enterprises' applications answer 404.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from applications import permissions
from applications.eligibility import assess
from applications.forms import ApplicationForm
from applications.types import get_type, registry
from directory.auth import signed_in
from directory.models import Enterprise
from directory.roles import enterprise_ids
from interface.api_schemas import ErrorOut

router = Router(tags=["applications"])


class BasisOut(Schema):
    document: str
    item: str
    quote: str


class StepSpecOut(Schema):
    id: str
    unit: str
    label: str
    working_days: int


class TypeOut(Schema):
    id: str
    version: str
    title: str
    summary: str
    basis: list[BasisOut]
    criteria_set_by: list[str]
    fields: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    steps: list[StepSpecOut]


def type_out(type_id: str) -> dict:
    app_type = get_type(type_id)
    assert app_type is not None
    language = get_language()
    return {
        "id": app_type.id,
        "version": app_type.version,
        "title": app_type.title.get(language),
        "summary": app_type.summary.get(language),
        "basis": [b.model_dump(exclude={"measure"}) for b in app_type.basis],
        "criteria_set_by": [c.document for c in app_type.criteria_set_by],
        "fields": [
            {
                "id": f.id,
                "type": f.type,
                "label": f.label.get(language),
                "required": f.required,
                "options": [o.value for o in f.options],
            }
            for f in app_type.fields
        ],
        "documents": [
            {"id": d.id, "label": d.label.get(language), "required": d.required, "types": d.types} for d in app_type.documents
        ],
        "steps": [
            {"id": s.id, "unit": s.unit, "label": s.label.get(language), "working_days": s.working_days} for s in app_type.steps
        ],
    }


@router.get("/applications/types", response=list[TypeOut], summary="Application types, each from its data file")
def list_types(request):
    return [type_out(type_id) for type_id in sorted(registry())]


@router.get("/applications/types/{type_id}", response={200: TypeOut, 404: ErrorOut}, summary="One application type")
def get_application_type(request, type_id: str):
    if get_type(type_id) is None:
        return Status(404, {"detail": f"No application type {type_id!r}."})
    return type_out(type_id)


class EligibilityIn(Schema):
    answers: dict[str, Any] = {}
    on: date | None = None


class ReasonOut(Schema):
    document: str
    item: str
    quote: str
    held: bool | None
    checks: list[str]


class EligibilityOut(Schema):
    verdict: str
    on: str
    reasons: list[ReasonOut]


@router.post(
    "/applications/types/{type_id}/eligibility",
    response={200: EligibilityOut, 400: ErrorOut, 404: ErrorOut},
    summary="Likely eligible or not, and why, with the clauses (your enterprise's profile is used when you are signed in)",
)
def eligibility(request, type_id: str, body: EligibilityIn):
    app_type = get_type(type_id)
    if app_type is None:
        return Status(404, {"detail": f"No application type {type_id!r}."})
    form = ApplicationForm(app_type, get_language(), _as_form_data(body.answers))
    if not form.is_valid():
        errors = {name: " ".join(str(m) for m in messages) for name, messages in form.errors.items()}
        return Status(400, {"detail": "Some answers are not valid: " + "; ".join(f"{k}: {v}" for k, v in errors.items())})
    ids = sorted(enterprise_ids(request.user))
    enterprise = Enterprise.objects.filter(pk__in=ids[:1]).first()
    return assess(app_type, form.answers(), enterprise, get_language(), body.on).as_json()


def _as_form_data(answers: dict[str, Any]) -> MultiValueDict:
    """JSON answers as the form reads them: lists as repeated values, yes/no as the form's words."""
    data: MultiValueDict[str, str] = MultiValueDict()
    for key, value in answers.items():
        if isinstance(value, bool):
            data.setlist(key, ["yes" if value else "no"])
        elif isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        elif value is not None:
            data.setlist(key, [str(value)])
    return data


class StepOut(Schema):
    order: int
    unit: str
    status: str
    due_on: date | None


class ApplicationOut(Schema):
    id: int
    number: str
    type: str
    status: str
    enterprise: str
    submitted_at: datetime | None
    decided_at: datetime | None
    steps: list[StepOut]
    url: str


@router.get("/applications", response=list[ApplicationOut], auth=signed_in(), summary="Applications visible to you")
def list_applications(request):
    listed = permissions.visible_applications(request.user).select_related("enterprise").prefetch_related("steps__unit")[:200]
    return [application_out(a) for a in listed]


@router.get(
    "/applications/{application_id}", response={200: ApplicationOut, 404: ErrorOut}, auth=signed_in(), summary="One application"
)
def get_application(request, application_id: int):
    application = permissions.visible_applications(request.user).filter(pk=application_id).first()
    if application is None:
        raise HttpError(404, "No application with this id is visible to you.")
    return application_out(application)


def application_out(application) -> dict:
    return {
        "id": application.pk,
        "number": application.number,
        "type": application.type_id,
        "status": application.status,
        "enterprise": application.enterprise.name,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
        "steps": [
            {"order": s.order, "unit": s.unit.code, "status": s.status, "due_on": s.due_on} for s in application.steps.all()
        ],
        "url": application.get_absolute_url(),
    }
