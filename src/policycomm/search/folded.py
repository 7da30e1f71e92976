"""The search folding (fold.py) inside the database, for filters on plain columns: ``name__fold__contains``.

``Fold`` is a transform on text columns: ``policycomm_fold(col)`` on SQLite, a deterministic function
registered on each new connection that calls ``fold.fold``; ``lower(unaccent(col))`` on PostgreSQL (the
``unaccent`` extension that search migration 0001 creates; its rules take đ/Đ to d as fold does). The
value compared is folded in Python, so "ha noi", "Hà Nội" and "HÀ NỘI" all find "Hà Nội" (ADR 0027).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql.compiler import SQLCompiler

from .fold import fold

SQLITE_FUNCTION = "policycomm_fold"


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on first sight of each character: fold's result at C speed, per row."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold(chr(code))
        return folded


_TABLE = _FoldTable()


def fold_fast(text: str) -> str:
    """``fold(text)``, many times faster on long columns (the SQLite function runs once per row)."""
    return text.lower() if text.isascii() else text.translate(_TABLE)


def _fold_or_null(value: object) -> str | None:
    return None if value is None else fold_fast(str(value))


def register_sqlite_function(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: the SQL function behind ``Fold`` on a new SQLite connection."""
    if connection.vendor == "sqlite":
        raw: sqlite3.Connection = connection.connection
        raw.create_function(SQLITE_FUNCTION, 1, _fold_or_null, deterministic=True)


class Fold(models.Transform):
    """The column folded as ``fold.fold`` folds: lower case, no diacritics, đ → d."""

    lookup_name = "fold"
    function = SQLITE_FUNCTION
    output_field = models.TextField()

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> tuple[str, Any]:
        return super().as_sql(compiler, connection, template="lower(unaccent(%(expressions)s::text))", **extra)


def register_lookups() -> None:
    """``__fold`` on every text column (search app's ``ready``)."""
    for field in (models.CharField, models.TextField):
        field.register_lookup(Fold)
