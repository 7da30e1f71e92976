"""Opinions that reach the drafting body outside the portal and the API: entered by an officer one by one
(a letter, a call to the hotline, a meeting, the press, social networks, the Fatherland Front), or imported
from the spreadsheets officials keep.

An entered opinion is a ``Comment`` like any other: it goes through ``services.comment_submit`` (cleaning,
limits, receipt, idempotency, the analysis refresh) and then gets what only staff entry has: the day it was
received, the sender's organisation, the scan, who entered it. An import is checked whole first (a preview
with per-row errors); it saves nothing unless every row is clean, in one transaction, with one audit event
and one analysis refresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import TypedDict

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm import uploads
from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.lawmaking.models import Section
from policycomm.orgs.access import Actor
from policycomm.textclean import clean_line, clean_text, is_invisible_only

from .access import can_enter_comments
from .insights import analysis_refresh
from .models import Comment, Consultation, Outreach
from .rules import check_received_on, last_day, lock_unpublished
from .services import comment_submit, new_receipt
from .sheets import Cell, SheetError, fold_header, read_sheet

Ch = Comment.Channel
ST = Comment.SubmitterType

#: The channels an officer records; the portal and the API are the public's own doors.
STAFF_CHANNELS = (Ch.LETTER, Ch.PHONE, Ch.MEETING, Ch.PRESS, Ch.SOCIAL, Ch.FATHERLAND_FRONT)

# -- the scan or file an opinion came in -----------------------------------------------------------------------

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
#: extension → (what the file must start with, its name in messages)
ATTACHMENT_TYPES: dict[str, tuple[bytes, str]] = {
    "pdf": (b"%PDF-", "PDF"),
    "jpg": (b"\xff\xd8\xff", "JPEG"),
    "jpeg": (b"\xff\xd8\xff", "JPEG"),
    "png": (b"\x89PNG\r\n\x1a\n", "PNG"),
    "docx": (b"PK\x03\x04", "DOCX"),
}


def attachment_extension(name: str) -> str:
    return uploads.extension(name)


def check_attachment(name: str, size: int, head: bytes, data_for_zip: bytes | None = None) -> str:
    """The rule for an attached scan or file: PDF, JPEG, PNG or DOCX whose content is what its name says, at most
    10 MB. Returns the Vietnamese error, or ""."""
    ext = uploads.extension(name)
    if size > ATTACHMENT_MAX_BYTES:
        return _("Tệp “%(name)s” nặng %(size).1f MB, vượt giới hạn 10 MB; vui lòng quét lại nhẹ hơn.") % {
            "name": name,
            "size": size / 1024 / 1024,
        }
    if ext not in ATTACHMENT_TYPES:
        return _("Tệp “%(name)s” không được nhận: chỉ nhận tệp PDF, JPEG, PNG hoặc DOCX.") % {"name": name}
    magic, label = ATTACHMENT_TYPES[ext]
    if message := uploads.head_error(name, size, head, magic, label):
        return message
    if ext == "docx" and data_for_zip is not None and not uploads.zip_has_part(data_for_zip, "word/document.xml"):
        return _("Tệp “%(name)s” không phải tài liệu DOCX hợp lệ.") % {"name": name}
    return ""


def check_upload(f: File) -> str:
    name = f.name or ""
    size = f.size or 0
    head, data = uploads.read_for_check(f, whole=uploads.extension(name) == "docx" and size <= ATTACHMENT_MAX_BYTES)
    return check_attachment(name, size, head, data)


def safe_filename(name: str, default: str = "ban-chup") -> str:
    """An ASCII file name for storage (the original is only a hint)."""
    return uploads.safe_filename(name, default, stem_max=60)


# -- one opinion entered by an officer ---------------------------------------------------------------------------


def _channel_error(channel: str) -> str:
    if channel in STAFF_CHANNELS:
        return ""
    return _("Vui lòng chọn kênh tiếp nhận: văn bản, thư; điện thoại; hội nghị; báo chí; mạng xã hội; hoặc MTTQ.")


def comment_enter(
    *,
    actor: Actor,
    consultation: Consultation,
    channel: str,
    text: str,
    submitter_type: str,
    received_on: dt.date | None,
    name: str = "",
    organisation: str = "",
    section_id: int | None = None,
    attachment: File | None = None,
    idempotency_key: str | None = None,
    outreach: Outreach | None = None,
) -> tuple[Comment, bool]:
    """Record an opinion received outside the portal. Returns ``(comment, created)``; the same form sent twice
    (same ``idempotency_key``) records one comment.

    Consent is implied: the sender addressed the opinion to the body (a letter, a call, a statement at a
    meeting), and the body is bound to receive and answer it, so the officer does not ask for a tick.
    """
    if not can_enter_comments(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền ghi nhận ý kiến cho đợt lấy ý kiến này."), status=403)
    errors: dict[str, tuple[str, str]] = {}
    if outreach is not None:
        if outreach.consultation_id != consultation.pk:
            raise DomainError("not_found", _("Không tìm thấy nơi gửi lấy ý kiến."), status=404)
        channel = Ch.LETTER
    if message := _channel_error(channel):
        errors["channel"] = ("invalid", message)
    if message := check_received_on(consultation, received_on):
        errors["received_on"] = ("invalid", message)
    organisation = clean_line(organisation or "")
    if len(organisation) > 300:
        errors["organisation"] = ("too_long", _("Tên tổ chức, cơ quan dài quá 300 ký tự."))
    if not clean_text(text or ""):
        errors["text"] = ("required", _("Vui lòng nhập nội dung ý kiến (gõ lại hoặc đọc từ bản chụp)."))
    if attachment is not None and (message := check_upload(attachment)):
        errors["attachment"] = ("invalid", message)
    if errors:
        raise DomainError("invalid", _("Chưa ghi nhận được ý kiến, vui lòng sửa các mục được đánh dấu."), errors=errors)
    with transaction.atomic():
        lock_unpublished(consultation.pk)
        comment, created = comment_submit(
            consultation=consultation,
            text=text,
            submitter_type=submitter_type,
            consent=True,  # implied for staff entry (see the docstring)
            section_id=section_id,
            name=name,
            channel=channel,
            idempotency_key=idempotency_key,
            actor=actor,
            window_checked=True,  # check_received_on above is the rule for staff entry
        )
        if not created:
            return comment, False
        comment.received_on, comment.organisation, comment.entered_by = received_on, organisation, actor
        comment.outreach = outreach
        fields = ["received_on", "organisation", "entered_by", "outreach"]
        if attachment is not None:
            comment.attachment.save(safe_filename(attachment.name or ""), attachment, save=False)
            fields.append("attachment")
        comment.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="comment.enter",
            obj=comment,
            organisation_id=consultation.document.drafting_body_id,
            after={
                "channel": channel,
                "received_on": received_on.isoformat() if received_on else None,
                "attachment": comment.attachment.name or "",
                "outreach": outreach.pk if outreach else None,
            },
        )
    return comment, True


# -- import from a spreadsheet ------------------------------------------------------------------------------------

#: submitter_type values as officials write them (folded), English codes included.
SUBMITTER_ALIASES: dict[str, str] = {
    "individual": ST.INDIVIDUAL,
    "ca nhan": ST.INDIVIDUAL,
    "nguoi dan": ST.INDIVIDUAL,
    "cong dan": ST.INDIVIDUAL,
    "organisation": ST.ORGANISATION,
    "organization": ST.ORGANISATION,
    "to chuc": ST.ORGANISATION,
    "business": ST.BUSINESS,
    "doanh nghiep": ST.BUSINESS,
    "ho kinh doanh": ST.BUSINESS,
    "agency": ST.AGENCY,
    "co quan nha nuoc": ST.AGENCY,
    "co quan": ST.AGENCY,
}


class RowError(TypedDict):
    row: int
    field: str
    message: str


class PreviewRow(TypedDict):
    row: int
    text: str
    submitter_type: str
    name: str
    organisation: str
    received_on: dt.date | None
    section_id: int | None
    section_heading: str
    #: Already imported (the same row of a spreadsheet imported before): skipped.
    duplicate: bool
    key: str
    errors: list[RowError]


class ImportResult(TypedDict):
    created: int
    skipped_duplicates: int
    errors: list[RowError]
    #: The rows as read and checked, for the preview (not printed by the command line).
    rows: list[PreviewRow]
    #: The headers as written in the file, per column; and the headers that were not used.
    columns: dict[str, str]
    ignored: list[str]


_SECTION_REF = re.compile(r"(dieu|khoan|diem|chuong|muc)\s*([0-9]+[a-z]?|[ivxlc]+)")


def section_index(consultation: Consultation) -> tuple[dict[str, Section], dict[str, Section]]:
    sections = list(Section.objects.filter(document_id=consultation.document_id, retired=False).order_by("position"))
    by_key = {s.key: s for s in sections}
    folded = [fold_header(s.heading) for s in sections]
    by_heading = {f: s for f, s in zip(folded, sections, strict=True) if folded.count(f) == 1}  # unambiguous only
    return by_key, by_heading


def mentions_section(text: str) -> bool:
    """Whether a text names an article ("Điều 5", "khoản 2 Điều 3")."""
    return any(kind == "dieu" for kind, _n in _SECTION_REF.findall(fold_header(text)))


def resolve_section(raw: str, by_key: dict[str, Section], by_heading: dict[str, Section]) -> Section | None:
    """A section key (``dieu-5.khoan-1``), a heading ("Điều 5", "Khoản 1 Điều 5", "Điều 5. Mức thu phí")."""
    raw = raw.strip()
    if raw in by_key:
        return by_key[raw]
    folded = fold_header(raw)
    if folded in by_heading:
        return by_heading[folded]
    refs = dict(reversed(_SECTION_REF.findall(folded)))  # the first mention of each kind wins
    if "dieu" in refs:
        key = f"dieu-{refs['dieu']}"
        if "khoan" in refs and f"{key}.khoan-{refs['khoan']}" in by_key:
            return by_key[f"{key}.khoan-{refs['khoan']}"]
        if "khoan" not in refs:
            return by_key.get(key)
        return None
    if re.fullmatch(r"[0-9]+", folded):  # a bare number in the column: the article
        return by_key.get(f"dieu-{folded}")
    return None


def parse_day(value: Cell) -> dt.date | None:
    """YYYY-MM-DD, DD/MM/YYYY (also with - or .), or a real spreadsheet date. Raises ValueError."""
    if value is None or isinstance(value, dt.date):
        return value
    s = value.strip()
    if not s:
        return None
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", s):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s):
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    raise ValueError(s)


def _str(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def import_key(channel: str, row: PreviewRow, occurrence: int) -> str:
    """The idempotency key of an imported row: its content (and how many identical rows came before it in the
    file). The same spreadsheet imported again, or the same spreadsheet with rows added, creates only rows that
    were not imported yet."""
    content = "\x1f".join(
        [
            channel,
            row["text"],
            row["submitter_type"],
            row["name"],
            row["organisation"],
            row["received_on"].isoformat() if row["received_on"] else "",
            str(row["section_id"] or ""),
            str(occurrence),
        ]
    )
    return "import-" + hashlib.sha256(content.encode()).hexdigest()[:48]


def _check_rows(consultation: Consultation, channel: str, data: bytes, filename: str) -> ImportResult:
    try:
        sheet = read_sheet(data, filename)
    except SheetError as exc:
        raise DomainError("bad_file", str(exc), field="file") from None
    if not sheet["rows"]:
        raise DomainError("empty_file", _("Tệp không có dòng ý kiến nào dưới dòng tiêu đề."), field="file")
    by_key, by_heading = section_index(consultation)
    today = timezone.localdate()
    window_over = today > last_day(consultation)
    rows: list[PreviewRow] = []
    seen: dict[str, int] = {}
    for sr in sheet["rows"]:
        v, n = sr["values"], sr["row"]
        errs: list[RowError] = []
        raw_text = _str(v.get("text"))
        text = clean_text(raw_text)
        if not text:
            message = (
                _("Nội dung chỉ gồm ký tự không nhìn thấy được.")
                if is_invisible_only(raw_text)
                else _("Thiếu nội dung góp ý.")
            )
            errs.append({"row": n, "field": "text", "message": message})
        elif len(text) > settings.COMMENT_MAX_CHARS:
            errs.append(
                {
                    "row": n,
                    "field": "text",
                    "message": _("Nội dung dài %(length)d ký tự, quá giới hạn %(limit)d ký tự.")
                    % {"length": len(text), "limit": settings.COMMENT_MAX_CHARS},
                }
            )
        name = clean_line(_str(v.get("name")))
        if len(name) > 200:
            errs.append({"row": n, "field": "name", "message": _("Họ tên dài quá 200 ký tự.")})
        org = clean_line(_str(v.get("organisation")))
        if len(org) > 300:
            errs.append({"row": n, "field": "organisation", "message": _("Tên tổ chức dài quá 300 ký tự.")})
        raw_type = clean_line(_str(v.get("submitter_type")))
        stype: str
        if not raw_type:
            # Not written: an organisation named means an organisation sent it; otherwise a person did.
            stype = ST.ORGANISATION if org else ST.INDIVIDUAL
        elif (found := SUBMITTER_ALIASES.get(fold_header(raw_type))) is not None:
            stype = found
        else:
            stype = ""
            errs.append(
                {
                    "row": n,
                    "field": "submitter_type",
                    "message": _(
                        "Chủ thể “%(value)s” không hợp lệ; ghi một trong: Cá nhân, Tổ chức, Doanh nghiệp, "
                        "Cơ quan nhà nước (hoặc individual, organisation, business, agency)."
                    )
                    % {"value": raw_type[:60]},
                }
            )
        received: dt.date | None = None
        try:
            received = parse_day(v.get("received_on"))
        except ValueError:
            errs.append(
                {
                    "row": n,
                    "field": "received_on",
                    "message": _("Ngày nhận “%(value)s” không đúng dạng; ghi YYYY-MM-DD hoặc DD/MM/YYYY.")
                    % {"value": _str(v.get("received_on"))[:30]},
                }
            )
        else:
            if received is None and window_over:
                errs.append(
                    {
                        "row": n,
                        "field": "received_on",
                        "message": _(
                            "Thiếu ngày nhận: đợt lấy ý kiến đã hết hạn, cần ngày nhận để biết ý kiến đến trước hạn."
                        ),
                    }
                )
            elif (message := check_received_on(consultation, received or today, today=today)) != "":
                errs.append({"row": n, "field": "received_on", "message": message})
            received = received or today
        section: Section | None = None
        raw_section = clean_line(_str(v.get("section")))
        if raw_section:
            section = resolve_section(raw_section, by_key, by_heading)
            if section is None:
                errs.append(
                    {
                        "row": n,
                        "field": "section",
                        "message": _("Không tìm thấy “%(value)s” trong dự thảo; ghi như “Điều 5”, “Khoản 1 Điều 5”.")
                        % {"value": raw_section[:60]},
                    }
                )
        row: PreviewRow = {
            "row": n,
            "text": text,
            "submitter_type": stype,
            "name": name,
            "organisation": org,
            "received_on": received,
            "section_id": section.pk if section else None,
            "section_heading": section.heading if section else "",
            "duplicate": False,
            "key": "",
            "errors": errs,
        }
        if not errs:
            base = import_key(channel, row, 0)
            occurrence = seen.get(base, 0)
            seen[base] = occurrence + 1
            row["key"] = base if occurrence == 0 else import_key(channel, row, occurrence)
        rows.append(row)
    keys = [r["key"] for r in rows if r["key"]]
    existing: set[str] = set()
    for i in range(0, len(keys), 500):
        existing.update(
            Comment.objects.filter(consultation=consultation, idempotency_key__in=keys[i : i + 500]).values_list(
                "idempotency_key", flat=True
            )  # type: ignore[arg-type]
        )
    for r in rows:
        r["duplicate"] = r["key"] in existing
    return {
        "created": 0,
        "skipped_duplicates": sum(r["duplicate"] for r in rows),
        "errors": [e for r in rows for e in r["errors"]],
        "rows": rows,
        "columns": sheet["columns"],
        "ignored": sheet["ignored"],
    }


def comments_import(
    *,
    actor: Actor | None,
    consultation: Consultation,
    channel: str,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    note: str = "",
) -> ImportResult:
    """Import the opinions of a spreadsheet (CSV or XLSX). Rows already imported are skipped.

    When any row has an error the result lists every error and nothing is saved; ``dry_run`` checks only
    (the preview). ``actor`` is ``None`` for the command line run without ``--user`` (the system, named in the
    audit note). A file that cannot be read at all raises ``DomainError``.
    """
    if actor is not None and not can_enter_comments(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền nhập ý kiến cho đợt lấy ý kiến này."), status=403)
    if message := _channel_error(channel):
        raise DomainError("invalid", message, field="channel")
    if consultation.dispositions_published_at is not None:
        raise DomainError(
            "already_published",
            _("Kết quả tiếp thu, giải trình đã công khai, không nhập thêm ý kiến được."),
            status=409,
        )
    result = _check_rows(consultation, channel, data, filename)
    if result["errors"] or dry_run:
        return result
    digest = hashlib.sha256(data).hexdigest()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                lock_unpublished(consultation.pk)
                fresh = [r for r in result["rows"] if not r["duplicate"]]
                created = _bulk_create(consultation, channel, fresh, actor)
                result["created"] = created
                result["skipped_duplicates"] = len(result["rows"]) - created
                audit_record(
                    actor=actor,
                    action="comment.import",
                    obj=consultation,
                    organisation_id=consultation.document.drafting_body_id,
                    after={
                        "file": filename[:200],
                        "sha256": digest,
                        "channel": channel,
                        "created": created,
                        "skipped_duplicates": result["skipped_duplicates"],
                    },
                    note=note,
                )
                if created:
                    transaction.on_commit(lambda: analysis_refresh(consultation.pk))
            return result
        except IntegrityError:
            # Another import of the same rows won the race, or a receipt collided: read the keys again.
            result = _check_rows(consultation, channel, data, filename)
            if result["errors"]:
                return result
    raise DomainError("busy", _("Hệ thống đang bận, vui lòng nhập lại."), status=503)  # pragma: no cover


def _bulk_create(consultation: Consultation, channel: str, rows: list[PreviewRow], actor: Actor | None) -> int:
    # The rows were read before the lock: keys another import saved meanwhile are skipped now.
    keys = [r["key"] for r in rows]
    existing: set[str] = set()
    for i in range(0, len(keys), 500):
        existing.update(
            Comment.objects.filter(consultation=consultation, idempotency_key__in=keys[i : i + 500]).values_list(
                "idempotency_key", flat=True
            )  # type: ignore[arg-type]
        )
    receipts: set[str] = set()
    objs: list[Comment] = []
    entered_by = actor if actor is not None and actor.is_authenticated else None
    for r in rows:
        if r["key"] in existing:
            continue
        receipt = new_receipt()
        while receipt in receipts:
            receipt = new_receipt()
        receipts.add(receipt)
        objs.append(
            Comment(
                consultation=consultation,
                section_id=r["section_id"],
                text=r["text"],
                submitter_type=r["submitter_type"],
                name=r["name"],
                organisation=r["organisation"],
                consent=True,  # implied for opinions the body received and records itself
                channel=channel,
                receipt=receipt,
                idempotency_key=r["key"],
                payload_hash=hashlib.sha256(r["key"].encode()).hexdigest(),
                received_on=r["received_on"],
                entered_by=entered_by,
            )
        )
    Comment.objects.bulk_create(objs, batch_size=500)
    return len(objs)


def new_idempotency_token() -> str:
    return secrets.token_urlsafe(24)
