from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "policycomm.backoffice"
