"""Reading a plan's text out of .txt, .docx and text-layer .pdf files, as a list of paragraphs.

Pure Python (python-docx, pdfminer.six), no Django. What comes out is clean paragraphs: NFC,
markdown bold removed (``**01**``), irregular spaces collapsed, page furniture (page numbers,
rules drawn as dashes) dropped, lines broken by a page or by PDF wrapping joined again. A line that
only marks the edge of a table cell (``|``, as legal-document websites print the two columns of the
header) becomes the paragraph :data:`CELL`, which the parser reads as a boundary.

An upload is hostile until read: what a file may expand to is bounded before it is parsed (see
:data:`MAX_CHARS` and the limits below it), and everything here is linear in its input.
"""

from __future__ import annotations

import bisect
import io
import re
import statistics
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policycomm.textclean import clean_text


class ReadError(ValueError):
    """The file cannot be read as a plan; the message is Vietnamese and says what to do."""


SUFFIXES = (".txt", ".docx", ".pdf")
CELL = "|"

MAX_FILE_BYTES = 20 * 2**20  # what any reader accepts at all (the upload form allows 10 MB)
MAX_CHARS = 2_000_000  # characters of text a plan may have (a 50-page plan has about 150 000)
MAX_LINES = 200_000  # lines or paragraphs, empty ones included
MAX_DOCX_MEMBERS = 2_000  # parts in a .docx archive (Word writes a few dozen)
MAX_DOCX_EXPANDED = 64 * 2**20  # the archive's parts once decompressed, in all
MAX_DOCX_XML = 16 * 2**20  # of which XML (the text, styles, numbering…)
MAX_PDF_PAGES = 300
MAX_PDF_DECODED = 64 * 2**20  # a PDF's streams once decoded, in all

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_RULE = re.compile(r"^[-_–—=.·*\s]{3,}$")
_PAGE_NO = re.compile(r"^(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?$", re.IGNORECASE)
_CELL_EDGE = re.compile(r"\s*\|\s*")
# Lines that start a new paragraph when they open a line: numbered headings, list dashes, blocks.
_MARKER = re.compile(
    r"^(?:[IVX]{1,5}\.\s|\d{1,2}(?:\.\d{1,2}){0,3}\.?\s|[a-zđ]\)\s|[-–+•]\s?|Nơi nhận|Số:|"
    r"(?:TM|KT|TL|TUQ|Q)\.\s|Trên đây)"
)
_TERMINAL = (".", ";", ":", "!", "?", "…")


def _mb(n: int) -> str:
    return f"{n // 2**20} MB"


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _too_long() -> ReadError:
    return ReadError(
        f"Văn bản dài hơn {_count(MAX_CHARS)} ký tự, quá dài cho một kế hoạch. "
        "Hãy tải lên riêng phần kế hoạch (không kèm phụ lục dài)."
    )


def clean_line(line: str) -> str:
    """One line of a plan, by the project's cleaning rule; irregular spaces (a zero-width space
    between words included) count as a space first, so that no two words are glued together."""
    line = clean_text(_SPACES.sub(" ", line))
    line = _BOLD.sub(r"\1", line)
    return _SPACES.sub(" ", line).strip()


def _all_upper(text: str) -> tuple[int, bool]:
    letters = [c for c in text if c.isalpha()]
    return len(letters), all(c.isupper() for c in letters)


def is_upper_heading(line: str) -> bool:
    n, upper = _all_upper(line)
    return n >= 3 and upper


def _furniture(line: str) -> bool:
    return bool(_RULE.match(line) or _PAGE_NO.match(line))


def _glue(prev: str) -> str:
    """A line broken after the hyphen of "2022-" (or a slash) joins without a space."""
    return "" if prev.endswith(("-", "/")) and not prev.endswith((" -", " /")) else " "


@dataclass
class _Para:
    """A paragraph being built from lines: its pieces (joined once, at the end) and what is asked of
    it while it grows (its ending, whether it is an upper-case heading), kept up to date per line."""

    pieces: list[str]
    last: str
    letters: int
    upper: bool
    lines: int = 1

    @classmethod
    def of(cls, line: str) -> _Para:
        n, upper = _all_upper(line)
        return cls([line], line, n, upper)

    def add(self, line: str) -> None:
        self.pieces += (_glue(self.last), line)
        n, upper = _all_upper(line)
        self.last, self.letters, self.upper = line, self.letters + n, self.upper and upper
        self.lines += 1

    @property
    def heading(self) -> bool:
        return self.letters >= 3 and self.upper

    def ends(self) -> bool:
        return self.last.endswith(_TERMINAL)

    def text(self) -> str:
        return "".join(self.pieces)


