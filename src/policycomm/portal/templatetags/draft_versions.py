"""``{% draft_extras c as x %}``: what the draft page shows of its versions and its dossier (two queries)."""

from __future__ import annotations

from typing import TypedDict

from django import template

from policycomm.consultation.models import Consultation
from policycomm.lawmaking import versions
from policycomm.lawmaking.dossier import human_size, public_dossier
from policycomm.lawmaking.models import DossierFile

register = template.Library()


class DossierRow(TypedDict):
    f: DossierFile
    size: str
    label: str


class DraftExtras(TypedDict):
    numbers: list[int]
    latest: int | None
    previous: int | None
    files: list[DossierRow]


@register.simple_tag
def draft_extras(c: Consultation) -> DraftExtras:
    numbers = versions.version_numbers(c.document_id)
    rows = public_dossier(c.document_id).only("pk", "kind", "title", "file", "size", "content_type")
    return {
        "numbers": numbers,
        "latest": numbers[-1] if numbers else None,
        "previous": numbers[-2] if len(numbers) > 1 else None,
        "files": [{"f": f, "size": human_size(f.size), "label": f.extension.upper()} for f in rows],
    }
