from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "policycomm.demo"
    verbose_name = "Dữ liệu mẫu"
