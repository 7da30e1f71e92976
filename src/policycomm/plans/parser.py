"""An implementation plan (Kế hoạch) read from its text: header, sections, groups, tasks, Nơi nhận, signer.

Pure Python, no Django. ``parse_paragraphs`` takes the paragraphs ``text.read_*`` give and returns
the plan as a plain dict (the JSON of ``policycomm plan import FILE --json``). A field the document
does not state is ``None`` (a list field is empty); nothing is invented. Every paragraph that
finds no place is kept in ``unparsed``, for the reviewer to see.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path
from typing import Any

from policycomm.analysis.normalise import fold

from . import bodies
from .text import is_upper_heading, read_bytes, read_file
from .timeframe import parse_period, parse_timeframe

Plan = dict[str, Any]

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
KINDS = ("KẾ HOẠCH", "CHƯƠNG TRÌNH", "ĐỀ ÁN", "PHƯƠNG ÁN", "QUYẾT ĐỊNH", "BÁO CÁO", "HƯỚNG DẪN")

_NUMBER = re.compile(r"Số\s*:\s*(\d+)?\s*/\s*([A-ZĐ0-9]+(?:\s*-\s*[A-ZĐ0-9]+)*)")
_DATE = re.compile(r"(?:^|\s)([^\s,][^,]{0,40}?)\s*,\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
# "Phan Đình Phùng, ngày     tháng     năm     ": the place of a plan not yet dated.
_BLANK_DATE = re.compile(r"(?:^|\s)([^\s,][^,]{0,40}?)\s*,\s*ngày\s+tháng\s+năm\s*$")
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


def _new_task(number: str | None, text: str) -> dict[str, Any]:
    return {
        "number": number,
        "text": text,
        "lead": [],
        "cooperating": [],
        "timeframe": None,
        "timeframe_parsed": None,
        "product": None,
        "_block": False,
    }


def _apply_block(tasks: list[dict[str, Any]], block: dict[str, str]) -> None:
    for t in tasks:
        if t["_block"]:
            continue
        t["_block"] = True
        if "lead" in block:
            t["lead"] = bodies.split_list(block["lead"])
        if "cooperating" in block:
            t["cooperating"] = bodies.split_list(block["cooperating"])
        if "timeframe" in block:
            t["timeframe"] = _strip_end(block["timeframe"]) or None
        if "product" in block:
            t["product"] = _strip_end(block["product"]) or None


def _block_field(label: str) -> str:
    f = fold(label)
    if "chu tri" in f:
        return "lead"
    if "phoi hop" in f:
        return "cooperating"
    if "thoi" in f:
        return "timeframe"
    return "product"


def _finish_tasks(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for t in tasks:
        if not t["_block"]:
            t["lead"], t["cooperating"] = bodies.from_prose(t["text"])
        t["timeframe_parsed"] = parse_timeframe(t["timeframe"])
        out.append({k: v for k, v in t.items() if not k.startswith("_")})
    return out


class _Items:
    """Tasks of one group or of "Tổ chức thực hiện": numbered items, body paragraphs and blocks."""

    def __init__(self) -> None:
        self.body: list[str] = []  # paragraphs before the first task
        self.tasks: list[dict[str, Any]] = []
        self.block: dict[str, str] = {}
        self.after_block = False

    def _flush_block(self) -> None:
        if self.block:
            if not self.tasks and self.body:
                self.tasks.append(_new_task(None, "\n".join(self.body)))
                self.body = []
            _apply_block(self.tasks, self.block)
            self.block = {}

    def task(self, number: str | None, text: str) -> None:
        self._flush_block()
        self.tasks.append(_new_task(number, text))
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
            t = self.tasks[-1]
            t["text"] = f"{t['text']}\n{para}" if t["text"] else para
        else:
            self.body.append(para)

    def close(self) -> tuple[str | None, list[dict[str, Any]]]:
        self._flush_block()
        intro = None
        if self.tasks:
            intro = "\n".join(self.body) or None
        elif self.body:
            self.tasks.append(_new_task(None, "\n".join(self.body)))
        return intro, _finish_tasks(self.tasks)


def _is_group(para: str) -> re.Match[str] | None:
    return None if _SUBITEM.match(para) else _GROUP.match(para)


def _parse_groups(paras: list[str], unparsed: list[str], *, list_only: bool = False) -> list[dict[str, Any]]:
    """Groups "1. …" with their tasks; ``list_only``: a bare list of group titles, ended by the first
    paragraph that is not one (what follows goes to ``unparsed``)."""
    groups: list[dict[str, Any]] = []
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


def _parse_duties(paras: list[str]) -> list[dict[str, Any]]:
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
        tasks.insert(0, _finish_tasks([_new_task(None, intro)])[0])
    return tasks


def _text(paras: list[str]) -> str | None:
    return "\n".join(paras) or None


def _split_purposes(paras: list[str]) -> dict[str, str | None]:
    out: dict[str, list[str]] = {"purposes": [], "requirements": [], "targets": []}
    current = "purposes"
    for para in paras:
        g = _GROUP.match(para)
        if g and len(g.group(2).split()) <= 4:
            f = fold(g.group(2))
            if "muc dich" in f:
                current = "purposes"
                continue
            if "yeu cau" in f:
                current = "requirements"
                continue
            if "muc tieu" in f:
                current = "targets"
                continue
        out[current].append(para)
    return {k: _text(v) for k, v in out.items()}


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


def _header(paras: list[str], plan: Plan) -> None:
    issuer: list[str] = []
    for para in paras:
        line = para.replace(NATIONAL_NAME, " ").replace(MOTTO, " ")
        line = re.sub(r"Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc", " ", line)
        n = _NUMBER.search(line)
        if n:
            plan["number"] = n.group(1)
            plan["symbol"] = re.sub(r"\s+", "", n.group(2))
            line = line[: n.start()] + " " + line[n.end() :]
        d = _DATE.search(line)
        blank = None if d else _BLANK_DATE.search(line)
        if blank:
            plan["place"] = blank.group(1).strip()
            line = line[: blank.start()]
        if d:
            with contextlib.suppress(ValueError):  # "ngày 31 tháng 2": no date rather than a wrong one
                plan["date"] = dt.date(int(d.group(4)), int(d.group(3)), int(d.group(2))).isoformat()
            plan["place"] = d.group(1).strip()
            line = line[: d.start()]
        line = line.strip(" -_")
        if line and is_upper_heading(line):
            issuer.append(" ".join(line.split()))
    if issuer:
        plan["issuer"] = " ".join(issuer)


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


def _closing(paras: list[str], plan: Plan, unparsed: list[str]) -> None:
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
        plan["signer"] = {
            "authority": authority[0] if authority else None,
            "deputy": authority[1] if len(authority) > 1 else None,
            "position": position,
            "name": name,
        }


def empty_plan() -> Plan:
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


def parse_paragraphs(paras: list[str]) -> Plan:
    plan = empty_plan()
    unparsed: list[str] = plan["unparsed"]
    # Header: everything before the document kind ("KẾ HOẠCH"), then the title.
    kind_at = next((i for i, p in enumerate(paras) if p.upper() == p and p.strip() in KINDS), None)
    if kind_at is None:
        # No kind line: the header is at most the number line and the place-and-date line.
        kind_at = -1
        for i, p in enumerate(paras[:4]):
            if _NUMBER.search(p) or _DATE.match(p):
                kind_at = i
        _header(paras[: kind_at + 1], plan)
        rest = paras[kind_at + 1 :]
    else:
        _header(paras[:kind_at], plan)
        plan["kind"] = paras[kind_at].strip()
        rest = paras[kind_at + 1 :]
        if rest and not _ROMAN.match(rest[0]):
            plan["title"] = rest[0]
            rest = rest[1:]
    # Sections "I. …", up to the closing sentence or Nơi nhận.
    end = next(
        (i for i, p in enumerate(rest) if _CLOSING.match(p) or _RECIPIENTS.match(p) or _AUTHORITY.match(p)),
        len(rest),
    )
    body, tail = rest[:end], rest[end:]
    if tail and _CLOSING.match(tail[0]):
        plan["closing"] = tail[0]
        tail = tail[1:]
    sections: list[tuple[str, list[str]]] = [("preamble", [])]
    for para in body:
        m = _ROMAN.match(para)
        if m and is_upper_heading(m.group(2)):
            sections.append((m.group(2), []))
        else:
            sections[-1][1].append(para)
    preamble = sections[0][1]
    for title, paras_ in sections[1:]:
        key = _section_key(title)
        if key == "purposes":
            parts = _split_purposes(paras_)
            for k, v in parts.items():
                if v:
                    plan[k] = f"{plan[k]}\n{v}" if plan[k] else v
        elif key == "groups" and not plan["groups"]:
            plan["groups"] = _parse_groups(paras_, unparsed)
        elif key == "duties" and not plan["duties"]:
            plan["duties"] = _parse_duties(paras_)
        elif key in ("scope", "budget"):
            plan[key] = _text(paras_)
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


def problems(plan: Plan) -> list[str]:
    """What a reviewer must look at before saving, in Vietnamese."""
    out = []
    if not plan["kind"] and not plan["groups"]:
        out.append("Không nhận ra cấu trúc kế hoạch: không có tên loại «KẾ HOẠCH» và không có nhóm nhiệm vụ.")
    for key, label in (
        ("number", "số"),
        ("symbol", "ký hiệu"),
        ("date", "ngày ban hành"),
        ("issuer", "cơ quan ban hành"),
    ):
        if plan[key] is None and plan["kind"]:
            out.append(f"Văn bản không ghi {label}; hãy bổ sung nếu có.")
    for g in plan["groups"]:
        for t in g["tasks"]:
            if not t["lead"]:
                out.append(f"Nhóm {g['index']}, nhiệm vụ {t['number'] or '(không số)'}: chưa xác định cơ quan chủ trì.")
    if plan["unparsed"]:
        out.append(f"Có {len(plan['unparsed'])} đoạn chưa xếp được vào mục nào; hãy xem và xếp lại nếu cần.")
    return out


def parse_file(path: str | Path) -> Plan:
    return parse_paragraphs(read_file(path))


def parse_bytes(data: bytes, filename: str) -> Plan:
    return parse_paragraphs(read_bytes(data, filename))
