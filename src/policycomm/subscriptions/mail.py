"""The follow mails: the confirmation link, an alert, a digest. Each has a one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from policycomm.notifications.mail import absolute, build_message, one_click_unsubscribe

from . import tokens
from .models import Subscription


class MailItem(TypedDict):
    title: str
    body: str
    link: str


def label(sub: Subscription) -> str:
    """What a subscription follows, in words."""
    with override("vi"):
        if sub.consultation_id is not None and sub.consultation is not None:
            return _("dự thảo “%(title)s”") % {"title": sub.consultation.document.title}
        if sub.admin_unit is not None:
            return _("các dự thảo tại %(unit)s") % {"unit": sub.admin_unit.name}
        if sub.sector is not None:
            return _("các dự thảo lĩnh vực %(sector)s") % {"sector": sub.sector.name}
    return ""


def manage_url(email: str) -> str:
    return absolute(reverse("portal:follow_manage", args=[tokens.manage_token(email)]))


def unsubscribe_url(email: str, subscription_id: int | None) -> str:
    return absolute(reverse("portal:follow_unsubscribe", args=[tokens.unsubscribe_token(email, subscription_id)]))


def _message(
    *, to: str, subject: str, template: str, context: dict[str, object], unsubscribe: str
) -> EmailMultiAlternatives:
    return build_message(
        to=to,
        subject=subject,
        template=f"subscriptions/mail/{template}",
        context={"unsubscribe_url": unsubscribe, **context},
        headers=one_click_unsubscribe(unsubscribe),
    )


def confirmation_mail(sub: Subscription) -> EmailMultiAlternatives:
    link = absolute(reverse("portal:follow_confirm", args=[tokens.confirm_token(sub.email, sub.pk)]))
    with override("vi"):
        subject = _("Xác nhận theo dõi %(what)s") % {"what": label(sub)}
    return _message(
        to=sub.email,
        subject=subject,
        template="confirm",
        context={"what": label(sub), "confirm_url": link},
        unsubscribe=unsubscribe_url(sub.email, sub.pk),
    )


def alert_mail(sub: Subscription, items: Sequence[MailItem]) -> EmailMultiAlternatives:
    """The alerts of one subscription, sent as they come."""
    return _message(
        to=sub.email,
        subject=items[0]["title"] if len(items) == 1 else label(sub),
        template="alert",
        context={"what": label(sub), "items": items, "manage_url": manage_url(sub.email), "digest": False},
        unsubscribe=unsubscribe_url(sub.email, sub.pk),
    )


def digest_mail(email: str, items: Sequence[MailItem], *, weekly: bool) -> EmailMultiAlternatives:
    """Every pending alert of the address's daily (or weekly) follows; the link unsubscribes them all."""
    with override("vi"):
        subject = (
            _("Tin theo dõi dự thảo trong tuần (%(n)d)") if weekly else _("Tin theo dõi dự thảo trong ngày (%(n)d)")
        ) % {"n": len(items)}
    return _message(
        to=email,
        subject=subject,
        template="alert",
        context={"what": "", "items": items, "manage_url": manage_url(email), "digest": True},
        unsubscribe=unsubscribe_url(email, None),
    )
