"""The demo's second factor: the demo users who must use two-factor share one documented authenticator secret.

With it, ``make run`` still lets anyone try every role: add the secret to an authenticator app (README, "Demo
logins"), or print the current code with ``manage.py demo_code``. Only the demo's own accounts get it, only
while the demo province exists, and never over a device someone enrolled.
"""

from __future__ import annotations

import time
from base64 import b32decode
from binascii import hexlify

from django.contrib.auth.models import User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from policycomm.orgs.access import must_use_two_factor

#: The demo's authenticator secret, as an app asks for it (base32). Public: for the demo only.
DEMO_TOTP_SECRET = "POLICYCOMMDEMOTOTPKHOATHUNGHIEM2"  # noqa: S105 — printed for the demo, never used in production
DEMO_TOTP_KEY = hexlify(b32decode(DEMO_TOTP_SECRET)).decode("ascii")
DEVICE_NAME = "Ứng dụng xác thực (dữ liệu mẫu)"


def demo_code(at: float | None = None) -> tuple[str, int]:
    """The code an authenticator app with the demo secret shows now, and the seconds it is still shown."""
    now = time.time() if at is None else at
    totp = TOTP(b32decode(DEMO_TOTP_SECRET), step=30, digits=6)
    totp.time = now
    return f"{totp.token():06d}", 30 - int(now) % 30


def demo_two_factor(usernames: list[str]) -> list[str]:
    """Give the demo secret to those of ``usernames`` who must use two-factor and have no device yet."""
    given = []
    for user in User.objects.filter(username__in=usernames, is_active=True).order_by("username"):
        if must_use_two_factor(user) and not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True)
            given.append(user.username)
    return given
