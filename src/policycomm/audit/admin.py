from django.contrib import admin

from policycomm.adminsite.search import FoldedSearchAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(FoldedSearchAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "actor_label")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
