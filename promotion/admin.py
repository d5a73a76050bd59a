from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from promotion import pipeline
from promotion.models import Event, Matchmaking, Project, StageChange, TaskForceMeeting, TaskForceProblem


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "on", "note", "by"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "investor", "investor_country", "amount_usd", "stage", "owner", "fast_track", "task_force"]
    list_filter = ["stage", "task_force", "fast_track", "owner"]
    search_fields = ["name", "investor"]
    # The stage changes only through the pipeline rules; the flags only through the rules engine.
    readonly_fields = ["stage", "stage_on", "fast_track", "task_force"]
    inlines = [StageChangeInline]

    def has_add_permission(self, request) -> bool:
        # New projects start their history on the project page, which records the lead stage.
        return False

    def save_model(self, request, obj, form, change) -> None:
        pipeline.refresh_flags(obj)
        super().save_model(request, obj, form, change)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["starts_on", "name", "place", "organiser"]
    search_fields = ["name", "name_en"]
    filter_horizontal = ["enterprises"]


@admin.register(Matchmaking)
class MatchmakingAdmin(admin.ModelAdmin):
    list_display = ["event", "project"]


@admin.register(TaskForceProblem)
class TaskForceProblemAdmin(SimpleHistoryAdmin):
    list_display = ["project", "description", "status", "raised_on", "solved_on"]
    list_filter = ["status"]


@admin.register(TaskForceMeeting)
class TaskForceMeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "place", "agenda"]
