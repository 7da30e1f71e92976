"""Where the cache lives: on SQLite, a database file of its own that is not synced to disk on every write.

The cache holds rate-limit counters and other data that may be lost (docs/adr/0025-intake-speed.md). In
the main file, each counter update was a second write transaction per comment, waiting for the same
write lock and the same fsync as the comment itself. In ``var/cache.sqlite3`` (``synchronous=OFF``) it
waits for neither. On PostgreSQL there is one database and the cache stays in it (no ``cache`` alias).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db.models import Model

CACHE_DB = "cache"
CACHE_APP = "django_cache"  # the app label Django's DatabaseCache gives its table


def _cache_db() -> str | None:
    return CACHE_DB if CACHE_DB in settings.DATABASES else None


class CacheRouter:
    """Sends Django's database cache to the ``cache`` alias when there is one; nothing else goes there."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return _cache_db() if model._meta.app_label == CACHE_APP else None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return _cache_db() if model._meta.app_label == CACHE_APP else None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        if db == CACHE_DB:
            return app_label == CACHE_APP
        if app_label == CACHE_APP and _cache_db():
            return False
        return None


def create_cache_tables(using: str = "default", **kwargs: Any) -> None:
    """After ``migrate``: the cache table in the cache's own file too, so that migrating sets everything up."""
    if using == "default" and _cache_db():
        call_command("createcachetable", database=CACHE_DB, verbosity=0)
