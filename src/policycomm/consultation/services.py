"""Writes for consultations: windows, comments from every channel, moderation, dispositions, reports."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.emails import check_email
from policycomm.errors import DomainError
from policycomm.identity.models import Tier
from policycomm.lawmaking.access import can_draft_for
from policycomm.lawmaking.models import DraftVersion, LegalDocument, Section
from policycomm.orgs.access import Actor
from policycomm.textclean import clean_line, clean_text, is_invisible_only

from .access import (
    can_dispose_comment,
    can_manage_statements,
    can_moderate_comment,
    can_process_consultation,
    can_publish_report,
    can_request_report,
)
from .insights import analysis_refresh
from .models import Comment, Consultation, DecidedFor, Event, Statement, StatementVote, SynthesisReport
from .periods import check_window
from .reports import synthesis_warning
from .rules import check_disposition, check_received_on, lock_unpublished
from .tasks import build_synthesis_report
from .window import window_shut

RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
D = Comment.Disposition


#: An Idempotency-Key: 1 to 128 printable ASCII characters (RFC 9110 token-like, no spaces).
IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,128}")


def new_receipt() -> str:
    body = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"GY-{body[:4]}-{body[4:]}"


def consultation_create(
    *,
    actor: Actor,
    document: LegalDocument,
    phase: str,
    title: str,
    intro: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    shortened_ground: str = "",
) -> Consultation:
    """Open a window. It opens now or later, in the phase the document is in, for at least the minimum
    period of the document type and phase unless ``shortened_ground`` gives the legal ground (periods.py)."""
    if not can_draft_for(actor, document.drafting_body):
        raise DomainError("forbidden", _("Bạn không có quyền mở đợt lấy ý kiến cho văn bản này."), status=403)
    title, intro = clean_line(title), clean_text(intro)
    errors: dict[str, tuple[str, str]] = {}
    if not title:
        errors["title"] = ("required", _("Vui lòng nhập tiêu đề đợt lấy ý kiến."))
    if phase not in Consultation.Phase.values:
        errors["phase"] = ("invalid", _("Đợt lấy ý kiến không hợp lệ."))
    if closes_at <= opens_at:
        errors["closes_at"] = ("window_order", _("Hạn cuối phải sau thời điểm bắt đầu."))
    window = check_window(document, phase, opens_at, closes_at, shortened_ground)
    for key, fault in window.errors.items():
        errors.setdefault(key, fault)
    if errors:
        raise DomainError("invalid", _("Thông tin đợt lấy ý kiến chưa hợp lệ."), errors=errors)
    with transaction.atomic():
        c = Consultation.objects.create(
            document=document,
            phase=phase,
            title=title,
            intro=intro,
            opens_at=opens_at,
            closes_at=closes_at,
            minimum_days=window.minimum_days,
            shortened_ground=window.shortened_ground,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="consultation.create",
            obj=c,
            organisation_id=document.drafting_body_id,
            after={
                "opens_at": opens_at.isoformat(),
                "closes_at": closes_at.isoformat(),
                "phase": phase,
                "minimum_days": window.minimum_days,
                "shortened_ground": window.shortened_ground,
            },
        )
    return c


def _payload_hash(**fields: Any) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def comment_submit(
    *,
    consultation: Consultation,
    text: str,
    submitter_type: str,
    consent: bool,
    section_id: int | None = None,
    name: str = "",
    email: str = "",
    channel: str = Comment.Channel.PORTAL,
    idempotency_key: str | None = None,
    actor: Actor | None = None,
    received_on: dt.date | None = None,
    entered_by: Actor | None = None,
    event: Event | None = None,
    organisation: str = "",
    window_checked: bool = False,
    tier: str = Tier.ANONYMOUS,
    key_unused: bool = False,
) -> tuple[Comment, bool]:
    """Receive one comment. Returns ``(comment, created)``; a replayed idempotency key creates nothing.

    ``window_checked``: the caller applied its own rule for when the opinion may be taken (staff entry of an
    opinion received in time, ``rules.check_received_on``), so a closed window does not refuse it here.

    Every channel comes through here, so every text is cleaned here (``policycomm.textclean``): control
    and invisible characters removed, NFC. A text made only of invisible characters is refused.

    An opinion an officer enters (``entered_by``) was received on ``received_on``: that day, not the moment
    of entry, is judged by the staff-entry rule (``rules.check_received_on``) instead of the window being
    open now. ``event`` is the meeting it was voiced at (of this consultation).

    ``key_unused``: the caller has just looked the idempotency key up and found no comment with it, so it is not
    looked up again (a key sent twice at the same moment still meets the unique constraint and is replayed).
    """
    raw_text = text or ""
    text, name = clean_text(raw_text), clean_line(name or "")
    email, email_error = check_email(email)
    organisation = clean_line(organisation or "")
    errors: dict[str, tuple[str, str]] = {}
    if not text and is_invisible_only(raw_text):
        errors["text"] = (
            "invisible_only",
            _(
                "Nội dung góp ý chỉ gồm ký tự không nhìn thấy được (ký tự điều khiển, ký tự độ rộng bằng 0); "
                "vui lòng nhập nội dung góp ý."
            ),
        )
    elif not text:
        errors["text"] = ("required", _("Vui lòng nhập nội dung góp ý."))
    elif len(text) > settings.COMMENT_MAX_CHARS:
        errors["text"] = (
            "too_long",
            _("Nội dung góp ý dài quá %(limit)s ký tự; vui lòng rút gọn hoặc gửi thành nhiều ý kiến.")
            % {"limit": f"{settings.COMMENT_MAX_CHARS:,}".replace(",", ".")},
        )
    if submitter_type not in Comment.SubmitterType.values:
        errors["submitter_type"] = (
            "required",
            _("Vui lòng chọn chủ thể góp ý: cá nhân, tổ chức, doanh nghiệp hoặc cơ quan nhà nước."),
        )
    if consent is not True:
        errors["consent"] = ("required", _("Vui lòng đánh dấu đồng ý để chúng tôi tiếp nhận và xử lý ý kiến của bạn."))
    if len(name) > 200:
        errors["name"] = ("too_long", _("Họ tên dài quá 200 ký tự."))
    if len(organisation) > 300:
        errors["organisation"] = ("too_long", _("Tên tổ chức, cơ quan dài quá 300 ký tự."))
    if event is not None and event.consultation_id != consultation.pk:
        errors["event"] = ("invalid", _("Sự kiện không thuộc đợt lấy ý kiến này."))
    if received_on is not None and (message := check_received_on(consultation, received_on)):
        errors["received_on"] = ("invalid", message)
    if email_error is not None:
        errors["email"] = email_error
    if channel not in Comment.Channel.values:
        errors["channel"] = ("invalid", _("Kênh tiếp nhận không hợp lệ."))
    if idempotency_key is not None and not IDEMPOTENCY_KEY.fullmatch(idempotency_key):
        errors["idempotency_key"] = (
            "invalid",
            _("Idempotency-Key phải dài từ 1 đến 128 ký tự, chỉ gồm ký tự ASCII in được, không có dấu cách."),
        )
    section = None
    if section_id is not None:
        section = Section.objects.filter(pk=section_id, document_id=consultation.document_id, retired=False).first()
        if section is None:
            errors["section_id"] = ("not_found", _("Điều, khoản được chọn không thuộc dự thảo này."))
    if tier not in Tier.values:
        errors["tier"] = ("invalid", _("Mức xác thực không hợp lệ."))
    if errors:
        raise DomainError("invalid", _("Ý kiến chưa gửi được, vui lòng sửa các mục được đánh dấu."), errors=errors)

    digest = _payload_hash(text=text, section=section_id, type=submitter_type, name=name, email=email)
    if idempotency_key is not None and not key_unused:
        prior = Comment.objects.filter(consultation=consultation, idempotency_key=idempotency_key).first()
        if prior is not None:
            return _replay(prior, digest)
    checked = window_checked or received_on is not None
    shut = None if checked else window_shut(consultation, doing=_(", nên chưa gửi được ý kiến"))
    if shut is not None:
        raise DomainError(shut["code"], shut["message"], status=409)
    # The version of the draft text the comment is made on: the document's latest one (none before any text).
    version_id = (
        DraftVersion.objects.filter(document_id=consultation.document_id)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                comment = Comment.objects.create(
                    consultation=consultation,
                    section=section,
                    version_id=version_id,
                    text=text,
                    submitter_type=submitter_type,
                    name=name,
                    email=email,
                    consent=True,
                    channel=channel,
                    receipt=new_receipt(),
                    idempotency_key=idempotency_key,
                    payload_hash=digest,
                    received_on=received_on,
                    entered_by=entered_by,
                    event=event,
                    organisation=organisation,
                    tier=tier,
                )
                audit_record(
                    actor=actor,
                    action="comment.submit",
                    obj=comment,
                    organisation_id=consultation.document.drafting_body_id,
                    after={"receipt": comment.receipt, "channel": channel},
                )
                transaction.on_commit(lambda: analysis_refresh(consultation.pk))
            return comment, True
        except IntegrityError:
            if idempotency_key is not None:
                prior = Comment.objects.filter(consultation=consultation, idempotency_key=idempotency_key).first()
                if prior is not None:
                    return _replay(prior, digest)
            # Otherwise a receipt collision: draw again.
    raise DomainError("busy", _("Hệ thống đang bận, vui lòng gửi lại."), status=503)  # pragma: no cover


def _replay(prior: Comment, digest: str) -> tuple[Comment, bool]:
    if prior.payload_hash != digest:
        raise DomainError(
            "idempotency_key_reused",
            _("Idempotency-Key này đã được dùng cho một ý kiến khác."),
            field="idempotency_key",
            status=422,
        )
    return prior, False


def comment_hide(*, actor: Actor, comment: Comment, hidden: bool, reason: str = "") -> Comment:
    if not can_moderate_comment(actor, comment):
        raise DomainError("forbidden", _("Bạn không có quyền kiểm duyệt ý kiến."), status=403)
    reason = clean_line(reason)
    if hidden and not reason:
        raise DomainError("reason_required", _("Vui lòng nêu lý do ẩn ý kiến."), field="reason")
    if len(reason) > 300:
        raise DomainError("too_long", _("Lý do ẩn dài quá 300 ký tự."), field="reason")
    with transaction.atomic():
        lock_unpublished(comment.consultation_id)
        before = {"hidden": comment.hidden}
        comment.hidden, comment.hidden_reason = hidden, reason if hidden else ""
        comment.save(update_fields=["hidden", "hidden_reason"])
        audit_record(
            actor=actor,
            action="comment.moderate",
            obj=comment,
            organisation_id=comment.consultation.document.drafting_body_id,
            before=before,
            after={"hidden": hidden},
            note=reason,
        )
    return comment


def comment_dispose(*, actor: Actor, comment: Comment, disposition: str, explanation: str) -> Comment:
    """Record the officer's decision on one comment."""
    if not can_dispose_comment(actor, comment):
        raise DomainError("forbidden", _("Bạn không có quyền xử lý ý kiến này."), status=403)
    explanation = check_disposition(disposition, explanation)
    with transaction.atomic():
        lock_unpublished(comment.consultation_id)
        before = {"disposition": comment.disposition, "explanation": comment.explanation}
        comment.disposition, comment.explanation = disposition, explanation
        comment.disposed_by, comment.disposed_at = actor, timezone.now()
        comment.decided_for, comment.decided_run, comment.decided_group = DecidedFor.COMMENT, None, ""
        comment.decided_label = ""
        comment.save(
            update_fields=[
                "disposition",
                "explanation",
                "disposed_by",
                "disposed_at",
                "decided_for",
                "decided_run",
                "decided_group",
                "decided_label",
            ]
        )
        audit_record(
            actor=actor,
            action="comment.dispose",
            obj=comment,
            organisation_id=comment.consultation.document.drafting_body_id,
            before=before,
            after={"disposition": disposition, "explanation": explanation},
        )
    return comment


