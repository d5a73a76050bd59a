"""Who a user is in the policy system: coordinator, unit officer, or neither."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, AnonymousUser, Group, Permission

User = AbstractUser | AnonymousUser

COORDINATOR_GROUP = "协调员"


def is_coordinator(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm("directory.coordinate"))


def coordinator_required(view):
    """A page for coordinators: anonymous visitors sign in first, everybody else is refused (403)."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied(_("只有协调员（市商务局 / 两区办）可以进行此操作。"))
        return view(request, *args, **kwargs)

    return login_required(guarded)


def unit_ids(user: User) -> set[int]:
    """The units a user acts for, cached on the user object for the request."""
    return _membership_ids(user, "unit_memberships", "unit_id")


def has_other_roles(user) -> bool:
    """Whether the account still acts for an enterprise or a unit, or holds staff rights or a group."""
    return (
        user.is_staff
        or user.is_superuser
        or user.enterprise_memberships.exists()
        or user.unit_memberships.exists()
        or user.groups.exists()
    )


def coordinators():
    """Active users holding the coordinating permission, through a group or on their own (as is_coordinator)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    perm = Permission.objects.filter(codename="coordinate", content_type__app_label="directory").first()
    holds = Q(is_superuser=True)
    if perm is not None:  # before migrations created it, only superusers hold it (and a None would match "no group")
        holds |= Q(groups__permissions=perm) | Q(user_permissions=perm)
    return get_user_model().objects.filter(holds, is_active=True).distinct().order_by("username")


def unit_users(unit_id: int) -> list[AbstractUser]:
    """The active officers of a unit: who hears of its tasks, issues and reminders."""
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(unit_memberships__unit_id=unit_id, is_active=True))


def coordinator_group() -> Group:
    """The group carrying the coordinating permission, created on first use."""
    group, _ = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    group.permissions.add(Permission.objects.get(codename="coordinate", content_type__app_label="directory"))
    return group


def enterprise_ids(user: User) -> set[int]:
    """The enterprises a user acts for, cached on the user object for the request."""
    return _membership_ids(user, "enterprise_memberships", "enterprise_id")


def _membership_ids(user: User, relation: str, column: str) -> set[int]:
    if not user.is_authenticated:
        return set()
    cache = f"_investbj_{relation}"
    cached = getattr(user, cache, None)
    if cached is None:
        cached = set(getattr(user, relation).values_list(column, flat=True))
        setattr(user, cache, cached)
    return cached
