"""The staff account's security: the code step after the password, enrolment of an authenticator app with its
recovery codes, the status page (new recovery codes, switching an optional second factor off) and the password.

The rules live in ``staffauth.twofactor`` and ``orgs.access.must_use_two_factor``; ``staffauth.guard`` sends a
half-signed-in user here. Wrong codes are limited per account and per address (``throttle.limited``) on top of
django-otp's own back-off on the device.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from policycomm.audit.services import audit_record
from policycomm.errorpages import error_page
from policycomm.errors import DomainError
from policycomm.orgs.access import has_staff_account
from policycomm.staffauth import twofactor
from policycomm.throttle import limited

from .base import StaffRequest, query_next, safe_next, signed_in_as


def _signed_in_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not has_staff_account(user):
        raise PermissionDenied(_("Tài khoản chưa được phân công vai trò ở cơ quan nào."))
    return user


#: The account's own pages: every staff member, and an admin-site user without a role (``has_staff_account``), who
#: signs in with a second factor too and must be able to enrol, see the recovery codes and change the password.
account_required = signed_in_as(has_staff_account)


def _never_cached(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponseBase:
    user = _signed_in_user(request)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if twofactor.is_verified(request) or not twofactor.needs_second_factor(user):
        return redirect(next_url)
    if not twofactor.is_enrolled(user):
        return redirect(f"{reverse('backoffice:two_factor_enrol')}?{query_next(next_url)}")
    context: dict[str, Any] = {"next": next_url, "error": ""}
    if request.method == "POST":
        # Per account, every attempt counts; per address only wrong codes do (STAFF_CODE_ADDRESS_RATE), so that
        # the staff of one office behind one address still sign in while one of them mistypes.
        if limited(request, group="staff-code", rate=settings.STAFF_CODE_RATE, key=f"user:{user.pk}") or limited(
            request, group="staff-code-address", rate=settings.STAFF_CODE_ADDRESS_RATE, count=False
        ):
            context["error"] = _("Bạn đã nhập mã quá nhiều lần. Vui lòng chờ ít phút rồi thử lại.")
            return _never_cached(render(request, "backoffice/two_factor_code.html", context, status=429))
        result = twofactor.check_code(request, user, request.POST.get("code", "")[:64])
        if not result.ok:
            limited(request, group="staff-code-address", rate=settings.STAFF_CODE_ADDRESS_RATE)
        if result.ok:
            if result.recovery:
                left = twofactor.status(user).recovery_left
                messages.warning(
                    request,
                    _("Bạn vừa dùng một mã khôi phục; mã đó không dùng lại được. Còn %(left)d mã.") % {"left": left},
                )
            return redirect(next_url)
        if result.reason == "throttled":
            context["error"] = _("Bạn vừa nhập sai nhiều lần. Vui lòng chờ ít giây rồi nhập mã mới.")
            status = 429
        elif result.reason == "malformed":
            context["error"] = _("Nhập 6 chữ số từ ứng dụng xác thực, hoặc một mã khôi phục gồm 8 ký tự.")
            status = 422
        else:
            context["error"] = _("Mã không đúng hoặc đã được dùng. Nhập mã mới đang hiện trong ứng dụng.")
            status = 422
        return _never_cached(render(request, "backoffice/two_factor_code.html", context, status=status))
    return _never_cached(render(request, "backoffice/two_factor_code.html", context))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponseBase:
    user = _signed_in_user(request)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if twofactor.is_enrolled(user):
        if not twofactor.is_verified(request):
            return redirect(f"{reverse('backoffice:two_factor_verify')}?{query_next(next_url)}")
        messages.info(request, _("Tài khoản đã bật xác thực hai bước."))
        return redirect("backoffice:security")
    secret = twofactor.pending_secret(request)
    context: dict[str, Any] = {"next": next_url, "error": "", "required": twofactor.status(user).required}
    status = 200
    if request.method == "POST":
        try:
            enrolment = twofactor.enrol_confirm(actor=user, hex_key=secret, code=request.POST.get("code", "")[:64])
        except DomainError as exc:
            if exc.status == 409:
                return redirect("backoffice:security")
            context["error"] = exc.message
            status = exc.status
        else:
            request.session.pop(twofactor.PENDING_KEY, None)
            twofactor.verify_enrolled_session(request, enrolment.device)
            if not enrolment.codes:
                return redirect("backoffice:security")
            request.session[twofactor.FRESH_CODES_KEY] = enrolment.codes
            messages.success(request, _("Đã bật xác thực hai bước."))
            return redirect(f"{reverse('backoffice:recovery_codes')}?{query_next(next_url)}")
    uri = twofactor.provisioning_uri(user, secret)
    context.update({"qr": twofactor.qr_data_uri(uri), "secret_text": twofactor.secret_text(secret), "uri": uri})
    return _never_cached(render(request, "backoffice/two_factor_enrol.html", context, status=status))


@account_required
def recovery_codes(request: StaffRequest) -> HttpResponseBase:
    """The new recovery codes, shown once (taken out of the session as they are shown)."""
    codes = request.session.pop(twofactor.FRESH_CODES_KEY, None)
    if not isinstance(codes, list) or not codes:
        return redirect("backoffice:security")
    next_url = safe_next(request, request.GET.get("next"))
    return _never_cached(render(request, "backoffice/recovery_codes.html", {"codes": codes, "next": next_url}))


@account_required
def security(request: StaffRequest) -> HttpResponseBase:
    context = {"status": twofactor.status(request.user), "error": ""}
    return _never_cached(render(request, "backoffice/security.html", context))


@account_required
@require_POST
def recovery_regenerate(request: StaffRequest) -> HttpResponseBase:
    try:
        codes = twofactor.recovery_regenerate(actor=request.user)
    except DomainError as exc:
        return error_page(request, exc.status, exc.message)
    request.session[twofactor.FRESH_CODES_KEY] = codes
    messages.success(request, _("Đã tạo bộ mã khôi phục mới; các mã cũ không còn dùng được."))
    return redirect("backoffice:recovery_codes")


@account_required
@require_POST
def two_factor_disable(request: StaffRequest) -> HttpResponseBase:
    if limited(request, group="staff-code", rate=settings.STAFF_CODE_RATE, key=f"user:{request.user.pk}"):
        return error_page(request, 429, _("Bạn đã nhập mã quá nhiều lần. Vui lòng chờ ít phút rồi thử lại."))
    try:
        twofactor.disable(request=request, user=request.user, code=request.POST.get("code", "")[:64])
    except DomainError as exc:
        if exc.status == 403 or exc.status == 409:
            return error_page(request, exc.status, exc.message)
        context = {"status": twofactor.status(request.user), "error": exc.message}
        return _never_cached(render(request, "backoffice/security.html", context, status=exc.status))
    messages.success(request, _("Đã tắt xác thực hai bước."))
    return redirect("backoffice:security")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's form: the old password, then the new one twice, checked by AUTH_PASSWORD_VALIDATORS."""

    template_name = "backoffice/password_change.html"
    success_url = reverse_lazy("backoffice:security")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = self.request.user
        assert isinstance(user, User)
        audit_record(actor=user, action="staff.password_change", obj=user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


password_change = account_required(PasswordChangeView.as_view())
