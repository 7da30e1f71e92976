from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "policycomm.reporting"
    verbose_name = "Báo cáo định kỳ"
