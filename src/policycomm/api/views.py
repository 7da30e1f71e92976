"""REST API v1. Schemas in and out; every write goes through the consultation services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import is_ratelimited
from ninja import Header, NinjaAPI, Status
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from policycomm.consultation import selectors
from policycomm.consultation.models import Comment, Consultation
from policycomm.consultation.services import comment_submit
from policycomm.errors import DomainError

from .schemas import CommentIn, ConsultationDetail, ConsultationList, ErrorOut, Receipt


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


_PYDANTIC_CODES = {"missing": "required", "string_too_long": "too_long"}


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for e in exc.errors:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "payload", "query", "path", "header")]
        kind = str(e.get("type", "invalid"))
        errors.append(
            {
                "field": ".".join(loc) or "body",
                "code": _PYDANTIC_CODES.get(kind, "invalid" if kind != "json_invalid" else "invalid_json"),
                "message": "Thiếu trường bắt buộc."
                if kind == "missing"
                else f"Giá trị không hợp lệ ({e.get('msg', '')}).",
            }
        )
    return _error(request, 422, "invalid", "Dữ liệu gửi lên chưa hợp lệ.", errors)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "body_too_large", "Nội dung gửi lên quá lớn.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code, message = {
        400: ("invalid_json", "Nội dung gửi lên không phải JSON hợp lệ."),
        404: ("not_found", str(exc)),
        405: ("method_not_allowed", "Phương thức không được hỗ trợ."),
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
        raise HttpError(404, "Không tìm thấy đợt lấy ý kiến.")
    return c


@api.get("/consultations", response={200: ConsultationList, 422: ErrorOut}, tags=["consultations"])
def list_consultations(request: HttpRequest, status: str | None = None, limit: int = 100, offset: int = 0) -> Any:
    """Consultations visible to the public. ``status``: open, closed or upcoming."""
    if status not in (None, "open", "closed", "upcoming"):
        raise DomainError("invalid", "Tham số status không hợp lệ.", field="status")
    if not (1 <= limit <= 500) or offset < 0:
        raise DomainError("invalid", "limit phải từ 1 đến 500, offset không âm.", field="limit")
    qs = selectors.public_consultations(status)
    return {"items": [_out(c) for c in qs[offset : offset + limit]], "count": qs.count()}


@api.get("/consultations/{pk}", response={200: ConsultationDetail, 404: ErrorOut}, tags=["consultations"])
def get_consultation(request: HttpRequest, pk: int) -> Any:
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
    return {**_out(c), "intro": c.intro, "material": materials, "sections": sections}


@api.post(
    "/consultations/{pk}/comments",
    response={201: Receipt, 200: Receipt, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    tags=["consultations"],
)
def post_comment(
    request: HttpRequest,
    pk: int,
    payload: CommentIn,
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key"),
) -> Any:
    """Submit one comment. A retry with the same ``Idempotency-Key`` returns the same receipt."""
    c = _get(pk)
    replay = bool(idempotency_key) and Comment.objects.filter(consultation=c, idempotency_key=idempotency_key).exists()
    if not replay and is_ratelimited(
        request, group="comment", key="ip", rate=settings.COMMENT_RATE, method="POST", increment=True
    ):
        raise DomainError(
            "rate_limited", "Gửi quá nhiều ý kiến trong thời gian ngắn, vui lòng thử lại sau.", status=429
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
    )
    return Status(201 if created else 200, {"receipt": comment.receipt})
