"""Folding for search: lower case, no diacritics, đ → d, one output character per input character.

No Django. Keeping the length lets an excerpt find, in the original text, where a folded match lies.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"}
_WORD = re.compile(r"\w+")


def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ch.isascii():
        return ch.lower()
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else ch.lower()[:1] or ch


def fold(text: str) -> str:
    """The folded text, exactly as long as ``text``: "Lòng đường" → "long duong"."""
    return "".join(_fold_char(ch) for ch in text)


def terms(text: str, limit: int = 20) -> list[str]:
    """The folded words of a query, in order, duplicates dropped, at most ``limit``."""
    out: list[str] = []
    for w in _WORD.findall(fold(text).replace("_", " ")):
        if w not in out:
            out.append(w)
    return out[:limit]


def index_text(text: str) -> str:
    """The folded words of ``text`` separated by single spaces: what both databases index.

    Both full-text parsers then see the same plain words (PostgreSQL's would otherwise read
    "đồng/m²/tháng" as one file-path token and "20.000" as one number, FTS5 as several words).
    """
    return " ".join(_WORD.findall(fold(text).replace("_", " ")))
