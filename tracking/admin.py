from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tracking.models import DispatchRound, Milestone, ProgressReport, ReportAttachment, Task, TaskUnit
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
