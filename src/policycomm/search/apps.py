from django.apps import AppConfig
from django.db.backends.signals import connection_created


class SearchConfig(AppConfig):
    name = "policycomm.search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .folded import register_lookups, register_sqlite_function

        register_lookups()
        connection_created.connect(register_sqlite_function, dispatch_uid="search_fold_sqlite_function")
