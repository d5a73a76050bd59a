"""Who a user is in the policy system: coordinator, unit officer, or neither."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, AnonymousUser, Group, Permission

User = AbstractUser | AnonymousUser

COORDINATOR_GROUP = "协调员"


def is_coordinator(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm("directory.coordinate"))


def unit_ids(user: User) -> set[int]:
    """The units a user acts for, cached on the user object for the request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_investbj_unit_ids", None)
    if cached is None:
        cached = set(user.unit_memberships.values_list("unit_id", flat=True))  # type: ignore[attr-defined]
        user._investbj_unit_ids = cached  # type: ignore[union-attr,attr-defined]
    return cached


def coordinator_group() -> Group:
    """The group carrying the coordinating permission, created on first use."""
    group, _ = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    group.permissions.add(Permission.objects.get(codename="coordinate", content_type__app_label="directory"))
    return group
