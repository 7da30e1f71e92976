"""Error pages for every audience: the staff layout for staff URLs, the portal layout elsewhere.

Each status has its own page saying what happened and what to do; a refusal's reason (a
``DomainError`` message or the text of ``PermissionDenied``) is shown when there is one.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from policycomm.errors import DomainError

STAFF_PREFIX = "/can-bo/"
PAGES = frozenset({400, 403, 404, 409, 413, 422, 429, 503})


def is_staff_url(request: HttpRequest) -> bool:
    return request.path.startswith(STAFF_PREFIX)


def error_page(request: HttpRequest, status: int, reason: str = "") -> HttpResponse:
    staff_url = is_staff_url(request)
    page = status if status in PAGES else (400 if status < 500 else 503)
    context = {
        # The staff layout needs a signed-in user (its menu); a visitor to a staff URL gets the portal's.
        "layout": "backoffice/base_staff.html" if staff_url and request.user.is_authenticated else "base.html",
        "home": STAFF_PREFIX if staff_url else "/",
        "staff": staff_url,
        "reason": reason,
        "status": status,
    }
    return render(request, f"errors/{page}.html", context, status=status)


def domain_error_page(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = exc.status if 400 <= exc.status < 500 or exc.status == 503 else 409
    return error_page(request, status, exc.message)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403, str(exception or ""))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors and no database: whatever failed may fail again.
    home = STAFF_PREFIX if is_staff_url(request) else "/"
    return HttpResponse(loader.get_template("500.html").render({"home": home}), status=500)
