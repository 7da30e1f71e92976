from django.contrib import admin

from policycomm.orgs.admin import AuditedAdmin

from .models import AppraisalRecord, ExaminationRecord


@admin.register(AppraisalRecord)
class AppraisalRecordAdmin(AuditedAdmin):
    list_display = ("document", "phase", "report_number", "date", "states_communicated")
    list_filter = ("phase", "states_communicated")
    search_fields = ("report_number", "document__title", "body_name")
    raw_id_fields = ("document", "body", "recorded_by")


@admin.register(ExaminationRecord)
class ExaminationRecordAdmin(AuditedAdmin):
    list_display = ("document", "report_number", "date", "committee_checked_on", "committee_confirms_communication")
    list_filter = ("committee_confirms_communication",)
    search_fields = ("report_number", "document__title", "body_name")
    raw_id_fields = ("document", "body", "recorded_by")
