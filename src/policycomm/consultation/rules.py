"""Rules of the consultation loop: what a decision on a comment needs, when decisions are frozen, and
the stage a document may not reach while its answers are unpublished."""

from __future__ import annotations

from django.utils.translation import gettext as _

from policycomm.errors import DomainError
from policycomm.lawmaking.models import LegalDocument
from policycomm.lawmaking.rules import Stage
from policycomm.textclean import clean_text

from .models import Comment, Consultation
from .selectors import unpublished_consultations

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


def dispositions_published_guard(document: LegalDocument, to_stage: str) -> None:
    """A document reaches "synthesis published" only once every draft consultation's answers are public."""
    if to_stage != Stage.SYNTHESIS_PUBLISHED:
        return
    pending = unpublished_consultations(document)
    if pending:
        raise DomainError(
            "dispositions_not_published",
            _("Chưa công khai kết quả tiếp thu, giải trình của đợt lấy ý kiến: %(titles)s.")
            % {"titles": "; ".join(c.title for c in pending)},
            field="to_stage",
        )
