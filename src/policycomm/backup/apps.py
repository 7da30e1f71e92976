from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "policycomm.backup"
    verbose_name = "Sao lưu và khôi phục"
