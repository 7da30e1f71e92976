"""An implementation plan (Kế hoạch) read from its text: header, sections, groups, tasks, Nơi nhận, signer.

Pure Python, no Django. ``parse_paragraphs`` takes the paragraphs ``text.read_*`` give and returns
the plan as a :class:`~policycomm.plans.schema.PlanData` (the JSON of ``policycomm plan import FILE
--json``). A field the document does not state is ``None`` (a list field is empty); nothing is
invented, and a blank left to fill in (``Số:   /KH-UBND``, ``ngày   tháng   năm 2025``) is ``None``.
Every paragraph that finds no place is kept in ``unparsed``, for the reviewer to see.

The header is read as one text, whatever line or table cell each of its words came in: copies from
legal-document websites give the two columns flattened, a word or a cell per line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from policycomm.analysis.normalise import fold

from . import bodies
from .schema import GroupData, PlanData, SignerData, TaskData
from .text import CELL, is_upper_heading, read_bytes, read_file
from .timeframe import parse_period, parse_timeframe

Plan = PlanData  # the name the command line and older callers use

KINDS = ("KẾ HOẠCH", "CHƯƠNG TRÌNH", "ĐỀ ÁN", "PHƯƠNG ÁN", "QUYẾT ĐỊNH", "BÁO CÁO", "HƯỚNG DẪN")

_NATIONAL = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM", re.IGNORECASE)
_MOTTO = re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.IGNORECASE)
_DRAFT_MARK = re.compile(r"\(?\s*\bDỰ\s+THẢO\b(?:\s+(?:LẦN\s+)?\d+)?\s*\)?", re.IGNORECASE)
# "ỦY BAN NHÂN DÂNPHƯỜNG LA KHÊ": two lines of the issuer glued together by a web page.
_GLUED_ISSUER = re.compile(r"(NHÂN DÂN)(?=[A-ZĐÀ-Ỹ])")
# A blank to fill in: dots, an ellipsis, underscores, or nothing at all.
_NUMBER = re.compile(r"Số\s*:\s*(?:(\d+)|[.…_]*)\s*/\s*([A-ZĐ0-9]+(?:\s*-\s*[A-ZĐ0-9]+)*)")
_DATE = re.compile(r",\s*ngày(?:\s+(\d{1,2}))?[\s.…_]*tháng(?:\s+(\d{1,2}))?[\s.…_]*năm(?:\s+(\d{4}))?", re.IGNORECASE)
_PLACE_WORDS = 7
_ROMAN = re.compile(r"^([IVX]{1,5})\.\s+(.+)$")
_GROUP = re.compile(r"^(\d{1,2})\.\s+(.+)$")
_SUBITEM = re.compile(r"^(?:(\d{1,2}\.\d{1,2})\.?|([a-zđ])\))\s+(.+)$")
_DASH = re.compile(r"^[-–+•]\s*(.*)$")
_BLOCK = re.compile(
    r"^[-–+•]?\s*(Cơ quan chủ trì|Đơn vị chủ trì|Chủ trì|Cơ quan phối hợp|Đơn vị phối hợp|Phối hợp|"
    r"Thời gian thực hiện|Thời gian hoàn thành|Thời gian|Thời hạn|Sản phẩm dự kiến|Sản phẩm|Kết quả)\s*:\s*(.*)$",
    re.IGNORECASE,
)
_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s+\S")
# The enacting line of a decision ("ỦY BAN NHÂN DÂN TỈNH TRÀ VINH" under its title).
_ENACTING = re.compile(r"^(?:ỦY BAN|UỶ BAN|HỘI ĐỒNG|CHỦ TỊCH|BỘ TRƯỞNG|GIÁM ĐỐC|THỦ TRƯỞNG)\b")
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?\s*(.*)$", re.IGNORECASE)
_CLOSING = re.compile(r"^Trên đây là", re.IGNORECASE)
_ENACT = re.compile(r"ban hành\s+(?:Kế|kế)\s+hoạch", re.IGNORECASE)
_GROUPS_LEAD = re.compile(r"nhóm (?:giải pháp|nhiệm vụ)", re.IGNORECASE)
_PERIOD = re.compile(r"Thời gian thực hiện (?:Kế hoạch|kế hoạch|Đề án)\s*:\s*(.+)$")
_SURNAME_WORDS = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Nông Đinh Trịnh Đoàn Lương Mai "
    "Cao Lâm Tạ Hà Chu Triệu Lưu Vương Quách Tô Châu La Hứa Thái Mạc Kiều Lò Lục Hoàng Vi Ma Sầm Giàng Thào "
    "Tống Khúc Văn Tăng Âu Diệp Từ Kim Đào Thân Trương Hầu Mẫn Phùng Quan Nghiêm Ninh Khổng Lã Bế"
)
_SURNAMES = frozenset(_SURNAME_WORDS.split())


def _strip_end(value: str) -> str:
    """Drop a single final "." or ";" (an ellipsis stays)."""
    value = value.strip()
    if value.endswith(";") or (value.endswith(".") and not value.endswith("..")):
        value = value[:-1].rstrip()
    return value


@dataclass
class _Draft:
    """A task while its paragraphs are read; a "Cơ quan chủ trì…" block, once met, fills its bodies,
    time frame and product."""

    number: str | None
    lines: list[str]
    blocked: bool = False
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    timeframe: str | None = None
    product: str | None = None

    def apply(self, block: dict[str, str]) -> None:
        self.blocked = True
        if "lead" in block:
            self.lead = bodies.split_list(block["lead"])
        if "cooperating" in block:
            self.cooperating = bodies.split_list(block["cooperating"])
        if "timeframe" in block:
            self.timeframe = _strip_end(block["timeframe"]) or None
        if "product" in block:
            self.product = _strip_end(block["product"]) or None

    def finish(self) -> TaskData:
        text = "\n".join(self.lines)
        lead, cooperating = (self.lead, self.cooperating) if self.blocked else bodies.from_prose(text)
        return {
            "number": self.number,
            "text": text,
            "lead": lead,
            "cooperating": cooperating,
            "timeframe": self.timeframe,
            "timeframe_parsed": parse_timeframe(self.timeframe),
            "product": self.product,
        }


def _block_field(label: str) -> str:
    f = fold(label)
    if "chu tri" in f:
        return "lead"
    if "phoi hop" in f:
        return "cooperating"
    if "thoi" in f:
        return "timeframe"
    return "product"


class _Items:
    """Tasks of one group or of "Tổ chức thực hiện": numbered items, body paragraphs and blocks."""

    def __init__(self) -> None:
        self.body: list[str] = []  # paragraphs before the first task
        self.tasks: list[_Draft] = []
        self.block: dict[str, str] = {}
        self.after_block = False

    def _flush_block(self) -> None:
        if self.block:
            if not self.tasks and self.body:
                self.tasks.append(_Draft(None, self.body))
                self.body = []
            for t in self.tasks:
                if not t.blocked:
                    t.apply(self.block)
            self.block = {}

    def task(self, number: str | None, text: str) -> None:
        self._flush_block()
        self.tasks.append(_Draft(number, [text]))
        self.after_block = False

    def feed(self, para: str) -> None:
        m = _BLOCK.match(para)
        if m:
            self.block[_block_field(m.group(1))] = m.group(2)
            self.after_block = True
            return
        if self.after_block:
            # A paragraph after a block starts the next task.
            self.task(None, para)
            return
        if self.tasks:
            self.tasks[-1].lines.append(para)
        else:
            self.body.append(para)

    def close(self) -> tuple[str | None, list[TaskData]]:
        self._flush_block()
        intro = None
        if self.tasks:
            intro = "\n".join(self.body) or None
        elif self.body:
            self.tasks.append(_Draft(None, self.body))
        return intro, [t.finish() for t in self.tasks]


def _is_group(para: str) -> re.Match[str] | None:
    return None if _SUBITEM.match(para) else _GROUP.match(para)


def _parse_groups(paras: list[str], unparsed: list[str], *, list_only: bool = False) -> list[GroupData]:
    """Groups "1. …" with their tasks; ``list_only``: a bare list of group titles, ended by the first
    paragraph that is not one (what follows goes to ``unparsed``)."""
    groups: list[GroupData] = []
    items: _Items | None = None

    def close() -> None:
        if groups and items is not None:
            groups[-1]["intro"], groups[-1]["tasks"] = items.close()

    for i, para in enumerate(paras):
        g = _is_group(para)
        if g:
            close()
            groups.append({"index": int(g.group(1)), "title": _strip_end(g.group(2)), "intro": None, "tasks": []})
            items = _Items()
        elif list_only and groups:
            unparsed.extend(paras[i:])
            break
        elif items is None:
            unparsed.append(para)
        elif s := _SUBITEM.match(para):
            items.task(s.group(1) or s.group(2), s.group(3))
        else:
            items.feed(para)
    close()
    return groups


def _parse_duties(paras: list[str]) -> list[TaskData]:
    """Numbered duties "1. Sở Tư pháp chủ trì …", or, unnumbered, one duty per paragraph."""
    items = _Items()
    numbered = any(_is_group(p) for p in paras)
    for para in paras:
        g = _is_group(para)
        if numbered and g:
            items.task(g.group(1), g.group(2))
        elif not numbered and not _BLOCK.match(para) and not _DASH.match(para):
            items.task(None, para)
        else:
            items.feed(para)
    intro, tasks = items.close()
    if intro:
        tasks.insert(0, _Draft(None, [intro]).finish())
    return tasks


def _text(paras: list[str]) -> str | None:
    return "\n".join(paras) or None


def _split_purposes(paras: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(purposes, requirements, targets) of a "Mục đích, yêu cầu" section."""
    purposes: list[str] = []
    requirements: list[str] = []
    targets: list[str] = []
    current = purposes
    for para in paras:
        g = _GROUP.match(para)
        if g and len(g.group(2).split()) <= 4:
            f = fold(g.group(2))
            if "muc dich" in f:
                current = purposes
                continue
            if "yeu cau" in f:
                current = requirements
                continue
            if "muc tieu" in f:
                current = targets
                continue
        current.append(para)
    return purposes, requirements, targets