def _cells(lines: Iterable[str]) -> list[str]:
    """Clean lines, page furniture dropped; "|" cell edges split a line and become :data:`CELL`."""
    out: list[str] = []
    for i, raw in enumerate(lines):
        if i >= MAX_LINES:
            raise ReadError(
                f"Văn bản có hơn {_count(MAX_LINES)} dòng, quá dài cho một kế hoạch. Hãy tải lên riêng phần kế hoạch."
            )
        line = clean_line(raw)
        if "|" not in line:
            if line and not _furniture(line):
                out.append(line)
            continue
        for j, piece in enumerate(_CELL_EDGE.split(line)):
            if j and out and out[-1] != CELL:
                out.append(CELL)
            if piece and not _furniture(piece):
                out.append(piece)
    return out


def _wrap_width(lines: list[str]) -> int:
    """The width a hard-wrapped text was wrapped at, or 0 when its lines are paragraphs.

    Web pages of legal documents are often copied with the line breaks of their HTML source: every
    line of a paragraph but the first and last runs close to one width (about 80 characters), and most
    of them end in the middle of a sentence.
    """
    long = [ln for ln in lines if len(ln) >= 20]
    if len(long) < 12:
        return 0
    width = round(statistics.quantiles([len(ln) for ln in long], n=10)[8])
    if width > 110:
        return 0
    full = [ln for ln in long if len(ln) >= 0.75 * width]
    broken = sum(1 for ln in full if not ln.endswith(_TERMINAL))
    return width if len(full) >= 6 and broken >= 0.7 * len(full) else 0


def _short_heading(line: str) -> bool:
    """ "1. Mục đích", "2. Yêu cầu": a numbered heading of a few words, a paragraph of its own."""
    return bool(_MARKER.match(line)) and len(line.split()) <= 5


def paragraphs_from_lines(lines: Iterable[str], *, wrapped: bool | None = False) -> list[str]:
    """Join lines into paragraphs.

    Every line is a paragraph of its own, except a line that starts in lower case (or with a digit or
    a sign that is no list marker) after one that does not end a sentence (a page break in the middle
    of a sentence).

    With ``wrapped`` (a text hard-wrapped at a fixed width; ``None``: find out), a line also goes on
    with the paragraph above unless it starts with a heading or list marker, one of the two is an
    upper-case heading, or it opens a paragraph: a short line followed by a full one (the first line
    of a paragraph is short on these pages), or any line after a short one that ended a sentence.
    """
    cells = _cells(lines)
    width = _wrap_width(cells) if wrapped is None else (max((len(c) for c in cells), default=0) if wrapped else 0)
    out: list[_Para | None] = []  # None: a cell edge

    def short(i: int) -> bool:
        return 0 <= i < len(cells) and cells[i] != CELL and len(cells[i]) < 0.6 * width

    def full(i: int) -> bool:
        return 0 <= i < len(cells) and cells[i] != CELL and len(cells[i]) >= 0.75 * width

    for i, line in enumerate(cells):
        if line == CELL:
            if out and out[-1] is not None:
                out.append(None)
            continue
        prev = out[-1] if out else None
        if prev is not None:
            marker = bool(_MARKER.match(line))
            continues = (line[0].islower() or not line[0].isalpha()) and not prev.ends() and not marker
            if width and not continues:
                opens = short(i) and full(i + 1)
                continues = not (
                    marker
                    or prev.heading
                    or is_upper_heading(line)
                    or opens
                    or (prev.ends() and short(i - 1))
                    or (prev.lines == 1 and _short_heading(prev.last) and line[0].isupper())
                )
            if continues:
                prev.add(line)
                continue
        out.append(_Para.of(line))
    return [p.text() if p is not None else CELL for p in out]


