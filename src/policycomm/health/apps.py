from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "policycomm.health"
    verbose_name = "Tình trạng hệ thống"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from policycomm.config.dbrouter import create_cache_tables
        from policycomm.notifications.schedule import register_interval

        from . import tasks

        register_interval("worker-heartbeat", tasks.worker_heartbeat, tasks.HEARTBEAT_SECONDS)
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="policycomm-cache-tables")