def _section_key(title: str) -> str:
    f = fold(title)
    if "to chuc thuc hien" in f and "noi dung" not in f:
        return "duties"
    if "muc dich" in f or "yeu cau" in f or "muc tieu" in f:
        return "purposes"
    if "pham vi" in f or "doi tuong" in f:
        return "scope"
    if "kinh phi" in f:
        return "budget"
    if "noi dung" in f or "nhiem vu" in f or "giai phap" in f:
        return "groups"
    return "other"


def _place(before: str) -> tuple[str | None, int]:
    """The place name that ends ``before`` (the words in front of ", ngày"), and where it starts.

    It runs back over words that open with a capital (a place is written "Thừa Thiên Huế", "Bà Rịa -
    Vũng Tàu") to a cell edge, a word in capitals (the issuer's column), the number and symbol, or any
    other word ("tỉnh Thái Nguyên" names the issuer, not the place); "TP." is the one abbreviation."""
    offset = max(0, len(before) - 400)  # a place name is a few words: look no further back
    words = list(re.finditer(r"\S+", before[offset:]))
    start = len(before)
    taken = 0
    for m in reversed(words):
        w = m.group(0)
        letters = [c for c in w if c.isalpha()]
        upper = len(letters) >= 2 and all(c.isupper() for c in letters) and w not in ("TP.", "TX.")
        dash = w in ("-", "–")
        if w == CELL or upper or any(c in w for c in ":/|;") or not (dash or (letters and w[0].isupper())):
            break
        if taken == _PLACE_WORDS:
            break
        start, taken = offset + m.start(), taken + 1
    place = before[start:].strip(" -–")
    return (place or None), start


