"""Atom feeds of the portal (django.contrib.syndication, Atom 1.0) and the iCal of comment deadlines.

- new drafts (``/nguon-tin/du-thao.atom``): the latest public consultations, newest first;
- one draft's updates (``/gop-y/<pk>/cap-nhat.atom``): its versions (lawmaking.DraftVersion), its answers
  published, its synthesis report published;
- per area (``/nguon-tin/khu-vuc/<code>.atom``): drafts whose drafting body sits in the administrative unit
  or in a unit below it;
- comment deadlines (``/han-gop-y.ics``): one VEVENT per open or upcoming consultation.

Each reads a bounded number of rows (``LIMIT``) in a constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import Calendar
from icalendar import Event as VEvent

from policycomm.consultation import selectors
from policycomm.consultation.models import Consultation, SynthesisReport
from policycomm.lawmaking.models import DraftVersion
from policycomm.orgs.models import AdminUnit
from policycomm.search import query as sq

LIMIT = 50


@dataclass(frozen=True)
class Update:
    """One entry of a draft's feed."""

    key: str
    title: str
    description: str
    link: str
    at: dt.datetime


def _draft_description(c: Consultation) -> str:
    return _("%(body)s lấy ý kiến từ %(opens)s đến %(closes)s.") % {
        "body": c.document.drafting_body.name,
        "opens": timezone.localtime(c.opens_at).strftime("%d/%m/%Y"),
        "closes": timezone.localtime(c.closes_at).strftime("%H:%M, %d/%m/%Y"),
    }


class _DraftListFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item: Consultation) -> str:
        return item.title

    def item_description(self, item: Consultation) -> str:
        return _draft_description(item)

    def item_link(self, item: Consultation) -> str:
        return reverse("portal:consultation", args=[item.pk])

    def item_pubdate(self, item: Consultation) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Consultation) -> dt.datetime:
        return item.dispositions_published_at or item.created_at


class NewDraftsFeed(_DraftListFeed):
    def title(self) -> str:
        return _("Dự thảo mới lấy ý kiến")

    def subtitle(self) -> str:
        return _("Các dự thảo văn bản mới đưa ra lấy ý kiến nhân dân trên cổng.")

    def link(self) -> str:
        return reverse("portal:home")

    def items(self) -> QuerySet[Consultation]:
        return selectors.public_consultations().order_by("-created_at", "-pk")[:LIMIT]


class AreaFeed(_DraftListFeed):
    def get_object(self, request: HttpRequest, code: str) -> AdminUnit:
        return get_object_or_404(AdminUnit.objects.filter(is_legacy=False).order_by("pk"), code=code)

    def title(self, obj: AdminUnit) -> str:
        return _("Dự thảo lấy ý kiến tại %(unit)s") % {"unit": obj.name}

    def subtitle(self, obj: AdminUnit) -> str:
        return _("Dự thảo của các cơ quan soạn thảo trên địa bàn %(unit)s.") % {"unit": obj.name}

    def link(self, obj: AdminUnit) -> str:
        return reverse("portal:home")

    def items(self, obj: AdminUnit) -> QuerySet[Consultation]:
        return (
            selectors.public_consultations()
            .filter(sq.in_area("document__drafting_body", obj.pk))
            .order_by("-created_at", "-pk")[:LIMIT]
        )


class DraftUpdatesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, pk: int) -> Consultation:
        return get_object_or_404(selectors.public_consultations(), pk=pk)

    def title(self, obj: Consultation) -> str:
        return _("Cập nhật: %(title)s") % {"title": obj.title}

    def subtitle(self, obj: Consultation) -> str:
        return _draft_description(obj)

    def link(self, obj: Consultation) -> str:
        return reverse("portal:consultation", args=[obj.pk])

    def items(self, obj: Consultation) -> list[Update]:
        page = reverse("portal:consultation", args=[obj.pk])
        out = [
            Update(
                key=f"opened-{obj.pk}",
                title=_("Bắt đầu lấy ý kiến: %(title)s") % {"title": obj.title},
                description=_draft_description(obj),
                link=page,
                at=obj.created_at,
            )
        ]
        for v in DraftVersion.objects.filter(document_id=obj.document_id).order_by("-number")[:LIMIT]:
            out.append(
                Update(
                    key=f"version-{v.pk}",
                    title=_("Dự thảo lần %(n)d") % {"n": v.number},
                    description=v.note,
                    link=reverse("portal:version", args=[obj.pk, v.number]),
                    at=v.created_at,
                )
            )
        if obj.dispositions_published_at:
            out.append(
                Update(
                    key=f"answers-{obj.pk}",
                    title=_("Đã công khai kết quả tiếp thu, giải trình"),
                    description=_("Cơ quan soạn thảo đã trả lời công khai các ý kiến góp ý."),
                    link=page + "#tra-loi",
                    at=obj.dispositions_published_at,
                )
            )
        report = (
            SynthesisReport.objects.filter(consultation=obj, published_at__isnull=False)
            .order_by("-published_at", "-pk")
            .first()
        )
        if report is not None and report.published_at is not None:
            out.append(
                Update(
                    key=f"report-{report.pk}",
                    title=_("Đã công khai báo cáo tổng hợp, tiếp thu, giải trình"),
                    description=_("Báo cáo tổng hợp ý kiến đã được công khai trên cổng."),
                    link=page + "#bao-cao-tong-hop",
                    at=report.published_at,
                )
            )
        return sorted(out, key=lambda u: u.at, reverse=True)

    def item_title(self, item: Update) -> str:
        return item.title

    def item_description(self, item: Update) -> str:
        return item.description

    def item_link(self, item: Update) -> str:
        return item.link

    def item_guid(self, item: Update) -> str:
        return item.key

    def item_guid_is_permalink(self, item: Update) -> bool:
        return False

    def item_pubdate(self, item: Update) -> dt.datetime:
        return item.at

    def item_updateddate(self, item: Update) -> dt.datetime:
        return item.at


new_drafts = NewDraftsFeed()
area_feed = AreaFeed()
draft_updates = DraftUpdatesFeed()


@require_GET
def deadlines_ics(request: HttpRequest) -> HttpResponse:
    """The comment deadlines of open and upcoming consultations, one event each at its ``closes_at``."""
    now = timezone.now()
    qs = selectors.public_consultations().filter(closes_at__gt=now).order_by("closes_at", "pk")[: LIMIT * 4]
    cal = Calendar()
    cal.add("prodid", "-//policycomm//han-gop-y//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Hạn góp ý dự thảo"))
    host = request.get_host().split(":")[0] or "policycomm"
    for c in qs:
        e = VEvent()
        e.add("uid", f"deadline-{c.pk}@{host}")
        e.add("dtstamp", now)
        e.add("dtstart", c.closes_at)
        e.add("dtend", c.closes_at + dt.timedelta(minutes=30))
        e.add("summary", _("Hạn cuối góp ý: %(title)s") % {"title": c.title})
        e.add("description", _draft_description(c))
        e.add("url", request.build_absolute_uri(reverse("portal:consultation", args=[c.pk])))
        cal.add_component(e)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="han-gop-y.ics"'
    return response
