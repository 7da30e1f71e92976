"""Preconditions of leaving a stage that law-making owns: the appraisal and examination records.

Facts owned by the apps above (a consultation window closed, answers published) are guards those apps
register (``guards.py``); ``document_transition`` checks these first, then the guards. Each refusal
says what is missing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from policycomm.errors import DomainError

from .models import AppraisalRecord, ExaminationRecord, LegalDocument
from .rules import Stage

APPRAISAL_OF = {
    Stage.PROPOSAL_APPRAISAL: AppraisalRecord.Phase.PROPOSAL,
    Stage.DRAFT_APPRAISAL: AppraisalRecord.Phase.DRAFT,
}


def check_stage_preconditions(document: LegalDocument, to_stage: str) -> None:
    """Refuse to leave ``document.stage`` for ``to_stage`` while a record it needs is missing."""
    phase = APPRAISAL_OF.get(document.stage)  # type: ignore[call-overload]
    if phase is not None and not AppraisalRecord.objects.filter(document=document, phase=phase).exists():
        raise DomainError(
            "appraisal_missing",
            _(
                "Chưa có kết quả %(what)s: vui lòng ghi cơ quan thẩm định, ngày, số báo cáo và kết luận "
                "trước khi chuyển giai đoạn."
            )
            % {"what": AppraisalRecord.Phase(phase).label.lower()},
            field="to_stage",
        )
    if document.stage == Stage.EXAMINATION and to_stage == Stage.ADOPTED:
        record = ExaminationRecord.objects.filter(document=document).first()
        if record is None:
            raise DomainError(
                "examination_missing",
                _(
                    "Chưa có kết quả thẩm tra: vui lòng ghi cơ quan thẩm tra, ngày, số báo cáo và kết luận "
                    "trước khi trình thông qua."
                ),
                field="to_stage",
            )
        if record.committee_checked_on is None:
            raise DomainError(
                "communication_check_missing",
                _(
                    "Chưa có kết quả kiểm tra của Ban của HĐND về việc truyền thông chính sách: nghị quyết chỉ "
                    "trình HĐND thông qua sau khi Ban kiểm tra việc truyền thông đã thực hiện."
                ),
                field="to_stage",
            )
        if not record.committee_confirms_communication:
            raise DomainError(
                "communication_not_confirmed",
                _(
                    "Ban của HĐND chưa xác nhận chính sách đã được truyền thông (kiểm tra ngày %(day)s); "
                    "chưa trình HĐND thông qua được."
                )
                % {"day": record.committee_checked_on.strftime("%d/%m/%Y")},
                field="to_stage",
            )
