"""The image card of a social post: 1200×630 PNG (the size Facebook and Zalo show a shared link at),
with the title, the deadline and a QR code to the draft's page."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from .fonts import font_path
from .poster import qr_png
from .schema import KitSource

WIDTH, HEIGHT = 1200, 630
RED = (179, 38, 30)
INK = (28, 27, 31)

CARD_PHRASES = {
    "vi": {
        "banner": "LẤY Ý KIẾN NHÂN DÂN",
        "deadline": "Góp ý đến hết ngày {day}",
        "deadline_time": "Góp ý đến {time} ngày {day}",
        "scan": "Quét mã để góp ý",
    },
    "en": {
        "banner": "PUBLIC CONSULTATION",
        "deadline": "Comment until the end of {day}",
        "deadline_time": "Comment until {time} on {day}",
        "scan": "Scan to comment",
    },
}


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit_title(
    draw: ImageDraw.ImageDraw, text: str, width: int, height: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits its box; cut with an ellipsis at the smallest."""
    for size in range(60, 27, -4):
        font = ImageFont.truetype(str(font_path(True)), size)
        lines = _wrap(draw, text, font, width)
        if len(lines) * size * 1.25 <= height:
            return font, lines
    max_lines = int(height // (28 * 1.25))
    lines = lines[:max_lines]
    lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    return font, lines


def social_card_png(src: KitSource) -> bytes:
    p = CARD_PHRASES.get(src["lang"]) or CARD_PHRASES["vi"]
    img = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(img)
    bold = ImageFont.truetype(str(font_path(True)), 40)
    regular = ImageFont.truetype(str(font_path(False)), 28)
    small = ImageFont.truetype(str(font_path(False)), 24)

    draw.rectangle([0, 0, WIDTH, 90], fill=RED)
    draw.text((48, 22), p["banner"], font=bold, fill="white")

    qr_side = 300
    qr = (
        Image.open(io.BytesIO(qr_png(src["portal_url"], scale=8)))
        .convert("RGB")
        .resize((qr_side, qr_side), Image.Resampling.NEAREST)
    )
    qx, qy = WIDTH - qr_side - 48, 130
    img.paste(qr, (qx, qy))
    scan_w = draw.textlength(p["scan"], font=small)
    draw.text((qx + (qr_side - scan_w) / 2, qy + qr_side + 12), p["scan"], font=small, fill=INK)

    text_w = qx - 48 - 40
    draw.text((48, 118), src["contacts"]["body"], font=regular, fill=INK)
    font, lines = _fit_title(draw, src["title"], text_w, 300)
    y = 170
    for line in lines:
        draw.text((48, y), line, font=font, fill=INK)
        y += int(font.size * 1.25)

    if src["deadline_time"]:
        deadline = p["deadline_time"].format(time=src["deadline_time"], day=src["deadline_day"])
    else:
        deadline = p["deadline"].format(day=src["deadline_day"])
    draw.rectangle([0, HEIGHT - 110, WIDTH, HEIGHT], fill=RED)
    draw.text((48, HEIGHT - 84), deadline, font=bold, fill="white")
    link = src["short_url"].split("://", 1)[-1]
    lw = draw.textlength(link, font=regular)
    draw.text((WIDTH - 48 - lw, HEIGHT - 76), link, font=regular, fill="white")

    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
