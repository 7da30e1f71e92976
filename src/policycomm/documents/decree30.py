"""Administrative documents in the format of Decree 30/2020/NĐ-CP (Phụ lục I), as DOCX.

Pure python-docx, no Django: A4, margins 20/20/30/15 mm, Times New Roman with its East-Asian and
complex-script slots set, Vietnamese language tag, page number centred in the top margin from
page 2, the two-column header with national motto and the short rules drawn as borders.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from policycomm.textclean import xml_safe

FONT = "Times New Roman"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def nfc(text: str) -> str:
    """Every text written into the document passes here: NFC, and nothing XML cannot carry (a control
    character stored before input was cleaned must not make the whole document fail)."""
    return xml_safe(unicodedata.normalize("NFC", text))


class TableRowError(ValueError):
    """A row of a table could not be written; ``index`` is its place in ``rows`` (from 0)."""

    def __init__(self, index: int, cause: Exception) -> None:
        super().__init__(f"row {index}: {type(cause).__name__}: {cause}")
        self.index = index
        self.cause = cause


def date_line(place: str, date: dt.date | None) -> str:
    """``La Khê, ngày 05 tháng 3 năm 2020``: day < 10 and months 1–2 take a leading zero."""
    if date is None:
        return f"{place}, ngày     tháng     năm     "
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def number_line(number: str | int | None, symbol: str) -> str:
    if number in (None, ""):
        return f"Số:        /{symbol}"
    n = int(number) if str(number).isdigit() else number
    return f"Số: {n:02d}/{symbol}" if isinstance(n, int) else f"Số: {n}/{symbol}"


@dataclass
class Header:
    issuer: str
    symbol: str
    place: str
    parent_body: str | None = None
    number: str | int | None = None
    date: dt.date | None = None


@dataclass
class Signer:
    position: str
    name: str
    authority: str | None = None  # "TM. ỦY BAN NHÂN DÂN"
    deputy: str | None = None  # "KT. CHỦ TỊCH"


@dataclass
class Recipients:
    items: list[str] = field(default_factory=list)
    archive: str = "Lưu: VT."


def _set_run_font(run: object, size: float | None = None, *, bold: bool = False, italic: bool = False) -> None:
    r = run  # docx.text.run.Run
    r.font.name = FONT  # type: ignore[attr-defined]
    if size:
        r.font.size = Pt(size)  # type: ignore[attr-defined]
    r.font.bold = bold  # type: ignore[attr-defined]
    r.font.italic = italic  # type: ignore[attr-defined]
    _set_rfonts(r._element.get_or_add_rPr())  # type: ignore[attr-defined]


def _set_rfonts(rpr: object) -> None:
    """Name the font in all four slots (Latin, high ANSI, complex script, East Asian), so no Vietnamese glyph
    falls back to another face."""
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)  # type: ignore[attr-defined]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _border(paragraph: Paragraph, side: str = "bottom", size: int = 6) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), "1")
    el.set(qn("w:color"), "000000")
    pbdr.append(el)
    ppr.append(pbdr)


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _set_widths(table: Table, widths_cm: Sequence[float]) -> None:
    """Fixed layout with the grid and every cell set: Word reads the cells, LibreOffice the grid."""
    table.autofit = False
    for i, w in enumerate(widths_cm):
        table.columns[i].width = Cm(w)
        for cell in table.columns[i].cells:
            cell.width = Cm(w)


def _rule(cell: _Cell, width_cm: float, cell_width_cm: float) -> None:
    """A short solid line, centred in the cell: an empty paragraph with a top border."""
    p = cell.add_paragraph()
    side = max((cell_width_cm - width_cm) / 2, 0)
    p.paragraph_format.left_indent = Cm(side)
    p.paragraph_format.right_indent = Cm(side)
    p.paragraph_format.space_before = Pt(3)  # clear of the descenders of the line above
    p.paragraph_format.space_after = Pt(0)
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(2)
    _border(p, "top", 6)


def _cell_par(
    cell: _Cell,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    first: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
) -> Paragraph:
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    _set_run_font(p.add_run(nfc(text)), size, bold=bold, italic=italic)
    return p


_NS = f'xmlns:w="{nsmap["w"]}"'
_RPR = (
    f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
    + '<w:b w:val="0"/><w:i w:val="0"/><w:sz w:val="26"/>'
)


def _cell_xml(text: str, width: int, align: str) -> str:
    """One table cell in 13 pt, a paragraph per line of ``text``: what ``_cell_par`` writes."""
    rpr = _RPR
    ppr = f'<w:pPr><w:spacing w:after="0" w:before="0"/><w:jc w:val="{align}"/></w:pPr>'
    pars = "".join(
        f'<w:p>{ppr}<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        for line in nfc(text).split("\n")
    )
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>{pars}</w:tc>'


def _page_number_field(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    _set_run_font(run, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


class OfficialDocument:
    """Build one administrative document: header, title, body, Nơi nhận and signature."""

    LEFT_CM = 7.0
    RIGHT_CM = 9.5  # 16.5 cm of text width: A4 less the 30 mm and 15 mm margins

    def __init__(self, header: Header, kind: str, summary: str | None = None) -> None:
        self.doc = Document()
        self._setup_page()
        self._header(header)
        self._title(kind, summary)

    # -- page ---------------------------------------------------------------------------
    def _setup_page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.header_distance = Mm(10)
        section.different_first_page_header_footer = True
        p = section.header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number_field(p)
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(14)
        rpr = normal.element.get_or_add_rPr()
        _set_rfonts(rpr)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "vi-VN")
        lang.set(qn("w:eastAsia"), "vi-VN")
        rpr.append(lang)

    def _header(self, h: Header) -> None:
        table = self.doc.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        _set_widths(table, (self.LEFT_CM, self.RIGHT_CM))
        left, right = table.cell(0, 0), table.cell(0, 1)
        first = True
        if h.parent_body:
            _cell_par(left, h.parent_body.upper(), 13, first=True)
            first = False
        for line in h.issuer.split("\n"):
            _cell_par(left, line.upper(), 13, bold=True, first=first)
            first = False
        _rule(left, min(2.5, self.LEFT_CM / 2), self.LEFT_CM)
        _cell_par(right, NATIONAL_NAME, 12, bold=True, first=True)
        _cell_par(right, MOTTO, 13.5, bold=True)
        _rule(right, 5.6, self.RIGHT_CM)
        _cell_par(table.cell(1, 0), number_line(h.number, h.symbol), 13, first=True)
        _cell_par(table.cell(1, 1), date_line(h.place, h.date), 13, italic=True, first=True)

    def _title(self, kind: str, summary: str | None) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.space_before = Pt(18)
        p.paragraph_format.space_after = Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_run_font(p.add_run(nfc(kind.upper())), 14, bold=True)
        if summary:
            s = self.doc.add_paragraph()
            s.alignment = WD_ALIGN_PARAGRAPH.CENTER
            s.paragraph_format.space_after = Pt(0)
            _set_run_font(s.add_run(nfc(summary)), 14, bold=True)
        rule = self.doc.add_paragraph()
        rule.paragraph_format.left_indent = Cm(6.0)
        rule.paragraph_format.right_indent = Cm(6.0)
        rule.paragraph_format.space_before = Pt(4)  # clear of the descenders of the title
        rule.paragraph_format.space_after = Pt(12)
        rule.paragraph_format.line_spacing = Pt(2)
        _border(rule, "top", 6)

    # -- body ---------------------------------------------------------------------------
    def heading(self, text: str) -> Paragraph:
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Cm(1)
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.space_after = Pt(6)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _set_run_font(p.add_run(nfc(text)), 14, bold=True)
        return p

    def paragraph(self, text: str, *, italic: bool = False) -> Paragraph:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1)
        p.paragraph_format.space_after = Pt(6)
        p.paragraph_format.line_spacing = 1.15
        _set_run_font(p.add_run(nfc(text)), 14, italic=italic)
        return p

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths_cm: Sequence[float],
    ) -> Table:
        """A grid table with a header row repeated on every page.

        The rows are built as WordprocessingML directly, one
        parse per row: python-docx's cell objects cost milliseconds a row, which a synthesis of
        thousands of opinions cannot pay. The XML is what python-docx writes for the same table.
        """
        t = self.doc.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, text in enumerate(headers):
            _cell_par(t.rows[0].cells[i], text, 13, bold=True, first=True)
        # Repeat the header row on every page.
        tr_pr = t.rows[0]._tr.get_or_add_trPr()
        rep = OxmlElement("w:tblHeader")
        rep.set(qn("w:val"), "true")
        tr_pr.append(rep)
        _set_widths(t, widths_cm)
        twips = [Cm(w).twips for w in widths_cm]
        tbl = t._tbl
        for index, row in enumerate(rows):
            try:
                cells = [_cell_xml(str(text), twips[i], "center" if i == 0 else "left") for i, text in enumerate(row)]
                # A row is not broken across pages (Word still breaks one taller than a page).
                tbl.append(parse_xml(f"<w:tr {_NS}><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>"))
            except Exception as exc:
                raise TableRowError(index, exc) from exc
        return t

    # -- closing ------------------------------------------------------------------------
    def finish(self, recipients: Recipients, signer: Signer) -> bytes:
        self.doc.add_paragraph()
        t = self.doc.add_table(rows=1, cols=2)
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(t)
        _set_widths(t, (8.0, 8.5))
        left, right = t.cell(0, 0), t.cell(0, 1)
        _cell_par(left, "Nơi nhận:", 12, bold=True, italic=True, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for item in recipients.items:
            _cell_par(left, f"- {item.rstrip(';.')};", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
        _cell_par(left, f"- {recipients.archive.rstrip('.')}.", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
        first = True
        for line in (signer.authority, signer.deputy, signer.position):
            if line:
                _cell_par(right, line.upper(), 14, bold=True, first=first)
                first = False
        for _ in range(4):
            _cell_par(right, "", 14)
        _cell_par(right, signer.name, 14, bold=True)
        return self.to_bytes()

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()
