"""Split pasted draft text on its headings: Chương, Mục, Điều, Khoản.

Pure Python. Keys are built from the numbering so that re-pasting a revised text keeps the
identity of every heading that still exists: ``dieu-5`` and ``dieu-5.khoan-2`` stay the same
whatever chapter they move to.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_CHAPTER = re.compile(r"^\s*Chương\s+([IVXLCDM]+|\d+)\b[.:]?\s*(.*)$", re.IGNORECASE)
_PART = re.compile(r"^\s*Mục\s+(\d+)\b[.:]?\s*(.*)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^\s*Điều\s+(\d+[a-zđ]?)\s*[.:]\s*(.*)$", re.IGNORECASE)
_CLAUSE = re.compile(r"^\s*(\d+)\.\s+(\S.*)$")


@dataclass
class ParsedSection:
    key: str
    kind: str
    number: str
    heading: str
    depth: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def split_sections(raw: str) -> list[ParsedSection]:
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    out: list[ParsedSection] = []
    chapter = part = article = ""
    current: ParsedSection | None = None
    pending_title_for: ParsedSection | None = None

    def start(sec: ParsedSection) -> ParsedSection:
        out.append(sec)
        return sec

    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if pending_title_for is not None and not (
            _CHAPTER.match(stripped) or _PART.match(stripped) or _ARTICLE.match(stripped)
        ):
            # "Chương I" alone on its line: the next line is its title.
            pending_title_for.heading = f"{pending_title_for.heading}. {stripped}"
            pending_title_for = None
            continue
        pending_title_for = None
        if m := _CHAPTER.match(stripped):
            chapter, part, article = m.group(1).upper(), "", ""
            current = start(ParsedSection(f"chuong-{chapter.lower()}", "chuong", chapter, f"Chương {chapter}", 0))
            if m.group(2):
                current.heading += f". {m.group(2).strip()}"
            else:
                pending_title_for = current
        elif m := _PART.match(stripped):
            part, article = m.group(1), ""
            key = f"chuong-{chapter.lower()}.muc-{part}" if chapter else f"muc-{part}"
            current = start(ParsedSection(key, "muc", part, f"Mục {part}", 1))
            if m.group(2):
                current.heading += f". {m.group(2).strip()}"
            else:
                pending_title_for = current
        elif m := _ARTICLE.match(stripped):
            article = m.group(1).lower()
            title = m.group(2).strip()
            current = start(
                ParsedSection(
                    f"dieu-{article}", "dieu", article, f"Điều {article}." + (f" {title}" if title else ""), 2
                )
            )
        elif article and (m := _CLAUSE.match(stripped)):
            number = m.group(1)
            current = start(
                ParsedSection(
                    f"dieu-{article}.khoan-{number}", "khoan", number, f"Khoản {number} Điều {article}", 3, [stripped]
                )
            )
        else:
            if current is None:
                current = start(ParsedSection("mo-dau", "mo_dau", "", "Phần mở đầu", 0))
            current.lines.append(stripped)
    # Keys must be unique; a repeated heading (a typo in the draft) gets a suffix, never a merge.
    seen: dict[str, int] = {}
    for sec in out:
        if sec.key in seen:
            seen[sec.key] += 1
            sec.key = f"{sec.key}~{seen[sec.key]}"
        else:
            seen[sec.key] = 1
    return out
