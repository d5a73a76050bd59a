from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from directory.models import Enterprise, EnterpriseContact, EnterpriseMembership, Unit, UnitAlias, UnitMembership, Zone


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1
    fields = ["alias", "source"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "name_en", "aliases__alias"]
    inlines = [UnitAliasInline]


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "unit", "source"]
    list_filter = ["source"]
    search_fields = ["alias", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "name_en", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "name_en"]


@admin.register(UnitMembership)
class UnitMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit"]
    list_filter = ["unit__kind"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit", "user"]


class EnterpriseContactInline(admin.TabularInline):
    model = EnterpriseContact
    extra = 0


class EnterpriseMembershipInline(admin.TabularInline):
    model = EnterpriseMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "uscc", "industry", "district", "verification", "is_demo", "registered_at"]
    list_filter = ["verification", "is_demo", "district"]
    search_fields = ["name", "name_en", "uscc"]
    autocomplete_fields = ["district", "zone"]
    readonly_fields = ["verified_by", "verified_at", "registered_at"]
    inlines = [EnterpriseContactInline, EnterpriseMembershipInline]
