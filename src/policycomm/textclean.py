"""One rule for every text that enters the system (portal, API, back office, imports).

No Django here: the analysis engine and the document builders use it too.

``clean_text`` gives the form that is stored:

* line endings normalised to ``\\n`` (CR LF, CR, NEL, vertical tab, form feed, U+2028, U+2029);
* C0 and C1 control characters removed, except ``\\n`` and ``\\t`` (a pasted ``\\x12`` or a NUL byte:
  PostgreSQL refuses NUL in text and DOCX/XML refuses most C0 controls);
* invisible format characters removed: zero-width space, joiners and marks (U+200B–U+200F), word
  joiner and invisible operators (U+2060–U+2064), byte-order mark (U+FEFF), soft hyphen (U+00AD),
  bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069);
* lone surrogates and the non-characters U+FFFE, U+FFFF removed (not encodable, not legal in XML);
* NFC (Vietnamese typed with combining marks compares equal to the precomposed form);
* leading and trailing white space removed.

``clean_line`` is the same for a one-line value (a name, a title): every run of white space,
line breaks included, becomes one space.

``xml_safe`` only removes what XML 1.0 cannot carry, for text already stored before these rules.
"""

from __future__ import annotations

import re
import unicodedata

#: Format characters that draw nothing. Kept as a regex character class body, shared with the
#: analysis normaliser and the API schema.
INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_UNENCODABLE = "\ud800-\udfff\ufffe\uffff"

_LINE_ENDS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_DROP = re.compile(f"[{_CONTROLS}{INVISIBLE}{_UNENCODABLE}]")
_XML_ILLEGAL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_UNENCODABLE}]")
_SPACES = re.compile(r"\s+")

#: What a text must contain at least one of to be non-empty once cleaned: any character that is
#: neither white space, a control, an invisible format character nor unencodable. Written with
#: escapes only, so that the same pattern reads alike in Python and in JSON Schema (ECMA-262).
VISIBLE_PATTERN = (
    "[^\\u0000-\\u0020\\u007f-\\u00a0\\u00ad\\u1680\\u2000-\\u200f\\u2028-\\u202f\\u205f-\\u2064"
    "\\u2066-\\u2069\\u3000\\ufeff\\ufffe\\uffff\\ud800-\\udfff]"
)


def clean_text(text: str) -> str:
    """The stored form of a multi-line text (see the module docstring)."""
    text = _LINE_ENDS.sub("\n", text)
    text = _DROP.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


def clean_line(text: str) -> str:
    """The stored form of a one-line value: cleaned, white space runs folded to one space."""
    return _SPACES.sub(" ", clean_text(text)).strip()


def is_invisible_only(text: str) -> bool:
    """True when ``text`` holds characters but none survive cleaning (only invisible ones)."""
    return bool(text.strip()) and not clean_text(text)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (C0 controls but tab, LF and CR; lone surrogates;
    U+FFFE, U+FFFF)."""
    return _XML_ILLEGAL.sub("", text)
