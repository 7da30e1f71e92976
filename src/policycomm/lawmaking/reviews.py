"""Records of appraisal (thẩm định) and examination (thẩm tra): one service per action, each with its audit.

A drafting body records the report it received: who reviewed, the date and number of the report, its
conclusion, and whether it states that the policy was communicated. For a People's Council resolution,
the examination record also carries the Council committee's check that communication was done, which
adoption needs (``preconditions.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.orgs.access import Actor
from policycomm.orgs.models import Organisation
from policycomm.textclean import clean_line, clean_text

from .access import can_record_review
from .models import AppraisalRecord, ExaminationRecord, LegalDocument
from .rules import DOC_TYPE_RULES, STAGE_ORDER, Stage

#: The stage from which each record may be written (it may be corrected later).
APPRAISAL_STAGE = {
    AppraisalRecord.Phase.PROPOSAL: Stage.PROPOSAL_APPRAISAL,
    AppraisalRecord.Phase.DRAFT: Stage.DRAFT_APPRAISAL,
}


@dataclass(frozen=True)
class ReviewReport:
    """What every review report says (typed, as it crosses from a form or the demo into the service)."""

    body: Organisation | None
    body_name: str
    date: dt.date
    report_number: str
    conclusion: str
    states_communicated: bool


@dataclass(frozen=True)
class CommitteeCheck:
    """The People's Council committee's check that the policy was communicated."""

    checked_on: dt.date | None
    confirms_communication: bool
    note: str = ""


def review_bodies_for(document: LegalDocument) -> QuerySet[Organisation]:
    """Bodies that may be named as the reviewer: the active bodies of the document's tree at the level of
    its issuing authority (Sở Tư pháp for a province, the body assigned at a commune). Others are written."""
    root = document.drafting_body.path.split(".")[0] + "."
    return Organisation.objects.filter(
        path__startswith=root, level=document.issuing_authority.level, is_active=True
    ).order_by("path")


def _require(actor: Actor, document: LegalDocument) -> None:
    if not can_record_review(actor, document):
        raise DomainError(
            "forbidden", _("Bạn không có quyền ghi kết quả thẩm định, thẩm tra cho văn bản này."), status=403
        )


def _not_before(document: LegalDocument, stage: str) -> None:
    if STAGE_ORDER.index(document.stage) < STAGE_ORDER.index(stage):
        raise DomainError(
            "stage_not_reached",
            _("Văn bản đang ở giai đoạn “%(current)s”, chưa đến giai đoạn “%(stage)s” nên chưa ghi được kết quả.")
            % {"current": Stage(document.stage).label, "stage": Stage(stage).label},
            status=409,
        )


def _clean_report(document: LegalDocument, report: ReviewReport) -> tuple[ReviewReport, dict[str, tuple[str, str]]]:
    errors: dict[str, tuple[str, str]] = {}
    body_name = clean_line(report.body_name)
    number, conclusion = clean_line(report.report_number), clean_text(report.conclusion)
    body = report.body
    if body is not None and not review_bodies_for(document).filter(pk=body.pk).exists():
        errors["body"] = ("body_invalid", _("Cơ quan được chọn không thuộc cấp của cơ quan ban hành văn bản."))
    elif body is None and not body_name:
        errors["body"] = ("body_required", _("Vui lòng chọn cơ quan hoặc ghi tên cơ quan có báo cáo."))
    if len(body_name) > 300:
        errors["body_name"] = ("too_long", _("Tên cơ quan dài quá 300 ký tự."))
    if report.date > timezone.localdate():
        errors["date"] = ("date_in_future", _("Ngày báo cáo không được sau hôm nay."))
    if not number:
        errors["report_number"] = ("required", _("Vui lòng nhập số báo cáo, ví dụ 125/BC-STP."))
    elif len(number) > 100:
        errors["report_number"] = ("too_long", _("Số báo cáo dài quá 100 ký tự."))
    if not conclusion:
        errors["conclusion"] = ("required", _("Vui lòng ghi kết luận của báo cáo."))
    cleaned = ReviewReport(
        body=body,
        body_name="" if body is not None else body_name,
        date=report.date,
        report_number=number,
        conclusion=conclusion,
        states_communicated=bool(report.states_communicated),
    )
    return cleaned, errors


def _state(record: Any, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    fields = ("body_id", "body_name", "date", "report_number", "conclusion", "states_communicated", *extra)
    return {
        f: (str(getattr(record, f)) if isinstance(getattr(record, f), dt.date) else getattr(record, f)) for f in fields
    }


def _refuse(errors: dict[str, tuple[str, str]]) -> None:
    if errors:
        raise DomainError(
            "invalid",
            _("Kết quả chưa lưu được, vui lòng sửa các mục được đánh dấu."),
            field=next(iter(errors)),
            errors=errors,
        )


def appraisal_record_save(
    *, actor: Actor, document: LegalDocument, phase: str, report: ReviewReport
) -> AppraisalRecord:
    """Record (or correct) the appraisal report of the proposal or of the draft."""
    _require(actor, document)
    if phase not in AppraisalRecord.Phase.values:
        raise DomainError("phase_invalid", _("Giai đoạn thẩm định không hợp lệ."), field="phase")
    if phase == AppraisalRecord.Phase.PROPOSAL and document.simplified_procedure:
        raise DomainError(
            "no_proposal_phase",
            _("Văn bản theo trình tự, thủ tục rút gọn không có giai đoạn thẩm định đề nghị xây dựng."),
            status=409,
        )
    _not_before(document, APPRAISAL_STAGE[AppraisalRecord.Phase(phase)])
    cleaned, errors = _clean_report(document, report)
    _refuse(errors)
    with transaction.atomic():
        record, created = AppraisalRecord.objects.select_for_update().get_or_create(
            document=document,
            phase=phase,
            defaults={**_fields(cleaned), "recorded_by": actor},
        )
        before = None if created else _state(record)
        if not created:
            for k, v in _fields(cleaned).items():
                setattr(record, k, v)
            record.recorded_by = actor
            record.save()
        audit_record(
            actor=actor,
            action="document.appraisal",
            obj=record,
            organisation_id=document.drafting_body_id,
            before=before,
            after={"phase": phase, **_state(record)},
        )
    return record


def _fields(r: ReviewReport) -> dict[str, Any]:
    return {
        "body": r.body,
        "body_name": r.body_name,
        "date": r.date,
        "report_number": r.report_number,
        "conclusion": r.conclusion,
        "states_communicated": r.states_communicated,
    }


EXAMINATION_EXTRA = ("committee_checked_on", "committee_confirms_communication", "committee_note")


def examination_record_save(
    *, actor: Actor, document: LegalDocument, report: ReviewReport, check: CommitteeCheck
) -> ExaminationRecord:
    """Record (or correct) the examination report and the Council committee's check of communication."""
    _require(actor, document)
    if not DOC_TYPE_RULES[document.doc_type].examined:
        raise DomainError(
            "not_examined",
            _("%(doc_type)s không qua thẩm tra; không cần ghi kết quả thẩm tra.")
            % {"doc_type": document.get_doc_type_display()},
            status=409,
        )
    _not_before(document, Stage.EXAMINATION)
    cleaned, errors = _clean_report(document, report)
    note = clean_text(check.note)
    if check.checked_on is not None and check.checked_on > timezone.localdate():
        errors["committee_checked_on"] = ("date_in_future", _("Ngày kiểm tra không được sau hôm nay."))
    if check.confirms_communication and check.checked_on is None:
        errors["committee_checked_on"] = (
            "required",
            _("Vui lòng ghi ngày Ban của HĐND kiểm tra việc truyền thông chính sách."),
        )
    _refuse(errors)
    values = {
        **_fields(cleaned),
        "committee_checked_on": check.checked_on,
        "committee_confirms_communication": bool(check.confirms_communication),
        "committee_note": note,
    }
    with transaction.atomic():
        record, created = ExaminationRecord.objects.select_for_update().get_or_create(
            document=document, defaults={**values, "recorded_by": actor}
        )
        before = None if created else _state(record, EXAMINATION_EXTRA)
        if not created:
            for k, v in values.items():
                setattr(record, k, v)
            record.recorded_by = actor
            record.save()
        audit_record(
            actor=actor,
            action="document.examination",
            obj=record,
            organisation_id=document.drafting_body_id,
            before=before,
            after=_state(record, EXAMINATION_EXTRA),
        )
    return record


class ReviewRecords(TypedDict):
    proposal: AppraisalRecord | None
    draft: AppraisalRecord | None
    examination: ExaminationRecord | None


def review_records(document: LegalDocument) -> ReviewRecords:
    """The records of a document for a page or a report: the ``proposal`` and ``draft`` appraisals and the
    ``examination``, each ``None`` when not recorded."""
    appraisals = {a.phase: a for a in document.appraisals.select_related("body")}
    examination = ExaminationRecord.objects.select_related("body").filter(document=document).first()
    return {
        "proposal": appraisals.get(AppraisalRecord.Phase.PROPOSAL),
        "draft": appraisals.get(AppraisalRecord.Phase.DRAFT),
        "examination": examination,
    }
