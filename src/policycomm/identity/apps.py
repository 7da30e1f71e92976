from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "policycomm.identity"
    verbose_name = "Danh tính công dân"
