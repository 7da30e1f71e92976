"""The draft page in other languages: its material's published translations, and the page of one language.

The page's interface follows Django's i18n (config/language.py: Vietnamese unless the person chose a
language of ``settings.LANGUAGES`` in the footer); the translated material carries its own ``lang``, so a
page in a language without an interface catalogue (French, Khmer…) shows the material in that language
inside the Vietnamese interface. A person who chose English for the interface is offered the English
material directly on the draft page.
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from policycomm.communication.models import Material
from policycomm.communication.translations import (
    SOURCE_LANGUAGE,
    LanguageChoice,
    MaterialText,
    language_info,
    normalise_language,
    published_translations,
    text_of,
    text_parts,
)
from policycomm.consultation import selectors
from policycomm.consultation.models import Consultation
from policycomm.errors import DomainError


class Alternate(TypedDict):
    hreflang: str
    href: str


class MaterialRow(TypedDict):
    m: Material
    ui: MaterialText | None  # the material in the interface's language, when it has a published translation
    ui_parts: list[tuple[str, str]]


def _alternates(request: HttpRequest, c: Consultation, languages: list[str]) -> list[Alternate]:
    """The draft page and each translated page, as absolute links (``<link rel="alternate" hreflang>``)."""
    if not languages:
        return []
    draft = request.build_absolute_uri(reverse("portal:consultation", args=[c.pk]))
    links: list[Alternate] = [{"hreflang": SOURCE_LANGUAGE, "href": draft}]
    for code in languages:
        href = request.build_absolute_uri(reverse("portal:translation", args=[c.pk, code]))
        links.append({"hreflang": code, "href": href})
    links.append({"hreflang": "x-default", "href": draft})
    return links


def draft_page_context(request: HttpRequest, c: Consultation, materials: list[Material]) -> dict[str, Any]:
    """What the draft page shows about languages, in one query whatever the number of translations."""
    published = list(published_translations(c.document).select_related("material"))
    codes = sorted({t.language for t in published})
    ui = str(getattr(request, "LANGUAGE_CODE", SOURCE_LANGUAGE))
    in_ui = {t.material_id: text_of(t) for t in published if t.language == ui}
    rows: list[MaterialRow] = []
    for m in materials:
        ui_text = in_ui.get(m.pk)
        rows.append({"m": m, "ui": ui_text, "ui_parts": text_parts(ui_text) if ui_text else []})
    return {
        "material_rows": rows,
        "languages": [language_info(code) for code in codes],
        "alternates": _alternates(request, c, codes),
    }


@require_GET
def translation(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    """The draft's material in one language (``/gop-y/<pk>/ban-dich/<lang>/``)."""
    c = get_object_or_404(selectors.public_consultations(), pk=pk)
    code = normalise_language(lang)
    if code is None:
        if lang.strip().lower() == SOURCE_LANGUAGE:
            message = _("Tài liệu bằng tiếng Việt ở ngay trang dự thảo; trang này dành cho bản dịch.")
        else:
            message = _("Không có ngôn ngữ “%(code)s”.") % {"code": lang[:20]}
        raise DomainError("language_unknown", message, status=404)
    if code != lang:
        return redirect("portal:translation", pk=c.pk, lang=code, permanent=True)
    published = list(published_translations(c.document).select_related("material"))
    texts = [text_of(t) for t in published if t.language == code]
    if not texts:
        raise DomainError(
            "translation_missing", _("Tài liệu của dự thảo chưa có bản dịch bằng ngôn ngữ này."), status=404
        )
    codes = sorted({t.language for t in published})
    info: LanguageChoice = language_info(code)
    return render(
        request,
        "portal/translation.html",
        {
            "c": c,
            "lang": info,
            "texts": [{"t": t, "parts": text_parts(t)} for t in texts],
            "languages": [language_info(x) for x in codes],
            "alternates": _alternates(request, c, codes),
        },
    )
