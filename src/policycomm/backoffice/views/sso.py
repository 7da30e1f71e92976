"""Staff single sign-on (OpenID Connect): the button's POST goes to the provider, its answer comes back here.

Off (404) unless ``STAFF_OIDC_ISSUER`` is set. The account is an existing active staff account with the
provider's verified e-mail address (``staffauth.sso.staff_user_for``); anyone else is refused with a 403 page
saying why. After it, the second factor is asked for exactly as after a password.
"""

from __future__ import annotations

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from policycomm.audit.services import audit_record
from policycomm.errorpages import error_page
from policycomm.errors import DomainError
from policycomm.identity import oidc
from policycomm.staffauth.sso import staff_config, staff_user_for

from .base import after_password, safe_next

NEXT_KEY = "staff_sso_next"
BACKEND = "django.contrib.auth.backends.ModelBackend"

MESSAGES = {
    "provider_unreachable": gettext_lazy("Không kết nối được với dịch vụ đăng nhập một lần. Vui lòng thử lại sau."),
    "provider_refused": gettext_lazy("Dịch vụ đăng nhập một lần đã từ chối hoặc bạn đã hủy đăng nhập."),
    "bad_request": gettext_lazy("Yêu cầu đăng nhập không hợp lệ hoặc đã được dùng. Vui lòng đăng nhập lại từ đầu."),
    "token_invalid": gettext_lazy(
        "Không xác minh được kết quả đăng nhập (phiên đã hết hạn hoặc đã được dùng). Vui lòng đăng nhập lại."
    ),
}


def _off(request: HttpRequest) -> HttpResponse:
    return error_page(request, 404, _("Đăng nhập một lần cho cán bộ chưa được bật."))


@require_POST
def sso_start(request: HttpRequest) -> HttpResponseBase:
    config = staff_config()
    if config is None:
        return _off(request)
    request.session[NEXT_KEY] = safe_next(request, request.POST.get("next"))
    try:
        return oidc.start(request, config, request.build_absolute_uri(reverse("backoffice:sso_callback")))
    except oidc.OidcError as exc:
        return error_page(request, 400, str(MESSAGES[exc.code]))


@require_GET
def sso_callback(request: HttpRequest) -> HttpResponseBase:
    config = staff_config()
    if config is None:
        return _off(request)
    try:
        signed_in = oidc.finish(request, config)
    except oidc.OidcError as exc:
        return error_page(request, 400, str(MESSAGES[exc.code]))
    try:
        user = staff_user_for(signed_in)
    except DomainError as exc:
        return error_page(request, exc.status, exc.message)
    next_url = safe_next(request, request.session.get(NEXT_KEY))
    login(request, user, backend=BACKEND)  # a new session key; the second factor is still to come
    with transaction.atomic():
        audit_record(actor=user, action="staff.sso.login", obj=user, note=signed_in.issuer)
    return redirect(after_password(request, user, next_url))
