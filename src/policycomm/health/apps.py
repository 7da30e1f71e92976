from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "policycomm.health"
    verbose_name = "Tình trạng hệ thống"

    def ready(self) -> None:
        from policycomm.notifications.schedule import register_interval

        from . import tasks

        register_interval("worker-heartbeat", tasks.worker_heartbeat, tasks.HEARTBEAT_SECONDS)
