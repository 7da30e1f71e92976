"""One JSON log line per request, and the request's id on every log record written while it runs.

The id comes from the client's ``X-Request-ID`` when it is a sane token (a proxy or load balancer
in front sets one: the same id then ties both logs together), otherwise it is made here; it is sent
back in the response's ``X-Request-ID``. A context variable carries it, and ``RequestIdFilter`` (on
the log handler, ``settings.LOGGING``) copies it into each record, so a warning logged deep in a
service carries the id of the request that caused it. The id stays set until Django's
``request_finished`` (the response closed, streamed files included), so Django's own "Not Found: …"
records, written after the middleware returns, carry it too.

The line holds the method, the path, the status and the duration, and nothing personal: no client
address, no query string (a search or a link from a mail can carry an e-mail address or a token), no
user. Path segments that are secret tokens (``<str:token>`` in the URL patterns: follow, unsubscribe,
plan import links; the unsubscribe token carries the e-mail address) are replaced by ``<token>``.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
#: What a client-given id may look like: short, no spaces, nothing that could forge a log line.
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
#: URL keyword arguments whose value never goes to the log.
SECRET_URL_KWARGS = ("token",)

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
logger = logging.getLogger("policycomm.request")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id (or ``None`` outside a request) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class RedactPathFilter(logging.Filter):
    """Django's own records about a request ("Bad Request: /theo-doi/huy/<the token>/") name its path: the
    secret tokens in it are replaced as in the request line."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and isinstance(record.args, tuple):
            safe = loggable_path(request)
            record.args = tuple(safe if arg == request.path else arg for arg in record.args)
        return True


def incoming_or_new_id(request: HttpRequest) -> str:
    given = request.headers.get(HEADER, "")
    return given if SANE_ID.fullmatch(given) else uuid.uuid4().hex


def loggable_path(request: HttpRequest) -> str:
    """The path without the query string, secret tokens replaced."""
    path = request.path
    match = request.resolver_match
    if match is not None:
        for name in SECRET_URL_KWARGS:
            value = match.kwargs.get(name)
            if value:
                path = path.replace(str(value), f"<{name}>")
    return path


def _forget_request_id(**kwargs: object) -> None:
    request_id.set(None)


request_finished.connect(_forget_request_id, dispatch_uid="policycomm.requestlog.forget_request_id")


class RequestLogMiddleware:
    """First in ``MIDDLEWARE``: it times and logs everything, static files included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = incoming_or_new_id(request)
        request_id.set(rid)
        started = time.perf_counter()
        response = self.get_response(request)
        response[HEADER] = rid
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": loggable_path(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response
