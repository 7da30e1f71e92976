from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "policycomm.consultation"
    verbose_name = "Lấy ý kiến"
