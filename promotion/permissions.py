"""Who sees the pipeline: it is the government's own working list, so officials only.

- coordinators and 市投促中心 see and edit every project;
- a unit officer sees the projects their unit follows, and the task-force projects
  in which their unit must solve a problem; they edit only their unit's projects;
- enterprises and anonymous visitors see events, not projects.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from directory.models import Unit
from directory.roles import User, is_coordinator, unit_ids
from promotion.models import Project

PROMOTION_CENTRE = "bj-investment-promotion"


def sees_everything(user: User) -> bool:
    return is_coordinator(user) or Unit.objects.filter(code=PROMOTION_CENTRE, pk__in=unit_ids(user)).exists()


def is_official(user: User) -> bool:
    return is_coordinator(user) or bool(unit_ids(user))


def visible_projects(user: User) -> QuerySet[Project]:
    if sees_everything(user):
        return Project.objects.all()
    units = unit_ids(user)
    return Project.objects.filter(Q(owner__in=units) | Q(problems__units__in=units)).distinct()


def editable_projects(user: User) -> QuerySet[Project]:
    return Project.objects.all() if sees_everything(user) else Project.objects.filter(owner__in=unit_ids(user))


def can_edit(user: User, project: Project) -> bool:
    return sees_everything(user) or project.owner_id in unit_ids(user)


def owner_choices(user: User) -> QuerySet[Unit]:
    units = Unit.objects.exclude(kind=Unit.Kind.GENERIC).order_by("kind", "code")
    return units if sees_everything(user) else units.filter(pk__in=unit_ids(user))
