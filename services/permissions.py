"""Who may see and do what with enterprise services, answered in one place for pages and API.

- an enterprise user sees their own enterprise's issues, and nobody else's;
- a unit officer sees the issues their unit owns or co-handles, once the
  enterprise has been verified; only the owner unit answers;
- a coordinator sees everything, routes, decides transfers and runs the
  partner programme and roundtables.
Other people's objects answer 404, so their existence is not disclosed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from directory.models import Enterprise, Unit
from directory.roles import User, enterprise_ids, is_coordinator, unit_ids
from services.models import Issue, Partner, Roundtable


def visible_issues(user: User) -> QuerySet[Issue]:
    issues = Issue.objects.all()
    if is_coordinator(user):
        return issues
    units = unit_ids(user)
    as_unit = Q(enterprise__verification=Enterprise.Verification.VERIFIED) & (Q(owner__in=units) | Q(co_units__in=units))
    return issues.filter(Q(enterprise__in=enterprise_ids(user)) | as_unit).distinct()


def is_enterprise_user(user: User, issue: Issue) -> bool:
    return issue.enterprise_id in enterprise_ids(user)


def owner_unit(user: User, issue: Issue) -> Unit | None:
    """The unit the user acts for when it owns the issue (首接单位), else None."""
    if issue.owner_id is not None and issue.owner_id in unit_ids(user):
        return issue.owner
    return None


def co_unit(user: User, issue: Issue) -> Unit | None:
    return issue.co_units.filter(pk__in=unit_ids(user)).first()


def may_see_internal(user: User, issue: Issue) -> bool:
    """Notes between officials are not shown to the enterprise."""
    return is_coordinator(user) or bool(unit_ids(user)) and not is_enterprise_user(user, issue)


def visible_partners(user: User) -> QuerySet[Partner]:
    partners = Partner.objects.select_related("enterprise", "service_unit", "service_contact")
    if is_coordinator(user):
        return partners
    return partners.filter(service_unit__in=unit_ids(user))


def visible_roundtables(user: User) -> QuerySet[Roundtable]:
    if is_coordinator(user):
        return Roundtable.objects.all()
    invited = Q(enterprises__in=enterprise_ids(user)) | Q(units__in=unit_ids(user)) | Q(host__in=unit_ids(user))
    return Roundtable.objects.filter(invited).distinct()
