"""An application's life: draft → submitted → each review step in order (pass, ask for more
information, or reject) → approved or rejected with a letter. Each transition is
atomic, checks the current state under a row lock, and is recorded."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from applications.eligibility import assess
from applications.letters import letter_docx
from applications.models import Application, ApplicationDocument, ApplicationEvent, InfoRequest, Qualification, ReviewStep
from applications.types import ENTERPRISE_DISTRICT, ApplicationType
from directory.models import Enterprise, Unit
from interface.language import joined
from workdays.calendar import add_working_days
from workflow.transitions import InvalidTransition, require


def _event(application: Application, kind: str, actor, unit: Unit | None = None, text: str = "") -> None:
    ApplicationEvent.objects.create(application=application, kind=kind, actor=actor, unit=unit, text=text.strip())


def _state_error(application: Application) -> str:
    return _("申请当前状态为“%(state)s”，不能进行这项操作。") % {"state": application.get_status_display()}


def _qualification(answers: dict) -> Qualification | None:
    pk = answers.get("qualification")
    return Qualification.objects.filter(pk=pk).first() if pk else None


def attach(application: Application, documents: dict[str, Iterable[UploadedFile]], user) -> None:
    """Store uploads per document slot; a new upload for a slot replaces (but keeps) the earlier one."""
    for document_id, uploads in documents.items():
        uploads = list(uploads)
        if not uploads:
            continue
        application.documents.filter(document_id=document_id, replaced=False).update(replaced=True)
        for upload in uploads:
            ApplicationDocument.store(upload, user, application=application, document_id=document_id)


@transaction.atomic
def save_draft(
    app_type: ApplicationType,
    enterprise: Enterprise,
    user,
    answers: dict,
    documents: dict,
    application: Application | None = None,
    based_on: int | None = None,
) -> Application:
    """A new draft, or the draft rewritten; rewriting names the version it was read at (`based_on`) and raises
    StaleEdit if somebody saved since."""
    if application is None:
        application = Application.objects.create(
            type_id=app_type.id,
            type_version=app_type.version,
            enterprise=enterprise,
            applicant=user,
            answers=answers,
            qualification=_qualification(answers),
        )
        _event(application, ApplicationEvent.Kind.CREATED, user)
    else:
        application = application.locked_for_edit(based_on)
        require(application.status == Application.Status.DRAFT, _state_error(application))
        application.answers, application.qualification = answers, _qualification(answers)
        application.save_version(["answers", "qualification"], user)
        _event(application, ApplicationEvent.Kind.SAVED, user)
    attach(application, documents, user)
    return application


def missing_documents(app_type: ApplicationType, application: Application) -> list[str]:
    present = set(application.documents.filter(replaced=False).values_list("document_id", flat=True))
    return [d.id for d in app_type.documents if d.required and d.id not in present]


def step_unit(step_unit: str, enterprise: Enterprise) -> Unit:
    if step_unit == ENTERPRISE_DISTRICT:
        if enterprise.district is None:
            raise InvalidTransition(_("该事项需由企业所在区初审，请先在企业信息中填写所在区。"))
        return enterprise.district
    return Unit.objects.get(code=step_unit)


@transaction.atomic
def submit(
    app_type: ApplicationType, application: Application, user, today: date | None = None, language: str | None = None
) -> Application:
    """Submit a complete draft: its review steps are laid out and the first one starts today."""
    application = application.locked()
    require(application.status == Application.Status.DRAFT, _state_error(application))
    require(application.enterprise.verified, _("企业信息尚未核验，核验通过后才能提交申请。"))
    qualification = application.qualification
    require(
        qualification is None or qualification.catalogue.official,
        _("所选资格来自示例目录，不是官方目录条目；请待协调员导入官方目录后再提交。"),
    )
    missing = missing_documents(app_type, application)
    require(
        not missing,
        _("还缺少以下材料：%(docs)s。")
        % {"docs": joined([d.label.get(language) for d in app_type.documents if d.id in missing])},
    )
    today = today or timezone.localdate()
    for order, spec in enumerate(app_type.steps, start=1):
        ReviewStep.objects.create(
            application=application,
            order=order,
            step_id=spec.id,
            unit=step_unit(spec.unit, application.enterprise),
            working_days=spec.working_days,
        )
    application.eligibility = assess(app_type, application.answers, application.enterprise, language, today).as_json()
    application.status, application.submitted_at = Application.Status.IN_REVIEW, timezone.now()
    application.save_version(["eligibility", "status", "submitted_at"], user)
    _event(application, ApplicationEvent.Kind.SUBMITTED, user)
    _start(application.steps.get(order=1), user, today)
    return application


def _start(step: ReviewStep, actor, today: date) -> None:
    step.status, step.started_on = ReviewStep.Status.ACTIVE, today
    step.due_on = add_working_days(today, step.working_days)
    step.save(update_fields=["status", "started_on", "due_on"])
    _event(step.application, ApplicationEvent.Kind.STEP_STARTED, actor, unit=step.unit, text=step.due_on.isoformat())


def _current(application: Application, unit: Unit) -> ReviewStep:
    step = application.steps.select_for_update().filter(status=ReviewStep.Status.ACTIVE).first()
    require(
        step is not None and step.unit_id == unit.pk,
        _("当前没有由%(unit)s办理的审核步骤。") % {"unit": unit.display_name(get_language())},
    )
    assert step is not None
    return step


@transaction.atomic
def pass_step(application: Application, user, unit: Unit, comment: str = "", today: date | None = None) -> Application:
    """The unit passes its step: the next step starts, or the application is approved after the last one."""
    application = application.locked()
    require(application.status == Application.Status.IN_REVIEW, _state_error(application))
    step = _current(application, unit)
    step.status, step.decided_at, step.decided_by, step.comment = ReviewStep.Status.PASSED, timezone.now(), user, comment.strip()
    step.save()
    _event(application, ApplicationEvent.Kind.STEP_PASSED, user, unit=unit, text=comment)
    following = application.steps.filter(order__gt=step.order, status=ReviewStep.Status.WAITING).first()
    if following is not None:
        _start(following, user, today or timezone.localdate())
        return application
    return _decide(application, user, unit, Application.Status.APPROVED, "")


@transaction.atomic
def reject(application: Application, user, unit: Unit, reasons: str) -> Application:
    application = application.locked()
    require(application.status == Application.Status.IN_REVIEW, _state_error(application))
    require(bool(reasons.strip()), _("不予批准时须写明理由，理由将写入结果通知书。"))
    step = _current(application, unit)
    step.status, step.decided_at, step.decided_by, step.comment = (
        ReviewStep.Status.REJECTED,
        timezone.now(),
        user,
        reasons.strip(),
    )
    step.save()
    application.steps.filter(status=ReviewStep.Status.WAITING).update(status=ReviewStep.Status.CANCELLED)
    _event(application, ApplicationEvent.Kind.STEP_REJECTED, user, unit=unit, text=reasons)
    return _decide(application, user, unit, Application.Status.REJECTED, reasons)


def _decide(application: Application, user, unit: Unit, status: str, reasons: str) -> Application:
    application.status, application.decided_at, application.decision_reasons = status, timezone.now(), reasons.strip()
    application.letter.save(f"{application.number}.docx", ContentFile(letter_docx(application)), save=False)
    application.save_version(["status", "decided_at", "decision_reasons", "letter"], user)
    kind = ApplicationEvent.Kind.APPROVED if status == Application.Status.APPROVED else ApplicationEvent.Kind.REJECTED
    _event(application, kind, user, unit=unit, text=reasons)
    return application


@transaction.atomic
def request_info(application: Application, user, unit: Unit, question: str) -> InfoRequest:
    """The unit asks the applicant for more (补正); its step waits for the answer."""
    application = application.locked()
    require(application.status == Application.Status.IN_REVIEW, _state_error(application))
    require(bool(question.strip()), _("请写明需要补充的内容。"))
    step = _current(application, unit)
    step.status = ReviewStep.Status.INFO_REQUESTED
    step.save(update_fields=["status"])
    application.status = Application.Status.INFO_REQUESTED
    application.save_version(["status"], user)
    _event(application, ApplicationEvent.Kind.INFO_REQUESTED, user, unit=unit, text=question)
    return InfoRequest.objects.create(step=step, question=question.strip(), asked_by=user)


@transaction.atomic
def provide_info(application: Application, user, answer: str, documents: dict, today: date | None = None) -> Application:
    """The applicant answers; the step resumes with a fresh period from today."""
    application = application.locked()
    require(application.status == Application.Status.INFO_REQUESTED, _state_error(application))
    require(bool(answer.strip()), _("请填写补充说明。"))
    step = application.steps.select_for_update().get(status=ReviewStep.Status.INFO_REQUESTED)
    request = step.info_requests.filter(answered_at__isnull=True).last()
    assert request is not None
    request.answer, request.answered_by, request.answered_at = answer.strip(), user, timezone.now()
    request.save()
    attach(application, documents, user)
    application.status = Application.Status.IN_REVIEW
    application.save_version(["status"], user)
    _event(application, ApplicationEvent.Kind.INFO_PROVIDED, user, text=answer)
    _start(step, user, today or timezone.localdate())
    return application


@transaction.atomic
def withdraw(application: Application, user, reason: str) -> Application:
    application = application.locked()
    require(application.status in (Application.Status.DRAFT, *Application.OPEN), _state_error(application))
    application.steps.filter(
        status__in=[ReviewStep.Status.WAITING, ReviewStep.Status.ACTIVE, ReviewStep.Status.INFO_REQUESTED]
    ).update(status=ReviewStep.Status.CANCELLED)
    application.status = Application.Status.WITHDRAWN
    application.save_version(["status"], user)
    _event(application, ApplicationEvent.Kind.WITHDRAWN, user, text=reason)
    return application
