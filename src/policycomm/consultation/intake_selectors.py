"""Reads for the opinions from every channel: counts by channel (public), the Fatherland Front's social
criticism with its answers, and the draft's outreach to the bodies it affects (for the synthesis)."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from django.db.models import Count, Q, QuerySet

from .models import Comment, Consultation, CriticismPoint, Outreach, SocialCriticism


def channel_counts(consultation: Consultation) -> dict[str, int]:
    """Non-hidden comments per channel, every channel present (0 when none). One query."""
    counts = dict.fromkeys(Comment.Channel.values, 0)
    rows = (
        Comment.objects.filter(consultation=consultation, hidden=False)
        .order_by()
        .values_list("channel")
        .annotate(n=Count("pk"))
    )
    for channel, n in rows:
        counts[channel] = n
    return counts


class OutreachSummary(TypedDict):
    #: bodies and people the draft was sent to
    sent: int
    #: of them, how many replied (at least one visible reply)
    replied: int
    #: their replies (comments with ``outreach`` set, not hidden)
    replies: int


def outreach_summary(consultation: Consultation) -> OutreachSummary:
    """ "Gửi N cơ quan, nhận M ý kiến": one query."""
    visible = Q(replies__hidden=False)
    got = Outreach.objects.filter(consultation=consultation).aggregate(
        sent=Count("pk", distinct=True),
        replied=Count("pk", filter=visible, distinct=True),
        replies=Count("replies", filter=visible),
    )
    return {"sent": got["sent"], "replied": got["replied"], "replies": got["replies"]}


def outreach_rows(consultation: Consultation) -> QuerySet[Outreach]:
    """The outreach list, each row with ``reply_count`` (visible replies). Prefetch: the recipient org."""
    return (
        Outreach.objects.filter(consultation=consultation)
        .select_related("recipient_org")
        .annotate(reply_count=Count("replies", filter=Q(replies__hidden=False)))
        .order_by("sent_on", "pk")
    )


class PointData(TypedDict):
    number: int
    text: str
    section_key: str
    section_heading: str
    #: "" until answered; else a ``Comment.Disposition`` value
    disposition: str
    disposition_label: str
    explanation: str
    disposed_at: dt.datetime | None


class CriticismData(TypedDict):
    id: int
    issuer: str
    reference: str
    issued_on: dt.date
    received_on: dt.date | None
    summary: str
    has_file: bool
    points: list[PointData]
    answered: int


def criticisms_for_report(consultation: Consultation) -> list[CriticismData]:
    """The Fatherland Front's social criticism of the consultation, each with its points and answers, in order.
    Two queries."""
    labels = dict(Comment.Disposition.choices)
    criticisms = list(SocialCriticism.objects.filter(consultation=consultation).order_by("issued_on", "pk"))
    points: dict[int, list[CriticismPoint]] = {}
    for p in (
        CriticismPoint.objects.filter(criticism__consultation=consultation)
        .select_related("section")
        .order_by("criticism_id", "number")
    ):
        points.setdefault(p.criticism_id, []).append(p)
    out: list[CriticismData] = []
    for sc in criticisms:
        mine: list[PointData] = [
            {
                "number": p.number,
                "text": p.text,
                "section_key": p.section.key if p.section else "",
                "section_heading": p.section.heading if p.section else "",
                "disposition": p.disposition,
                "disposition_label": str(labels.get(p.disposition, "")) if p.disposition else "",
                "explanation": p.explanation,
                "disposed_at": p.disposed_at,
            }
            for p in points.get(sc.pk, [])
        ]
        out.append(
            {
                "id": sc.pk,
                "issuer": sc.issuer,
                "reference": sc.reference,
                "issued_on": sc.issued_on,
                "received_on": sc.received_on,
                "summary": sc.summary,
                "has_file": bool(sc.file),
                "points": mine,
                "answered": sum(1 for p in mine if p["disposition"]),
            }
        )
    return out
