"""Writes of the follow feature: request (double opt-in), confirm, choose how often, unsubscribe.

A person is never told whether an address already follows something: every request answers the same,
and the links that act on a subscription are signed for its address (``tokens.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.consultation.models import Consultation
from policycomm.emails import clean_email
from policycomm.errors import DomainError
from policycomm.lawmaking.models import Sector
from policycomm.orgs.models import AdminUnit
from policycomm.textclean import clean_line

from . import tokens
from .models import Subscription

#: A repeated request for the same address and target mails the link again at most this often.
RESEND_AFTER = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class FollowTarget:
    """What is followed: exactly one of the three."""

    consultation: Consultation | None = None
    admin_unit: AdminUnit | None = None
    sector: Sector | None = None

    @property
    def kind(self) -> str:
        if self.consultation is not None:
            return Subscription.Target.DRAFT
        if self.admin_unit is not None:
            return Subscription.Target.AREA
        return Subscription.Target.SECTOR


@dataclass(frozen=True)
class FollowRequest:
    subscription_id: int
    #: The confirmation link is to be mailed now (False within ``RESEND_AFTER`` of the last one).
    mail: bool


def follow_request(*, email: str, target: FollowTarget) -> FollowRequest:
    """Record the wish to follow (unconfirmed: nothing is sent but the confirmation link).

    The same address and target twice give the same row (unique constraint + get_or_create); a person
    who unsubscribed and asks again must confirm again. The link is re-sent at most every ``RESEND_AFTER``.
    """
    email = clean_email(email)
    lookup: dict[str, Any] = {
        "email": email,
        "target": target.kind,
        "consultation": target.consultation,
        "admin_unit": target.admin_unit,
        "sector": target.sector,
    }
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                sub, created = Subscription.objects.get_or_create(**lookup)
        except IntegrityError:
            sub, created = Subscription.objects.get(**lookup), False
        if created:
            audit_record(actor=None, action="follow.request", obj=sub, after={"target": target.kind})
        elif sub.unsubscribed_at is not None:
            Subscription.objects.filter(pk=sub.pk).update(unsubscribed_at=None, confirmed_at=None)
        # Claim the right to mail the link: one request in RESEND_AFTER wins, whatever runs at the same time.
        mail = bool(
            Subscription.objects.filter(pk=sub.pk)
            .filter(Q(link_sent_at__isnull=True) | Q(link_sent_at__lt=now - RESEND_AFTER))
            .update(link_sent_at=now)
        )
        if mail:
            from .tasks import send_confirmation

            transaction.on_commit(lambda: send_confirmation.enqueue(sub.pk))
    return FollowRequest(subscription_id=sub.pk, mail=mail)


def _bad_link(exc: Exception) -> DomainError:
    if isinstance(exc, signing.SignatureExpired):
        return DomainError(
            "follow_link_expired",
            _("Đường dẫn đã hết hạn. Hãy đăng ký theo dõi lại để nhận đường dẫn mới."),
            status=400,
        )
    return DomainError(
        "follow_link_invalid",
        _("Đường dẫn không hợp lệ. Hãy mở lại đúng đường dẫn trong thư bạn nhận được."),
        status=400,
    )


def _read(reader: Callable[[str], tokens.Claim], token: str) -> tokens.Claim:
    try:
        return reader(clean_line(token)[:600])
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise _bad_link(exc) from None


def confirm_claim(token: str) -> Subscription:
    """The subscription a confirmation link names (400 for a forged or expired link, 404 if gone)."""
    claim = _read(tokens.read_confirm, token)
    sid = claim.subscription_id
    sub = None if sid is None else Subscription.objects.filter(pk=sid, email=claim.email).first()
    if sub is None:
        raise DomainError("follow_gone", _("Không tìm thấy đăng ký theo dõi này."), status=404)
    return sub


def _frequency(raw: object) -> str:
    value = clean_line(str(raw or ""))
    if value not in Subscription.Frequency.values:
        raise DomainError("frequency_invalid", _("Vui lòng chọn cách nhận thư."), field="frequency")
    return value


def follow_confirm(*, token: str, frequency: object) -> Subscription:
    """The address owner confirms (from the link in the mail) and chooses how often to hear."""
    sub = confirm_claim(token)
    freq = _frequency(frequency)
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().get(pk=sub.pk)
        first = sub.confirmed_at is None or sub.unsubscribed_at is not None
        sub.frequency = freq
        if first:
            sub.confirmed_at = timezone.now()
            sub.unsubscribed_at = None
        sub.save(update_fields=["frequency", "confirmed_at", "unsubscribed_at"])
        if first:
            audit_record(actor=None, action="follow.confirm", obj=sub, after={"frequency": freq})
    return sub


def manage_claim(token: str) -> str:
    """The address a manage link names."""
    return _read(tokens.read_manage, token).email


def follows_of(email: str) -> list[Subscription]:
    return list(
        Subscription.objects.filter(email=email, unsubscribed_at__isnull=True)
        .select_related("consultation__document", "admin_unit", "sector")
        .order_by("created_at", "pk")
    )


def follow_set_frequency(*, token: str, subscription_id: object, frequency: object) -> Subscription:
    """From the manage page: another address's subscription is not found (404), whatever its id."""
    email = manage_claim(token)
    freq = _frequency(frequency)
    sid = str(subscription_id or "")
    sub = None
    if sid.isdecimal() and len(sid) <= 18:
        sub = Subscription.objects.filter(pk=int(sid), email=email, unsubscribed_at__isnull=True).first()
    if sub is None:
        raise DomainError("follow_gone", _("Không tìm thấy đăng ký theo dõi này."), status=404)
    with transaction.atomic():
        before = sub.frequency
        Subscription.objects.filter(pk=sub.pk).update(frequency=freq)
        sub.frequency = freq
        if before != freq:
            audit_record(actor=None, action="follow.frequency", obj=sub, before={"f": before}, after={"f": freq})
    return sub


@dataclass(frozen=True)
class Unsubscribed:
    email: str
    count: int


def unsubscribe_claim(token: str) -> tokens.Claim:
    return _read(tokens.read_unsubscribe, token)


def follow_unsubscribe(*, token: str) -> Unsubscribed:
    """One subscription, or every follow of the address (a digest's link); doing it twice changes nothing."""
    claim = unsubscribe_claim(token)
    qs = Subscription.objects.filter(email=claim.email, unsubscribed_at__isnull=True)
    if claim.subscription_id is not None:
        qs = qs.filter(pk=claim.subscription_id)
    with transaction.atomic():
        subs = list(qs.select_for_update())
        now = timezone.now()
        for sub in subs:
            sub.unsubscribed_at = now
            sub.save(update_fields=["unsubscribed_at"])
            audit_record(actor=None, action="follow.unsubscribe", obj=sub, after={"unsubscribed": True})
    return Unsubscribed(email=claim.email, count=len(subs))
