from django.apps import AppConfig


class CommunicationConfig(AppConfig):
    name = "policycomm.communication"
    verbose_name = "Truyền thông"
