from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "policycomm.search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        from . import signals  # noqa: F401
