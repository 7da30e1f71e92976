"""REST API v1. Schemas in and out; every write goes through the consultation services."""

from __future__ import annotations

import re
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Header, NinjaAPI, Path, Query, Status
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from policycomm.channels.kit import kit_languages
from policycomm.channels.selectors import public_kit
from policycomm.communication.translations import languages_published
from policycomm.consultation import selectors
from policycomm.consultation.intake_selectors import channel_counts
from policycomm.consultation.models import Comment, Consultation
from policycomm.consultation.services import comment_submit
from policycomm.errors import DomainError
from policycomm.lawmaking.rules import DocType
from policycomm.orgs.models import Level
from policycomm.search import query as search
from policycomm.throttle import limited

from .schemas import (
    MAX_ID,
    MAX_OFFSET,
    ChannelKit,
    CommentIn,
    ConsultationDetail,
    ConsultationList,
    ErrorOut,
    Receipt,
)


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="policycomm API",
    version="1",
    description="Lấy ý kiến dự thảo chính sách (Quyết định 407/QĐ-TTg). Lỗi trả về dạng "
    "`{code, message, errors: [{field, code, message}]}`.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # the bundled docs page loads Swagger from a CDN, which the CSP forbids
    renderer=Renderer(),
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "errors": errors or []}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    errors = [{"field": f, "code": c, "message": m} for f, (c, m) in exc.errors.items()]
    return _error(request, exc.status, exc.code, exc.message, errors)


#: Pydantic's error types → the API's machine-readable reasons.
_PYDANTIC_CODES = {
    "missing": "required",
    "string_too_long": "too_long",
    "json_invalid": "invalid_json",
    "greater_than_equal": "out_of_range",
    "less_than_equal": "out_of_range",
    "greater_than": "out_of_range",
    "less_than": "out_of_range",
    "int_parsing": "not_an_integer",
    "int_type": "not_an_integer",
    "int_from_float": "not_an_integer",
    "literal_error": "not_allowed",
    "enum": "not_allowed",
    "string_type": "wrong_type",
    "bool_type": "wrong_type",
    "bool_parsing": "wrong_type",
    "model_type": "wrong_type",
    "dict_type": "wrong_type",
}


