"""Which subscriptions an event concerns, and the alert rows it owes them (once: unique per key).

Events: a new version of a draft, the answers published, the deadline three days away (draft
follows); a draft opened for comment in an area or a sector. A document's area is its drafting body's
administrative unit; following a province covers its communes (every unit above counts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from policycomm.consultation.models import Consultation
from policycomm.lawmaking.models import DraftVersion
from policycomm.notifications.mail import absolute
from policycomm.orgs.models import AdminUnit

from .models import Alert, Subscription

DEADLINE_AHEAD = dt.timedelta(days=3)
#: A draft that opened longer ago than this is no longer news for an area or sector follow.
OPENED_WINDOW = dt.timedelta(days=2)


@dataclass(frozen=True)
class AlertText:
    key: str
    title: str
    body: str
    link: str


def active() -> QuerySet[Subscription]:
    return Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


def _draft_link(c: Consultation) -> str:
    return absolute(reverse("portal:consultation", args=[c.pk]))


def _create(subs: QuerySet[Subscription], text: AlertText) -> int:
    ids = list(subs.values_list("pk", flat=True))
    rows = [
        Alert(subscription_id=i, key=text.key, title=text.title[:600], body=text.body[:1000], link=text.link)
        for i in ids
    ]
    before = Alert.objects.filter(key=text.key, subscription_id__in=ids).count()
    Alert.objects.bulk_create(rows, ignore_conflicts=True)
    return Alert.objects.filter(key=text.key, subscription_id__in=ids).count() - before


def _draft_consultations(document_id: int) -> QuerySet[Consultation]:
    return Consultation.objects.filter(document_id=document_id)


def version_alerts(version: DraftVersion) -> int:
    """A new version of the text: every follower of a consultation of the document."""
    if version.number <= 1:
        return 0  # the first text is the draft itself, not news
    made = 0
    for c in _draft_consultations(version.document_id).select_related("document"):
        with override("vi"):
            text = AlertText(
                key=f"version:{version.pk}",
                title=_("Dự thảo “%(title)s” có phiên bản mới (lần %(n)d)")
                % {"title": c.document.title, "n": version.number},
                body=version.note,
                link=_draft_link(c),
            )
        made += _create(active().filter(target=Subscription.Target.DRAFT, consultation=c), text)
    return made


def answers_alerts(c: Consultation) -> int:
    if c.dispositions_published_at is None:
        return 0
    with override("vi"):
        text = AlertText(
            key=f"answers:{c.pk}",
            title=_("Đã công khai kết quả tiếp thu, giải trình ý kiến về “%(title)s”") % {"title": c.document.title},
            body="",
            link=absolute(reverse("portal:consultation", args=[c.pk]) + "#kq"),
        )
    return _create(active().filter(target=Subscription.Target.DRAFT, consultation=c), text)


def deadline_alerts(now: dt.datetime | None = None) -> int:
    """Windows closing within three days: each draft follower is told once."""
    now = now or timezone.now()
    made = 0
    closing = Consultation.objects.filter(opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + DEADLINE_AHEAD)
    for c in closing.select_related("document"):
        with override("vi"):
            text = AlertText(
                key=f"deadline:{c.pk}",
                title=_("Còn ít ngày để góp ý dự thảo “%(title)s”") % {"title": c.document.title},
                body=_("Hạn cuối nhận ý kiến: %(when)s.")
                % {"when": timezone.localtime(c.closes_at).strftime("%H:%M, %d/%m/%Y")},
                link=_draft_link(c),
            )
        subs = active().filter(target=Subscription.Target.DRAFT, consultation=c, confirmed_at__lt=c.closes_at)
        made += _create(subs, text)
    return made


def units_covering(unit_id: int | None) -> list[int]:
    """The unit and every unit above it (a province's follow covers its communes)."""
    ids: list[int] = []
    while unit_id is not None and unit_id not in ids and len(ids) < 8:
        ids.append(unit_id)
        unit_id = AdminUnit.objects.filter(pk=unit_id).values_list("parent_id", flat=True).first()
    return ids


def opened_alerts(now: dt.datetime | None = None) -> int:
    """Drafts opened for comment lately: the followers of their area and of their sectors, confirmed before."""
    now = now or timezone.now()
    made = 0
    opened = Consultation.objects.filter(opens_at__lte=now, opens_at__gt=now - OPENED_WINDOW, closes_at__gt=now)
    for c in opened.select_related("document__drafting_body__parent"):
        units = units_covering(c.document.drafting_body.area_id)
        sectors = list(c.document.sectors.values_list("pk", flat=True))
        with override("vi"):
            text = AlertText(
                key=f"opened:{c.pk}",
                title=_("Dự thảo mới lấy ý kiến: “%(title)s”") % {"title": c.document.title},
                body=_("Hạn cuối nhận ý kiến: %(when)s.")
                % {"when": timezone.localtime(c.closes_at).strftime("%H:%M, %d/%m/%Y")},
                link=_draft_link(c),
            )
        base = active().filter(confirmed_at__lte=max(c.opens_at, c.created_at))
        if units:
            made += _create(base.filter(target=Subscription.Target.AREA, admin_unit_id__in=units), text)
        if sectors:
            made += _create(base.filter(target=Subscription.Target.SECTOR, sector_id__in=sectors), text)
    return made
