"""Who sees and reviews information reports.

- an enterprise user sees and files its own enterprise's reports;
- a district reviewer (permission `reporting.review_district`, acting for a district government)
  sees and reviews the submitted reports of that district only;
- a city reviewer (`reporting.review_city`) sees and reviews every report past district review;
- coordinators see every submitted report.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from directory.models import Unit
from directory.roles import User, enterprise_ids, is_coordinator, unit_ids
from reporting.models import Report, ReportEvent


def review_districts(user: User) -> set[int]:
    if not user.is_authenticated or not user.has_perm("reporting.review_district"):
        return set()
    return set(Unit.objects.filter(pk__in=unit_ids(user), kind=Unit.Kind.DISTRICT_GOVERNMENT).values_list("pk", flat=True))


def is_city_reviewer(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm("reporting.review_city"))


def visible_reports(user: User) -> QuerySet[Report]:
    own = Q(enterprise__in=enterprise_ids(user))
    submitted = ~Q(status=Report.Status.DRAFT) & Q(submitted_at__isnull=False)
    if is_coordinator(user) or is_city_reviewer(user):
        return Report.objects.filter(own | submitted)
    return Report.objects.filter(own | (submitted & Q(district__in=review_districts(user))))


def _passed_at_district_by(user: User) -> QuerySet:
    return ReportEvent.objects.filter(kind=ReportEvent.Kind.DISTRICT_PASSED, actor=user.pk).values("report")


def review_queue(user: User) -> QuerySet[Report]:
    """The reports waiting for this user's review, oldest first, decided in the database (same rule as review_level)."""
    waiting = Q(status=Report.Status.DISTRICT_REVIEW, district__in=review_districts(user))
    if is_city_reviewer(user):
        waiting |= Q(status=Report.Status.CITY_REVIEW) & ~Q(pk__in=_passed_at_district_by(user))
    return Report.objects.filter(waiting).exclude(filed_by=user.pk).order_by("submitted_at", "pk")


def review_level(user: User, report: Report) -> str | None:
    """The level at which this user may act on the report now, if any. Two levels means two people: whoever
    filed or imported a report reviews it at neither level, and whoever passed it at district level does not
    also accept it for the city."""
    if report.filed_by_id == user.pk:
        return None
    if report.status == Report.Status.DISTRICT_REVIEW and report.district_id in review_districts(user):
        return "district"
    if report.status == Report.Status.CITY_REVIEW and is_city_reviewer(user):
        passed_it = report.events.filter(kind=ReportEvent.Kind.DISTRICT_PASSED, actor=user.pk).exists()
        return None if passed_it else "city"
    return None


def sees_statistics(user: User) -> bool:
    return is_coordinator(user) or is_city_reviewer(user) or bool(review_districts(user))


def flag_scope(user: User):
    """The flags a user reviews: all for coordinators and city reviewers, their district's otherwise."""
    from reporting.models import Flag

    if is_coordinator(user) or is_city_reviewer(user):
        return Flag.objects.all()
    codes = list(Unit.objects.filter(pk__in=review_districts(user)).values_list("code", flat=True))
    return Flag.objects.filter(district__in=codes) if codes else Flag.objects.none()


def feed_kinds(user: User) -> list[str]:
    """The feeds a department officer may deliver: the kinds their unit sends (reporting.feeds.DEPARTMENTS)."""
    from reporting.feeds import DEPARTMENTS

    if not user.is_authenticated or not user.has_perm("reporting.upload_feed"):
        return []
    codes = set(Unit.objects.filter(pk__in=unit_ids(user)).values_list("code", flat=True))
    return [kind for kind, code in DEPARTMENTS.items() if code in codes]
