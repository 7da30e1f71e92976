"""Writes for two kinds of opinion that are documents of their own: the Fatherland Front's social criticism
(phản biện xã hội), answered point by point, and the draft sent to the bodies and people it affects
(lấy ý kiến đối tượng chịu tác động), whose replies are comments (``intake.comment_enter(outreach=...)``)."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.lawmaking.models import Section
from policycomm.orgs.access import Actor
from policycomm.orgs.models import Organisation
from policycomm.textclean import clean_line, clean_text

from .access import can_enter_comments
from .intake import check_upload, safe_filename
from .models import Consultation, CriticismPoint, Outreach, SocialCriticism
from .rules import INTAKE_EARLY_DAYS, check_disposition, last_day, lock_unpublished

MAX_POINTS = 100


class PointIn(TypedDict):
    text: str
    section_id: int | None


def _day_errors(
    consultation: Consultation, day: dt.date | None, field: str, label: str, errors: dict[str, tuple[str, str]]
) -> None:
    today = timezone.localdate()
    if day is None:
        errors[field] = ("required", _("Vui lòng nhập %(label)s.") % {"label": label})
    elif day > today:
        errors[field] = ("future", _("%(label)s không được sau hôm nay.") % {"label": label.capitalize()})
    elif day < timezone.localtime(consultation.opens_at).date() - dt.timedelta(days=INTAKE_EARLY_DAYS * 3):
        errors[field] = (
            "too_early",
            _("%(label)s quá xa trước khi mở lấy ý kiến; vui lòng kiểm tra lại.") % {"label": label.capitalize()},
        )


def criticism_record(
    *,
    actor: Actor,
    consultation: Consultation,
    issuer: str,
    reference: str,
    issued_on: dt.date | None,
    received_on: dt.date | None,
    summary: str,
    points: list[PointIn],
    file: File | None = None,
) -> tuple[SocialCriticism, bool]:
    """Record the Front's social criticism document with its points (numbered in the order given).

    The same document (issuer, reference, date) sent twice is recorded once: ``(criticism, created)``.
    """
    if not can_enter_comments(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền ghi nhận phản biện xã hội cho đợt này."), status=403)
    issuer, reference, summary = clean_line(issuer or ""), clean_line(reference or ""), clean_text(summary or "")
    errors: dict[str, tuple[str, str]] = {}
    if not issuer:
        errors["issuer"] = ("required", _("Vui lòng nhập cơ quan phản biện (ví dụ: Ủy ban MTTQ Việt Nam tỉnh)."))
    elif len(issuer) > 300:
        errors["issuer"] = ("too_long", _("Tên cơ quan phản biện dài quá 300 ký tự."))
    if len(reference) > 100:
        errors["reference"] = ("too_long", _("Số, ký hiệu dài quá 100 ký tự."))
    _day_errors(consultation, issued_on, "issued_on", _("ngày văn bản"), errors)
    if received_on is not None:
        if received_on > timezone.localdate():
            errors["received_on"] = ("future", _("Ngày nhận không được sau hôm nay."))
        elif issued_on is not None and received_on < issued_on:
            errors["received_on"] = ("order", _("Ngày nhận không được trước ngày văn bản."))
    cleaned = [(clean_text(p["text"] or ""), p["section_id"]) for p in points]
    cleaned = [(t, s) for t, s in cleaned if t]
    if not cleaned:
        errors["points"] = ("required", _("Vui lòng nhập ít nhất một nội dung phản biện."))
    elif len(cleaned) > MAX_POINTS:
        errors["points"] = ("too_many", _("Tối đa %(n)d nội dung phản biện một lần.") % {"n": MAX_POINTS})
    section_ids = {s for _t, s in cleaned if s is not None}
    if section_ids:
        found = set(
            Section.objects.filter(pk__in=section_ids, document_id=consultation.document_id, retired=False).values_list(
                "pk", flat=True
            )
        )
        if section_ids - found:
            errors["points"] = ("not_found", _("Điều, khoản được chọn không thuộc dự thảo này."))
    if file is not None and (message := check_upload(file)):
        errors["file"] = ("invalid", message)
    if errors:
        raise DomainError(
            "invalid", _("Chưa ghi nhận được văn bản phản biện, vui lòng sửa các mục được đánh dấu."), errors=errors
        )
    assert issued_on is not None
    key = {"consultation": consultation, "issuer": issuer, "reference": reference, "issued_on": issued_on}
    try:
        with transaction.atomic():
            lock_unpublished(consultation.pk)
            sc = SocialCriticism.objects.create(**key, received_on=received_on, summary=summary, created_by=actor)
            if file is not None:
                sc.file.save(safe_filename(file.name or "", "phan-bien"), file, save=True)
            CriticismPoint.objects.bulk_create(
                [
                    CriticismPoint(criticism=sc, number=i, text=t, section_id=s)
                    for i, (t, s) in enumerate(cleaned, start=1)
                ]
            )
            audit_record(
                actor=actor,
                action="criticism.record",
                obj=sc,
                organisation_id=consultation.document.drafting_body_id,
                after={"issuer": issuer, "reference": reference, "points": len(cleaned)},
            )
    except IntegrityError:
        prior = SocialCriticism.objects.filter(**key).first()
        if prior is None:  # pragma: no cover - the constraint is the only one that may fail here
            raise
        return prior, False
    return sc, True


def criticism_point_answer(
    *, actor: Actor, point: CriticismPoint, disposition: str, explanation: str
) -> CriticismPoint:
    """The drafting body's answer to one point: the same rule as a comment's disposition (rules.py), frozen
    once the consultation's answers are published."""
    consultation = point.criticism.consultation
    if not can_enter_comments(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền trả lời phản biện này."), status=403)
    explanation = check_disposition(disposition, explanation)
    with transaction.atomic():
        lock_unpublished(consultation.pk)
        before = {"disposition": point.disposition, "explanation": point.explanation}
        point.disposition, point.explanation = disposition, explanation
        point.disposed_by, point.disposed_at = actor, timezone.now()
        point.save(update_fields=["disposition", "explanation", "disposed_by", "disposed_at"])
        audit_record(
            actor=actor,
            action="criticism.answer",
            obj=point,
            organisation_id=consultation.document.drafting_body_id,
            before=before,
            after={"disposition": disposition, "explanation": explanation},
        )
    return point


class RecipientIn(TypedDict):
    #: The name as written (free text); empty when an organisation of the tree is picked.
    name: str
    organisation_id: int | None


class OutreachResult(TypedDict):
    created: list[Outreach]
    #: recipients the draft had already been recorded as sent to
    already: list[str]


def outreach_record(
    *,
    actor: Actor,
    consultation: Consultation,
    recipients: list[RecipientIn],
    sent_on: dt.date | None,
    reference: str = "",
) -> OutreachResult:
    """Record that the draft was sent, on ``sent_on`` with letter ``reference``, to several bodies or people at once.
    A recipient already recorded for this consultation is not recorded twice (the unique constraint)."""
    if not can_enter_comments(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền ghi nhận nơi gửi lấy ý kiến cho đợt này."), status=403)
    reference = clean_line(reference or "")
    errors: dict[str, tuple[str, str]] = {}
    _day_errors(consultation, sent_on, "sent_on", _("ngày gửi"), errors)
    if sent_on is not None and "sent_on" not in errors and sent_on > last_day(consultation):
        errors["sent_on"] = ("too_late", _("Ngày gửi sau hạn cuối của đợt lấy ý kiến."))
    if len(reference) > 100:
        errors["reference"] = ("too_long", _("Số, ký hiệu công văn dài quá 100 ký tự."))
    org_ids = {r["organisation_id"] for r in recipients if r["organisation_id"] is not None}
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=org_ids)}
    targets: list[tuple[str, Organisation | None]] = []
    for r in recipients:
        org = orgs.get(r["organisation_id"]) if r["organisation_id"] is not None else None
        if r["organisation_id"] is not None and org is None:
            errors["recipients"] = ("not_found", _("Không tìm thấy cơ quan được chọn."))
            continue
        name = org.name if org is not None else clean_line(r["name"] or "")
        if len(name) > 300:
            errors["recipients"] = ("too_long", _("Tên nơi nhận dài quá 300 ký tự: %(name)s…") % {"name": name[:40]})
        elif name and all(name != t for t, _o in targets):
            targets.append((name, org))
    if not targets and "recipients" not in errors:
        errors["recipients"] = ("required", _("Vui lòng chọn hoặc nhập ít nhất một nơi nhận."))
    if errors:
        raise DomainError(
            "invalid", _("Chưa ghi nhận được nơi gửi, vui lòng sửa các mục được đánh dấu."), errors=errors
        )
    assert sent_on is not None
    result: OutreachResult = {"created": [], "already": []}
    with transaction.atomic():
        lock_unpublished(consultation.pk)
        for name, org in targets:
            row, created = Outreach.objects.get_or_create(
                consultation=consultation,
                recipient=name,
                defaults={"recipient_org": org, "sent_on": sent_on, "reference": reference, "created_by": actor},
            )
            (result["created"].append(row) if created else result["already"].append(name))
        if result["created"]:
            audit_record(
                actor=actor,
                action="outreach.record",
                obj=consultation,
                organisation_id=consultation.document.drafting_body_id,
                after={"recipients": [o.recipient for o in result["created"]], "sent_on": sent_on.isoformat()},
            )
    return result
