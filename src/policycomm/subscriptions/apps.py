from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "policycomm.subscriptions"
    verbose_name = _("Theo dõi dự thảo qua thư điện tử")

    def ready(self) -> None:
        from policycomm.notifications.schedule import register_schedule

        from . import signals, tasks

        signals.connect()
        register_schedule("follow-scan", tasks.follow_scan, "*/15 * * * *")
        register_schedule("follow-daily", tasks.follow_daily, "0 7 * * *")
        register_schedule("follow-weekly", tasks.follow_weekly, "0 7 * * mon")
