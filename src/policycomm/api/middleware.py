"""Refuse oversized API bodies before anything reads them; answer every API error in JSON."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class ApiBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > settings.API_MAX_BODY_BYTES:
                body: dict[str, object] = {
                    "code": "body_too_large" if length > 0 else "bad_content_length",
                    "message": _("Nội dung gửi lên vượt quá giới hạn %(limit)d byte.")
                    % {"limit": settings.API_MAX_BODY_BYTES}
                    if length > 0
                    else _("Tiêu đề Content-Length không hợp lệ."),
                    "errors": [],
                }
                return HttpResponse(
                    json.dumps(body, ensure_ascii=False),
                    status=413 if length > 0 else 400,
                    content_type="application/json; charset=utf-8",
                )
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in (404, 405)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            code, message = {
                404: ("not_found", _("Không tìm thấy địa chỉ API này.")),
                405: ("method_not_allowed", _("Phương thức không được hỗ trợ tại địa chỉ này.")),
            }[response.status_code]
            fresh = HttpResponse(
                json.dumps({"code": code, "message": message, "errors": []}, ensure_ascii=False),
                status=response.status_code,
                content_type="application/json; charset=utf-8",
            )
            if response.has_header("Allow"):
                fresh["Allow"] = response["Allow"]
            return fresh
        return response
