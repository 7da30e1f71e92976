"""The draft's dossier (hồ sơ dự thảo): files staff attach to a document, listed on the portal with type and size.

An upload is hostile until read (ADR 0007), and is checked with the pieces every upload shares
(``policycomm.uploads``): its size is bounded first, its extension must be one of the allowed types and its
first bytes what that extension says; an Office Open XML / OpenDocument file must be a zip archive with a
bounded number of parts and its main part. The file is never parsed here.
"""

from __future__ import annotations

from typing import TypedDict

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from policycomm import uploads
from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.orgs.access import Actor
from policycomm.textclean import clean_line

from .access import can_manage_dossier
from .models import DossierFile, LegalDocument

DOSSIER_MAX_BYTES = 20 * 1024 * 1024
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileType(TypedDict):
    magic: bytes
    label: str
    content_type: str
    zip_part: str  # the part an archive must hold ("" for non-zip types)


DOSSIER_TYPES: dict[str, FileType] = {
    "pdf": {"magic": b"%PDF-", "label": "PDF", "content_type": "application/pdf", "zip_part": ""},
    "docx": {
        "magic": _ZIP,
        "label": "DOCX",
        "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "zip_part": "word/document.xml",
    },
    "doc": {"magic": _OLE, "label": "DOC", "content_type": "application/msword", "zip_part": ""},
    "xlsx": {
        "magic": _ZIP,
        "label": "XLSX",
        "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip_part": "xl/workbook.xml",
    },
    "odt": {
        "magic": _ZIP,
        "label": "ODT",
        "content_type": "application/vnd.oasis.opendocument.text",
        "zip_part": "content.xml",
    },
}


def human_size(size: int) -> str:
    """Vietnamese notation: "1,2 MB", "850 KB", "312 B"."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024):d} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def check_dossier_file(name: str, size: int, head: bytes, data: bytes | None) -> str:
    """The Vietnamese reason a file is refused, or ""."""
    ext = uploads.extension(name)
    if size > DOSSIER_MAX_BYTES:
        return _("Tệp “%(name)s” nặng %(size)s, vượt giới hạn 20 MB.") % {"name": name, "size": human_size(size)}
    if ext not in DOSSIER_TYPES:
        return _("Tệp “%(name)s” không được nhận: chỉ nhận tệp PDF, DOCX, DOC, XLSX hoặc ODT.") % {"name": name}
    kind = DOSSIER_TYPES[ext]
    if message := uploads.head_error(name, size, head, kind["magic"], kind["label"]):
        return message
    if kind["zip_part"] and data is not None and not uploads.zip_has_part(data, kind["zip_part"]):
        return _("Tệp “%(name)s” không phải tệp %(kind)s hợp lệ.") % {"name": name, "kind": kind["label"]}
    return ""


def _check_upload(f: File) -> str:
    name, size = f.name or "", f.size or 0
    zipped = bool(DOSSIER_TYPES.get(uploads.extension(name), {"zip_part": ""})["zip_part"])
    head, data = uploads.read_for_check(f, whole=size <= DOSSIER_MAX_BYTES and zipped)
    return check_dossier_file(name, size, head, data)


def safe_filename(name: str, default: str = "tai-lieu") -> str:
    """An ASCII file name (for storage and for the download's Content-Disposition)."""
    return uploads.safe_filename(name, default, stem_max=80)


def download_name(f: DossierFile) -> str:
    """The name a download is offered under: the original name if it had one, else the title."""
    return safe_filename(f.original_name or f"{f.title}.{f.extension}")


def dossier_add(
    *, actor: Actor, document: LegalDocument, kind: str, title: str, file: File | None, public: bool = True
) -> DossierFile:
    if not can_manage_dossier(actor, document):
        raise DomainError("forbidden", _("Bạn không có quyền cập nhật hồ sơ dự thảo này."), status=403)
    title = clean_line(title or "")
    errors: dict[str, tuple[str, str]] = {}
    if kind not in DossierFile.Kind.values:
        errors["kind"] = ("required", _("Vui lòng chọn loại tài liệu."))
    if not title:
        errors["title"] = ("required", _("Vui lòng nhập tên tài liệu."))
    elif len(title) > 300:
        errors["title"] = ("too_long", _("Tên tài liệu dài quá 300 ký tự."))
    if file is None:
        errors["file"] = ("required", _("Vui lòng chọn tệp."))
    elif message := _check_upload(file):
        errors["file"] = ("invalid", message)
    if errors:
        status = 413 if "file" in errors and (file is not None and (file.size or 0) > DOSSIER_MAX_BYTES) else 422
        raise DomainError(
            "invalid", _("Chưa lưu được tài liệu, vui lòng sửa các mục được đánh dấu."), errors=errors, status=status
        )
    assert file is not None
    original = clean_line(file.name or "")[-200:]
    ext = uploads.extension(original)
    with transaction.atomic():
        row = DossierFile(
            document=document,
            kind=kind,
            title=title,
            original_name=original,
            size=file.size or 0,
            content_type=DOSSIER_TYPES[ext]["content_type"],
            public=public,
            uploaded_by=actor,
        )
        row.file.save(safe_filename(original), file, save=False)
        row.save()
        audit_record(
            actor=actor,
            action="document.dossier_add",
            obj=row,
            organisation_id=document.drafting_body_id,
            after={"document": document.pk, "kind": kind, "title": title, "size": row.size, "public": public},
        )
    return row


def dossier_remove(*, actor: Actor, file: DossierFile) -> None:
    document = file.document
    if not can_manage_dossier(actor, document):
        raise DomainError("forbidden", _("Bạn không có quyền cập nhật hồ sơ dự thảo này."), status=403)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="document.dossier_remove",
            obj=file,
            organisation_id=document.drafting_body_id,
            before={"document": document.pk, "kind": file.kind, "title": file.title, "file": file.file.name},
        )
        name = file.file.name
        storage = file.file.storage
        file.delete()
        transaction.on_commit(lambda: storage.delete(name))


def public_dossier(document_id: int) -> QuerySet[DossierFile]:
    return DossierFile.objects.filter(document_id=document_id, public=True).order_by("pk")
