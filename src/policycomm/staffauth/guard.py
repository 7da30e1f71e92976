"""The second-factor guard: a signed-in staff user who needs a code and has not typed one reaches only the code
step (or enrolment, when a required user has no device yet), logout and the sign-in pages.

It covers every staff URL (``/can-bo/``) and the admin site; the portal and the API do not use the staff
session. Placed after django-otp's middleware, which says whether the session was verified and by which device.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from policycomm.orgs.access import must_use_two_factor

from .twofactor import is_enrolled, is_verified

#: The staff pages a half-signed-in user may open.
OPEN_NAMES = (
    "login",
    "logout",
    "two_factor_verify",
    "two_factor_enrol",
    "sso_start",
    "sso_callback",
)


class TwoFactorGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def guarded_prefixes(self) -> tuple[str, ...]:
        return (reverse("backoffice:dashboard"), reverse("admin:index"))

    @cached_property
    def open_paths(self) -> frozenset[str]:
        return frozenset(reverse(f"backoffice:{name}") for name in OPEN_NAMES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        redirect = self.redirect_for(request)
        return redirect or self.get_response(request)

    def redirect_for(self, request: HttpRequest) -> HttpResponse | None:
        path = request.path
        if not path.startswith(self.guarded_prefixes) or path in self.open_paths:
            return None
        user = request.user
        if not isinstance(user, User) or is_verified(request):
            return None
        required = must_use_two_factor(user)
        enrolled = is_enrolled(user)
        if not required and not enrolled:
            return None
        target = reverse("backoffice:two_factor_verify" if enrolled else "backoffice:two_factor_enrol")
        next_url = request.get_full_path() if request.method == "GET" else ""
        return HttpResponseRedirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
