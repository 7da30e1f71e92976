"""Reading a scanned letter or comment form: tesseract with the Vietnamese model (Debian's
``tesseract-ocr-vie``), through pytesseract. A PDF's pages become images with ``pdftoppm`` first; a PDF
that has a text layer is read directly (``pdftotext``), which is instant and exact.

The officer always sees the text and corrects it before anything is saved. One page takes a few
seconds, so a scan of up to ``MAX_PAGES`` pages is read in the request (bench/results.md).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TypedDict

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from policycomm.errors import DomainError
from policycomm.textclean import clean_text

#: Pages read from a PDF; a longer letter is typed or split.
MAX_PAGES = 3
#: Pixels in one image (a 600 dpi A4 page is ~35 million): beyond this, a decompression bomb or a mistake.
MAX_PIXELS = 40_000_000
#: Seconds for one page, and for turning a PDF into images.
PAGE_TIMEOUT = 60
RENDER_DPI = 300


class OcrResult(TypedDict):
    text: str
    pages: int
    seconds: float
    #: "ocr" (read from the images) or "text_layer" (the PDF carried its text)
    method: str


def _fail(message: str) -> DomainError:
    return DomainError("ocr_failed", message, field="attachment")


def _image_text(img: Image.Image) -> str:
    import pytesseract

    if img.width * img.height > MAX_PIXELS:
        raise _fail(_("Ảnh quá lớn để đọc chữ; vui lòng quét ở 300 dpi."))
    gray = img.convert("L")
    try:
        return str(pytesseract.image_to_string(gray, lang="vie", timeout=PAGE_TIMEOUT))
    except RuntimeError:  # pytesseract's timeout
        raise _fail(_("Đọc chữ quá lâu; vui lòng quét lại rõ hơn hoặc nhập tay.")) from None
    except pytesseract.TesseractError:
        raise _fail(_("Không đọc được chữ từ bản chụp này; vui lòng nhập tay.")) from None


def _open_image(data: bytes) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        img = Image.open(io.BytesIO(data))
        if img.width * img.height > MAX_PIXELS:
            raise _fail(_("Ảnh quá lớn để đọc chữ; vui lòng quét ở 300 dpi."))
        img.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise _fail(_("Không mở được ảnh; tệp bị hỏng hoặc không phải ảnh PNG, JPEG.")) from None
    return img


def _tool(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        raise _fail(_("Máy chủ chưa cài công cụ đọc PDF (poppler-utils); vui lòng tải ảnh PNG hoặc JPEG."))
    return exe


def _pdf_pages(path: Path) -> int:
    out = subprocess.run(  # noqa: S603 — our own executable and temporary paths
        [_tool("pdfinfo"), str(path)], capture_output=True, text=True, timeout=30, check=False
    )
    for line in out.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise _fail(_("Không đọc được tệp PDF; tệp bị hỏng hoặc có mật khẩu."))


def read_scan(data: bytes, filename: str) -> OcrResult:
    """The text of a scan: a PNG or JPEG image, or a PDF (scanned or with a text layer)."""
    started = time.perf_counter()
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext in ("png", "jpg", "jpeg"):
        text = _image_text(_open_image(data))
        return {"text": clean_text(text), "pages": 1, "seconds": time.perf_counter() - started, "method": "ocr"}
    if ext != "pdf":
        raise _fail(_("Chỉ đọc chữ được từ ảnh PNG, JPEG hoặc tệp PDF."))
    with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
        pdf = Path(tmp) / "scan.pdf"
        pdf.write_bytes(data)
        pages = _pdf_pages(pdf)
        if pages > MAX_PAGES:
            raise _fail(
                _("Tệp PDF có %(pages)d trang; chỉ đọc chữ tự động được tối đa %(limit)d trang một lần.")
                % {"pages": pages, "limit": MAX_PAGES}
            )
        layer = subprocess.run(  # noqa: S603 — our own executable and temporary paths
            [_tool("pdftotext"), "-layout", "-l", str(MAX_PAGES), str(pdf), "-"],
            capture_output=True,
            timeout=30,
            check=False,
        )
        own_text = clean_text(layer.stdout.decode("utf-8", "replace"))
        if sum(ch.isalpha() for ch in own_text) >= 40:
            return {"text": own_text, "pages": pages, "seconds": time.perf_counter() - started, "method": "text_layer"}
        try:
            subprocess.run(  # noqa: S603 — our own executable and temporary paths
                [
                    _tool("pdftoppm"),
                    "-r",
                    str(RENDER_DPI),
                    "-l",
                    str(MAX_PAGES),
                    "-png",
                    str(pdf),
                    str(Path(tmp) / "p"),
                ],
                capture_output=True,
                timeout=PAGE_TIMEOUT * MAX_PAGES,
                check=True,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            raise _fail(_("Không chuyển được tệp PDF thành ảnh để đọc chữ.")) from None
        texts = []
        for png in sorted(Path(tmp).glob("p-*.png")):
            with Image.open(png) as img:
                texts.append(_image_text(img))
    return {
        "text": clean_text("\n\n".join(texts)),
        "pages": len(texts),
        "seconds": time.perf_counter() - started,
        "method": "ocr",
    }
