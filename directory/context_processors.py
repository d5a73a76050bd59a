from __future__ import annotations

from directory.roles import enterprise_ids, is_coordinator, unit_ids


def roles(request) -> dict:
    """Which parts of the navigation a person needs: coordinator, unit officer, enterprise user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "role_coordinator": is_coordinator(user),
        "role_unit": bool(unit_ids(user)),
        "role_enterprise": bool(enterprise_ids(user)),
    }
