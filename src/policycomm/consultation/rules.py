"""Rules of the consultation loop: what a decision on a comment needs, when decisions are frozen, and
the stages a document may not leave or reach while a window is open or its answers are unpublished."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from policycomm.errors import DomainError
from policycomm.lawmaking.models import LegalDocument
from policycomm.lawmaking.rules import Stage
from policycomm.textclean import clean_text

from .models import Comment, Consultation
from .selectors import pending_comment_counts, unpublished_consultations

D = Comment.Disposition


def check_disposition(disposition: str, explanation: str) -> str:
    """The rule for a decision: a known disposition, and an explanation unless fully accepted."""
    explanation = clean_text(explanation)
    if disposition not in D.values:
        raise DomainError("disposition_required", _("Vui lòng chọn kết quả xử lý."), field="disposition")
    if disposition != D.ACCEPTED and not explanation:
        raise DomainError(
            "explanation_required",
            _("Vui lòng ghi nội dung giải trình cho ý kiến không tiếp thu hoặc tiếp thu một phần."),
            field="explanation",
        )
    return explanation


def lock_unpublished(consultation_id: int) -> None:
    """Lock the consultation row, so that a decision cannot race with publication; refuse once published."""
    c = Consultation.objects.select_for_update().get(pk=consultation_id)
    if c.dispositions_published_at is not None:
        raise DomainError(
            "already_published", _("Kết quả tiếp thu, giải trình đã công khai, không sửa được."), status=409
        )


#: The consultation stages, and the phase of the window each needs closed before the document leaves it.
PHASE_OF_STAGE = {
    Stage.PROPOSAL_CONSULTATION: Consultation.Phase.PROPOSAL,
    Stage.DRAFT_CONSULTATION: Consultation.Phase.DRAFT,
}


def closed_window_guard(document: LegalDocument, to_stage: str) -> None:
    """A document leaves "proposal out for opinions" or "draft out for opinions" only once a window of
    that phase has closed."""
    phase = PHASE_OF_STAGE.get(document.stage)  # type: ignore[call-overload]
    if phase is None:
        return
    now = timezone.now()
    windows = list(document.consultations.filter(phase=phase).order_by("closes_at", "pk"))
    if any(c.closes_at <= now for c in windows):
        return
    label = Consultation.Phase(phase).label.lower()
    if windows:
        last = windows[-1]
        raise DomainError(
            "window_not_closed",
            _("Đợt %(phase)s “%(title)s” chưa kết thúc (hạn cuối %(when)s); chỉ chuyển giai đoạn sau hạn cuối.")
            % {
                "phase": label,
                "title": last.title,
                "when": timezone.localtime(last.closes_at).strftime("%H:%M ngày %d/%m/%Y"),
            },
            field="to_stage",
        )
    raise DomainError(
        "window_missing",
        _("Chưa có đợt %(phase)s nào: vui lòng mở đợt lấy ý kiến và chờ đến hạn cuối trước khi chuyển giai đoạn.")
        % {"phase": label},
        field="to_stage",
    )


def dispositions_published_guard(document: LegalDocument, to_stage: str) -> None:
    """A document reaches "synthesis published" only once every comment of its draft consultations is
    disposed and every draft consultation's answers are public."""
    if to_stage != Stage.SYNTHESIS_PUBLISHED:
        return
    undisposed = pending_comment_counts(document)
    if undisposed:
        raise DomainError(
            "comments_pending",
            _("Còn ý kiến chưa xử lý (tiếp thu, giải trình): %(items)s.")
            % {
                "items": "; ".join(
                    ngettext("%(title)s: %(n)d ý kiến", "%(title)s: %(n)d ý kiến", n) % {"title": t, "n": n}
                    for t, n in undisposed
                )
            },
            field="to_stage",
        )
    pending = unpublished_consultations(document)
    if pending:
        raise DomainError(
            "dispositions_not_published",
            _("Chưa công khai kết quả tiếp thu, giải trình của đợt lấy ý kiến: %(titles)s.")
            % {"titles": "; ".join(c.title for c in pending)},
            field="to_stage",
        )


#: How long before a window opens an opinion may have been received and still be entered for it: the draft
#: is often sent to the affected bodies, the Fatherland Front and the press some days before the portal opens.
INTAKE_EARLY_DAYS = 30


def last_day(consultation: Consultation) -> dt.date:
    """The last calendar day (local time) on which the window took opinions."""
    return timezone.localtime(consultation.closes_at - dt.timedelta(microseconds=1)).date()


def check_received_on(consultation: Consultation, received_on: dt.date | None, *, today: dt.date | None = None) -> str:
    """The rule for the date an opinion entered by staff was received. Returns an error message, or "".

    - it is required and not in the future;
    - not earlier than ``INTAKE_EARLY_DAYS`` days before the window opened;
    - not after the window's last day: an opinion received in time (a letter that arrived before the deadline)
      may still be entered after the window closed, one received after the deadline may not.
    """
    today = today or timezone.localdate()
    if received_on is None:
        return _("Vui lòng nhập ngày nhận ý kiến.")
    if received_on > today:
        return _("Ngày nhận %(day)s ở tương lai; vui lòng nhập ngày đã nhận được ý kiến.") % {
            "day": received_on.strftime("%d/%m/%Y")
        }
    first = timezone.localtime(consultation.opens_at).date() - dt.timedelta(days=INTAKE_EARLY_DAYS)
    if received_on < first:
        return _(
            "Ngày nhận %(day)s sớm hơn %(days)d ngày trước khi mở lấy ý kiến (%(opens)s); "
            "vui lòng kiểm tra lại ngày hoặc đợt lấy ý kiến."
        ) % {
            "day": received_on.strftime("%d/%m/%Y"),
            "days": INTAKE_EARLY_DAYS,
            "opens": timezone.localtime(consultation.opens_at).strftime("%d/%m/%Y"),
        }
    end = last_day(consultation)
    if received_on > end:
        return _(
            "Ý kiến nhận ngày %(day)s, sau hạn cuối %(end)s của đợt lấy ý kiến, nên không được ghi nhận vào đợt này."
        ) % {"day": received_on.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}
    return ""
