"""E-mail one-time codes: hashed, 10 minutes, 5 tries, hostile addresses refused."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from policycomm.errors import DomainError
from policycomm.identity import otp
from policycomm.identity.models import CitizenAccount, EmailCode, Tier

pytestmark = pytest.mark.django_db


def _sent_code() -> str:
    match = re.search(r"\b(\d{6})\b", mail.outbox[-1].body)
    assert match
    return match.group(1)


def test_a_code_logs_in_once_as_registered_and_is_stored_hashed() -> None:
    email = otp.request_code("  Dan@Example.VN ")
    assert email == "dan@example.vn"
    code = _sent_code()
    stored = EmailCode.objects.get(email=email)
    assert code not in stored.code_hash
    account = otp.verify_code("dan@example.vn", code)
    assert account.tier == Tier.REGISTERED and account.email == email
    with pytest.raises(DomainError) as replay:
        otp.verify_code(email, code)
    assert replay.value.code == "code_invalid"
    # A second login reuses the same account (unique e-mail, get_or_create).
    otp.request_code(email)
    assert otp.verify_code(email, _sent_code()).pk == account.pk
    assert CitizenAccount.objects.count() == 1


def test_an_expired_code_is_refused() -> None:
    email = otp.request_code("a@example.vn")
    code = _sent_code()
    EmailCode.objects.filter(email=email).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError) as err:
        otp.verify_code(email, code)
    assert err.value.code == "code_expired"
    assert not CitizenAccount.objects.exists()


def test_brute_force_locks_the_code_even_for_the_right_one() -> None:
    email = otp.request_code("b@example.vn")
    code = _sent_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(otp.MAX_ATTEMPTS):
        with pytest.raises(DomainError) as err:
            otp.verify_code(email, wrong)
        assert err.value.code == "code_invalid"
    assert EmailCode.objects.get(email=email).attempts == otp.MAX_ATTEMPTS
    with pytest.raises(DomainError) as err:
        otp.verify_code(email, code)
    assert err.value.code == "code_locked" and err.value.status == 429
    assert not CitizenAccount.objects.exists()


@pytest.mark.parametrize("raw", ["a@b.vn\r\nBcc: x@y.vn", "a\x00@b.vn", "không phải e-mail", "x" * 300 + "@b.vn", ""])
def test_hostile_addresses_are_refused_and_nothing_is_sent(raw: str) -> None:
    with pytest.raises(DomainError) as err:
        otp.request_code(raw)
    assert err.value.field == "email"
    assert not mail.outbox and not EmailCode.objects.exists()
