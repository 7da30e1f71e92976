"""What every upload check shares (ADR 0007): the extension, the first bytes, the parts of an Office Open XML /
OpenDocument archive, and an ASCII name for storage. Each feature keeps its own list of types and its limits
(``consultation.intake`` for scans and letters, ``lawmaking.dossier`` for the draft's dossier)."""

from __future__ import annotations

import io
import zipfile

from django.core.files import File
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from unidecode import unidecode

#: An archive with more parts than this is refused unread (a zip bomb is many small parts).
MAX_ZIP_PARTS = 2000


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def head_error(name: str, size: int, head: bytes, magic: bytes, label: str) -> str:
    """The Vietnamese reason a file of an allowed type is refused by its content (empty, or its first bytes
    are not what its extension says), or ""."""
    if size == 0:
        return _("Tệp “%(name)s” rỗng.") % {"name": name}
    if not head.startswith(magic):
        return _("Tệp “%(name)s” không phải tệp %(kind)s như phần đuôi tên tệp; vui lòng kiểm tra lại.") % {
            "name": name,
            "kind": label,
        }
    return ""


def zip_has_part(data: bytes, part: str) -> bool:
    """Whether ``data`` is a zip archive of at most MAX_ZIP_PARTS parts that holds ``part``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
    except zipfile.BadZipFile:
        return False
    return part in names and len(names) <= MAX_ZIP_PARTS


def read_for_check(f: File, *, whole: bool) -> tuple[bytes, bytes | None]:
    """The file's first 16 bytes, and its whole content when ``whole`` (an archive to look into); the file is
    left at its start for saving."""
    data = None
    if whole:
        f.seek(0)
        data = f.read()
    f.seek(0)
    head = f.read(16)
    f.seek(0)
    return head, data


def safe_filename(name: str, default: str, *, stem_max: int) -> str:
    """An ASCII file name for storage or a download (the original is only a hint)."""
    ext = extension(name)
    stem = name.rsplit(".", 1)[0] if ext else name
    stem = get_valid_filename(unidecode(stem).strip().replace(" ", "-"))[:stem_max] or default
    return f"{stem}.{ext}" if ext else stem
