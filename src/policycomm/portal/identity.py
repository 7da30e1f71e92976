"""Citizens' login: choice, e-mail one-time code, OpenID Connect (VNeID / provincial SSO), logout.

A citizen is not a Django user: the identity lives in the session (``policycomm.identity.session``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policycomm.errors import DomainError
from policycomm.identity import oidc, otp
from policycomm.identity.accounts import verified_account
from policycomm.identity.session import current_identity, log_in, log_out
from policycomm.textclean import clean_line
from policycomm.throttle import limited

NEXT_KEY = "identity_next"

_OIDC_MESSAGES = {
    "provider_unreachable": gettext_lazy("Không kết nối được với dịch vụ xác thực. Vui lòng thử lại sau."),
    "provider_refused": gettext_lazy("Dịch vụ xác thực đã từ chối hoặc bạn đã hủy đăng nhập."),
    "bad_request": gettext_lazy("Yêu cầu đăng nhập không hợp lệ hoặc đã được dùng. Vui lòng đăng nhập lại từ đầu."),
    "token_invalid": gettext_lazy(
        "Không xác minh được kết quả đăng nhập (phiên đã hết hạn hoặc đã được dùng). Vui lòng đăng nhập lại."
    ),
}


def _safe_next(request: HttpRequest, raw: str | None) -> str:
    target = clean_line(raw or "")[:500]
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return reverse("portal:home")


def _page(request: HttpRequest, template: str, context: dict[str, object], status: int = 200) -> HttpResponse:
    config = oidc.citizen_config()
    base: dict[str, object] = {"identity": current_identity(request), "oidc_name": config.name if config else ""}
    response = render(request, template, {**base, **context}, status=status)
    if config is not None:
        # The verified-login form posts here and is redirected to the provider: CSP's form-action also governs
        # that redirect (Chromium enforces it), so the provider's origin is allowed on this page only.
        response._csp_update = {"form-action": [oidc.origin(config.issuer)]}  # type: ignore[attr-defined]
    return response


@require_GET
def login_choice(request: HttpRequest) -> HttpResponse:
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("tiep"))
    return _page(request, "portal/identity_login.html", {"email": ""})


@require_POST
def code_request(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("email", "")[:1000]
    if limited(request, group="identity-code", rate=settings.IDENTITY_CODE_RATE) or limited(
        request, group="identity-code-email", rate=settings.IDENTITY_CODE_RATE, key=clean_line(raw).lower()[:254]
    ):
        error = _("Bạn đã yêu cầu mã quá nhiều lần. Vui lòng chờ ít phút rồi thử lại.")
        return _page(request, "portal/identity_login.html", {"email": "", "email_error": error}, status=429)
    try:
        email = otp.request_code(raw)
    except DomainError as exc:
        return _page(request, "portal/identity_login.html", {"email": "", "email_error": exc.message}, exc.status)
    return _page(request, "portal/identity_code.html", {"email": email})


@require_POST
def code_verify(request: HttpRequest) -> HttpResponse:
    raw_email = request.POST.get("email", "")[:1000]
    try:
        account = otp.verify_code(raw_email, request.POST.get("code", "")[:100])
    except DomainError as exc:
        if exc.field == "email":
            return _page(request, "portal/identity_login.html", {"email": "", "email_error": exc.message}, exc.status)
        email = clean_line(raw_email)[:254]
        return _page(request, "portal/identity_code.html", {"email": email, "code_error": exc.message}, exc.status)
    target = _safe_next(request, request.session.get(NEXT_KEY))
    log_in(request, account)
    return redirect(target)


@require_POST
def oidc_start(request: HttpRequest) -> HttpResponse:
    config = oidc.citizen_config()
    if config is None:
        return _page(request, "portal/identity_error.html", {"message": _("Đăng nhập xác thực chưa được bật.")}, 404)
    try:
        return oidc.start(request, config, request.build_absolute_uri(reverse("portal:identity_oidc_callback")))
    except oidc.OidcError as exc:
        return _page(request, "portal/identity_error.html", {"message": _OIDC_MESSAGES[exc.code]}, 400)


@require_http_methods(["GET"])
def oidc_callback(request: HttpRequest) -> HttpResponse:
    config = oidc.citizen_config()
    if config is None:
        return _page(request, "portal/identity_error.html", {"message": _("Đăng nhập xác thực chưa được bật.")}, 404)
    try:
        login = oidc.finish(request, config)
    except oidc.OidcError as exc:
        return _page(request, "portal/identity_error.html", {"message": _OIDC_MESSAGES[exc.code]}, 400)
    account = verified_account(issuer=login.issuer, subject=login.subject)
    target = _safe_next(request, request.session.get(NEXT_KEY))
    log_in(request, account, name=login.name)
    return redirect(target)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    log_out(request)
    return redirect("portal:home")
