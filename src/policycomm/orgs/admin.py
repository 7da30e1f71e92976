from django.contrib import admin

from .models import AdminUnit, Membership, Organisation


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "is_legacy")
    list_filter = ("kind", "is_legacy")
    search_fields = ("code", "name")
    raw_id_fields = ("parent", "successor")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "level", "parent", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "short_name")
    raw_id_fields = ("parent", "admin_unit")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "position")
    list_filter = ("role",)
    raw_id_fields = ("user", "organisation")
