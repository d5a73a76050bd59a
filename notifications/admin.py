from django.contrib import admin
from django.http import HttpRequest

from notifications.models import Notification, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin[Reminder]):
    """A record of what was sent: read-only, since changing it would rewrite history."""

    list_display = ["subject", "key", "sent_at"]
    search_fields = ["subject", "key"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Reminder | None = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["user", "message", "created_at", "read_at"]
    search_fields = ["message", "user__username"]
