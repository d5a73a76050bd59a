from django.contrib import admin

from corpus import search
from corpus.models import Document, Measure, MeasureSimilarity, Section, UnitGroup, UnitGroupMember


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "number", "level", "title", "title_en"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "issuer", "issued_on", "version", "is_latest", "complete"]
    list_filter = ["status", "is_latest", "complete", "source_format"]
    search_fields = ["title", "base_title", "title_en", "issuer", "doc_number", "sha256"]
    readonly_fields = [
        "sha256",
        "base_title",
        "version",
        "previous",
        "is_latest",
        "ingested_at",
        "source_name",
        "source_format",
        "encoding",
    ]
    inlines = [SectionInline]


class UnitGroupMemberInline(admin.TabularInline):
    model = UnitGroupMember
    extra = 0
    fields = ["order", "name", "unit", "generic"]
    autocomplete_fields = ["unit"]


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["raw", "measure", "has_etc"]
    search_fields = ["raw", "measure__title"]
    inlines = [UnitGroupMemberInline]


class UnitGroupInline(admin.TabularInline):
    model = UnitGroup
    extra = 0
    fields = ["order", "raw", "has_etc"]
    show_change_link = True


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "document", "section", "title_en"]
    list_filter = ["document__status", "document"]
    search_fields = ["title", "text", "title_en", "summary_en"]
    inlines = [UnitGroupInline]
    readonly_fields = ["search_text"]

    def save_related(self, request, form, formsets, change):
        # Titles, text and English fields feed the search index: refresh it with the edit.
        super().save_related(request, form, formsets, change)
        search.index_measures(
            Measure.objects.filter(pk=form.instance.pk).select_related("document").prefetch_related("unit_groups__members")
        )


@admin.register(UnitGroupMember)
class UnitGroupMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "generic", "group"]
    list_filter = ["generic", ("unit", admin.EmptyFieldListFilter)]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(MeasureSimilarity)
class MeasureSimilarityAdmin(admin.ModelAdmin):
    list_display = ["measure", "other", "score"]
