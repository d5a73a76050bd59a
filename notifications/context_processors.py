from __future__ import annotations

from notifications.models import Notification


def unread_notifications(request) -> dict:
    """The unread count shown in the page header; one indexed COUNT for signed-in users only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count()}
