"""Staff two-factor authentication on django-otp: an authenticator app (TOTP) and ten recovery codes.

Who must use it is one capability, ``orgs.access.must_use_two_factor``; a user who enrolled of their own accord
is asked for a code too. The secret being enrolled waits in the session until a first code confirms it: only then
is a device written (``enrol_confirm``, under a lock on the user's row, so a double submit creates one device and
one set of codes). A code is checked against the user's own devices only, through ``django_otp.verify_token``
(which locks the device row): a TOTP code is accepted once (``last_t``), a recovery code is deleted when used.
Every enrolment, failed code, used recovery code, new set of codes and switch-off is an audit event.
"""

from __future__ import annotations

import re
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.orgs.access import may_reset_two_factor, may_turn_off_two_factor, must_use_two_factor

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "Ứng dụng xác thực"
STATIC_NAME = "Mã khôi phục"
#: Session keys: the secret being enrolled (hex), and the recovery codes to show once.
PENDING_KEY = "staff_totp_pending"
FRESH_CODES_KEY = "staff_recovery_codes"

_TOTP_CODE = re.compile(r"^\d{6}$")
_RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")


@dataclass(frozen=True)
class TwoFactorStatus:
    enrolled: bool
    required: bool
    may_turn_off: bool
    recovery_left: int
    last_used: str  # ISO timestamp of the last accepted TOTP code, or ""


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of one code typed at the code step."""

    ok: bool
    recovery: bool = False
    #: Why a code was not accepted: ``wrong``, ``malformed`` or ``throttled`` (the device's own back-off).
    reason: str = ""


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def is_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def needs_second_factor(user: User) -> bool:
    """Whether this signed-in user is asked for a code: required for their role, or enrolled of their own accord."""
    return must_use_two_factor(user) or is_enrolled(user)


def is_verified(request: HttpRequest) -> bool:
    """The session passed the code step (django-otp's middleware checks the device is the user's and confirmed)."""
    return getattr(request.user, "otp_device", None) is not None


def status(user: User) -> TwoFactorStatus:
    device = totp_device(user)
    static = StaticDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    left = StaticToken.objects.filter(device=static).count() if static else 0
    used = device.last_used_at.isoformat() if device and device.last_used_at else ""
    return TwoFactorStatus(
        enrolled=device is not None,
        required=must_use_two_factor(user),
        may_turn_off=may_turn_off_two_factor(user),
        recovery_left=left,
        last_used=used,
    )


# --- enrolment -------------------------------------------------------------------------------------------------


def pending_secret(request: HttpRequest) -> str:
    """The secret shown on the enrolment page: made once per session, kept until confirmed."""
    raw = request.session.get(PENDING_KEY)
    if isinstance(raw, str) and re.fullmatch(r"[0-9a-f]{40}", raw):
        return raw
    secret: str = random_hex(20)
    request.session[PENDING_KEY] = secret
    return secret


def secret_text(hex_key: str) -> str:
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    b32 = b32encode(unhexlify(hex_key)).decode("ascii").rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def provisioning_uri(user: User, hex_key: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "policycomm")).replace(":", "")
    label = quote(f"{issuer}:{user.get_username()}")
    params = urlencode({"secret": b32encode(unhexlify(hex_key)).decode("ascii"), "digits": 6, "period": 30})
    return f"otpauth://totp/{label}?{params}&issuer={quote(issuer)}"


def qr_data_uri(uri: str) -> str:
    """The QR code as an SVG data URI (the page's CSP allows ``data:`` images)."""
    data_uri: str = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
    return data_uri


def _clean_code(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw or "")[:32].lower()


def _lock_user(user: User) -> None:
    """Serialise the writes to one user's devices (a double submit waits for the first)."""
    User.objects.select_for_update().filter(pk=user.pk).first()


def _new_recovery_codes(user: User) -> tuple[StaticDevice, list[str]]:
    """Ten new codes on the user's one static device; the old codes are deleted. The device itself is kept: a
    session verified by a recovery code stays verified (django-otp drops a session whose device is gone)."""
    device = StaticDevice.objects.filter(user_id=user.pk).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=STATIC_NAME, confirmed=True)
    StaticToken.objects.filter(device__user_id=user.pk).delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return device, codes


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    #: The new recovery codes; empty when this was a repeated submit of an enrolment already confirmed.
    codes: list[str]


def enrol_confirm(*, actor: User, hex_key: str, code: str) -> Enrolment:
    """Confirm the pending secret with a first code: the device is written and ten recovery codes are made."""
    if not re.fullmatch(r"[0-9a-f]{40}", hex_key or ""):
        raise DomainError("no_pending", _("Phiên đăng ký đã hết hạn. Vui lòng mở lại trang đăng ký."), status=400)
    code = _clean_code(code)
    if not _TOTP_CODE.match(code):
        raise DomainError("malformed", _("Mã xác thực gồm 6 chữ số."), field="code")
    with transaction.atomic():
        _lock_user(actor)
        existing = totp_device(actor)
        if existing is not None:
            if existing.key == hex_key:  # the same form sent twice: the first one did the work
                return Enrolment(device=existing, codes=[])
            raise DomainError(
                "already_enrolled", _("Tài khoản đã bật xác thực hai bước bằng một ứng dụng khác."), status=409
            )
        totp = TOTP(unhexlify(hex_key), step=30, digits=6)
        totp.time = time.time()
        if not totp.verify(int(code), tolerance=1):
            raise DomainError(
                "wrong_code",
                _("Mã chưa đúng. Hãy kiểm tra giờ trên điện thoại rồi nhập mã đang hiện trong ứng dụng."),
                field="code",
            )
        TOTPDevice.objects.filter(user_id=actor.pk).delete()  # any unconfirmed leftovers
        device = TOTPDevice.objects.create(
            user=actor, name=TOTP_NAME, key=hex_key, confirmed=True, last_t=totp.t(), drift=totp.drift
        )
        _static, codes = _new_recovery_codes(actor)
        audit_record(actor=actor, action="staff.two_factor.enrol", obj=device)
    return Enrolment(device=device, codes=codes)


