"""What every staff view shares: the signed-in staff request, the guard, and turning a refusal into a response."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

from policycomm.errors import DomainError
from policycomm.orgs.access import is_staff_member


class StaffRequest(HttpRequest):
    """A request that passed ``staff_required``: its user is signed in and holds a role somewhere."""

    user: User


View = Callable[..., HttpResponseBase]


def staff_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_staff_member(request.user):
            raise PermissionDenied(_("Tài khoản chưa được phân công vai trò ở cơ quan nào."))
        return view(request, *args, **kwargs)

    return wrapper


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


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    redirect_authenticated_user = True
