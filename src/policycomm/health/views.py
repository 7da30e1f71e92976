"""``/healthz`` and ``/readyz`` for the load balancer and the operator: no login, no personal data, no
rate limit (a probe every few seconds must never be refused), never cached."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import checks


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answers; asks nothing of the database."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: 200 with every check, or 503 naming the failing ones (``checks.readiness``)."""
    result = checks.readiness()
    return JsonResponse(result, status=503 if result["failing"] else 200)
