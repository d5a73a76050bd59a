"""Back office for information reports: read-only, since reports change only by filing and review."""

from django.contrib import admin

from reporting.models import Contribution, Investor, Report, ReportEvent
from workflow.admin import ReadOnlyInline, WorkflowObjectAdmin


class InvestorInline(ReadOnlyInline):
    model = Investor


class ContributionInline(ReadOnlyInline):
    model = Contribution


class ReportEventInline(ReadOnlyInline):
    model = ReportEvent


@admin.register(Report)
class ReportAdmin(WorkflowObjectAdmin):
    list_display = ["__str__", "kind", "year", "district", "status", "source", "submitted_at"]
    list_filter = ["kind", "status", "source", "district"]
    search_fields = ["name", "uscc"]
    inlines = [InvestorInline, ContributionInline, ReportEventInline]
