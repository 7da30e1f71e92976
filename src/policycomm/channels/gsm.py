"""The GSM 03.38 default alphabet (basic set, no escapes): what an SMS of 160 characters may contain.

No Django. Vietnamese loses its diacritics (``đ`` → ``d``), as text messages to the public are written.
"""

from __future__ import annotations

import re
import unicodedata

#: The 128 characters of the basic set, in their table order (0x1B, the escape to the extension
#: table, left out: a character needing it would count twice).
GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_SET = frozenset(GSM_BASIC)
SMS_LIMIT = 160

_REPLACE = {"đ": "d", "Đ": "D", "–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "·": "-"}


def to_gsm(text: str) -> str:
    """No diacritics (đ → d, ế → e), nothing outside the basic set (a space instead), one space at a time."""
    out = []
    for ch in text:
        ch = _REPLACE.get(ch, ch)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append(base if base and all(c in GSM_SET for c in base) else " ")
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def is_gsm(text: str) -> bool:
    return all(c in GSM_SET for c in text)
