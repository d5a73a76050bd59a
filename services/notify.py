"""Who hears about each step of an issue, in the app and by e-mail."""

from __future__ import annotations

import logging
from datetime import date
from smtplib import SMTPException

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from directory.roles import COORDINATOR_GROUP, unit_users
from notifications.delivery import notify, remind_once, site_url
from notifications.models import Reminder
from services.models import Issue, IssueEvent
from workdays.calendar import add_working_days

logger = logging.getLogger(__name__)

# Each step, and whom it concerns: the coordinators, the owner unit, or the enterprise.
AUDIENCE = {
    "submitted": "coordinators",
    "refused": "coordinators",
    "transfer_requested": "coordinators",
    "routed": "owner",
    "transfer_accepted": "owner",
    "reopened": "owner",
    "confirmed": "owner",
    "accepted": "enterprise",
    "extended": "enterprise",
    "answered": "enterprise",
}


def coordinators() -> list:
    perm = Q(groups__name=COORDINATOR_GROUP) | Q(user_permissions__codename="coordinate")
    return list(get_user_model().objects.filter(perm, is_active=True).distinct())


def enterprise_users(issue: Issue) -> list:
    return list(get_user_model().objects.filter(enterprise_memberships__enterprise=issue.enterprise_id, is_active=True))


def tell_about(issue: Issue, step: str, request) -> None:
    audience = AUDIENCE.get(step)
    if audience == "coordinators":
        users = coordinators()
    elif audience == "owner" and issue.owner_id:
        users = unit_users(issue.owner_id)
    elif audience == "enterprise":
        users = enterprise_users(issue)
    else:
        return
    users = [u for u in users if u.pk != request.user.pk]
    if not users:
        return
    subject = _("诉求 %(number)s：%(step)s") % {"number": issue.number, "step": _step_label(step)}
    message = _("%(title)s\n当前状态：%(status)s；答复期限：%(due)s。") % {
        "title": issue.title,
        "status": issue.get_status_display(),
        "due": issue.answer_due.isoformat(),
    }
    try:
        notify(users, subject, message, site_url(request) + issue.get_absolute_url())
    except (OSError, SMTPException):
        # The step itself is saved; a mail server that is down must not make it look failed and be repeated.
        logger.exception("could not send the notification for issue %s (%s)", issue.pk, step)


def _step_label(step: str) -> str:
    return str(IssueEvent.Kind(step).label) if step in IssueEvent.Kind.values else step


def send_issue_reminders(today: date, base_url: str) -> list[Reminder]:
    """Reminders due today, each sent once: the owner unit the working day before an answer is due,
    and once a deadline has passed, the owner unit and the coordinators (the issue escalates to their board)."""
    sent: list[Reminder | None] = []
    tomorrow = add_working_days(today, 1)
    due_soon = Issue.objects.filter(
        status__in=[Issue.Status.ASSIGNED, Issue.Status.IN_PROGRESS], answer_due__gte=today, answer_due__lte=tomorrow
    )
    for issue in due_soon.select_related("owner"):
        values = _values(issue)
        subject = _("【提醒】诉求 %(number)s 应于 %(due)s 前答复") % values
        sent.append(
            remind_once(
                f"issue:{issue.pk}:due_soon:{issue.answer_due}",
                unit_users(issue.owner_id) if issue.owner_id else [],
                subject,
                issue.title,
                base_url + issue.get_absolute_url(),
            )
        )
    for issue in Issue.objects.overdue(today).select_related("owner"):
        missed = issue.overdue(today)
        due = issue.accept_due if missed == "accept" else issue.answer_due
        values = {**_values(issue), "due": due.isoformat()}
        if missed == "accept":
            subject = _("【逾期】诉求 %(number)s 未在 %(due)s 前受理") % values
        else:
            subject = _("【逾期】诉求 %(number)s 未在 %(due)s 前答复") % values
        message = _("%(title)s\n首接单位：%(unit)s。逾期诉求已列入协调员服务看板。") % values
        url = base_url + issue.get_absolute_url()
        key = f"issue:{issue.pk}:overdue:{missed}:{due}"
        if issue.owner_id:
            # Keyed by owner too: a unit that receives an overdue issue by transfer hears about it.
            sent.append(remind_once(f"{key}:unit:{issue.owner_id}", unit_users(issue.owner_id), subject, message, url))
        sent.append(remind_once(key + ":coordinators", coordinators(), subject, message, url))
    return [r for r in sent if r is not None]


def _values(issue: Issue) -> dict[str, str]:
    return {
        "number": issue.number,
        "title": issue.title,
        "due": issue.answer_due.isoformat(),
        "unit": issue.owner.name if issue.owner else str(_("待分派")),
    }
