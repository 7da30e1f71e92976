"""The bulletin-board poster (bảng tin): one A4 page in large type, with a QR code to the draft's page.

reportlab with an embedded TrueType face that carries Vietnamese (fonts.py); segno for the QR code.
Everything is kept on one page: the page's content shrinks to fit when the material is long.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .fonts import font_path
from .schema import KitSource
from .texts import sentences

FONT, BOLD = "PolicycommSans", "PolicycommSans-Bold"
RED = colors.HexColor("#B3261E")
POSTER_SUMMARY_WORDS = 120

POSTER_PHRASES = {
    "vi": {
        "banner": "THÔNG BÁO LẤY Ý KIẾN NHÂN DÂN",
        "about": "Nội dung chính của dự thảo",
        "deadline": "HẠN GÓP Ý: hết ngày {day}",
        "deadline_time": "HẠN GÓP Ý: {time} ngày {day}",
        "how": "Cách góp ý",
        "portal": "Trực tuyến: {url}",
        "letter": "Gửi thư: {body}, {address}",
        "phone": "Điện thoại: {phone}",
        "hotline": "Đường dây nóng: {hotline}",
        "email": "Thư điện tử: {email}",
        "meetings": "Hội nghị, đối thoại",
        "meeting": "{time} ngày {day}: {title}{place}",
        "qr": "Quét mã QR để đọc dự thảo và gửi góp ý",
        "footer": "Mọi ý kiến đều được ghi nhận và trả lời công khai.",
    },
    "en": {
        "banner": "PUBLIC CONSULTATION NOTICE",
        "about": "What the draft is about",
        "deadline": "COMMENTS UNTIL: end of {day}",
        "deadline_time": "COMMENTS UNTIL: {time} on {day}",
        "how": "How to comment",
        "portal": "Online: {url}",
        "letter": "By letter: {body}, {address}",
        "phone": "Telephone: {phone}",
        "hotline": "Hotline: {hotline}",
        "email": "E-mail: {email}",
        "meetings": "Conferences and dialogues",
        "meeting": "{time} on {day}: {title}{place}",
        "qr": "Scan the QR code to read the draft and send your comments",
        "footer": "Every comment is recorded and answered in public.",
    },
}


def _fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(font_path(False))))
        pdfmetrics.registerFont(TTFont(BOLD, str(font_path(True))))


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """A regular QR code (never a micro QR, which phone cameras and zbar do not all read)."""
    buf = io.BytesIO()
    segno.make_qr(url, error="m").save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


def _summary(src: KitSource) -> list[str]:
    """The policy in plain words: the material's parts as paragraphs, cut at a sentence once
    POSTER_SUMMARY_WORDS are used."""
    out: list[str] = []
    words = 0
    for m in src["materials"]:
        for part in m["parts"]:
            kept: list[str] = []
            for s in sentences(part, short=False):
                n = len(s.split())
                if words + n > POSTER_SUMMARY_WORDS:
                    break
                kept.append(s)
                words += n
            if kept:
                out.append(" ".join(kept))
            if words >= POSTER_SUMMARY_WORDS - 5:
                return out
    return out


def poster_pdf(src: KitSource) -> bytes:
    _fonts()
    p = POSTER_PHRASES.get(src["lang"]) or POSTER_PHRASES["vi"]
    c = src["contacts"]
    st = {
        "banner": ParagraphStyle(
            "b", fontName=BOLD, fontSize=24, leading=30, alignment=TA_CENTER, textColor=colors.white
        ),
        "body": ParagraphStyle("o", fontName=FONT, fontSize=17, leading=21, alignment=TA_CENTER),
        "title": ParagraphStyle("t", fontName=BOLD, fontSize=25, leading=31, alignment=TA_CENTER, spaceAfter=8),
        "h": ParagraphStyle("h", fontName=BOLD, fontSize=19, leading=24, spaceBefore=6, spaceAfter=4, textColor=RED),
        "p": ParagraphStyle("p", fontName=FONT, fontSize=16, leading=21, spaceAfter=4),
        "deadline": ParagraphStyle(
            "d", fontName=BOLD, fontSize=22, leading=28, alignment=TA_CENTER, textColor=colors.white
        ),
        "small": ParagraphStyle("s", fontName=FONT, fontSize=12, leading=15, alignment=TA_CENTER),
    }
    width = A4[0] - 30 * mm

    def band(text: str, style: ParagraphStyle) -> Table:
        t = Table([[Paragraph(escape(text), style)]], colWidths=[width])
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), RED),
                    ("TOPPADDING", (0, 0), (-1, -1), 8),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ]
            )
        )
        return t

    story: list[object] = [
        band(p["banner"], st["banner"]),
        Spacer(1, 6),
        Paragraph(escape(c["body"]), st["body"]),
        Spacer(1, 6),
        Paragraph(escape(src["title"]), st["title"]),
    ]
    summary = _summary(src)
    if summary:
        story.append(Paragraph(escape(p["about"]), st["h"]))
        story.extend(Paragraph(escape(s), st["p"]) for s in summary)
    story.append(Spacer(1, 8))
    if src["deadline_time"]:
        deadline = p["deadline_time"].format(time=src["deadline_time"], day=src["deadline_day"])
    else:
        deadline = p["deadline"].format(day=src["deadline_day"])
    story.append(band(deadline, st["deadline"]))

    how = [Paragraph(escape(p["how"]), st["h"]), Paragraph(escape(p["portal"].format(url=src["portal_url"])), st["p"])]
    if c["address"]:
        how.append(Paragraph(escape(p["letter"].format(body=c["body"], address=c["address"])), st["p"]))
    for key in ("phone", "hotline", "email"):
        if c[key]:
            how.append(Paragraph(escape(p[key].format(**{key: c[key]})), st["p"]))
    if src["meetings"]:
        how.append(Paragraph(escape(p["meetings"]), st["h"]))
        for m in src["meetings"][:4]:
            place = f" — {m['place']}" if m["place"] else ""
            line = p["meeting"].format(time=m["time"], day=m["day"], title=m["title"], place=place)
            how.append(Paragraph(escape(line), st["p"]))
    qr_side = 52 * mm
    qr = [
        Image(io.BytesIO(qr_png(src["portal_url"])), width=qr_side, height=qr_side),
        Paragraph(escape(p["qr"]), st["small"]),
    ]
    bottom = Table([[how, qr]], colWidths=[width - qr_side - 8 * mm, qr_side + 8 * mm])
    bottom.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [bottom, Spacer(1, 6), Paragraph(escape(p["footer"]), st["small"])]

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=src["title"],
        author=c["body"],
        lang=src["lang"],
    )
    frame_h = A4[1] - 24 * mm - 12  # the frame's own padding
    doc.build([KeepInFrame(width, frame_h, story, mode="shrink")])
    return buf.getvalue()
