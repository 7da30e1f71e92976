"""Versions of the draft text (dự thảo lần 1, 2, …) and the comparison of two of them, article by article.

A version is kept by ``services.sections_replace`` in the writer's transaction: ``number`` is the last one
plus one, and the unique constraint (document, number) makes two simultaneous replacements take different
numbers (the loser retries) instead of one overwriting the other.

The comparison matches sections by their stable key (``dieu-5.khoan-2``), so a renumbered heading that keeps
its key is "changed", not "removed + added". Inside a changed section the text is compared line by line, and
each changed block of lines word by word (difflib): the cost is bounded per section, whatever the length of
the whole draft. Nothing here produces HTML: the segments are plain text the templates escape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal, TypedDict

from django.db import IntegrityError, transaction
from django.db.models import Max

from policycomm.orgs.access import Actor

from .models import DraftVersion, LegalDocument, Section


class SectionSnap(TypedDict):
    key: str
    kind: str
    number: str
    heading: str
    text: str
    depth: int


Op = Literal["eq", "ins", "del"]
Status = Literal["unchanged", "changed", "added", "removed", "moved"]

#: Above this many words on either side of a changed block, the block is shown as deleted then inserted whole
#: (difflib is quadratic in the worst case; a block this long is a rewrite anyway).
WORD_DIFF_MAX_TOKENS = 3000
_TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass
class Segment:
    op: Op
    text: str


@dataclass
class SectionDiff:
    key: str
    kind: str
    number: str
    depth: int
    status: Status
    heading: list[Segment] = field(default_factory=list)
    text: list[Segment] = field(default_factory=list)
    moved: bool = False


@dataclass
class Comparison:
    rows: list[SectionDiff]
    added: int
    removed: int
    changed: int
    moved: int


def snapshot(document: LegalDocument) -> list[SectionSnap]:
    """The live text (sections not retired) as a version stores it, in reading order."""
    rows = Section.objects.filter(document=document, retired=False).order_by("position")
    return [
        {"key": s.key, "kind": s.kind, "number": s.number, "heading": s.heading, "text": s.text, "depth": s.depth}
        for s in rows.only("key", "kind", "number", "heading", "text", "depth")
    ]


def version_keep(
    *, actor: Actor | None, document: LegalDocument, sections: list[SectionSnap], note: str = ""
) -> DraftVersion | None:
    """Keep ``sections`` as the document's next version; nothing when they equal the latest version.

    Call inside the writer's transaction. The number is taken as last + 1; a concurrent writer that took the
    same number makes the insert fail on the unique constraint, and the next number is tried.
    """
    latest = DraftVersion.objects.filter(document=document).order_by("-number").only("number", "sections").first()
    if latest is not None and latest.sections == sections:
        return None
    for _attempt in range(5):
        last = DraftVersion.objects.filter(document=document).aggregate(m=Max("number"))["m"] or 0
        try:
            with transaction.atomic():
                return DraftVersion.objects.create(
                    document=document,
                    number=last + 1,
                    sections=sections,
                    note=note[:300],
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            continue
    raise RuntimeError("draft version number contention")  # pragma: no cover - five lost races in a row


def current_version_number(document_id: int) -> int | None:
    return DraftVersion.objects.filter(document_id=document_id).aggregate(m=Max("number"))["m"]


# -- the comparison ---------------------------------------------------------------------------------------------


def _merge(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segments:
        if not s.text:
            continue
        if out and out[-1].op == s.op:
            out[-1] = Segment(s.op, out[-1].text + s.text)
        else:
            out.append(s)
    return out


def _words(a: str, b: str) -> list[Segment]:
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    if len(ta) > WORD_DIFF_MAX_TOKENS or len(tb) > WORD_DIFF_MAX_TOKENS:
        return [Segment("del", a), Segment("ins", b)]
    segs: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if tag == "equal":
            segs.append(Segment("eq", "".join(ta[i1:i2])))
        else:
            segs.append(Segment("del", "".join(ta[i1:i2])))
            segs.append(Segment("ins", "".join(tb[j1:j2])))
    return segs


def text_diff(a: str, b: str) -> list[Segment]:
    """Word-level differences of two texts, through their lines first (linear for untouched lines)."""
    if a == b:
        return [Segment("eq", a)] if a else []
    la, lb = a.splitlines(keepends=True), b.splitlines(keepends=True)
    segs: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
        if tag == "equal":
            segs.append(Segment("eq", "".join(la[i1:i2])))
        elif tag == "delete":
            segs.append(Segment("del", "".join(la[i1:i2])))
        elif tag == "insert":
            segs.append(Segment("ins", "".join(lb[j1:j2])))
        else:
            segs.extend(_words("".join(la[i1:i2]), "".join(lb[j1:j2])))
    return _merge(segs)


def compare(old: list[SectionSnap], new: list[SectionSnap]) -> Comparison:
    """Section by section (matched by key), in the new version's order; a removed section appears after the
    section that preceded it in the old version. A section present in both whose place among the common
    sections changed is marked moved."""
    old_by = {s["key"]: s for s in old}
    new_by = {s["key"]: s for s in new}
    common_old = [s["key"] for s in old if s["key"] in new_by]
    common_new = [s["key"] for s in new if s["key"] in old_by]
    stayed: set[str] = set()
    for block in SequenceMatcher(None, common_old, common_new, autojunk=False).get_matching_blocks():
        stayed.update(common_old[block.a : block.a + block.size])

    removed_after: dict[str | None, list[SectionSnap]] = {}
    prev: str | None = None
    for s in old:
        if s["key"] not in new_by:
            removed_after.setdefault(prev, []).append(s)
        else:
            prev = s["key"]

    rows: list[SectionDiff] = []
    counts = {"added": 0, "removed": 0, "changed": 0, "moved": 0}

    def removed(key: str | None) -> None:
        for s in removed_after.get(key, []):
            counts["removed"] += 1
            rows.append(
                SectionDiff(
                    s["key"],
                    s["kind"],
                    s["number"],
                    s["depth"],
                    "removed",
                    heading=[Segment("del", s["heading"])],
                    text=[Segment("del", s["text"])] if s["text"] else [],
                )
            )

    removed(None)
    for s in new:
        o = old_by.get(s["key"])
        if o is None:
            counts["added"] += 1
            rows.append(
                SectionDiff(
                    s["key"],
                    s["kind"],
                    s["number"],
                    s["depth"],
                    "added",
                    heading=[Segment("ins", s["heading"])],
                    text=[Segment("ins", s["text"])] if s["text"] else [],
                )
            )
        else:
            moved = s["key"] not in stayed
            same = o["heading"] == s["heading"] and o["text"] == s["text"]
            status: Status = "unchanged" if same else "changed"
            if moved:
                counts["moved"] += 1
                status = "moved" if same else "changed"
            if not same:
                counts["changed"] += 1
            rows.append(
                SectionDiff(
                    s["key"],
                    s["kind"],
                    s["number"],
                    s["depth"],
                    status,
                    heading=text_diff(o["heading"], s["heading"]),
                    text=text_diff(o["text"], s["text"]),
                    moved=moved,
                )
            )
        removed(s["key"])
    return Comparison(rows=rows, **counts)


# -- what a version page and a comparison page read -------------------------------------------------------------

SMALLINT_MAX = 32767


@dataclass
class Pair:
    numbers: list[int]  # every version number of the document, ascending (for the two selects)
    old: DraftVersion | None
    new: DraftVersion | None
    comparison: Comparison | None


def _number(raw: str | None) -> int | None:
    """A version number from a query string; None when absent, -1 when it cannot be one."""
    if raw is None or raw == "":
        return None
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 5 or not 1 <= int(raw) <= SMALLINT_MAX:
        return -1
    return int(raw)


def version_numbers(document_id: int) -> list[int]:
    return list(
        DraftVersion.objects.filter(document_id=document_id).order_by("number").values_list("number", flat=True)
    )


def get_version(document_id: int, number: int) -> DraftVersion | None:
    if not 1 <= number <= SMALLINT_MAX:
        return None
    return DraftVersion.objects.filter(document_id=document_id, number=number).first()


def resolve_pair(document_id: int, tu: str | None, den: str | None) -> Pair | None:
    """The two versions a comparison asks for (``tu`` → ``den``), by default the last two; None for a number
    that is not one of the document's versions (the views answer 404). Two queries whatever the sizes."""
    numbers = version_numbers(document_id)
    a, b = _number(tu), _number(den)
    if a is None and b is None:
        if len(numbers) < 2:
            return Pair(numbers, None, None, None)
        a, b = numbers[-2], numbers[-1]
    elif a is None or b is None:
        return None
    if a not in numbers or b not in numbers:
        return None
    rows = {v.number: v for v in DraftVersion.objects.filter(document_id=document_id, number__in={a, b})}
    old, new = rows[a], rows[b]
    return Pair(numbers, old, new, compare(list(old.sections), list(new.sections)))
