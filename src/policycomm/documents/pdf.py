"""DOCX → PDF with LibreOffice (headless), so the PDF is the very document the DOCX is.

LibreOffice draws Times New Roman with Liberation Serif, which has the same metrics and covers
Vietnamese, when Times New Roman itself is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


class PdfUnavailableError(RuntimeError):
    """LibreOffice is missing or failed; the message says so in Vietnamese."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, *, timeout: float = 180) -> bytes:
    exe = soffice()
    if exe is None:
        raise PdfUnavailableError("Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản .docx.")
    with tempfile.TemporaryDirectory(prefix="policycomm-pdf-") as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(data)
        # A profile of its own: two conversions at once must not share LibreOffice's lock.
        profile = (Path(tmp) / "profile").as_uri()
        try:
            subprocess.run(  # noqa: S603 — our own executable and temporary paths
                [
                    exe,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(src),
                ],
                check=True,
                capture_output=True,
                timeout=timeout,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            raise PdfUnavailableError("Không chuyển được văn bản sang PDF; hãy thử lại hoặc tải bản .docx.") from None
        out = Path(tmp) / "document.pdf"
        if not out.exists():
            raise PdfUnavailableError("Không chuyển được văn bản sang PDF; hãy thử lại hoặc tải bản .docx.")
        return out.read_bytes()
