"""Reading a plan's text out of .txt, .docx and text-layer .pdf files, as a list of paragraphs.

Pure Python (python-docx, pdfminer.six), no Django. What comes out is clean paragraphs: NFC,
markdown bold removed (``**01**``), irregular spaces collapsed, page furniture (page numbers,
rules drawn as dashes) dropped, lines broken by a page or by PDF wrapping joined again.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path


class ReadError(ValueError):
    """The file cannot be read as a plan; the message is Vietnamese and says what to do."""


SUFFIXES = (".txt", ".docx", ".pdf")

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_RULE = re.compile(r"^[-_–—=.·*\s]{3,}$")
_PAGE_NO = re.compile(r"^(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?$", re.IGNORECASE)
# Lines that start a new paragraph when they open a line: numbered headings, list dashes, blocks.
_MARKER = re.compile(
    r"^(?:[IVX]{1,5}\.\s|\d{1,2}(?:\.\d{1,2}){0,3}\.?\s|[a-zđ]\)\s|[-–+•]\s?|Nơi nhận|Số:|"
    r"(?:TM|KT|TL|TUQ|Q)\.\s|Trên đây)"
)
_TERMINAL = (".", ";", ":", "!", "?", "…")


def clean_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    line = _BOLD.sub(r"\1", line)
    return _SPACES.sub(" ", line).strip()


def is_upper_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _furniture(line: str) -> bool:
    return bool(_RULE.match(line) or _PAGE_NO.match(line))


def paragraphs_from_lines(lines: list[str], *, wrapped: bool = False) -> list[str]:
    """Join lines into paragraphs.

    Every line is a paragraph of its own, except a line that starts in lower case after one that
    does not end a sentence (a page break in the middle of a sentence). With ``wrapped`` (PDF
    text, where every visual line is a line), a line also continues the previous one unless it
    starts with a heading or list marker, or the previous one ended a sentence or was a heading.
    """
    out: list[str] = []
    for raw in lines:
        line = clean_line(raw)
        if not line or _furniture(line):
            continue
        if out:
            prev = out[-1]
            continues = line[0].islower() and not prev.endswith(_TERMINAL) and not _MARKER.match(line)
            if wrapped and not continues:
                continues = (
                    not _MARKER.match(line)
                    and not prev.endswith(_TERMINAL)
                    and not is_upper_heading(prev)
                    and not is_upper_heading(line)
                )
            if continues:
                out[-1] = f"{prev} {line}"
                continue
        out.append(line)
    return out


def read_txt(data: bytes) -> list[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError("Tệp văn bản không ở bảng mã UTF-8. Hãy lưu lại tệp với bảng mã UTF-8 rồi tải lên.") from None
    return paragraphs_from_lines(text.splitlines())


def read_docx(data: bytes) -> list[str]:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise ReadError("Tệp .docx bị hỏng hoặc không phải tài liệu Word. Hãy mở và lưu lại bằng Word.") from None
    lines: list[str] = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, doc).text)
        elif tag == "tbl":
            for row in Table(block, doc).rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    lines.extend(p.text for p in cell.paragraphs)
    return paragraphs_from_lines(lines)


def read_pdf(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfparser import PDFSyntaxError

    boxes: list[list[str]] = []
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=0.3)):
            for el in page:
                if isinstance(el, LTTextContainer):
                    boxes.append(el.get_text().splitlines())
    except (PDFSyntaxError, ValueError, TypeError, KeyError, AssertionError):
        raise ReadError("Tệp PDF bị hỏng hoặc không đọc được. Hãy xuất lại tệp PDF từ văn bản gốc.") from None
    if not any(line.strip() for box in boxes for line in box):
        raise ReadError(
            "Tệp PDF không có lớp chữ (có thể là bản quét). Hãy tải lên bản .docx hoặc PDF xuất từ văn bản gốc."
        )
    # Inside a text box the lines are visual wraps; between boxes, paragraphs.
    return paragraphs_from_lines([para for box in boxes for para in paragraphs_from_lines(box, wrapped=True)])


def read_bytes(data: bytes, filename: str) -> list[str]:
    suffix = Path(filename).suffix.lower()
    if suffix == ".txt":
        return read_txt(data)
    if suffix == ".docx":
        return read_docx(data)
    if suffix == ".pdf":
        return read_pdf(data)
    raise ReadError(f"Không đọc được tệp «{Path(filename).name}»: chỉ nhận tệp .txt, .docx hoặc .pdf.")


def read_file(path: str | Path) -> list[str]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        raise ReadError(f"Không mở được tệp: {path}") from None
    return read_bytes(data, path.name)
