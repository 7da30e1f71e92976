from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "policycomm.notifications"
    verbose_name = _("Thông báo, nhắc việc")

    def ready(self) -> None:
        from .reminders import register_builtin_sources

        register_builtin_sources()
