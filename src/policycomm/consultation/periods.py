"""The rules of a consultation window: it opens now or later, in the phase the document is in, and stays
open at least the minimum period for the document type and phase (``CommentPeriod``) unless the drafter
records the legal ground for a shortened period (ADR 0008).

Periods are counted in calendar days, weekends and holidays included (legal reference §2.5): a window
opened on the 1st with a 20-day minimum may close on the 21st at the earliest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.lawmaking.models import LegalDocument
from policycomm.lawmaking.rules import DocType, Stage
from policycomm.textclean import clean_text

from .models import CommentPeriod, Consultation

P = Consultation.Phase

#: The stage a document must be in for a window of each phase to open.
STAGE_OF_PHASE: dict[str, str] = {P.PROPOSAL: Stage.PROPOSAL_CONSULTATION, P.DRAFT: Stage.DRAFT_CONSULTATION}

#: A start typed into a form as "now" is a few minutes old when it arrives: it is not "in the past".
OPEN_GRACE = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class WindowCheck:
    """The outcome of the window rules: the minimum in force, the ground kept (only for a shortened
    window), and the faults by field."""

    minimum_days: int | None
    shortened_ground: str
    errors: dict[str, tuple[str, str]]


def minimum_period(doc_type: str, phase: str) -> CommentPeriod | None:
    return CommentPeriod.objects.filter(doc_type=doc_type, phase=phase).first()


def window_days(opens_at: dt.datetime, closes_at: dt.datetime) -> int:
    """The length of a window in calendar days, from the day it opens to the day it closes."""
    return (timezone.localdate(closes_at) - timezone.localdate(opens_at)).days


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def check_window(
    document: LegalDocument, phase: str, opens_at: dt.datetime, closes_at: dt.datetime, shortened_ground: str
) -> WindowCheck:
    errors: dict[str, tuple[str, str]] = {}
    ground = clean_text(shortened_ground or "")
    now = timezone.now()
    if opens_at < now - OPEN_GRACE:
        errors["opens_at"] = (
            "opens_in_past",
            _(
                "Thời điểm bắt đầu (%(when)s) đã qua: đợt lấy ý kiến không mở lùi về trước được, vui lòng chọn "
                "từ bây giờ trở đi."
            )
            % {"when": timezone.localtime(opens_at).strftime("%H:%M ngày %d/%m/%Y")},
        )
    stage = STAGE_OF_PHASE.get(phase)
    current = LegalDocument.objects.values_list("stage", flat=True).get(pk=document.pk)
    if stage is not None and current != stage:
        errors["phase"] = (
            "phase_stage_mismatch",
            _(
                "Văn bản đang ở giai đoạn “%(current)s”: chỉ mở được đợt “%(phase)s” khi văn bản ở giai đoạn "
                "“%(stage)s”."
            )
            % {"current": Stage(current).label, "phase": P(phase).label, "stage": Stage(stage).label},
        )
    period = minimum_period(document.doc_type, phase) if stage is not None else None
    minimum = period.min_days if period is not None else None
    shortened = minimum is not None and closes_at > opens_at and window_days(opens_at, closes_at) < minimum
    if shortened and not ground:
        assert period is not None and minimum is not None
        earliest = timezone.localdate(opens_at) + dt.timedelta(days=minimum)
        errors["closes_at"] = (
            "period_too_short",
            _(
                "Thời hạn lấy ý kiến %(days)d ngày, ngắn hơn tối thiểu %(minimum)d ngày đối với %(doc_type)s "
                "(%(basis)s). Vui lòng đặt hạn cuối từ ngày %(earliest)s, hoặc ghi căn cứ pháp lý rút ngắn "
                "thời hạn."
            )
            % {
                "days": window_days(opens_at, closes_at),
                "minimum": minimum,
                "doc_type": document.get_doc_type_display(),
                "basis": period.legal_basis.splitlines()[0] if period.legal_basis else "",
                "earliest": _day(earliest),
            },
        )
    if len(ground) > 2000:
        errors["shortened_ground"] = ("too_long", _("Căn cứ rút ngắn thời hạn dài quá 2.000 ký tự."))
    return WindowCheck(minimum_days=minimum, shortened_ground=ground if shortened else "", errors=errors)


def comment_periods() -> list[CommentPeriod]:
    """Every minimum period, in the order of the document types (central to commune), proposal before draft."""
    types, phases = list(DocType.values), list(P.values)
    rows = list(CommentPeriod.objects.all())
    return sorted(rows, key=lambda r: (types.index(r.doc_type), phases.index(r.phase)))
