from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "policycomm.api"
