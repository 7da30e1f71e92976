from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "policycomm.monitoring"
    verbose_name = "Giám sát"
