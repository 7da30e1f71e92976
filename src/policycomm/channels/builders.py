"""One output of the kit from a KitSource: the bytes or the text, its media type, its duration."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from .audio import speak
from .card import social_card_png
from .models import ChannelOutput
from .poster import poster_pdf
from .press import press_release_docx
from .schema import KitSource
from .texts import led_line, loudspeaker_script, sms_text, social_post

K = ChannelOutput.Kind

#: The kinds in the order the kit lists them; the script comes before the audio spoken from it.
ORDER = (
    K.POSTER,
    K.LOUDSPEAKER_SCRIPT,
    K.LOUDSPEAKER_AUDIO,
    K.LED,
    K.SOCIAL,
    K.SOCIAL_IMAGE,
    K.SMS,
    K.PRESS_RELEASE,
)
#: Bump a kind's version when its builder changes: the outputs made by the old one are then made again.
VERSIONS: dict[str, int] = dict.fromkeys(ORDER, 1)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Built:
    media_type: str
    text: str = ""
    data: bytes | None = None
    extension: str = ""
    duration_s: float | None = None
    preview: bytes | None = None


def pdf_preview(pdf: bytes, *, dpi: int = 40) -> bytes | None:
    """The first page as a small PNG (poppler's pdftoppm), or None where it is not installed."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="policycomm-preview-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        try:
            subprocess.run(  # noqa: S603 — our own executable and temporary paths
                [exe, "-png", "-r", str(dpi), "-singlefile", "-f", "1", str(src), str(Path(tmp) / "page")],
                check=True,
                capture_output=True,
                timeout=60,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            return None
        return (Path(tmp) / "page.png").read_bytes()


def build(kind: str, src: KitSource, *, script: str | None = None) -> Built:
    """Make one output. ``script``: the loudspeaker script already made in this run (for the audio)."""
    if kind == K.POSTER:
        pdf = poster_pdf(src)
        return Built(media_type="application/pdf", data=pdf, extension="pdf", preview=pdf_preview(pdf))
    if kind == K.LOUDSPEAKER_SCRIPT:
        return Built(media_type=TEXT, text=loudspeaker_script(src))
    if kind == K.LOUDSPEAKER_AUDIO:
        audio = speak(script if script is not None else loudspeaker_script(src), lang=src["lang"])
        return Built(
            media_type=audio.media_type, data=audio.data, extension=audio.extension, duration_s=audio.duration_s
        )
    if kind == K.LED:
        return Built(media_type=TEXT, text=led_line(src))
    if kind == K.SOCIAL:
        return Built(media_type=TEXT, text=social_post(src))
    if kind == K.SMS:
        return Built(media_type=TEXT, text=sms_text(src))
    if kind == K.SOCIAL_IMAGE:
        return Built(media_type="image/png", data=social_card_png(src), extension="png")
    if kind == K.PRESS_RELEASE:
        # Dated the day it is made, as the body would issue it.
        return Built(media_type=DOCX, data=press_release_docx(src, date=timezone.localdate()), extension="docx")
    raise ValueError(kind)
