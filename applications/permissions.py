"""Who sees and does what with applications, in one place for pages and API.

- the applicant enterprise's users see its applications, drafts included;
- a reviewing unit sees an application once one of its steps has started, and
  acts only on its own current step;
- coordinators see every submitted application.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from applications.models import Application, ApplicationEvent, ReviewStep
from directory.models import Enterprise, Unit
from directory.roles import User, enterprise_ids, is_coordinator, unit_ids


def visible_applications(user: User) -> QuerySet[Application]:
    own = Q(enterprise__in=enterprise_ids(user))
    if is_coordinator(user):
        # A draft withdrawn without ever being submitted stays the enterprise's own.
        return Application.objects.filter(own | Q(submitted_at__isnull=False))
    reached = Q(
        steps__unit__in=unit_ids(user), steps__started_on__isnull=False, enterprise__verification=Enterprise.Verification.VERIFIED
    )
    return Application.objects.filter(own | reached).distinct()


def is_applicant(user: User, application: Application) -> bool:
    return application.enterprise_id in enterprise_ids(user)


def acting_unit(user: User, application: Application) -> Unit | None:
    """The unit the user acts for when it holds the application's current step."""
    step = (
        application.steps.filter(status__in=[ReviewStep.Status.ACTIVE, ReviewStep.Status.INFO_REQUESTED])
        .select_related("unit")
        .first()
    )
    if step is not None and step.unit_id in unit_ids(user):
        return step.unit
    return None


def may_read_comment(user: User, step: ReviewStep) -> bool:
    """Every party sees where an application stands; what a unit wrote is for that unit, coordinators and the applicant,
    not for the other reviewing units."""
    return is_coordinator(user) or step.unit_id in unit_ids(user) or step.application.enterprise_id in enterprise_ids(user)


def may_read_event_text(user: User, event: ApplicationEvent) -> bool:
    """The timeline follows the same rule as the steps: another unit sees that a step was taken, not what was written."""
    return (
        event.unit_id is None
        or is_coordinator(user)
        or event.unit_id in unit_ids(user)
        or event.application.enterprise_id in enterprise_ids(user)
    )
