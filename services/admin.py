"""Back office for enterprise services. Issues and their records are read-only here:
every change goes through the workflow, so it is recorded with its reason."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from services.models import Answer, Issue, IssueEvent, Partner, PartnerContact, Roundtable, RoundtableTopic, Transfer
from workflow.admin import ReadOnlyInline, WorkflowObjectAdmin


class IssueEventInline(ReadOnlyInline):
    model = IssueEvent
    fields = ["at", "kind", "actor", "unit", "target", "reason"]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["created_at", "unit", "author", "outcome", "text", "reason"]


@admin.register(Issue)
class IssueAdmin(WorkflowObjectAdmin):
    list_display = ["__str__", "enterprise", "category", "status", "owner", "answer_due", "escalated", "partner"]
    list_filter = ["status", "category", "kind", "escalated", "partner", "owner"]
    search_fields = ["title", "description", "enterprise__name", "enterprise__uscc"]
    inlines = [AnswerInline, IssueEventInline]


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ["issue", "from_unit", "to_unit", "decision", "requested_at", "decided_at"]
    list_filter = ["decision"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["enterprise", "focus_field", "service_unit", "service_contact", "enrolled_on", "ended_on"]
    list_filter = ["service_unit", "ended_on"]
    search_fields = ["enterprise__name", "focus_field"]
    autocomplete_fields = ["enterprise", "service_unit"]
    inlines = [PartnerContactInline]


class RoundtableTopicInline(admin.TabularInline):
    model = RoundtableTopic
    extra = 0


@admin.register(Roundtable)
class RoundtableAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "topic", "host", "place"]
    search_fields = ["topic", "topic_en"]
    filter_horizontal = ["enterprises", "units"]
    inlines = [RoundtableTopicInline]
