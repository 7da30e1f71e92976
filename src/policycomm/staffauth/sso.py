"""Staff single sign-on through OpenID Connect, with the citizens' client (``identity.oidc``) and its own settings.

Off unless ``STAFF_OIDC_ISSUER`` is set. The provider proves who signed in; the account is found by the e-mail
address the provider says it verified, among active users who are staff (a role somewhere, or superuser). It
never creates an account and never picks one of several. The second factor is asked for afterwards as after a
password (``guard``): a provider's ``amr`` claim is not trusted to stand for it.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext as _

from policycomm.errors import DomainError
from policycomm.identity.oidc import OidcConfig, OidcLogin, config_from_settings
from policycomm.orgs.access import is_staff_member


def staff_config() -> OidcConfig | None:
    return config_from_settings("STAFF_OIDC_", _("Đăng nhập một lần"))


def staff_user_for(login: OidcLogin) -> User:
    """The one active staff account with the provider's verified e-mail address; refused (403) otherwise."""
    if not login.email or not login.email_verified:
        raise DomainError(
            "email_unverified",
            _("Dịch vụ đăng nhập chưa xác nhận địa chỉ thư điện tử của bạn: không liên kết được tài khoản cán bộ."),
            status=403,
        )
    found = [
        user
        for user in User.objects.filter(Q(email__iexact=login.email), is_active=True).order_by("pk")
        if is_staff_member(user)
    ]
    if len(found) != 1:
        raise DomainError(
            "no_staff_account" if not found else "ambiguous_email",
            _(
                "Không có tài khoản cán bộ nào (đang hoạt động) gắn với địa chỉ thư điện tử %(email)s. "
                "Đăng nhập một lần không tạo tài khoản mới: hãy liên hệ quản trị viên của cơ quan."
            )
            % {"email": login.email}
            if not found
            else _("Có nhiều tài khoản cán bộ dùng địa chỉ thư điện tử %(email)s: hãy liên hệ quản trị viên.")
            % {"email": login.email},
            status=403,
        )
    return found[0]
