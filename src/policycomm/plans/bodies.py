"""Who does a task: bodies named in task blocks and in prose assignments.

"Sở Tài chính chủ trì, phối hợp với Sở Tư pháp và các đơn vị liên quan tham mưu …" gives the
lead ["Sở Tài chính"] and the co-operating ["Sở Tư pháp", "các đơn vị liên quan"]. Pure Python.

A comma inside a fixed phrase ("sở, ban, ngành", "Văn hóa, Thể thao và Du lịch") never splits a
list, and a list item that does not start like a body ("doanh nghiệp", "hiệp hội") belongs to the
item before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Phrases whose commas, spaces and "và" are not list separators nor verbs.
_FIXED = [
    "Văn hóa, Thể thao và Du lịch",
    "Văn hoá, Thể thao và Du lịch",
    "Báo và phát thanh, truyền hình",
    "phát thanh, truyền hình",
    "ban, ngành, đoàn thể",
    "ban ngành, đoàn thể",
    "sở, ban, ngành",
    "ban, ngành",
    "xã, phường",
    "phường, xã",
    "cơ quan, tổ chức",
    "cơ quan, đơn vị",
    "tổ chức, đơn vị",
    "tổ chức, cá nhân",
    "cơ quan thông tin, báo chí",
    "chính trị - xã hội",
    "tổ chức chính trị",
    "tổ chức thành viên",
    "tổ chức hành nghề",
    "Hội đồng phối hợp",
    "Hội đồng Phối hợp",
    "chủ trì soạn thảo",
    "cơ quan chủ trì",
    "Cơ quan chủ trì",
    "giáo dục pháp luật",
    "phổ biến, giáo dục",
    "Thông tin và Truyền thông",
    "Tài nguyên và Môi trường",
    "Lao động - Thương binh và Xã hội",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Khoa học và Công nghệ",
    "Giáo dục và Đào tạo",
    "Nội vụ",
]
_PROTECT = {" ": "\u2423", ",": "\u201a", "-": "\u2010"}
_UNPROTECT = {v: k for k, v in _PROTECT.items()}
_FIXED_RE = re.compile("|".join(re.escape(p) for p in sorted(_FIXED, key=len, reverse=True)), re.IGNORECASE)


def protect(text: str) -> str:
    return _FIXED_RE.sub(lambda m: "".join(_PROTECT.get(c, c) for c in m.group(0)), text)


def unprotect(text: str) -> str:
    return "".join(_UNPROTECT.get(c, c) for c in text)


# A body's name opens with one of these (capitalised as written), or with "các sở", "cơ quan", "đơn vị"….
_BODY_START = re.compile(
    r"^(?:(?:các|Các|những|Những)\s)?(?:"
    r"Sở|Bộ|Ủy ban|Uỷ ban|UBND|HĐND|Hội|Đoàn|Tòa án|Toà án|Viện|Báo|Đài|Trung tâm|Công an|Cơ quan|"
    r"Thủ trưởng|Chủ tịch|Công chức|Văn phòng|Mặt trận|Liên đoàn|Thanh tra|Cục|Chi cục|Phòng|Ban(?!\s+hành)|"
    r"Trường|Người đứng đầu|Lãnh đạo|Đơn vị|Hiệp hội|Bảo hiểm|Kho bạc|Bộ Chỉ huy|Tổ dân phố|Thôn|Ấp|"
    r"Khu dân cư|cơ quan|đơn vị|ủy ban|phòng(?=\s+[A-ZĐ]|\s+tư pháp)|ban ngành|thủ trưởng|"
    r"(?<=[cC]ác\s)(?:sở|ban|ngành|tổ chức|phòng|hội|xã|phường|địa phương|doanh nghiệp)"
    r")(?=[\s,]|$)"
)

# Verbs that end the naming of a body and begin its duty.
_VERBS = [
    "chủ trì",
    "chủ động",
    "tổ chức",
    "chỉ đạo",
    "tham mưu",
    "phối hợp",
    "xây dựng",
    "căn cứ",
    "triển khai",
    "thực hiện",
    "hướng dẫn",
    "theo dõi",
    "ban hành",
    "rà soát",
    "quán triệt",
    "bố trí",
    "cử",
    "nghiên cứu",
    "đôn đốc",
    "kiểm tra",
    "có trách nhiệm",
    "tiếp tục",
    "định kỳ",
    "phát huy",
    "tuyên truyền",
    "đăng tải",
    "cung cấp",
    "bảo đảm",
    "đảm bảo",
    "định hướng",
    "tăng cường",
    "trong việc",
    "để",
    "nhằm",
    "tham gia",
    "được giao",
    "lồng ghép",
    "đề xuất",
    "báo cáo",
    "tổng hợp",
]
_VERB_RE = re.compile(r"(?<=\s)(?:" + "|".join(re.escape(v) for v in _VERBS) + r")(?=[\s,;.:]|$)", re.IGNORECASE)
# "các tổ chức …", "của tổ chức …": a noun, not the verb.
_NOUN_BEFORE = re.compile(r"(?:các|những|của|và|cho|với)\s$", re.IGNORECASE)
_NOUN_REACH = 8  # the longest word above and its space: how far back the test needs to look


def _verbs(text: str) -> Iterator[re.Match[str]]:
    """The verbs of ``text`` in order, leaving out nouns that read like one ("các tổ chức")."""
    return (
        m for m in _VERB_RE.finditer(text) if not _NOUN_BEFORE.search(text, max(0, m.start() - _NOUN_REACH), m.start())
    )


def is_body(text: str) -> bool:
    return bool(_BODY_START.match(unprotect(text).strip()))


_LIST_SPLIT = re.compile(r"(,\s+|\s+và\s+)")
_COOP = re.compile(r"phối hợp với\s+", re.IGNORECASE)
_MAX_SUBJECT_WORDS = 40
# A subject of at most 40 words fits in this many characters; the rest of a clause is not looked at.
_MAX_SUBJECT_CHARS = 1_000


def _items(text: str, *, semicolons: bool = False) -> list[str]:
    """Split a protected list into body names; non-body items rejoin the item before them."""
    if semicolons and ";" in text:
        parts = [p.strip() for p in text.split(";")]
        return [unprotect(p).strip(" .") for p in parts if p.strip(" .")]
    pieces = _LIST_SPLIT.split(text)
    items: list[list[str]] = []  # each item's pieces, joined once at the end
    for i in range(0, len(pieces), 2):
        piece = pieces[i].strip()
        if not piece:
            continue
        if items and not is_body(piece):
            items[-1] += (pieces[i - 1], piece)
        else:
            items.append([piece])
    names = (unprotect("".join(item)).strip(" .;") for item in items)
    return [n for n in names if n]


def split_list(value: str) -> list[str]:
    """A block value ("UBND xã, các ban ngành đoàn thể có liên quan.") as a list of bodies."""
    value = value.strip().rstrip(".").strip()
    if not value:
        return []
    return _items(protect(value), semicolons=True)


def _subject(clause: str) -> list[str]:
    """The bodies a clause opens with, before its first verb; [] if it does not open with bodies."""
    clause = clause[:_MAX_SUBJECT_CHARS]
    if _VERB_RE.match(" " + clause, 1):
        return []  # the clause opens with its verb: no subject
    for m in _verbs(clause):
        head = clause[: m.start()].strip().rstrip(",")
        if len(head.split()) > _MAX_SUBJECT_WORDS:
            return []
        head = re.sub(r"^Đề\s+nghị\s+", "", head)
        if not head:
            continue
        pieces = _LIST_SPLIT.split(head)
        starts = [i for i in range(0, len(pieces), 2) if is_body(pieces[i])]
        for s in starts:
            if s and pieces[s - 1].strip() == "và":
                continue  # "vai trò của X và Y": Y is named inside a phrase, not the subject
            tail = pieces[s:]
            # Every item after the first body is a body or a short tail of the one before.
            if all(is_body(tail[j]) or len(tail[j].split()) <= 4 for j in range(0, len(tail), 2)):
                return _items("".join(tail))
    return []


def _cooperating(text: str) -> list[str]:
    m = _COOP.search(text)
    if not m:
        return []
    rest = text[m.end() :]
    end = next((v.start() for v in _verbs(rest)), len(rest))
    stop = re.search(r"[;.:]", rest[:end])
    if stop:
        end = stop.start()
    return _items(rest[:end].strip().rstrip(","))


def from_prose(text: str) -> tuple[list[str], list[str]]:
    """(lead, cooperating) named by a duty written as prose."""
    first = protect(text.split("\n", 1)[0])
    lead: list[str] = []
    for clause in first.split(";"):
        for body in _subject(clause.strip()):
            if body not in lead:
                lead.append(body)
    coop = [b for b in _cooperating(first) if b not in lead]
    return lead, coop
