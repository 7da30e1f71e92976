from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "policycomm.orgs"
    verbose_name = "Tổ chức và người dùng"
