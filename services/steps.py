"""The steps an issue goes through, each a guarded, atomic transition that
records who took it, for which unit, and why (首接负责: the unit that receives
an issue keeps it until a coordinator agrees to move it)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.models import Enterprise, Unit
from services.catalogue import catalogue
from services.models import MAX_TRANSFERS, Answer, Issue, IssueAttachment, IssueEvent, Partner, Transfer
from workflow.actors import record_actor
from workflow.transitions import require

# Ratings at or under this need a comment, so a poor rating tells the unit what went wrong.
COMMENT_REQUIRED_AT_OR_BELOW = 2
# The second reopening escalates to the coordinators rather than going back to the same unit unseen.
MAX_REOPENINGS = 2


def _event(issue: Issue, kind: str, actor, unit: Unit | None = None, target: Unit | None = None, reason: str = "") -> IssueEvent:
    return IssueEvent.objects.create(issue=issue, kind=kind, actor=actor, unit=unit, target=target, reason=reason.strip())


def _close_pending_transfers(issue: Issue, actor, note: str) -> None:
    """A transfer request made before the issue moved on in another way no longer stands."""
    issue.transfer_requests.filter(decision=Transfer.Decision.PENDING).update(
        decision=Transfer.Decision.DECLINED, decided_by=actor, decided_at=timezone.now(), decision_note=note
    )


def _state_error(issue: Issue) -> str:
    return _("诉求当前状态为“%(state)s”，不能进行这项操作。") % {"state": issue.get_status_display()}


def attach(issue: Issue, files: Iterable[UploadedFile], user, answer: Answer | None = None) -> None:
    for upload in files:
        IssueAttachment.store(upload, user, issue=issue, answer=answer)


@transaction.atomic
def raise_issue(
    enterprise: Enterprise, user, content: dict, files: Iterable[UploadedFile] = (), today: date | None = None
) -> Issue:
    """A new issue, its clock started from today by its kind and category."""
    category = catalogue().category(content["category"])
    issue = Issue(enterprise=enterprise, raised_by=user, **content)
    issue.sla = "complaint" if issue.kind == Issue.Kind.COMPLAINT else category.sla
    issue.partner = Partner.objects.filter(enterprise=enterprise, ended_on__isnull=True).exists()
    issue.start_clock(today or timezone.localdate())
    record_actor(issue, user)
    issue.save()
    attach(issue, files, user)
    _event(issue, IssueEvent.Kind.SUBMITTED, user)
    return issue


@transaction.atomic
def route(issue: Issue, coordinator, unit: Unit, co_units: Iterable[Unit] = (), reason: str = "") -> Issue:
    """The coordinator names the unit that owns the issue (first routing, or placing an escalated one)."""
    issue = issue.locked()
    placing = issue.status == Issue.Status.SUBMITTED or (issue.escalated and issue.is_open)
    require(placing, _state_error(issue))
    require(issue.enterprise.verified, _("企业信息尚未核验，核验通过后才能分派给责任单位。"))
    require(not unit.generic, _("请选择具体单位，而不是泛指的“%(unit)s”。") % {"unit": unit.name})
    previous = issue.owner
    require(previous is None or bool(reason.strip()), _("重新分派已提级的诉求时，请写明分派理由。"))
    _close_pending_transfers(issue, coordinator, _("协调员已重新分派"))
    issue.owner, issue.status, issue.accepted_at = unit, Issue.Status.ASSIGNED, None
    # Placed by the coordinator: no longer waiting on them. Another move escalates it again (transfers stays counted).
    issue.escalated = False
    issue.save_version(["owner", "status", "accepted_at", "escalated"], coordinator)
    issue.co_units.remove(unit)
    _event(issue, IssueEvent.Kind.ROUTED, coordinator, unit=previous, target=unit, reason=reason)
    for co_unit in co_units:
        add_co_unit(issue, coordinator, co_unit)
    return issue


@transaction.atomic
def add_co_unit(issue: Issue, user, unit: Unit) -> None:
    require(issue.is_open, _state_error(issue))
    require(unit.pk != issue.owner_id, _("首接单位不能同时是协办单位。"))
    require(not unit.generic, _("请选择具体单位，而不是泛指的“%(unit)s”。") % {"unit": unit.name})
    if not issue.co_units.filter(pk=unit.pk).exists():
        issue.co_units.add(unit)
        _event(issue, IssueEvent.Kind.CO_UNIT_ADDED, user, target=unit)


@transaction.atomic
def accept(issue: Issue, user, unit: Unit, today: date | None = None) -> Issue:
    issue = issue.locked()
    require(issue.status == Issue.Status.ASSIGNED and issue.owner_id == unit.pk, _state_error(issue))
    issue.status, issue.accepted_at = Issue.Status.IN_PROGRESS, timezone.now()
    sla = issue.sla_class
    if sla.answer_from == "accepted":
        issue.answer_due = sla.due(today or timezone.localdate(), sla.answer_within + issue.extended_days)
    issue.save_version(["status", "accepted_at", "answer_due"], user)
    _event(issue, IssueEvent.Kind.ACCEPTED, user, unit=unit)
    return issue


@transaction.atomic
def refuse(issue: Issue, user, unit: Unit, reason: str) -> Issue:
    """The unit says the issue is not in its remit; it goes back to the coordinator, counted as a move."""
    issue = issue.locked()
    require(issue.status == Issue.Status.ASSIGNED and issue.owner_id == unit.pk, _state_error(issue))
    require(bool(reason.strip()), _("退回时请说明理由，以及您认为应由哪个单位办理。"))
    _close_pending_transfers(issue, user, _("首接单位已退回协调员"))
    issue.status, issue.owner = Issue.Status.SUBMITTED, None
    issue.transfers += 1
    issue.save_version(["status", "owner", "transfers"], user)
    _event(issue, IssueEvent.Kind.REFUSED, user, unit=unit, reason=reason)
    _escalate_if_bounced(issue, user)
    return issue


@transaction.atomic
def request_transfer(issue: Issue, user, unit: Unit, to_unit: Unit, reason: str) -> Transfer:
    issue = issue.locked()
    require(issue.status in (Issue.Status.ASSIGNED, Issue.Status.IN_PROGRESS) and issue.owner_id == unit.pk, _state_error(issue))
    require(not issue.escalated, _("该诉求已提级至协调员，由协调员直接分派，不能再申请转办。"))
    require(to_unit.pk != unit.pk and not to_unit.generic, _("请选择另一个具体单位。"))
    require(bool(reason.strip()), _("申请转办时请说明理由。"))
    require(not issue.transfer_requests.filter(decision=Transfer.Decision.PENDING).exists(), _("已有一项转办申请待协调员决定。"))
    transfer = Transfer.objects.create(issue=issue, from_unit=unit, to_unit=to_unit, reason=reason.strip(), requested_by=user)
    _event(issue, IssueEvent.Kind.TRANSFER_REQUESTED, user, unit=unit, target=to_unit, reason=reason)
    return transfer


@transaction.atomic
def decide_transfer(transfer: Transfer, coordinator, agree: bool, note: str = "") -> Issue:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    issue = transfer.issue.locked()
    require(transfer.decision == Transfer.Decision.PENDING, _("这项转办申请已经处理过。"))
    require(
        issue.is_open and issue.owner_id == transfer.from_unit_id, _("诉求已不在申请单位名下或已办结，这项转办申请不再适用。")
    )
    require(agree or bool(note.strip()), _("不同意转办时请写明理由。"))
    transfer.decision = Transfer.Decision.ACCEPTED if agree else Transfer.Decision.DECLINED
    transfer.decided_by, transfer.decided_at, transfer.decision_note = coordinator, timezone.now(), note.strip()
    transfer.save()
    if not agree:
        _event(
            issue, IssueEvent.Kind.TRANSFER_DECLINED, coordinator, unit=transfer.from_unit, target=transfer.to_unit, reason=note
        )
        return issue
    issue.owner, issue.status, issue.accepted_at = transfer.to_unit, Issue.Status.ASSIGNED, None
    issue.transfers += 1
    issue.co_units.remove(transfer.to_unit)
    issue.save_version(["owner", "status", "accepted_at", "transfers"], coordinator)
    _event(issue, IssueEvent.Kind.TRANSFER_ACCEPTED, coordinator, unit=transfer.from_unit, target=transfer.to_unit, reason=note)
    _escalate_if_bounced(issue, coordinator)
    return issue


def _escalate_if_bounced(issue: Issue, actor) -> None:
    if issue.transfers >= MAX_TRANSFERS and not issue.escalated:
        issue.escalated = True
        issue.save_version(["escalated"], actor)
        _event(
            issue,
            IssueEvent.Kind.ESCALATED,
            actor,
            reason=_("已转办或退回%(count)d次，按首接负责制度提级至协调员。") % {"count": issue.transfers},
        )


@transaction.atomic
def extend(issue: Issue, user, unit: Unit, days: int, reason: str) -> Issue:
    issue = issue.locked()
    require(issue.is_open and issue.owner_id == unit.pk, _state_error(issue))
    require(bool(reason.strip()), _("延长办理期限须说明理由。"))
    sla = issue.sla_class
    allowed = sla.max_extension - issue.extended_days
    require(days >= 1, _("延长天数至少为1天。"))
    require(
        days <= allowed,
        _("“%(sla)s”最多还能延长%(allowed)d天。") % {"sla": sla.label(get_language()), "allowed": max(allowed, 0)},
    )
    issue.extended_days += days
    # From the deadline in force, which a reopening may have moved past the original one.
    issue.answer_due = sla.due(issue.answer_due, days)
    issue.save_version(["extended_days", "answer_due"], user)
    _event(issue, IssueEvent.Kind.EXTENDED, user, unit=unit, reason=reason)
    return issue


@transaction.atomic
def answer(
    issue: Issue, user, unit: Unit, outcome: str, text: str, reason: str = "", files: Iterable[UploadedFile] = ()
) -> Answer:
    """The owner unit replies; answering an issue it has not yet accepted accepts it too."""
    issue = issue.locked()
    require(issue.status in (Issue.Status.ASSIGNED, Issue.Status.IN_PROGRESS) and issue.owner_id == unit.pk, _state_error(issue))
    require(bool(text.strip()), _("请填写答复内容。"))
    cannot = outcome == Answer.Outcome.CANNOT_SOLVE
    require(not cannot or bool(reason.strip()), _("结果为“暂不能解决”时，须说明原因。"))
    _close_pending_transfers(issue, user, _("首接单位已答复"))
    reply = Answer.objects.create(issue=issue, unit=unit, author=user, outcome=outcome, text=text.strip(), reason=reason.strip())
    attach(issue, files, user, answer=reply)
    now = timezone.now()
    issue.status, issue.answered_at = Issue.Status.ANSWERED, now
    issue.accepted_at = issue.accepted_at or now
    issue.save_version(["status", "answered_at", "accepted_at"], user)
    # The outcome shows with the answer itself, in the reader's language.
    _event(issue, IssueEvent.Kind.ANSWERED, user, unit=unit)
    return reply


@transaction.atomic
def confirm(issue: Issue, user, rating: int, comment: str = "") -> Issue:
    """The enterprise accepts the answer and rates it; the issue is then closed."""
    issue = issue.locked()
    require(issue.status == Issue.Status.ANSWERED, _state_error(issue))
    require(1 <= rating <= 5, _("满意度评分应为1到5。"))
    require(
        rating > COMMENT_REQUIRED_AT_OR_BELOW or bool(comment.strip()),
        _("评分为%(rating)d分时，请写明不满意的原因，便于承办单位改进。") % {"rating": rating},
    )
    issue.status, issue.closed_at = Issue.Status.CLOSED, timezone.now()
    issue.rating, issue.rating_comment = rating, comment.strip()
    issue.save_version(["status", "closed_at", "rating", "rating_comment"], user)
    _event(issue, IssueEvent.Kind.CONFIRMED, user, reason=f"{rating}/5 {comment.strip()}".strip())
    return issue


@transaction.atomic
def reopen(issue: Issue, user, reason: str, today: date | None = None) -> Issue:
    """The enterprise is not satisfied with the answer; the unit gets a new answer period from today."""
    issue = issue.locked()
    require(issue.status == Issue.Status.ANSWERED, _state_error(issue))
    require(bool(reason.strip()), _("请说明需要重新办理的原因。"))
    reopenings = issue.events.filter(kind=IssueEvent.Kind.REOPENED).count()
    sla = issue.sla_class
    issue.status, issue.answered_at = Issue.Status.IN_PROGRESS, None
    issue.answer_due = sla.due(today or timezone.localdate(), sla.answer_within)
    issue.save_version(["status", "answered_at", "answer_due"], user)
    _event(issue, IssueEvent.Kind.REOPENED, user, reason=reason)
    if reopenings + 1 >= MAX_REOPENINGS and not issue.escalated:
        issue.escalated = True
        issue.save_version(["escalated"], user)
        _event(
            issue,
            IssueEvent.Kind.ESCALATED,
            user,
            reason=_("企业已%(count)d次要求重新办理，提级至协调员。") % {"count": reopenings + 1},
        )
    return issue


@transaction.atomic
def withdraw(issue: Issue, user, reason: str) -> Issue:
    issue = issue.locked()
    require(issue.is_open or issue.status == Issue.Status.ANSWERED, _state_error(issue))
    require(bool(reason.strip()), _("撤回诉求时请说明原因。"))
    _close_pending_transfers(issue, user, _("企业已撤回诉求"))
    issue.status, issue.closed_at = Issue.Status.WITHDRAWN, timezone.now()
    issue.save_version(["status", "closed_at"], user)
    _event(issue, IssueEvent.Kind.WITHDRAWN, user, reason=reason)
    return issue


@transaction.atomic
def add_note(issue: Issue, user, unit: Unit | None, text: str) -> IssueEvent:
    require(bool(text.strip()), _("请填写办理说明。"))
    return _event(issue, IssueEvent.Kind.NOTE, user, unit=unit, reason=text)
