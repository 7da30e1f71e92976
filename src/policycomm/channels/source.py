"""What the kit is made from, as plain data: the published material, the window, how to comment.

``kit_source`` reads the database once; the builders (texts, poster, card, audio, press) take the
``KitSource`` and nothing else, so a translated material can be fed in by passing another ``lang``
and its texts. ``fingerprint`` is the digest an output stores to know whether it is still current.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.communication.models import Material
from policycomm.communication.translations import SOURCE_LANGUAGE, normalise_language, texts_in
from policycomm.consultation import selectors
from policycomm.consultation.models import Consultation
from policycomm.documents.orgs import issuer_lines, signer_for
from policycomm.errors import DomainError
from policycomm.lawmaking.models import DraftPolicy

from .schema import KitSource, MaterialText, Meeting

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _day(d: dt.date, lang: str = SOURCE_LANGUAGE) -> str:
    """15/12/2026 in Vietnamese, "15 December 2026" in English."""
    if lang == "en":
        return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    return d.strftime("%d/%m/%Y")


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def portal_url(consultation_id: int) -> str:
    return site_url(reverse("portal:consultation", kwargs={"pk": consultation_id}))


def short_url(consultation_id: int) -> str:
    return site_url(reverse("portal:short", kwargs={"pk": consultation_id}))


def secret_reason(consultation: Consultation) -> str | None:
    """Why no kit may be made: content flagged state secret (the material or its policy), or no published
    material to make it from. None when it may be made."""
    doc_id = consultation.document_id
    secret = (
        Material.objects.filter(
            Q(state_secret=True) | Q(policy__state_secret=True), policy__document_id=doc_id
        ).exists()
        or DraftPolicy.objects.filter(document_id=doc_id, state_secret=True).exists()
    )
    if secret:
        return _(
            "Dự thảo có nội dung được đánh dấu bí mật nhà nước: không tạo sản phẩm truyền thông theo kênh cho đợt "
            "lấy ý kiến này."
        )
    return None


def kit_source(consultation: Consultation, *, lang: str = SOURCE_LANGUAGE) -> KitSource:
    """The kit's source in ``lang``: the published material itself for Vietnamese, else its public
    translations (communication.translations decides which are public). A language the material has no
    public translation in is refused (404)."""
    c = consultation
    doc = c.document
    body = doc.drafting_body
    title = doc.title
    if lang == SOURCE_LANGUAGE:
        materials: list[MaterialText] = [
            {"title": m.title, "parts": [text for _f, _l, _r, text in m.parts() if text.strip()]}
            for m in selectors.published_materials(doc)
        ]
    else:
        code = normalise_language(lang)
        translated = texts_in(doc, code) if code else []
        if not translated:
            raise DomainError(
                "translation_missing",
                _("Tài liệu truyền thông chưa có bản dịch công khai bằng ngôn ngữ này để làm sản phẩm theo kênh."),
                status=404,
            )
        lang = code or lang
        materials = [
            {
                "title": t["title"],
                "parts": [
                    x for x in (t["part_need"], t["part_content"], t["part_changes"], t["part_other"]) if x.strip()
                ],
            }
            for t in translated
        ]
        # The draft's own title is in Vietnamese only: the translated material's title stands for it.
        title = translated[0]["title"]
    # The article headings are Vietnamese: a translated kit goes without them.
    sections = (
        [s.heading for s in selectors.public_sections(doc) if s.kind == "dieu"] if lang == SOURCE_LANGUAGE else []
    )
    closes = timezone.localtime(c.closes_at)
    if closes.time() == dt.time(0, 0):
        deadline_day, deadline_time = _day(closes.date() - dt.timedelta(days=1), lang), ""
    else:
        deadline_day, deadline_time = _day(closes.date(), lang), closes.strftime("%H:%M")
    meetings: list[Meeting] = []
    for e in c.events.filter(cancelled=False).order_by("starts_at", "pk"):
        at = timezone.localtime(e.starts_at)
        meetings.append(
            {
                "title": e.title,
                "day": _day(at.date(), lang),
                "time": at.strftime("%H:%M"),
                "place": e.place,
                "online_url": e.online_url,
            }
        )
    parent_line, issuer = issuer_lines(body)
    signer = signer_for(body)
    return {
        "consultation_id": c.pk,
        "lang": lang,
        "title": title,
        "doc_type": str(doc.get_doc_type_display()),
        "intro": c.intro,
        "materials": materials,
        "sections": sections,
        "opens_day": _day(timezone.localtime(c.opens_at).date(), lang),
        "deadline_day": deadline_day,
        "deadline_time": deadline_time,
        "portal_url": portal_url(c.pk),
        "short_url": short_url(c.pk),
        "contacts": {
            "body": body.name,
            "address": body.address,
            "phone": body.phone,
            "hotline": body.hotline,
            "email": body.contact_email,
        },
        "meetings": meetings,
        "issuer": {
            "parent_body": parent_line or "",
            "issuer": issuer,
            "place": body.place_name,
            "symbol": f"TCBC-{body.short_name}" if body.short_name else "TCBC",
            "signer_authority": signer.authority or "",
            "signer_deputy": signer.deputy or "",
            "signer_position": signer.position,
            "signer_name": signer.name,
        },
    }


def fingerprint(source: KitSource, kind: str, version: int) -> str:
    """The digest of everything an output is made from, and of the builder's version."""
    blob = json.dumps({"kind": kind, "version": version, "source": source}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()
