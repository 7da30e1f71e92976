"""Reading the spreadsheets officials keep of the opinions they received: CSV or XLSX, English or
Vietnamese headers, into rows of raw cell values. Checking the values is ``intake.py``'s work.

Hostile until read (ADR 0007): the size, the rows and an XLSX's decompressed parts are bounded before
anything expands; a file that is not what its name says is refused with a Vietnamese message.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from typing import TypedDict

from django.utils.translation import gettext as _
from unidecode import unidecode

#: The largest file taken, and the most rows (not counting the header and blank rows).
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
#: An XLSX is a zip: its parts together may not expand beyond this, nor hold more parts than this.
MAX_XLSX_EXPANDED = 200 * 1024 * 1024
MAX_XLSX_PARTS = 500
#: How far down the sheet the header row may be (titles above it are common).
HEADER_SEARCH_ROWS = 10

COLUMNS = ("text", "submitter_type", "name", "organisation", "received_on", "section")

#: Header spellings per column, folded (no diacritics, lower case, words separated by one space).
ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "noi dung", "noi dung gop y", "noi dung y kien", "y kien", "y kien gop y", "gop y"),
    "submitter_type": ("submitter type", "chu the", "chu the gop y", "loai chu the", "doi tuong", "loai"),
    "name": ("name", "ho ten", "ho va ten", "ten", "nguoi gop y", "ten nguoi gop y"),
    "organisation": (
        "organisation",
        "organization",
        "to chuc",
        "co quan",
        "to chuc co quan",
        "don vi",
        "co quan to chuc",
    ),
    "received_on": ("received on", "ngay nhan", "ngay", "ngay gop y", "ngay tiep nhan"),
    "section": ("section", "dieu khoan", "dieu", "dieu khoan gop y", "dieu khoan lien quan"),
}
_BY_ALIAS = {alias: col for col, names in ALIASES.items() for alias in names}

Cell = str | dt.date | None


class SheetRow(TypedDict):
    #: The row number the official sees in the spreadsheet (the header is row 1 when it is the first line).
    row: int
    values: dict[str, Cell]


class Sheet(TypedDict):
    #: canonical column → the header as written in the file
    columns: dict[str, str]
    #: headers that name no known column (shown in the preview, otherwise ignored)
    ignored: list[str]
    rows: list[SheetRow]


class SheetError(Exception):
    """The file as a whole cannot be read (wrong type, too big, no text column): a Vietnamese message."""


def fold_header(value: object) -> str:
    text = unidecode(str(value or "")).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def read_sheet(data: bytes, filename: str) -> Sheet:
    """Rows of a CSV or XLSX file, by canonical column. Raises ``SheetError``."""
    if len(data) > MAX_BYTES:
        raise SheetError(
            _("Tệp nặng %(size).1f MB, vượt giới hạn %(limit)d MB; vui lòng chia thành nhiều tệp.")
            % {"size": len(data) / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    name = (filename or "").lower()
    if name.endswith(".xls"):
        raise SheetError(_("Tệp .xls (Excel 97–2003) chưa đọc được; vui lòng lưu lại dạng .xlsx hoặc .csv."))
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK\x03\x04"):
            raise SheetError(_("Tệp %(name)s không phải bảng tính .xlsx hợp lệ.") % {"name": filename})
        table = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        table = _csv_rows(data)
    else:
        raise SheetError(_("Chỉ nhận bảng tính .xlsx hoặc .csv."))
    return _by_header(table)


def _by_header(table: list[tuple[int, list[Cell]]]) -> Sheet:
    header_at = -1
    columns: dict[int, str] = {}
    for i, (_number, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        found = {j: _BY_ALIAS[f] for j, c in enumerate(cells) if (f := fold_header(c)) in _BY_ALIAS}
        if "text" in found.values():
            header_at, columns = i, found
            break
    if header_at < 0:
        raise SheetError(
            _(
                "Không tìm thấy cột nội dung góp ý. Dòng tiêu đề cần có cột “text” hoặc “Nội dung”; các cột khác: "
                "submitter_type / Chủ thể, name / Họ tên, organisation / Tổ chức, received_on / Ngày nhận, "
                "section / Điều, khoản."
            )
        )
    header = table[header_at][1]
    seen: dict[str, int] = {}
    for j, col in columns.items():
        seen.setdefault(col, j)  # a column named twice: the first one counts
    ignored = [str(c) for j, c in enumerate(header) if c not in (None, "") and j not in seen.values()]
    rows: list[SheetRow] = []
    for number, cells in table[header_at + 1 :]:
        values: dict[str, Cell] = {col: (cells[j] if j < len(cells) else None) for col, j in seen.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        rows.append({"row": number, "values": values})
        if len(rows) > MAX_ROWS:
            raise SheetError(
                _("Tệp có hơn %(limit)s dòng ý kiến; vui lòng chia thành nhiều tệp.")
                % {"limit": f"{MAX_ROWS:,}".replace(",", ".")}
            )
    return {"columns": {col: str(header[j]) for col, j in seen.items()}, "ignored": ignored, "rows": rows}


def _cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Cell]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > MAX_XLSX_PARTS or sum(i.file_size for i in infos) > MAX_XLSX_EXPANDED:
                raise SheetError(_("Bảng tính giải nén ra quá lớn; vui lòng lưu lại chỉ với dữ liệu ý kiến."))
            if "xl/workbook.xml" not in z.namelist():
                raise SheetError(_("Tệp không phải bảng tính .xlsx hợp lệ."))
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SheetError:
        raise
    except Exception:  # openpyxl raises many kinds on a broken file
        raise SheetError(_("Không đọc được bảng tính .xlsx; tệp bị hỏng hoặc không đúng định dạng.")) from None
    try:
        ws = wb.worksheets[0]
        table: list[tuple[int, list[Cell]]] = []
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if len(table) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise SheetError(
                    _("Tệp có hơn %(limit)s dòng ý kiến; vui lòng chia thành nhiều tệp.")
                    % {"limit": f"{MAX_ROWS:,}".replace(",", ".")}
                )
            cells = [_cell(v) for v in row[:50]]
            table.append((number, cells))
        return table
    finally:
        wb.close()


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else Windows-1258."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", "replace")


def _csv_rows(data: bytes) -> list[tuple[int, list[Cell]]]:
    text = decode_csv(data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    csv.field_size_limit(1024 * 1024)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: list[tuple[int, list[Cell]]] = []
    try:
        for cells in reader:
            if len(table) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise SheetError(
                    _("Tệp có hơn %(limit)s dòng ý kiến; vui lòng chia thành nhiều tệp.")
                    % {"limit": f"{MAX_ROWS:,}".replace(",", ".")}
                )
            table.append((len(table) + 1, list(cells[:50])))  # the row as a spreadsheet shows it
    except csv.Error:
        raise SheetError(_("Không đọc được tệp CSV ở dòng %(line)d.") % {"line": reader.line_num}) from None
    return table
