from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "policycomm.audit"
    verbose_name = "Nhật ký"
