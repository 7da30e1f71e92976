from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "policycomm.documents"
    verbose_name = "Văn bản theo thể thức Nghị định 30"
