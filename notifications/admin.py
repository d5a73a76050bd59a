from django.contrib import admin

from notifications.models import Notification, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """A record of what was sent: read-only, since changing it would rewrite history."""

    list_display = ["subject", "key", "sent_at"]
    search_fields = ["subject", "key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "message", "created_at", "read_at"]
    search_fields = ["message", "user__username"]
