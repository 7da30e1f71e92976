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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
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
    line = unicodedata.normalize("NFC", _CONTROL.sub("", line))
    line = _BOLD.sub(r"\1", line)
    return _SPACES.sub(" ", line).strip()


def is_upper_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _furniture(line: str) -> bool:
    return bool(_RULE.match(line) or _PAGE_NO.match(line))


def _join(prev: str, line: str) -> str:
    """A paragraph and its next line; a line broken after the hyphen of "2022-2027" joins without a space."""
    glue = "" if prev.endswith(("-", "/")) and not prev.endswith((" -", " /")) else " "
    return f"{prev}{glue}{line}"


def paragraphs_from_lines(lines: list[str], *, wrapped: bool = False) -> list[str]:
    """Join lines into paragraphs.

    Every line is a paragraph of its own, except a line that starts in lower case (or with a digit or
    a sign that is no list marker) after one that does not end a sentence (a page break in the middle
    of a sentence). With ``wrapped`` (PDF
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
            continues = (
                (line[0].islower() or not line[0].isalpha())
                and not prev.endswith(_TERMINAL)
                and not _MARKER.match(line)
            )
            if wrapped and not continues:
                continues = (
                    not _MARKER.match(line)
                    and not prev.endswith(_TERMINAL)
                    and not is_upper_heading(prev)
                    and not is_upper_heading(line)
                )
            if continues:
                out[-1] = _join(prev, line)
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
    from lxml.etree import XMLSyntaxError

    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError):
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


def _pdf_lines(data: bytes) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, its text lines as (top, bottom, left, right, text), top to bottom; lines on one row
    (the two columns of the header and of the signature block) left to right."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    pages = []
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
            lines = [
                (line.y1, line.y0, line.x0, line.x1, line.get_text().strip())
                for box in page
                if isinstance(box, LTTextContainer)
                for line in box
                if isinstance(line, LTTextLine) and line.get_text().strip()
            ]
            lines.sort(key=lambda ln: (-round(ln[0] / 4), ln[2]))
            pages.append(lines)
    except (PDFSyntaxError, PSException, ValueError, TypeError, KeyError, AssertionError):
        raise ReadError("Tệp PDF bị hỏng hoặc không đọc được. Hãy xuất lại tệp PDF từ văn bản gốc.") from None
    return pages


def read_pdf(data: bytes) -> list[str]:
    """Paragraphs of a text-layer PDF, rebuilt from its lines.

    A line continues the paragraph above when it starts in lower case after an unfinished sentence.
    Otherwise it continues it unless it opens with a heading or list marker, or one of the
    two is an upper-case heading, or a blank space larger than line spacing separates them, or the line
    above stops short of the right margin (a paragraph's last line) and ends a sentence or is followed
    by a capital. Page numbers and drawn rules are dropped.
    """
    pages = _pdf_lines(data)
    if not any(pages):
        raise ReadError(
            "Tệp PDF không có lớp chữ (có thể là bản quét). Hãy tải lên bản .docx hoặc PDF xuất từ văn bản gốc."
        )
    out: list[str] = []
    prev: tuple[float, float, float, float, str] | None = None
    prev_short = False
    for lines in pages:
        right = max((ln[3] for ln in lines), default=0.0)
        same_page = False
        for ln in lines:
            top, bottom, _left, x1, raw = ln
            text = clean_line(raw)
            if not text or _furniture(text):
                continue
            # "chính trị\n- xã hội": a dash that wrapped to the line start, not a list item.
            wrapped_dash = (
                bool(re.match(r"^[-–] [a-zđà-ỹ]", text)) and not out[-1].endswith(_TERMINAL) if out else False
            )
            marker = bool(_MARKER.match(text)) and not wrapped_dash
            new = prev is None or marker or is_upper_heading(text) or is_upper_heading(out[-1])
            if not new and (text[0].islower() or wrapped_dash) and not out[-1].endswith(_TERMINAL):
                pass  # a sentence going on, whatever the space above it (a blank line, a page break)
            elif not new and prev is not None:
                height = max(top - bottom, 1.0)
                gap = prev[1] - top
                last_line = prev_short and (out[-1].endswith(_TERMINAL) or text[0].isupper())
                new = (same_page and gap > 0.45 * height) or last_line
            if new:
                out.append(text)
            else:
                out[-1] = _join(out[-1], text)
            prev, prev_short, same_page = ln, x1 < right - 20, True
    return out


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