def read_txt(data: bytes) -> list[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError("Tệp văn bản không ở bảng mã UTF-8. Hãy lưu lại tệp với bảng mã UTF-8 rồi tải lên.") from None
    if len(text) > MAX_CHARS:
        raise _too_long()
    return paragraphs_from_lines(text.splitlines(), wrapped=None)


# -- .docx ---------------------------------------------------------------------------------------------------


def _docx_too_big() -> ReadError:
    return ReadError(
        f"Tệp .docx khi giải nén lớn hơn {_mb(MAX_DOCX_EXPANDED)} hoặc có quá nhiều thành phần; tệp bị hỏng "
        "hoặc không phải một văn bản kế hoạch. Hãy mở bằng Word, lưu lại rồi tải lên."
    )


def _docx_broken() -> ReadError:
    return ReadError("Tệp .docx bị hỏng hoặc không phải tài liệu Word. Hãy mở và lưu lại bằng Word.")


def check_docx(data: bytes) -> None:
    """Refuse an archive that expands beyond the limits: by its stated sizes first, then by reading
    every part with a cap (the stated sizes are not trusted)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            xml = [i for i in infos if i.filename.endswith((".xml", ".rels"))]
            if (
                len(infos) > MAX_DOCX_MEMBERS
                or sum(i.file_size for i in infos) > MAX_DOCX_EXPANDED
                or sum(i.file_size for i in xml) > MAX_DOCX_XML
            ):
                raise _docx_too_big()
            total = xml_total = 0
            for info in infos:
                is_xml = info.filename.endswith((".xml", ".rels"))
                with zf.open(info) as part:
                    while chunk := part.read(1 << 16):
                        total += len(chunk)
                        xml_total += len(chunk) if is_xml else 0
                        if total > MAX_DOCX_EXPANDED or xml_total > MAX_DOCX_XML:
                            raise _docx_too_big()
    except ReadError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError):
        raise _docx_broken() from None


def read_docx(data: bytes) -> list[str]:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml.etree import XMLSyntaxError

    check_docx(data)
    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError):
        raise _docx_broken() from None
    lines: list[str] = []
    chars = 0

    def add(text: str) -> None:
        nonlocal chars
        chars += len(text)
        if chars > MAX_CHARS:
            raise _too_long()
        lines.append(text)

    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            add(Paragraph(block, doc).text)
        elif tag == "tbl":
            for row in Table(block, doc).rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    for p in cell.paragraphs:
                        add(p.text)
        if len(lines) > MAX_LINES:
            raise ReadError(f"Văn bản có hơn {_count(MAX_LINES)} đoạn, quá dài cho một kế hoạch.")
    return paragraphs_from_lines(lines)


# -- .pdf ----------------------------------------------------------------------------------------------------


def _pdf_too_big() -> ReadError:
    return ReadError(
        f"Tệp PDF chứa dữ liệu nén khi giải ra lớn hơn {_mb(MAX_PDF_DECODED)}; tệp bị hỏng hoặc không phải "
        "một văn bản kế hoạch. Hãy xuất lại tệp PDF từ văn bản gốc, hoặc tải lên bản .docx."
    )


def _pdf_broken() -> ReadError:
    return ReadError("Tệp PDF bị hỏng hoặc không đọc được. Hãy xuất lại tệp PDF từ văn bản gốc.")


class _TooBigError(Exception):
    pass


_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
# Possessive, and starting where a number starts: a long run of digits costs one pass, not its square.
_OBJ = re.compile(rb"(?<!\d)(\d++)\s++(\d++)\s++obj\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9#]+)")
_LENGTH = re.compile(rb"/Length\s++(\d++)(?:\s++(\d++)\s++R)?")
_INT_OBJ = re.compile(rb"(?<!\d)(\d++)\s++(\d++)\s++obj\s*+(\d++)\s*+endobj")
_NAME = re.compile(rb"/([A-Za-z0-9#]+)")
_FLATE = {b"FlateDecode", b"Fl"}
_KEPT = {b"DCTDecode", b"DCT", b"JPXDecode", b"JBIG2Decode"}  # pdfminer hands these on undecoded
_FAX = {b"CCITTFaxDecode", b"CCF"}  # pdfminer expands these (in pure Python) when it reads the stream
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


@dataclass
class _Budget:
    """What decoding may still produce, and how much input it may still read (a decoder that never
    meets the end of its data reads to the end of the file; many of them must not make it quadratic)."""

    out: int
    work: int
    pieces: list[bytes] = field(default_factory=list)

    def spend(self, produced: int, read: int) -> None:
        self.out -= produced
        self.work -= read
        if self.out < 0:
            raise _TooBigError
        if self.work < 0:
            raise _pdf_broken()


def _inflate(data: memoryview, budget: _Budget, *, keep: bool = True) -> bytes:
    """Inflate from the start of ``data`` until the deflate stream ends (or breaks), within budget;
    the output is kept only when another filter needs it."""
    d = zlib.decompressobj()
    out: list[bytes] = []
    pos = 0
    try:
        while pos < len(data) and not d.eof:
            chunk = data[pos : pos + (1 << 16)]
            piece = d.decompress(chunk, budget.out + 1)
            while True:
                budget.spend(len(piece), 0)
                if keep:
                    out.append(piece)
                if not d.unconsumed_tail:
                    break
                piece = d.decompress(d.unconsumed_tail, budget.out + 1)
            used = len(chunk) - len(d.unused_data)
            budget.spend(0, used)
            pos += used
    except zlib.error:
        pass  # pdfminer keeps what came out before the damage
    return b"".join(out)


def _decode(data: bytes, filters: list[bytes], budget: _Budget, *, image: bool = False) -> bytes:
    """``data`` through ``filters`` as pdfminer decodes them, counted against the budget. An image is
    not decoded to extract text, so a fax-coded image is left as it is; any other fax-coded stream
    (a page's content, a form) is refused, having no bound."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.lzw import LZWDecoder

    for f in filters:
        if f in _FLATE:
            data = _inflate(memoryview(data), budget)
        elif f in (b"LZWDecode", b"LZW"):
            out = []
            for piece in LZWDecoder(io.BytesIO(data)).run():
                budget.spend(len(piece), 0)
                out.append(piece)
            data = b"".join(out)
        elif f in (b"ASCII85Decode", b"A85", b"ASCIIHexDecode", b"AHx"):
            try:
                data = (ascii85decode if f in (b"ASCII85Decode", b"A85") else asciihexdecode)(data)
            except ValueError:
                data = b""
        elif f in (b"RunLengthDecode", b"RL"):
            out, i = [], 0
            while i < len(data) and data[i] != 128:
                n = data[i]
                piece = data[i + 1 : i + n + 2] if n < 128 else data[i + 1 : i + 2] * (257 - n)
                i += n + 2 if n < 128 else 2
                budget.spend(len(piece), 0)
                out.append(piece)
            data = b"".join(out)
        elif f in _KEPT or (f in _FAX and image):
            return data
        else:  # fax coding outside an image, and filters pdfminer cannot read
            raise _pdf_broken()
    return data


def _streams(data: bytes, budget: _Budget) -> Iterable[tuple[int, int, bytes, int, int]]:
    """Every stream of the file: (object number, generation, its dictionary, start, end), found by
    scanning the bytes, so that no stream escapes however the cross-reference table lies. Each one
    costs the budget the bytes looked at around it."""
    ints = {(int(m.group(1)), int(m.group(2))): int(m.group(3)) for m in _INT_OBJ.finditer(data)}
    ends = [m.start() for m in re.finditer(rb"endstream", data)]
    pos = 0
    while (m := _STREAM.search(data, pos)) is not None:
        start = m.end()
        pos = start
        if not data[max(0, m.start() - 16) : m.start()].rstrip().endswith(b">>"):
            continue  # "endstream", or the word inside some text
        head = data[max(0, m.start() - 1024) : m.start()]
        budget.spend(0, len(head))
        objs = list(_OBJ.finditer(head))
        objid, genno = (int(objs[-1].group(1)), int(objs[-1].group(2))) if objs else (0, 0)
        attrs = head[objs[-1].end() :] if objs else head
        after = bisect.bisect_left(ends, start)
        end = ends[after] if after < len(ends) else len(data)
        length = _LENGTH.search(attrs)
        if length:
            n = int(length.group(1))
            if length.group(2) is not None:
                n = ints.get((n, int(length.group(2))), len(data) - start)
            end = max(end, min(len(data), start + n))
        yield objid, genno, attrs, start, end
        pos = max(start, end)


def _measure(data: bytes, decipher: Any = None) -> None:
    budget = _Budget(out=MAX_PDF_DECODED, work=4 * len(data) + 2**20)
    for objid, genno, attrs, start, end in _streams(data, budget):
        found = _FILTER.search(attrs)
        filters = _NAME.findall(found.group(1)) if found else []
        image = bool(_IMAGE.search(attrs))
        if decipher is not None:
            budget.spend(0, end - start)
            try:
                raw = decipher(objid, genno, data[start:end], None)
            except (ValueError, TypeError, KeyError, AssertionError):
                raw = data[start:end]
            _decode(raw, filters, budget, image=image)
        elif filters[:1] and filters[0] in _FLATE:
            # Inflated from its start through whatever follows: a deflate stream ends where its own
            # data ends, not where a forged /Length or an early "endstream" would cut it.
            inflated = _inflate(memoryview(data)[start:], budget, keep=len(filters) > 1)
            _decode(inflated, filters[1:], budget, image=image)
        else:
            budget.spend(0, end - start)
            _decode(data[start:end], filters, budget, image=image)


def check_pdf(data: bytes) -> None:
    """Refuse a PDF whose streams decode to more than :data:`MAX_PDF_DECODED` in all, or that has more
    than :data:`MAX_PDF_PAGES` pages.

    Every stream of the file is decoded as pdfminer would, through its filters, counting and stopping
    at the limit, before pdfminer reads it (pdfminer decodes a stream whole, in memory). An encrypted
    file is measured again, each stream decrypted first (with the empty user password). Then the pages
    are counted and their content streams looked at, before any is interpreted."""
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psexceptions import PSException

    try:
        _measure(data)
        try:
            # Safe now: what this reads (cross-reference and object streams) was measured above.
            doc = PDFDocument(PDFParser(io.BytesIO(data)))
        except PDFPasswordIncorrect:
            raise ReadError(
                "Tệp PDF có đặt mật khẩu mở tệp. Hãy xuất lại tệp PDF không đặt mật khẩu, hoặc tải lên bản .docx."
            ) from None
        if doc.decipher is not None:
            _measure(data, doc.decipher)
        for n, page in enumerate(PDFPage.create_pages(doc), start=1):
            if n > MAX_PDF_PAGES:
                raise ReadError(f"Tệp PDF có hơn {MAX_PDF_PAGES} trang; hãy tải lên riêng phần kế hoạch.")
            for item in page.contents:
                stream = resolve1(item)
                filters = stream.get_filters() if isinstance(stream, PDFStream) else []
                if {getattr(f, "name", "").encode() for f, _params in filters} & _FAX:
                    raise _pdf_broken()
    except _TooBigError:
        raise _pdf_too_big() from None
    except ReadError:
        raise
    except (PDFException, PSException, ValueError, TypeError, KeyError, AssertionError, AttributeError):
        raise _pdf_broken() from None


def _pdf_lines(data: bytes) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, its text lines as (top, bottom, left, right, text), top to bottom; lines on one row
    (the two columns of the header and of the signature block) left to right."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    check_pdf(data)
    pages = []
    chars = 0
    try:
        for n, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams(boxes_flow=None)), start=1):
            if n > MAX_PDF_PAGES:
                raise ReadError(f"Tệp PDF có hơn {MAX_PDF_PAGES} trang; hãy tải lên riêng phần kế hoạch.")
            lines = [
                (line.y1, line.y0, line.x0, line.x1, line.get_text().strip())
                for box in page
                if isinstance(box, LTTextContainer)
                for line in box
                if isinstance(line, LTTextLine) and line.get_text().strip()
            ]
            chars += sum(len(ln[4]) for ln in lines)
            if chars > MAX_CHARS:
                raise _too_long()
            lines.sort(key=lambda ln: (-round(ln[0] / 4), ln[2]))
            pages.append(lines)
    except ReadError:
        raise
    except (PDFSyntaxError, PSException, ValueError, TypeError, KeyError, AssertionError):
        raise _pdf_broken() from None
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
    out: list[_Para] = []
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
            last = out[-1] if out else None
            # "chính trị\n- xã hội": a dash that wrapped to the line start, not a list item.
            wrapped_dash = bool(re.match(r"^[-–] [a-zđà-ỹ]", text)) and last is not None and not last.ends()
            marker = bool(_MARKER.match(text)) and not wrapped_dash
            new = last is None or marker or is_upper_heading(text) or last.heading
            if last is not None and not new and (text[0].islower() or wrapped_dash) and not last.ends():
                pass  # a sentence going on, whatever the space above it (a blank line, a page break)
            elif last is not None and not new and prev is not None:
                height = max(top - bottom, 1.0)
                gap = prev[1] - top
                last_line = prev_short and (last.ends() or text[0].isupper())
                new = (same_page and gap > 0.45 * height) or last_line
            if new or last is None:
                out.append(_Para.of(text))
            else:
                last.add(text)
            prev, prev_short, same_page = ln, x1 < right - 20, True
    return [p.text() for p in out]


def read_bytes(data: bytes, filename: str) -> list[str]:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(f"Không đọc được tệp «{Path(filename).name}»: chỉ nhận tệp .txt, .docx hoặc .pdf.")
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(f"Tệp lớn hơn {_mb(MAX_FILE_BYTES)}; hãy tải lên bản nhẹ hơn (chỉ phần kế hoạch).")
    if suffix == ".txt":
        return read_txt(data)
    if suffix == ".docx":
        return read_docx(data)
    return read_pdf(data)


def read_file(path: str | Path) -> list[str]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        raise ReadError(f"Không mở được tệp: {path}") from None
    return read_bytes(data, path.name)