def _field_message(kind: str, e: dict[str, Any]) -> str:
    ctx = e.get("ctx") or {}
    if kind == "missing":
        return _("Thiếu trường bắt buộc.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Giá trị phải không nhỏ hơn %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Giá trị phải không lớn hơn %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Giá trị phải là số nguyên.")
    if kind == "string_too_long":
        return _("Dài quá %(limit)s ký tự.") % {"limit": ctx.get("max_length")}
    if kind == "literal_error":
        return _("Giá trị không được chấp nhận; chỉ nhận: %(allowed)s.") % {"allowed": ctx.get("expected", "")}
    return _("Giá trị không hợp lệ (%(reason)s).") % {"reason": e.get("msg", "")}


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for e in exc.errors:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "payload", "query", "path", "header")]
        kind = str(e.get("type", "invalid"))
        errors.append(
            {
                "field": ".".join(loc) or "body",
                "code": _PYDANTIC_CODES.get(kind, "invalid"),
                "message": _field_message(kind, e),
            }
        )
    return _error(request, 422, "invalid", _("Dữ liệu gửi lên chưa hợp lệ."), errors)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "body_too_large", _("Nội dung gửi lên quá lớn."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code, message = {
        400: ("invalid_json", _("Nội dung gửi lên không phải JSON hợp lệ.")),
        404: ("not_found", str(exc)),
        405: ("method_not_allowed", _("Phương thức không được hỗ trợ.")),
    }.get(exc.status_code, ("error", str(exc)))
    return _error(request, exc.status_code, code, message)


def _out(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "document_title": c.document.title,
        "document_type": c.document.doc_type,
        "drafting_body": c.document.drafting_body.name,
        "phase": c.phase,
        "status": c.status,
        "opens_at": c.opens_at,
        "closes_at": c.closes_at,
        "dispositions_published": c.dispositions_published_at is not None,
    }


def _get(pk: int) -> Consultation:
    c = selectors.public_consultations().filter(pk=pk).first()
    if c is None:
        raise HttpError(404, _("Không tìm thấy đợt lấy ý kiến."))
    return c


def _get_for_intake(pk: int) -> Consultation:
    """The consultation a comment is sent to, with its document: what ``comment_submit`` reads, no more (the
    busiest door: no ordering, no drafting body)."""
    found = list(selectors.consultation_for_intake(pk))
    if not found:
        raise HttpError(404, _("Không tìm thấy đợt lấy ý kiến."))
    return found[0]


# Every status code the server can send, per operation, all with the one error body. 400 and 413 come
# from the body-size middleware (bad or oversized Content-Length), on any operation.
_ERRORS_READ = {400: ErrorOut, 413: ErrorOut, 422: ErrorOut}


def _one_of(values: list[str]) -> str:
    """A pattern accepting exactly one of ``values`` or nothing, so the schema says what is valid."""
    return "^(" + "|".join(re.escape(v) for v in values) + ")?$"


@api.get("/consultations", response={200: ConsultationList, **_ERRORS_READ}, tags=["consultations"])
def list_consultations(
    request: HttpRequest,
    status: Literal["open", "closed", "upcoming", "answered"] | None = None,
    q: str = Query("", max_length=search.QUERY_MAX, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"),
    level: str = Query("", pattern=_one_of(Level.values)),
    body: str = Query("", pattern=r"^([0-9]{1,12})?$"),
    area: str = Query("", pattern=r"^([0-9]{1,12})?$"),
    sector: str = Query("", pattern=r"^([a-z0-9-]{1,60})?$"),
    doc_type: str = Query("", pattern=_one_of(DocType.values)),
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> Any:
    """Consultations visible to the public. ``status``: open, closed, upcoming or answered (answers
    published). ``q``: words to find, without diacritics if wished, in titles, material, sections and
    published answers. ``level`` (of the issuing body), ``body`` (issuing or drafting body id), ``area``
    (administrative unit id; a province includes its communes), ``sector`` (slug), ``doc_type``. A bad
    value is a 400 whose ``code`` names it (bad_level, bad_area, query_invalid…)."""
    raw = {"level": level, "body": body, "area": area, "sector": sector, "doc_type": doc_type}
    filters = search.parse_filters(raw)
    words = search.parse_query(q)
    qs = search.filter_consultations(selectors.public_consultations(None if status == "answered" else status), filters)
    if status == "answered":
        qs = qs.filter(dispositions_published_at__isnull=False)
    if words:
        # Words without a letter or digit ("!!!") match nothing.
        found = search.matching_entries(words, qs).order_by().values_list("consultation_id", flat=True)
        qs = qs.filter(pk__in=set(found))
    return {"items": [_out(c) for c in qs[offset : offset + limit]], "count": qs.count()}


@api.get(
    "/consultations/{pk}",
    response={200: ConsultationDetail, 404: ErrorOut, **_ERRORS_READ},
    tags=["consultations"],
)
def get_consultation(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    c = _get(pk)
    materials = [
        {
            "policy": m.policy.title,
            "title": m.title,
            "audience": m.audience,
            "parts": [{"key": f, "label": label, "text": text} for f, label, _req, text in m.parts() if text],
        }
        for m in selectors.published_materials(c.document)
    ]
    sections = [
        {"id": s.pk, "key": s.key, "kind": s.kind, "heading": s.heading, "text": s.text}
        for s in selectors.public_sections(c.document)
    ]
    by_channel = channel_counts(c)
    return {
        **_out(c),
        "intro": c.intro,
        "material": materials,
        "sections": sections,
        "comment_count": sum(by_channel.values()),
        "comments_by_channel": by_channel,
        "languages": languages_published(c.document),
    }


@api.get(
    "/consultations/{pk}/channels",
    response={200: ChannelKit, 404: ErrorOut, **_ERRORS_READ},
    tags=["consultations"],
    exclude_none=True,
)
def get_channels(
    request: HttpRequest,
    pk: int = Path(..., ge=1, le=MAX_ID),
    lang: str = Query("vi", min_length=2, max_length=12, pattern=r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$"),
) -> Any:
    """The channel kit: poster, loudspeaker script and audio, LED line, social post and card, SMS, press
    release. A text output carries ``text``; a file carries ``url`` (no login needed) and, for audio,
    ``duration_s``. The kit is made in the background when published material or the consultation
    changes; until it has been made, or while any content of the draft is flagged state secret, ``items``
    is empty. ``lang``: the kit in Vietnamese (the default), in a language the material is published in
    (``languages`` of the consultation; 404 for another), or ``all`` (every language, each item with its
    ``lang``)."""
    c = _get(pk)
    if lang not in ("vi", "all") and lang not in kit_languages(c):
        raise HttpError(404, _("Tài liệu truyền thông chưa có bản dịch công khai bằng ngôn ngữ này."))
    items = []
    for o in public_kit(c, lang=None if lang == "all" else lang):
        item: dict[str, Any] = {"kind": o.kind, "media_type": o.media_type, "lang": o.lang}
        if o.file:
            path = reverse("portal:channel_file", kwargs={"pk": c.pk, "kind": o.kind})
            item["url"] = request.build_absolute_uri(path + (f"?lang={o.lang}" if o.lang != "vi" else ""))
        else:
            item["text"] = o.text
        if o.kind == "loudspeaker_audio":
            item["duration_s"] = o.duration_s
        items.append(item)
    return {"items": items}


@api.post(
    "/consultations/{pk}/comments",
    response={
        201: Receipt,
        200: Receipt,
        404: ErrorOut,
        409: ErrorOut,
        429: ErrorOut,
        503: ErrorOut,
        **_ERRORS_READ,
    },
    tags=["consultations"],
)
def post_comment(
    request: HttpRequest,
    payload: CommentIn,
    pk: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = Header(
        default=None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=128,
        pattern=r"^[\x21-\x7e]+$",
        description="1–128 ký tự ASCII in được. Gửi lại cùng khóa và cùng nội dung trả về cùng mã tiếp nhận.",
    ),
) -> Any:
    """Submit one comment. A retry with the same ``Idempotency-Key`` returns the same receipt."""
    c = _get_for_intake(pk)
    replay = bool(idempotency_key) and Comment.objects.filter(consultation=c, idempotency_key=idempotency_key).exists()
    if not replay and limited(request, group="comment", rate=settings.COMMENT_RATE):
        raise DomainError(
            "rate_limited", _("Gửi quá nhiều ý kiến trong thời gian ngắn, vui lòng thử lại sau."), status=429
        )
    comment, created = comment_submit(
        consultation=c,
        text=payload.text,
        section_id=payload.section_id,
        submitter_type=payload.submitter_type,
        name=payload.name or "",
        email=payload.email or "",
        consent=payload.consent,
        channel=Comment.Channel.API,
        idempotency_key=idempotency_key,
        key_unused=not replay,
    )
    return Status(201 if created else 200, {"receipt": comment.receipt})