def _capital_runs(text: str) -> list[str]:
    """Runs of two words or more in capitals ("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU"), dashes inside
    kept; a lone "UBND" of a line in mixed case is no issuer."""
    runs: list[list[str]] = [[]]
    for w in text.split():
        letters = [c for c in w if c.isalpha()]
        capitals = bool(letters) and all(c.isupper() for c in letters)
        if capitals or (w in ("-", "–") and runs[-1]):
            runs[-1].append(w)
        elif runs[-1]:
            runs.append([])
    out = []
    for run in runs:
        while run and run[-1] in ("-", "–"):
            run.pop()
        if len(run) >= 2 and sum(c.isalpha() for w in run for c in w) >= 3:  # no issuer is one word
            out.append(" ".join(run))
    return out


def _header(paras: list[str], plan: PlanData) -> None:
    """Number, symbol, place, date and issuer from the paragraphs above the document's kind.

    They are read as one text: the two columns of the header may come in any order, a word or a table
    cell per line (``Số:`` then ``277/KH-UBND``; ``Thừa`` then ``Thiên Huế, ngày …``), a cell's edge
    as :data:`~policycomm.plans.text.CELL`. Each part read is cut out of the text and leaves a cell
    edge; what remains in capitals is the issuer."""
    text = " ".join(paras)
    text = _GLUED_ISSUER.sub(r"\1 ", text)
    for pattern in (_NATIONAL, _MOTTO, _DRAFT_MARK):
        text = pattern.sub(f" {CELL} ", text)
    n = _NUMBER.search(text)
    if n:
        plan["number"] = n.group(1)
        plan["symbol"] = re.sub(r"\s+", "", n.group(2))
        text = f"{text[: n.start()]} {CELL} {text[n.end() :]}"
    d = _DATE.search(text)
    if d:
        place, start = _place(text[: d.start()])
        plan["place"] = place
        day, month, year = d.group(1), d.group(2), d.group(3)
        if day and month and year:
            with contextlib.suppress(ValueError):  # "ngày 31 tháng 2": no date rather than a wrong one
                plan["date"] = dt.date(int(year), int(month), int(day)).isoformat()
        text = f"{text[:start]} {CELL} {text[d.end() :]}"
    issuer = _capital_runs(text)
    if issuer:
        plan["issuer"] = " ".join(issuer)


