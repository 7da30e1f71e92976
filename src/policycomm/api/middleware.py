"""Refuse oversized API bodies before anything reads them."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


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
                    "message": f"Nội dung gửi lên vượt quá giới hạn {settings.API_MAX_BODY_BYTES} byte."
                    if length > 0
                    else "Tiêu đề Content-Length không hợp lệ.",
                    "errors": [],
                }
                return HttpResponse(
                    json.dumps(body, ensure_ascii=False),
                    status=413 if length > 0 else 400,
                    content_type="application/json; charset=utf-8",
                )
        return self.get_response(request)
