from typing import Any

from django.contrib import admin

from policycomm.orgs.admin import AuditedAdmin

from .models import CommentPeriod


@admin.register(CommentPeriod)
class CommentPeriodAdmin(AuditedAdmin):
    """One row per document type and phase, seeded by a migration: corrected here, never added or removed
    (a missing row would silently lift the minimum)."""

    list_display = ("doc_type", "phase", "min_days", "verified", "updated_at")
    list_editable = ("min_days", "verified")
    list_filter = ("phase", "verified")
    fields = ("doc_type", "phase", "min_days", "legal_basis", "verified")
    readonly_fields = ("doc_type", "phase")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
