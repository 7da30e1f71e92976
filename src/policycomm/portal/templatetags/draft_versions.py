"""``{% draft_extras c as x %}``: what the draft page shows of its versions and its dossier (two queries)."""

from __future__ import annotations

from typing import TypedDict

from django import template
from django.utils.translation import gettext as _

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


@register.simple_tag
def current_version(document_id: int) -> int | None:
    """``{% current_version c.document_id as cur %}``: the number of the document's latest version (one query)."""
    return versions.current_version_number(document_id)


@register.filter
def version_note(number: int | None, current: int | None) -> str:
    """``{{ cm.version_number|version_note:cur }}``: "góp ý trên dự thảo lần N" when N is not the current one."""
    if not number or number == current:
        return ""
    return _("góp ý trên dự thảo lần %(n)s") % {"n": number}