def dispositions_publish(*, actor: Actor, consultation: Consultation) -> Consultation:
    if not can_process_consultation(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền công khai kết quả này."), status=403)
    with transaction.atomic():
        c = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if c.dispositions_published_at is not None:
            raise DomainError("already_published", _("Kết quả đã được công khai trước đó."), status=409)
        if c.is_open():
            raise DomainError(
                "window_open", _("Đợt lấy ý kiến chưa kết thúc, chưa công khai kết quả được."), status=409
            )
        pending = c.comments.filter(hidden=False, disposition="").count()
        if pending:
            raise DomainError(
                "pending_comments", _("Còn %(pending)d ý kiến chưa xử lý.") % {"pending": pending}, status=409
            )
        c.dispositions_published_at = timezone.now()
        c.save(update_fields=["dispositions_published_at"])
        audit_record(
            actor=actor,
            action="consultation.publish_dispositions",
            obj=c,
            organisation_id=c.document.drafting_body_id,
            before={"published": False},
            after={"published": True},
        )
    consultation.dispositions_published_at = c.dispositions_published_at
    return c


def report_request(*, actor: Actor, consultation: Consultation, confirm: bool = False) -> SynthesisReport:
    """Queue the synthesis & explanation report; the worker builds it.

    Built while comments are unanswered or a window is still open, the report is early: it is queued
    only when the person confirms (``confirm``), and it says so in its text.
    """
    if not can_request_report(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền lập báo cáo này."), status=403)
    warning = synthesis_warning(consultation)
    if warning.any and not confirm:
        raise DomainError(
            "confirm_early_report",
            _("Báo cáo sẽ lập khi %(what)s. Vui lòng đánh dấu xác nhận nếu vẫn muốn lập báo cáo.")
            % {"what": warning.message},
            field="confirm",
            status=409,
        )
    with transaction.atomic():
        report = SynthesisReport.objects.create(
            consultation=consultation,
            requested_by=actor,
            pending_at_build=warning.pending,
            open_at_build=warning.open_until is not None,
            confirmed_early=warning.any,
        )
        audit_record(
            actor=actor,
            action="report.request",
            obj=report,
            organisation_id=consultation.document.drafting_body_id,
            after={"pending": warning.pending, "open": warning.open_until is not None, "confirmed": warning.any},
        )

        def enqueue() -> None:
            result = build_synthesis_report.enqueue(report.pk)
            SynthesisReport.objects.filter(pk=report.pk).update(task_id=str(result.id))

        transaction.on_commit(enqueue)
    return report


def report_publish(*, actor: Actor, report: SynthesisReport) -> SynthesisReport:
    """Put a built report on the draft's portal page for anyone to download.

    Only a complete report is published: built with every window it covers closed and every comment
    answered, and the answers of those windows published.
    """
    consultation = report.consultation
    if not can_publish_report(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền công khai báo cáo này."), status=403)
    with transaction.atomic():
        r = SynthesisReport.objects.select_for_update().get(pk=report.pk)
        if r.published_at is not None:
            raise DomainError("already_published", _("Báo cáo này đã được công khai trước đó."), status=409)
        if r.status != SynthesisReport.Status.DONE or not r.file:
            raise DomainError("not_built", _("Báo cáo chưa tạo xong, chưa công khai được."), status=409)
        if r.pending_at_build or r.open_at_build:
            raise DomainError(
                "early_report",
                _(
                    "Báo cáo này lập khi chưa kết thúc lấy ý kiến hoặc còn ý kiến chưa xử lý; "
                    "vui lòng lập lại báo cáo rồi công khai."
                ),
                status=409,
            )
        unpublished = list(
            Consultation.objects.filter(pk__in=r.covers or [consultation.pk], dispositions_published_at__isnull=True)
            .order_by("opens_at")
            .values_list("title", flat=True)
        )
        if unpublished:
            raise DomainError(
                "dispositions_not_published",
                _("Chưa công khai kết quả tiếp thu, giải trình của: %(titles)s.") % {"titles": "; ".join(unpublished)},
                status=409,
            )
        r.published_at, r.published_by = timezone.now(), actor
        r.save(update_fields=["published_at", "published_by"])
        audit_record(
            actor=actor,
            action="report.publish",
            obj=r,
            organisation_id=consultation.document.drafting_body_id,
            before={"published": False},
            after={"published": True},
        )
    report.published_at, report.published_by = r.published_at, r.published_by
    return r


# -- statements citizens vote on (contested points) ---------------------------------------

STATEMENT_MAX = 300


def statement_add(*, actor: Actor, consultation: Consultation, text: str) -> Statement:
    """Staff put a short statement about the draft to the vote."""
    if not can_manage_statements(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền thêm nhận định cho đợt này."), status=403)
    text = clean_line(text)
    if not text:
        raise DomainError("required", _("Vui lòng nhập nội dung nhận định."), field="text")
    if len(text) > STATEMENT_MAX:
        raise DomainError(
            "too_long",
            _("Nhận định dài %(length)d ký tự; vui lòng rút gọn còn tối đa %(limit)d ký tự.")
            % {"length": len(text), "limit": STATEMENT_MAX},
            field="text",
        )
    with transaction.atomic():
        if consultation.statements.filter(text=text).exists():
            raise DomainError("duplicate", _("Nhận định này đã có trong danh sách."), field="text", status=409)
        st = Statement.objects.create(consultation=consultation, text=text, created_by=actor)
        audit_record(
            actor=actor,
            action="statement.add",
            obj=st,
            organisation_id=consultation.document.drafting_body_id,
            after={"text": text},
        )
    return st


def statement_hide(*, actor: Actor, statement: Statement, hidden: bool) -> Statement:
    c = statement.consultation
    if not can_manage_statements(actor, c):
        raise DomainError("forbidden", _("Bạn không có quyền sửa nhận định này."), status=403)
    with transaction.atomic():
        statement.hidden = hidden
        statement.save(update_fields=["hidden"])
        audit_record(
            actor=actor,
            action="statement.hide" if hidden else "statement.show",
            obj=statement,
            organisation_id=c.document.drafting_body_id,
        )
    return statement


def statement_vote(
    *, consultation: Consultation, statement_id: int, voter: str, vote: Any, tier: str = Tier.ANONYMOUS
) -> StatementVote:
    """A citizen's vote; voting again on the same statement replaces the earlier vote."""
    try:
        value = int(vote)
    except (TypeError, ValueError):
        value = 2
    if value not in StatementVote.Choice.values:
        raise DomainError("bad_vote", _("Vui lòng chọn Đồng ý, Không đồng ý hoặc Bỏ qua."), field="vote", status=422)
    if not voter or len(voter) > 64:
        raise DomainError(
            "no_voter", _("Trình duyệt chưa lưu được phiếu. Vui lòng bật cookie rồi thử lại."), status=400
        )
    if (shut := window_shut(consultation, doing=_(", nên chưa biểu quyết được"))) is not None:
        raise DomainError("closed", shut["message"], status=409)
    statement = consultation.statements.filter(pk=statement_id, hidden=False).first()
    if statement is None:
        raise DomainError("no_statement", _("Không tìm thấy nhận định này."), status=404)
    with transaction.atomic():
        row, _created = StatementVote.objects.update_or_create(
            statement=statement,
            voter=voter,
            defaults={"vote": value, "tier": tier if tier in Tier.values else Tier.ANONYMOUS},
        )
    return row
