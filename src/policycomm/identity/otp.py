"""E-mail one-time codes: 6 digits, stored hashed (HMAC with SECRET_KEY), valid 10 minutes, 5 tries."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.emails import clean_email
from policycomm.errors import DomainError
from policycomm.identity.models import CitizenAccount, EmailCode, Tier
from policycomm.textclean import clean_line

CODE_VALIDITY = timedelta(minutes=10)
MAX_ATTEMPTS = 5


def _hash(email: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{email}:{code}".encode(), hashlib.sha256).hexdigest()


def request_code(raw_email: str) -> str:
    """Create (or replace) the code for this address and mail it. Returns the normalised address."""
    email = clean_email(raw_email)
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        EmailCode.objects.update_or_create(
            email=email,
            defaults={
                "code_hash": _hash(email, code),
                "expires_at": timezone.now() + CODE_VALIDITY,
                "attempts": 0,
            },
        )
    send_mail(
        _("Mã đăng nhập policycomm"),
        _("Mã đăng nhập của bạn là %(code)s. Mã có hiệu lực trong 10 phút.") % {"code": code},
        None,
        [email],
    )
    return email


def verify_code(raw_email: str, raw_code: str) -> CitizenAccount:
    """Check the code; on success the code is spent and the registered account returned."""
    email = clean_email(raw_email)
    code = clean_line(raw_code).strip()
    wrong = DomainError("code_invalid", _("Mã không đúng hoặc đã hết hạn."), field="code")
    # The counter must survive the refusal, so the refusal is raised after the transaction commits.
    refusal: DomainError | None = None
    account: CitizenAccount | None = None
    with transaction.atomic():
        pending = EmailCode.objects.select_for_update().filter(email=email).first()
        if pending is None:
            refusal = wrong
        elif pending.attempts >= MAX_ATTEMPTS:
            refusal = DomainError(
                "code_locked", _("Đã nhập sai quá nhiều lần. Hãy yêu cầu mã mới."), field="code", status=429
            )
        elif pending.expires_at <= timezone.now():
            pending.delete()
            refusal = DomainError("code_expired", _("Mã đã hết hạn. Hãy yêu cầu mã mới."), field="code")
        elif not (len(code) == 6 and code.isdigit() and hmac.compare_digest(pending.code_hash, _hash(email, code))):
            EmailCode.objects.filter(pk=pending.pk).update(attempts=pending.attempts + 1)
            refusal = wrong
        else:
            pending.delete()
            account, _created = CitizenAccount.objects.get_or_create(
                email=email, oidc_subject="", defaults={"tier": Tier.REGISTERED}
            )
            account.save(update_fields=["last_seen_at"])
    if refusal is not None or account is None:
        raise refusal or wrong
    return account
