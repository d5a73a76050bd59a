"""Who hears about each step of an issue, in the app and by e-mail."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from directory.roles import COORDINATOR_GROUP
from services.models import Issue
from tracking.notify import notify, site_url, unit_users

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
    notify(users, subject, message, site_url(request) + issue.get_absolute_url())


def _step_label(step: str) -> str:
    from services.models import IssueEvent

    return str(IssueEvent.Kind(step).label) if step in IssueEvent.Kind.values else step
