from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "policycomm.plans"
    verbose_name = "Kế hoạch thực hiện Đề án"
