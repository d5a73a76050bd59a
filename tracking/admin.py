from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tracking.models import DispatchRound, Milestone, Notification, ProgressReport, Reminder, ReportAttachment, Task, TaskUnit
from workflow.admin import ReadOnlyInline


class TaskUnitInline(admin.TabularInline):
    model = TaskUnit
    extra = 0
    autocomplete_fields = ["unit"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "measure", "status", "percent", "due_on", "priority"]
    list_filter = ["status", "priority", "measure__document"]
    search_fields = ["title", "measure__title", "assignments__unit__name"]
    raw_id_fields = ["measure", "unit_group"]
    readonly_fields = ["version", "progress_updated_at"]
    inlines = [TaskUnitInline, MilestoneInline]


class ReportAttachmentInline(ReadOnlyInline):
    model = ReportAttachment
    fields = ["name", "size", "content_type", "uploaded_by", "uploaded_at"]


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["task", "unit", "round", "status", "percent", "review", "submitted_at"]
    list_filter = ["round", "review", "status"]
    search_fields = ["narrative", "unit__name", "task__title"]
    raw_id_fields = ["task"]
    readonly_fields = ["version", "submitted_by", "reviewed_by", "reviewed_at"]
    inlines = [ReportAttachmentInline]


@admin.register(DispatchRound)
class DispatchRoundAdmin(SimpleHistoryAdmin):
    list_display = ["title", "due_on", "opened_at", "closed_at"]
    search_fields = ["title"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """A record of what was sent: read-only, since changing it would rewrite history."""

    list_display = ["subject", "unit", "round", "sent_at"]
    list_filter = ["round"]
    search_fields = ["subject", "unit__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "message", "created_at", "read_at"]
    search_fields = ["message", "user__username"]