def _mostly_capitals(text: str) -> bool:
    """A line of a title in capitals: "QUYẾT ĐỊNH 407/QĐ-TTg NGÀY …" counts, whatever a symbol holds."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _title(rest: list[str]) -> tuple[str | None, list[str]]:
    """The title under the kind line, and what follows it. A title in capitals broken over lines (as
    web pages give it) is joined again, up to the enacting body of a decision or the first section."""
    if not rest or _ROMAN.match(rest[0]):
        return None, rest
    parts = [rest[0]]
    i = 1
    while (
        i < len(rest)
        and _mostly_capitals(parts[-1])
        and _mostly_capitals(rest[i])
        and not _ROMAN.match(rest[i])
        and not _AUTHORITY.match(rest[i])
        and not _ENACTING.match(rest[i])
    ):
        parts.append(rest[i])
        i += 1
    return " ".join(parts), rest[i:]


def _issuer_from_preamble(paras: list[str]) -> str | None:
    for para in paras:
        m = _ENACT.search(para)
        if not m:
            continue
        head = re.split(r"[,;“”\"]", para[: m.start()])[-1].strip()
        if head and bodies.is_body(head):
            return head
    return None


def _name(line: str, unparsed: list[str]) -> str:
    words = line.split()
    for i, w in enumerate(words[:3]):
        if w in _SURNAMES:
            if i:
                unparsed.append(" ".join(words[:i]))
            return " ".join(words[i:])
    return line


def _closing(paras: list[str], plan: PlanData, unparsed: list[str]) -> None:
    recipients: list[str] = []
    authority: list[str] = []
    position: str | None = None
    name: str | None = None
    seen_recipients = False
    for para in paras:
        r = _RECIPIENTS.match(para)
        if r:
            seen_recipients = True
            if r.group(1):
                para = r.group(1)
            else:
                continue
        d = _DASH.match(para)
        # The two columns (Nơi nhận | signature) may come interleaved line by line out of a PDF.
        if seen_recipients and d:
            recipients.append(_strip_end(d.group(1)))
            continue
        if _AUTHORITY.match(para):
            authority.append(para)
        elif position is None and is_upper_heading(para):
            position = para
        elif (authority or position) and name is None and not any(c.isdigit() for c in para) and para[:1].isupper():
            name = _name(para, unparsed)
        else:
            unparsed.append(para)
    plan["recipients"] = recipients
    if authority or position or name:
        if position is None and authority:
            # "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH": a lone authority line is followed by the position.
            position = authority.pop() if len(authority) > 1 else None
        signer: SignerData = {
            "authority": authority[0] if authority else None,
            "deputy": authority[1] if len(authority) > 1 else None,
            "position": position,
            "name": name,
        }
        plan["signer"] = signer


def empty_plan() -> PlanData:
    return {
        "number": None,
        "symbol": None,
        "issuer": None,
        "place": None,
        "date": None,
        "kind": None,
        "title": None,
        "legal_basis": None,
        "purposes": None,
        "requirements": None,
        "targets": None,
        "scope": None,
        "period": None,
        "period_parsed": None,
        "groups": [],
        "budget": None,
        "duties": [],
        "closing": None,
        "recipients": [],
        "signer": None,
        "unparsed": [],
        "problems": [],
    }


def _sections(body: list[str]) -> list[tuple[str, list[str]]]:
    """The preamble, then each section "I. …" with its paragraphs. A heading broken over two lines
    ("II. NHIỆM VỤ" / "VÀ GIẢI PHÁP CHỦ YẾU") is one heading."""
    sections: list[tuple[str, list[str]]] = [("preamble", [])]
    for para in body:
        m = _ROMAN.match(para)
        if m and is_upper_heading(m.group(2)):
            sections.append((m.group(2), []))
        elif (
            len(sections) > 1
            and not sections[-1][1]
            and len(sections[-1][0]) < 200
            and is_upper_heading(para)
            and not _GROUP.match(para)
        ):
            title, paras_ = sections.pop()
            sections.append((f"{title} {para}", paras_))
        else:
            sections[-1][1].append(para)
    return sections


def _joined(old: str | None, new: list[str]) -> str | None:
    text = _text(new)
    if old and text:
        return f"{old}\n{text}"
    return old or text


def parse_paragraphs(paras: list[str]) -> PlanData:
    plan = empty_plan()
    unparsed: list[str] = plan["unparsed"]
    # Header: everything before the document kind ("KẾ HOẠCH"), then the title.
    kind_at = next((i for i, p in enumerate(paras) if p.upper() == p and p.strip() in KINDS), None)
    if kind_at is None:
        # No kind line: the header is at most the number line and the place-and-date line.
        kind_at = -1
        for i, p in enumerate(paras[:4]):
            if _NUMBER.search(p) or _DATE.search(p):
                kind_at = i
        _header(paras[: kind_at + 1], plan)
        rest = [p for p in paras[kind_at + 1 :] if p != CELL]
    else:
        _header(paras[:kind_at], plan)
        plan["kind"] = paras[kind_at].strip()
        plan["title"], rest = _title([p for p in paras[kind_at + 1 :] if p != CELL])
    # Sections "I. …", up to the closing sentence or Nơi nhận.
    end = next(
        (i for i, p in enumerate(rest) if _CLOSING.match(p) or _RECIPIENTS.match(p) or _AUTHORITY.match(p)),
        len(rest),
    )
    body, tail = rest[:end], rest[end:]
    if tail and _CLOSING.match(tail[0]):
        plan["closing"] = tail[0]
        tail = tail[1:]
    sections = _sections(body)
    preamble = sections[0][1]
    for title, paras_ in sections[1:]:
        key = _section_key(title)
        if key == "purposes":
            purposes, requirements, targets = _split_purposes(paras_)
            plan["purposes"] = _joined(plan["purposes"], purposes)
            plan["requirements"] = _joined(plan["requirements"], requirements)
            plan["targets"] = _joined(plan["targets"], targets)
        elif key == "groups" and not plan["groups"]:
            plan["groups"] = _parse_groups(paras_, unparsed)
        elif key == "duties" and not plan["duties"]:
            plan["duties"] = _parse_duties(paras_)
        elif key == "scope":
            plan["scope"] = _text(paras_)
        elif key == "budget":
            plan["budget"] = _text(paras_)
        else:
            unparsed.append(title)
            unparsed.extend(paras_)
    if len(sections) == 1:
        # No numbered sections (a summary): the groups follow "… nhóm giải pháp", if anywhere.
        lead = next((i for i, p in enumerate(preamble) if _GROUPS_LEAD.search(p)), None)
        if lead is not None:
            unparsed.extend(preamble[: lead + 1])
            groups_unparsed: list[str] = []
            plan["groups"] = _parse_groups(preamble[lead + 1 :], groups_unparsed, list_only=True)
            unparsed.extend(groups_unparsed)
        else:
            unparsed.extend(preamble)
    else:
        plan["legal_basis"] = _text(preamble)
        if plan["issuer"] is None:
            plan["issuer"] = _issuer_from_preamble(preamble)
    if plan["scope"] or plan["kind"]:
        for para in (plan["scope"] or "").split("\n"):
            m = _PERIOD.search(para)
            if m:
                plan["period"] = _strip_end(m.group(1))
                plan["period_parsed"] = parse_period(plan["period"])
    _closing(tail, plan, unparsed)
    plan["problems"] = problems(plan)
    return plan


def problems(plan: PlanData) -> list[str]:
    """What a reviewer must look at before saving, in Vietnamese."""
    out = []
    if not plan["kind"] and not plan["groups"]:
        out.append("Không nhận ra cấu trúc kế hoạch: không có tên loại «KẾ HOẠCH» và không có nhóm nhiệm vụ.")
    if plan["kind"]:
        for value, label in (
            (plan["number"], "số"),
            (plan["symbol"], "ký hiệu"),
            (plan["date"], "ngày ban hành"),
            (plan["issuer"], "cơ quan ban hành"),
        ):
            if value is None:
                out.append(f"Văn bản không ghi {label}; hãy bổ sung nếu có.")
    for g in plan["groups"]:
        for t in g["tasks"]:
            if not t["lead"]:
                out.append(f"Nhóm {g['index']}, nhiệm vụ {t['number'] or '(không số)'}: chưa xác định cơ quan chủ trì.")
    if plan["unparsed"]:
        out.append(f"Có {len(plan['unparsed'])} đoạn chưa xếp được vào mục nào; hãy xem và xếp lại nếu cần.")
    return out


def parse_file(path: str | Path) -> PlanData:
    return parse_paragraphs(read_file(path))


def parse_bytes(data: bytes, filename: str) -> PlanData:
    return parse_paragraphs(read_bytes(data, filename))
