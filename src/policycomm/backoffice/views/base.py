"""What every staff view shares: the signed-in staff request, the guard, and turning a refusal into a response."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from policycomm.errors import DomainError
from policycomm.identity.oidc import origin
from policycomm.orgs.access import UserLike, is_staff_member
from policycomm.staffauth import twofactor
from policycomm.staffauth.sso import staff_config


class StaffRequest(HttpRequest):
    """A request that passed ``staff_required``: its user is signed in and holds a role somewhere."""

    user: User


View = Callable[..., HttpResponseBase]


def signed_in_as(allowed: Callable[[UserLike], bool]) -> Callable[[View], View]:
    """A view for signed-in users whom ``allowed`` (a capability of ``orgs.access``) lets in; others get the 403
    that says they hold no role."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not allowed(request.user):
                raise PermissionDenied(_("Tài khoản chưa được phân công vai trò ở cơ quan nào."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = signed_in_as(is_staff_member)


def apply_errors(form: forms.Form, exc: DomainError) -> None:
    """Put a service's refusal next to the fields at fault (or at the top of the form)."""
    if exc.errors:
        for field, (_code, message) in exc.errors.items():
            form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, exc.message)


def plain_int(raw: str | None) -> int | None:
    """A number sent in a form or query string, or None ("" or anything that is not plain ASCII digits)."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() else None


def raise_if_forbidden(exc: DomainError) -> None:
    """A service's 403 becomes the staff 403 page; other refusals are shown where they happened."""
    if exc.status == 403:
        raise PermissionDenied(exc.message) from exc


def safe_next(request: HttpRequest, raw: str | None) -> str:
    """Where to go after signing in: a path on this site, else the staff home."""
    target = (raw or "")[:500]
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("backoffice:dashboard")


def after_password(request: HttpRequest, user: User, next_url: str) -> str:
    """The page after a password (or single sign-on): the code step or enrolment when a code is needed."""
    if not twofactor.needs_second_factor(user):
        return next_url
    name = "backoffice:two_factor_verify" if twofactor.is_enrolled(user) else "backoffice:two_factor_enrol"
    return f"{reverse(name)}?{query_next(next_url)}"


def query_next(next_url: str) -> str:
    return urlencode({"next": next_url})


class LoginView(auth_views.LoginView):
    """The password; then, for a user who needs it, the code step (``security.two_factor_verify``).

    With staff single sign-on configured, the page also has its button (a form posting to ``sso_start``, which
    redirects to the provider: the page's CSP ``form-action`` allows the provider's origin).
    """

    template_name = "backoffice/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        user = self.request.user
        next_url = super().get_success_url()
        if next_url == self.request.path:
            # ?next= the sign-in page itself, for someone already signed in: Django would refuse the loop (a 500).
            next_url = reverse("backoffice:dashboard")
        return after_password(self.request, user, next_url) if isinstance(user, User) else next_url

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        config = staff_config()
        context["sso_name"] = config.name if config else ""
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        config = staff_config()
        if config is not None:
            response._csp_update = {"form-action": [origin(config.issuer)]}  # type: ignore[attr-defined]
        return response
