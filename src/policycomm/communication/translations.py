"""Material in other languages: which languages a translation may be in, and what the public may read.

A translation (``MaterialTranslation``) is public while it is approved and its material is published and
neither the material nor its policy is secret (ADR 0013). The portal, the API and the channel kit read
translations through this module only, so the rule is in one place. The text of a material in a
language is handed on as a ``MaterialText``.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol, TypedDict

from django.conf.locale import LANG_INFO
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from policycomm.errors import DomainError
from policycomm.lawmaking.models import LegalDocument

from .models import Material, MaterialTranslation

#: The language the material itself is written in.
SOURCE_LANGUAGE = "vi"


class MaterialText(TypedDict):
    """A material's text in one language: the original (``lang`` = "vi") or an approved translation."""

    material_id: int
    policy_id: int
    lang: str
    title: str
    part_need: str
    part_content: str
    part_changes: str
    part_other: str


class LanguageChoice(TypedDict):
    code: str
    name_local: str  # the language's own name for itself ("Français", "简体中文")
    name: str  # its English name ("French")
    name_translated: str  # its name in the active language ("Tiếng Pháp")
    bidi: bool  # written right to left


class _HasDocument(Protocol):
    @property
    def document(self) -> LegalDocument: ...


@cache
def translation_languages() -> tuple[str, ...]:
    """Every language Django knows (``LANG_INFO``) except Vietnamese and the codes that only point to another."""
    return tuple(sorted(code for code, info in LANG_INFO.items() if code != SOURCE_LANGUAGE and "fallback" not in info))


def normalise_language(code: str) -> str | None:
    """The canonical code of a language a translation may be in ("EN" → "en", "zh_CN" → "zh-hans"), or None."""
    code = (code or "").strip().lower().replace("_", "-")
    info = LANG_INFO.get(code)
    if info is None:
        return None
    if "fallback" in info:
        code = info["fallback"][0]
    return code if code in translation_languages() else None


def language_or_error(code: str) -> str:
    """The canonical code, or a refusal with a Vietnamese message (field ``language``)."""
    lang = normalise_language(code)
    if lang is None:
        if (code or "").strip().lower() == SOURCE_LANGUAGE:
            message = _("Tài liệu đã viết bằng tiếng Việt; bản dịch phải bằng một ngôn ngữ khác.")
        else:
            message = _("Mã ngôn ngữ “%(code)s” không có trong danh sách ngôn ngữ được hỗ trợ.") % {"code": code[:20]}
        raise DomainError("language_invalid", message, field="language")
    return lang


def language_info(code: str) -> LanguageChoice:
    info = translation.get_language_info(code)
    return {
        "code": code,
        "name_local": info["name_local"],
        "name": info["name"],
        "name_translated": str(info["name_translated"]),
        "bidi": bool(info["bidi"]),
    }


def language_choices() -> list[LanguageChoice]:
    """The languages staff may translate into, in the order of their names in the active language."""
    return sorted((language_info(c) for c in translation_languages()), key=lambda c: c["name_translated"].casefold())


def _public_materials() -> Q:
    return Q(
        material__status=Material.Status.PUBLISHED,
        material__state_secret=False,
        material__policy__state_secret=False,
    )


def published_translations(document: LegalDocument, lang: str | None = None) -> QuerySet[MaterialTranslation]:
    """Approved translations of the document's published, non-secret material (in ``lang`` when given)."""
    qs = MaterialTranslation.objects.filter(
        _public_materials(), material__policy__document=document, status=MaterialTranslation.Status.APPROVED
    )
    if lang is not None:
        qs = qs.filter(language=lang)
    return qs.order_by("material__policy_id", "material_id", "language")


def languages_published(target: LegalDocument | _HasDocument) -> list[str]:
    """The languages, besides Vietnamese, that a document's (or a consultation's) public material is in."""
    document = target if isinstance(target, LegalDocument) else target.document
    return sorted(set(published_translations(document).values_list("language", flat=True)))


def text_of(t: Material | MaterialTranslation) -> MaterialText:
    if isinstance(t, Material):
        material_id, policy_id, lang = t.pk, t.policy_id, SOURCE_LANGUAGE
    else:
        material_id, policy_id, lang = t.material_id, t.material.policy_id, t.language
    return {
        "material_id": material_id,
        "policy_id": policy_id,
        "lang": lang,
        "title": t.title,
        "part_need": t.part_need,
        "part_content": t.part_content,
        "part_changes": t.part_changes,
        "part_other": t.part_other,
    }


def text_parts(t: MaterialText) -> list[tuple[str, str]]:
    """(label in the active language, text) for each part the text has, in the material's order."""
    texts = {
        "part_need": t["part_need"],
        "part_content": t["part_content"],
        "part_changes": t["part_changes"],
        "part_other": t["part_other"],
    }
    return [(str(label), texts[f]) for f, label, _req in Material.PARTS if texts[f]]


def material_text(material: Material, lang: str) -> MaterialText:
    """The material's public text in ``lang``: itself for Vietnamese, else its published translation.

    Refused (404) when the material has no published translation in that language.
    """
    code = SOURCE_LANGUAGE if (lang or "").strip().lower() == SOURCE_LANGUAGE else normalise_language(lang)
    if code == SOURCE_LANGUAGE:
        return text_of(material)
    t = (
        published_translations(material.policy.document, code).filter(material=material).select_related("material")
        if code
        else MaterialTranslation.objects.none()
    ).first()
    if t is None:
        raise DomainError(
            "translation_missing", _("Tài liệu chưa có bản dịch công khai bằng ngôn ngữ này."), status=404
        )
    return text_of(t)


def texts_in(document: LegalDocument, lang: str) -> list[MaterialText]:
    """The document's public material that has a published translation in ``lang``, in the material's order."""
    return [text_of(t) for t in published_translations(document, lang).select_related("material")]