def recovery_regenerate(*, actor: User) -> list[str]:
    """A new set of ten recovery codes; the old ones stop working."""
    with transaction.atomic():
        _lock_user(actor)
        device = totp_device(actor)
        if device is None:
            raise DomainError("not_enrolled", _("Tài khoản chưa bật xác thực hai bước."), status=409)
        static, codes = _new_recovery_codes(actor)
        audit_record(actor=actor, action="staff.two_factor.recovery_regenerate", obj=static)
    return codes


def two_factor_reset(*, actor: User, user: User) -> bool:
    """An administrator's reset for a user who lost both phone and recovery codes: their devices are deleted, and
    the user enrols again at the next sign-in (sessions verified by them are no longer verified). False if none.
    Refused (403) unless ``orgs.access.may_reset_two_factor``."""
    if not may_reset_two_factor(actor, user):
        raise DomainError("forbidden", _("Bạn không có quyền đặt lại xác thực hai bước của tài khoản này."), status=403)
    with transaction.atomic():
        _lock_user(user)
        if not (
            TOTPDevice.objects.filter(user_id=user.pk).exists() or StaticDevice.objects.filter(user_id=user.pk).exists()
        ):
            return False
        audit_record(actor=actor, action="staff.two_factor.reset", obj=user)
        TOTPDevice.objects.filter(user_id=user.pk).delete()
        StaticDevice.objects.filter(user_id=user.pk).delete()
    return True


# --- the code step ---------------------------------------------------------------------------------------------


def check_code(request: HttpRequest, user: User, raw: str) -> CodeCheck:
    """Check a code typed by the signed-in ``user`` against their own devices; on success the session is verified."""
    code = _clean_code(raw)
    if _TOTP_CODE.match(code):
        device: TOTPDevice | StaticDevice | None = totp_device(user)
        recovery = False
    elif _RECOVERY_CODE.match(code):
        device = StaticDevice.objects.filter(user_id=user.pk, confirmed=True).first()
        recovery = True
    else:
        return CodeCheck(ok=False, reason="malformed")
    if device is None:
        return CodeCheck(ok=False, reason="wrong")
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        audit_record(actor=user, action="staff.two_factor.verify_failed", obj=device, note="throttled")
        return CodeCheck(ok=False, reason="throttled")
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        audit_record(
            actor=user, action="staff.two_factor.verify_failed", obj=device, note="recovery" if recovery else "totp"
        )
        return CodeCheck(ok=False, reason="wrong")
    # A new session key for the fully signed-in session (the half-signed-in one's key is no longer valid).
    request.session.cycle_key()
    otp_login(request, verified)
    if recovery:
        audit_record(actor=user, action="staff.two_factor.recovery_used", obj=verified)
    else:
        audit_record(actor=user, action="staff.two_factor.verify", obj=verified)
    return CodeCheck(ok=True, recovery=recovery)


def verify_enrolled_session(request: HttpRequest, device: TOTPDevice) -> None:
    """Right after enrolment the code just typed counts as the code step."""
    request.session.cycle_key()
    otp_login(request, device)


def disable(*, request: HttpRequest, user: User, code: str) -> None:
    """Switch two-factor off (only where it is optional), confirmed by a current code from the app."""
    if not may_turn_off_two_factor(user):
        raise DomainError("required", _("Vai trò của bạn bắt buộc xác thực hai bước: không thể tắt."), status=403)
    device = totp_device(user)
    if device is None:
        raise DomainError("not_enrolled", _("Tài khoản chưa bật xác thực hai bước."), status=409)
    cleaned = _clean_code(code)
    if not _TOTP_CODE.match(cleaned):
        raise DomainError("malformed", _("Mã xác thực gồm 6 chữ số."), field="code")
    with transaction.atomic():
        if verify_token(user, device.persistent_id, cleaned) is None:
            audit_record(actor=user, action="staff.two_factor.verify_failed", obj=device, note="disable")
            wrong = True
        else:
            wrong = False
            _lock_user(user)
            audit_record(actor=user, action="staff.two_factor.disable", obj=device)
            TOTPDevice.objects.filter(user_id=user.pk).delete()
            StaticDevice.objects.filter(user_id=user.pk).delete()
    if wrong:
        raise DomainError("wrong_code", _("Mã chưa đúng. Nhập mã đang hiện trong ứng dụng xác thực."), field="code")
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
