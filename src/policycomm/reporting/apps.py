from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "policycomm.reporting"
    verbose_name = "Báo cáo định kỳ"

    def ready(self) -> None:
        from . import reminders

        reminders.register()
