"""Sending what the subscriptions are owed: at once, or grouped per address in a daily or weekly digest.

An alert is claimed (``sent_at`` stamped) before its mail goes out, so two runs never send it twice;
a mail that fails to go is released for the next run.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence

from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from . import alerts
from .mail import MailItem, alert_mail, confirmation_mail, digest_mail
from .models import Alert, Subscription

log = logging.getLogger(__name__)


def _claim(ids: Sequence[int]) -> list[Alert]:
    stamp = timezone.now()
    Alert.objects.filter(pk__in=ids, sent_at__isnull=True).update(sent_at=stamp)
    return list(Alert.objects.filter(pk__in=ids, sent_at=stamp).order_by("created_at", "pk"))


def _send(build: Callable[[], EmailMultiAlternatives], claimed: list[Alert]) -> bool:
    try:
        build().send()
    except Exception:  # a mail server down: release the alerts for the next run
        log.exception("follow mail not sent")
        Alert.objects.filter(pk__in=[a.pk for a in claimed]).update(sent_at=None)
        return False
    return True


def _items(rows: Sequence[Alert]) -> list[MailItem]:
    seen: set[str] = set()
    items: list[MailItem] = []
    for a in rows:
        if a.key in seen:  # the same draft reached through an area and a sector: told once
            continue
        seen.add(a.key)
        items.append({"title": a.title, "body": a.body, "link": a.link})
    return items


def _pending(frequency: str) -> dict[int, list[int]]:
    rows = Alert.objects.filter(
        sent_at__isnull=True,
        subscription__frequency=frequency,
        subscription__confirmed_at__isnull=False,
        subscription__unsubscribed_at__isnull=True,
    ).values_list("subscription_id", "pk")
    by_sub: dict[int, list[int]] = defaultdict(list)
    for sid, pk in rows:
        by_sub[sid].append(pk)
    return by_sub


def send_immediate() -> int:
    """One mail per subscription with alerts waiting, for the subscriptions that hear at once."""
    sent = 0
    by_sub = _pending(Subscription.Frequency.IMMEDIATE)
    subs = Subscription.objects.select_related("consultation__document", "admin_unit", "sector").in_bulk(by_sub)
    for sid, ids in by_sub.items():
        claimed = _claim(ids)
        if claimed and _send(lambda s=subs[sid], c=claimed: alert_mail(s, _items(c)), claimed):  # type: ignore[misc]
            sent += 1
    return sent


def send_digests(frequency: str) -> int:
    """One mail per address, every waiting alert of its daily (or weekly) follows together."""
    by_email: dict[str, list[int]] = defaultdict(list)
    emails = dict(Subscription.objects.filter(pk__in=_pending(frequency)).values_list("pk", "email"))
    for sid, ids in _pending(frequency).items():
        if sid in emails:
            by_email[emails[sid]].extend(ids)
    sent = 0
    weekly = frequency == Subscription.Frequency.WEEKLY
    for email, ids in by_email.items():
        claimed = _claim(ids)
        if claimed and _send(lambda e=email, c=claimed: digest_mail(e, _items(c), weekly=weekly), claimed):  # type: ignore[misc]
            sent += 1
    return sent


def send_confirmation_now(subscription_id: int) -> bool:
    sub = (
        Subscription.objects.select_related("consultation__document", "admin_unit", "sector")
        .filter(pk=subscription_id, unsubscribed_at__isnull=True)
        .first()
    )
    if sub is None:
        return False
    confirmation_mail(sub).send()
    return True


def scan() -> dict[str, int]:
    """The scheduled look: deadlines three days away and drafts newly opened; then what is due at once."""
    made = {"deadline": alerts.deadline_alerts(), "opened": alerts.opened_alerts()}
    made["sent"] = send_immediate()
    return made
