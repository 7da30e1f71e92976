"""The TrueType faces the poster and the social card are drawn with: ones that carry every Vietnamese letter.

DejaVu Sans first, Liberation Sans (installed with LibreOffice, scripts/system-deps.sh) next.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
)
_FACES = {
    False: ("DejaVuSans.ttf", "LiberationSans-Regular.ttf"),
    True: ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"),
}


class FontMissingError(RuntimeError):
    """No face with Vietnamese letters is installed."""


@cache
def font_path(bold: bool = False) -> Path:
    for name in _FACES[bold]:
        for d in _DIRS:
            p = Path(d) / name
            if p.exists():
                return p
    raise FontMissingError("Máy chủ chưa cài phông chữ DejaVu hoặc Liberation để in tiếng Việt.")
