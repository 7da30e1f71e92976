"""Search in the administration without diacritics: "ha noi" finds "Hà Nội", "nguyen van" "Nguyễn Văn".

``FoldedSearchAdmin`` replaces ``ModelAdmin.get_search_results``: each word of the query, folded by
``search.fold``, must be found (AND) in one of ``search_fields`` (OR), whose text columns are folded in
SQL by the ``__fold`` transform (``search.folded``). Other columns (numbers, IP addresses) and fields
given with their own lookup keep Django's matching of the word as typed. The model's own text columns
are joined and folded once per row and word, not once per column (the SQLite function is Python).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Model, Q, QuerySet, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce, Concat
from django.http import HttpRequest
from django.utils.text import smart_split, unescape_string_literal

from policycomm.search.fold import fold
from policycomm.search.folded import Fold

_PREFIX = {"^": "startswith", "=": "exact", "@": "search"}


def _text_column(opts: Any, path: str) -> bool | None:
    """True for a text column, False for another column, None when ``path`` ends with a lookup."""
    field: Any = None
    for part in path.split(LOOKUP_SEP):
        try:
            field = opts.get_field(opts.pk.name if part == "pk" else part)
        except FieldDoesNotExist:
            return None
        if hasattr(field, "path_infos"):
            opts = field.path_infos[-1].to_opts
    return isinstance(field, models.CharField | models.TextField)


def search_lookups(opts: Any, search_fields: Any) -> tuple[list[tuple[str, bool]], list[str]]:
    """``(orm lookup, folded)`` for each entry of ``search_fields``, and apart the model's own text columns
    searched with "contains": those are folded together, once per row and word (``JOINED``)."""
    out: list[tuple[str, bool]] = []
    own: list[str] = []
    for spec in map(str, search_fields):
        lookup = _PREFIX.get(spec[:1], "contains")
        path = spec[1:] if spec[:1] in _PREFIX else spec
        text = _text_column(opts, path)
        if text is None:
            out.append((path, False))
        elif text and lookup == "contains" and LOOKUP_SEP not in path:
            own.append(path)
        elif text and lookup != "search":
            out.append((f"{path}__fold__{lookup}", True))
        else:
            out.append((f"{path}__{'i' + lookup if lookup != 'search' else lookup}", False))
    return out, own


#: The alias holding the model's own searched columns, joined by a character no query word holds, folded.
JOINED = "_search_folded"


class FoldedSearchAdmin(admin.ModelAdmin):
    """A ``ModelAdmin`` whose search ignores diacritics and case (đ/Đ → d)."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Model], search_term: str
    ) -> tuple[QuerySet[Model], bool]:
        search_fields = self.get_search_fields(request)
        if not (search_fields and search_term):
            return queryset, False
        lookups, own = search_lookups(queryset.model._meta, search_fields)
        if len(own) == 1:
            lookups.append((f"{own[0]}__fold__contains", True))
        elif own:
            parts: list[Any] = []
            for path in own:
                parts += [Coalesce(F(path), Value(""), output_field=models.TextField()), Value("\x1f")]
            queryset = queryset.alias(**{JOINED: Fold(Concat(*parts[:-1], output_field=models.TextField()))})
            lookups.append((f"{JOINED}__contains", True))
        terms = []
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            if not bit:
                continue
            terms.append(Q.create([(lk, fold(bit) if folded else bit) for lk, folded in lookups], connector=Q.OR))
        if not terms:
            return queryset, False
        duplicates = any(lookup_spawns_duplicates(self.opts, lk) for lk, _ in lookups)
        return queryset.filter(*terms), duplicates
