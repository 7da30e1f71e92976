"""Writes of the notifications app: reading messages, choosing how mail comes, unsubscribing."""

from __future__ import annotations

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.orgs.access import Actor

from .access import can_use_inbox
from .mail import read_unsubscribe_token
from .models import MailOptOut, MailPreference, Notification


def _require_inbox(actor: Actor) -> None:
    if not can_use_inbox(actor):
        raise DomainError("forbidden", _("Tài khoản chưa được phân công vai trò ở cơ quan nào."), status=403)


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    _require_inbox(actor)
    if notification.recipient_id != actor.pk:
        raise DomainError("not_found", _("Không tìm thấy thông báo."), status=404)
    with transaction.atomic():
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            audit_record(actor=actor, action="notification.read", obj=notification, after={"read": True})
    return notification


def notifications_mark_all_read(*, actor: Actor) -> int:
    _require_inbox(actor)
    with transaction.atomic():
        n = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=timezone.now())
        if n:
            audit_record(actor=actor, action="notification.read_all", obj=actor, after={"read": n})
    return n


def mail_preference_set(*, actor: Actor, mode: str) -> MailPreference:
    _require_inbox(actor)
    if mode not in MailPreference.Mode.values:
        raise DomainError("bad_mode", _("Hãy chọn nhận thư ngay hoặc gộp thư mỗi ngày."), field="mode", status=422)
    with transaction.atomic():
        pref, _new = MailPreference.objects.select_for_update().get_or_create(user=actor)
        before = pref.mode
        if before != mode or _new:
            pref.mode = mode
            pref.save(update_fields=["mode", "updated_at"])
            audit_record(
                actor=actor, action="mail_preference.set", obj=pref, before={"mode": before}, after={"mode": mode}
            )
    return pref


def unsubscribe_address(*, token: str) -> str:
    """The address a signed unsubscribe link names; a forged or expired link is refused (400)."""
    try:
        return read_unsubscribe_token(token)
    except signing.SignatureExpired:
        raise DomainError(
            "unsubscribe_expired",
            _("Đường dẫn hủy nhận thư đã hết hạn. Hãy dùng đường dẫn trong thư mới nhất bạn nhận được."),
            status=400,
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise DomainError(
            "unsubscribe_invalid",
            _("Đường dẫn hủy nhận thư không hợp lệ. Hãy mở lại đúng đường dẫn trong thư bạn nhận được."),
            status=400,
        ) from None


def email_unsubscribe(*, token: str) -> MailOptOut:
    """The address a signed unsubscribe link names receives no more mail. Refuses a forged or expired link."""
    email = unsubscribe_address(token=token)
    with transaction.atomic():
        try:
            with transaction.atomic():
                opt_out, new = MailOptOut.objects.get_or_create(email=email)
        except IntegrityError:
            opt_out, new = MailOptOut.objects.get(email=email), False
        if new:
            audit_record(actor=None, action="mail.unsubscribe", obj=opt_out, after={"unsubscribed": True})
    return opt_out
