from django.apps import AppConfig


class LawmakingConfig(AppConfig):
    name = "policycomm.lawmaking"
    verbose_name = "Văn bản và dự thảo chính sách"
