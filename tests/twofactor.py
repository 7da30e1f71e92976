"""Second-factor helpers for the tests: a known TOTP secret, the code an authenticator app would show, and a
session that passed the code step for tests that are about something else (``force_login``, conftest.py)."""

from __future__ import annotations

import time
from binascii import unhexlify
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from policycomm.staffauth.twofactor import needs_second_factor

#: The secret the test users' authenticator holds (hex, 20 bytes), as in the demo (demo/twofactor.py).
TEST_SECRET = "3132333435363738393031323334353637383930"


def device_for(user: Any, secret: str = TEST_SECRET) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Ứng dụng xác thực", "key": secret}
    )
    return device


def code_at(secret: str, step: int) -> str:
    """The code for time step ``step`` (30 s each)."""
    totp = TOTP(unhexlify(secret), step=30, digits=6)
    totp.time = step * 30
    return f"{totp.token():06d}"


def next_code(device: TOTPDevice) -> str:
    """A code the device accepts now, never a timing wait: the device allows one step either side of the current
    one (shifted by the drift it learnt), above the last step it accepted. The code is for the current step (or
    the next, if the current one was used), never the previous: a step boundary passing between this call and the
    server's check would put the previous step out of reach."""
    device.refresh_from_db()
    now = int(time.time()) // 30 + device.drift
    step = max(now, device.last_t + 1)
    assert step <= now + 1, "this device already accepted the codes of this minute"
    return code_at(device.key, step)


def pass_code_step(client: Client, user: Any) -> None:
    """The client's session as after the code step: verified by the user's device (made if need be)."""
    device = device_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def install_force_login_with_second_factor(monkeypatch: Any) -> None:
    """``Client.force_login`` means "signed in": for a user who needs a code, the code step is passed too."""
    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        if needs_second_factor(user):
            pass_code_step(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
