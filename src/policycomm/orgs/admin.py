from typing import Any

from django.contrib import admin

from policycomm.adminsite.search import FoldedSearchAdmin
from policycomm.audit.services import audit_record

from .models import AdminUnit, Membership, Organisation


class AuditedAdmin(FoldedSearchAdmin):
    """Changes made in the administration are audited like any other; its search ignores diacritics."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = {f: str(form.initial.get(f)) for f in form.changed_data} if change else None
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=f"admin.{obj._meta.model_name}.{'change' if change else 'add'}",
            obj=obj,
            before=before,
            after={f: str(form.cleaned_data.get(f)) for f in form.changed_data},
        )

    def delete_model(self, request: Any, obj: Any) -> None:
        audit_record(
            actor=request.user, action=f"admin.{obj._meta.model_name}.delete", obj=obj, before={"repr": str(obj)}
        )
        super().delete_model(request, obj)


@admin.register(AdminUnit)
class AdminUnitAdmin(FoldedSearchAdmin):
    list_display = ("code", "name", "kind", "parent", "is_legacy")
    list_filter = ("kind", "is_legacy")
    search_fields = ("code", "name", "short_name")
    raw_id_fields = ("parent", "successor")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "level", "parent", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "short_name")
    raw_id_fields = ("parent", "admin_unit")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "organisation", "role", "position")
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name", "user__first_name", "organisation__name", "position")
    raw_id_fields = ("user", "organisation")
