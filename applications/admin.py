"""Back office: coordinators keep the criteria the seeds leave to other regulations and
look after the qualification catalogue. Applications change only through their workflow."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from applications.models import Application, ApplicationEvent, CatalogueVersion, Criterion, Qualification, ReviewStep
from applications.types import registry
from workflow.admin import ReadOnlyInline, WorkflowObjectAdmin


class ReviewStepInline(ReadOnlyInline):
    model = ReviewStep
    fields = ["order", "step_id", "unit", "status", "started_on", "due_on", "decided_by", "comment"]


class ApplicationEventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["at", "kind", "actor", "unit", "text"]


@admin.register(Application)
class ApplicationAdmin(WorkflowObjectAdmin):
    list_display = ["__str__", "type_id", "enterprise", "status", "submitted_at", "decided_at"]
    list_filter = ["type_id", "status"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    inlines = [ReviewStepInline, ApplicationEventInline]


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["type_id", "text", "document", "article", "updated_by", "updated_at"]
    list_filter = ["type_id"]
    search_fields = ["text", "text_en", "document"]
    readonly_fields = ["updated_by"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "type_id":
            from django import forms

            return forms.ChoiceField(choices=[(t.id, t.title.zh) for t in registry().values()], label=db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "issuer", "published_on", "official", "current"]
    inlines = [QualificationInline]


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "issuer", "country", "occupation", "catalogue"]
    list_filter = ["catalogue", "country"]
    search_fields = ["name", "name_en", "issuer", "occupation", "occupation_en"]
