"""Turning reminder events into inbox messages and mails, each once (ADR 0009).

- ``deliver_events``: one ``Notification`` per (recipient, event key), by ``get_or_create`` under
  the unique constraint: an event met again creates nothing.
- ``send_pending_mail``: each message still ``pending`` is claimed by a conditional update
  (``pending`` → ``sending``) before it is sent, so two runs never send it twice; a failed send
  puts it back to ``pending`` for the next run. People who chose the daily digest are left for
  ``send_digests``.
- ``tell_citizens``: the mail to a citizen whose comments were answered in public, once per
  (consultation, address), never to an address that unsubscribed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from policycomm.consultation.models import Comment
from policycomm.orgs.access import display_name

from .mail import absolute, citizen_answer_mail, normalise_email, staff_mail
from .models import CitizenNotice, MailOptOut, MailPreference, MailState, Notification
from .sources import ReminderEvent

log = logging.getLogger(__name__)

#: A consultation whose answers were published longer ago than this is not announced any more
#: (the first run after an upgrade must not mail every citizen of past years).
ANSWER_LOOKBACK = dt.timedelta(days=90)


@dataclass
class RunResult:
    created: int = 0
    mailed: int = 0
    citizens: int = 0


def deliver_events(events: list[ReminderEvent]) -> int:
    """Inbox messages for the events; returns how many were new."""
    created = 0
    for event in events:
        for user_id in event.recipients:
            try:
                with transaction.atomic():
                    _n, new = Notification.objects.get_or_create(
                        recipient_id=user_id,
                        event_key=event.key[:200],
                        defaults={
                            "kind": event.kind,
                            "title": event.title[:300],
                            "body": event.body,
                            "link": event.link[:500],
                        },
                    )
            except IntegrityError:  # another run created it between the read and the insert
                new = False
            created += int(new)
    return created


def _digest_users() -> set[int]:
    return set(MailPreference.objects.filter(mode=MailPreference.Mode.DIGEST).values_list("user_id", flat=True))


def _item(n: Notification) -> dict[str, str]:
    return {"title": n.title, "body": n.body, "link": absolute(n.link)}


def _claim(ids: list[int]) -> list[int]:
    """The ids this run took: pending → sending, one conditional update each."""
    taken = []
    for pk in ids:
        if Notification.objects.filter(pk=pk, mail_state=MailState.PENDING).update(mail_state=MailState.SENDING):
            taken.append(pk)
    return taken


def _send_to(user: User, notes: list[Notification], *, digest: bool, now: dt.datetime) -> int:
    ids = _claim([n.pk for n in notes])
    notes = [n for n in notes if n.pk in ids]
    if not notes:
        return 0
    if not user.email:
        Notification.objects.filter(pk__in=ids).update(mail_state=MailState.SKIPPED)
        return 0
    try:
        items = [_item(n) for n in notes]
        if digest:
            staff_mail(to=user.email, name=display_name(user), items=items, digest=True).send()
        else:
            for n, item in zip(notes, items, strict=True):
                staff_mail(to=user.email, name=display_name(user), items=[item], digest=False).send()
                Notification.objects.filter(pk=n.pk).update(mail_state=MailState.SENT, mailed_at=now)
    except Exception:
        log.exception("mail to user %s failed; will retry", user.pk)
        Notification.objects.filter(pk__in=ids, mail_state=MailState.SENDING).update(mail_state=MailState.PENDING)
        return 0
    Notification.objects.filter(pk__in=ids, mail_state=MailState.SENDING).update(
        mail_state=MailState.SENT, mailed_at=now
    )
    return 1 if digest else len(notes)


def _pending_by_user(q: Q) -> dict[int, list[Notification]]:
    grouped: dict[int, list[Notification]] = defaultdict(list)
    for n in Notification.objects.filter(q, mail_state=MailState.PENDING).order_by("created_at", "pk"):
        grouped[n.recipient_id].append(n)
    return grouped


def send_pending_mail(now: dt.datetime) -> int:
    """Mail each pending message of the people who want them at once. Returns the mails sent."""
    grouped = _pending_by_user(~Q(recipient_id__in=_digest_users()))
    users = get_user_model().objects.in_bulk(list(grouped))
    return sum(_send_to(users[u], notes, digest=False, now=now) for u, notes in grouped.items() if u in users)


def send_digests(now: dt.datetime) -> int:
    """One mail per digest reader with everything pending since the last digest. Returns the mails sent."""
    grouped = _pending_by_user(Q(recipient_id__in=_digest_users()))
    users = get_user_model().objects.in_bulk(list(grouped))
    return sum(_send_to(users[u], notes, digest=True, now=now) for u, notes in grouped.items() if u in users)


def tell_citizens(now: dt.datetime) -> int:
    """Mail each citizen whose comments have a published answer, once per (consultation, address)."""
    comments = (
        Comment.objects.filter(
            consultation__dispositions_published_at__isnull=False,
            consultation__dispositions_published_at__gte=now - ANSWER_LOOKBACK,
            hidden=False,
        )
        .exclude(email="")
        .exclude(disposition="")
        .select_related("consultation")
        .order_by("consultation_id", "created_at", "pk")
    )
    grouped: dict[tuple[int, str], list[Comment]] = defaultdict(list)
    for c in comments:
        grouped[(c.consultation_id, normalise_email(c.email))].append(c)
    if not grouped:
        return 0
    done = set(
        CitizenNotice.objects.filter(consultation_id__in={k[0] for k in grouped}, sent_at__isnull=False).values_list(
            "consultation_id", "email"
        )
    )
    opted_out = set(MailOptOut.objects.filter(email__in={k[1] for k in grouped}).values_list("email", flat=True))
    sent = 0
    for (consultation_id, email), items in grouped.items():
        if (consultation_id, email) in done or email in opted_out:
            continue
        try:
            with transaction.atomic():
                notice, _new = CitizenNotice.objects.get_or_create(consultation_id=consultation_id, email=email)
        except IntegrityError:
            continue
        if not CitizenNotice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(sent_at=now):
            continue  # another run took it
        consultation = items[0].consultation
        page = reverse("portal:consultation", args=[consultation_id])
        lines = [
            {
                "receipt": c.receipt,
                "text": c.text[:500],
                "disposition": str(c.get_disposition_display()),
                "explanation": c.explanation,
                "link": absolute(f"{page}#y-kien-{c.pk}"),
            }
            for c in items
        ]
        try:
            citizen_answer_mail(to=email, consultation_title=consultation.title, items=lines).send()
        except Exception:
            log.exception("answer mail for consultation %s failed; will retry", consultation_id)
            CitizenNotice.objects.filter(pk=notice.pk).update(sent_at=None)
            continue
        sent += 1
    return sent
