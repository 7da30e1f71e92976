"""Contested points: opinion groups, consensus and division from agree/disagree votes.

Citizens vote agree (1), disagree (-1) or pass (0) on short statements about a draft. The
Polis method (PCA of the vote matrix, k-means of the participants, then per-group
statistics) finds the groups of people who vote alike, the statements that set each group
apart, and the statements a clear majority shares. The maths is done by ``red-dwarf``, a
maintained reimplementation of Polis; this module checks the input, keeps each person's
latest vote, and turns the result into figures and one Vietnamese sentence per finding, so an
official can read it without knowing the method.

This is the Đề án's "vấn đề khó, có nhiều ý kiến khác nhau": ``divisive`` lists the statements
on which the groups disagree the most.
"""

from __future__ import annotations

import csv
import string
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

VOTE_VALUES = (-1, 0, 1)
# A participant must have voted on this many statements to be placed in a group (the Polis rule).
MIN_VOTES = 7
# The fewest participants placed in groups for an opinion map to mean anything.
MIN_PARTICIPANTS = 10
# A statement must have this many votes in every group to count as divisive.
MIN_SEEN_PER_GROUP = 5
QUOTE_CHARS = 160
PICK = 5


class VoteError(ValueError):
    """The votes cannot be analysed; ``line`` is 1-based when a single row is at fault."""

    def __init__(self, reason: str, line: int | None = None, source: str = "") -> None:
        where = f"{source} dòng {line}: " if line is not None else (f"{source}: " if source else "")
        super().__init__(f"{where}{reason}")
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Vote:
    participant: int
    statement: int
    vote: int
    at: int = 0  # milliseconds since the epoch; the latest vote of a person on a statement counts


@dataclass
class Share:
    """How one set of people voted on one statement."""

    agree: int
    disagree: int
    seen: int

    def pct(self, direction: str) -> int:
        n = self.agree if direction == "agree" else self.disagree
        return round(100 * n / self.seen) if self.seen else 0


@dataclass
class Point:
    statement: int
    text: str
    direction: str  # "agree" or "disagree"
    share: Share
    by_group: dict[str, Share] = field(default_factory=dict)
    explanation: str = ""

    @property
    def all_groups(self) -> bool:
        """A majority of every opinion group shares it, not just a majority overall."""
        return all(2 * s.pct(self.direction) > 100 for s in self.by_group.values() if s.seen)


@dataclass
class OpinionGroup:
    label: str
    size: int
    points: list[Point]
    explanation: str


@dataclass
class OpinionMap:
    participants: int
    grouped: int
    statements: int
    votes: int
    groups: list[OpinionGroup]
    consensus: list[Point]
    divisive: list[Point]
    membership: dict[int, str]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["membership"] = {str(k): v for k, v in self.membership.items()}
        return data


def group_label(index: int) -> str:
    """Polis names groups A, B, C…; so do we (there are at most five)."""
    return string.ascii_uppercase[index]


def quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1].rstrip() + "…"
    return f"«{text}»"


def verb(direction: str) -> str:
    return "đồng ý" if direction == "agree" else "không đồng ý"


def latest(votes: Iterable[Vote]) -> list[Vote]:
    """Keep each person's last vote on each statement (people change their minds)."""
    last: dict[tuple[int, int], Vote] = {}
    for v in votes:
        key = (v.participant, v.statement)
        if key not in last or last[key].at <= v.at:
            last[key] = v
    return list(last.values())


def read_polis(folder: Path) -> tuple[dict[int, str], list[Vote], set[int]]:
    """Read a Polis export: ``comments.csv`` (statements) and ``votes.csv``.

    Returns the statements by id, the votes, and the ids of statements the moderators removed.
    """
    statements: dict[int, str] = {}
    moderated: set[int] = set()
    comments = folder / "comments.csv"
    votes_csv = folder / "votes.csv"
    for path in (comments, votes_csv):
        if not path.is_file():
            raise VoteError(f"không tìm thấy tệp {path.name} trong {folder}")
    with comments.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        need = {"comment-id", "comment-body"}
        if not need <= set(reader.fieldnames or ()):
            raise VoteError("thiếu cột comment-id hoặc comment-body", source=comments.name)
        for row in reader:
            sid = _int(row["comment-id"], "comment-id", reader.line_num, comments.name)
            statements[sid] = row["comment-body"] or ""
            if (row.get("moderated") or "").strip() == "-1":
                moderated.add(sid)
    votes: list[Vote] = []
    with votes_csv.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        need = {"comment-id", "voter-id", "vote"}
        if not need <= set(reader.fieldnames or ()):
            raise VoteError("thiếu cột comment-id, voter-id hoặc vote", source=votes_csv.name)
        for row in reader:
            line = reader.line_num
            vote = _int(row["vote"], "vote", line, votes_csv.name)
            if vote not in VOTE_VALUES:
                raise VoteError(f"phiếu phải là 1, -1 hoặc 0, không phải {vote}", line, votes_csv.name)
            sid = _int(row["comment-id"], "comment-id", line, votes_csv.name)
            if sid not in statements:
                raise VoteError(f"phiếu cho ý kiến {sid} không có trong comments.csv", line, votes_csv.name)
            at = _int(row.get("timestamp") or "0", "timestamp", line, votes_csv.name)
            votes.append(Vote(_int(row["voter-id"], "voter-id", line, votes_csv.name), sid, vote, at))
    return statements, votes, moderated


def _int(value: str | None, column: str, line: int, source: str) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        raise VoteError(f"cột {column} phải là số nguyên, không phải {value!r}", line, source) from None


def opinion_map(
    statements: dict[int, str],
    votes: Sequence[Vote],
    moderated: Iterable[int] = (),
    seed: int = 0,
) -> OpinionMap:
    """Opinion groups, consensus and divisive statements from the votes."""
    for v in votes:
        if v.vote not in VOTE_VALUES:
            raise VoteError(f"phiếu phải là 1, -1 hoặc 0, không phải {v.vote}")
        if v.statement not in statements:
            raise VoteError(f"phiếu cho ý kiến {v.statement} không có trong danh sách ý kiến")
    kept = latest(votes)
    per_person: dict[int, int] = {}
    for v in kept:
        per_person[v.participant] = per_person.get(v.participant, 0) + 1
    groupable = sum(1 for n in per_person.values() if n >= MIN_VOTES)
    if groupable < MIN_PARTICIPANTS:
        raise VoteError(
            f"cần ít nhất {MIN_PARTICIPANTS} người, mỗi người bỏ phiếu ít nhất {MIN_VOTES} ý kiến, "
            f"để chia nhóm ý kiến; hiện có {groupable} người"
        )
    moderated = sorted(set(moderated))

    # red-dwarf imports pandas and pydantic; load it only when an opinion map is asked for.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from reddwarf.implementations.polis import run_pipeline

        rows = [
            {"participant_id": v.participant, "statement_id": v.statement, "vote": v.vote, "modified": v.at}
            for v in kept
        ]
        options = {
            "mod_out_statement_ids": moderated,
            "random_state": seed,
            "min_user_vote_threshold": MIN_VOTES,
            "pick_max": PICK,
        }
        try:
            result = run_pipeline(votes=rows, **options)
        except ValueError:
            # Too few distinct ways of voting to seed two groups: everyone is in one group.
            try:
                result = run_pipeline(votes=rows, force_group_count=1, **options)
            except ValueError as exc:
                raise VoteError(f"không lập được bản đồ ý kiến từ các phiếu này ({exc})") from None

    cluster = result.participants_df["cluster_id"].dropna()
    membership = {int(p): group_label(int(c)) for p, c in cluster.items()}
    sizes: dict[str, int] = {}
    for label in membership.values():
        sizes[label] = sizes.get(label, 0) + 1
    labels = sorted(sizes)

    stats = result.group_comment_stats  # index (group_id, statement_id): na, nd, ns, pa, ...
    by_group: dict[int, dict[str, Share]] = {}
    for (gid, sid), row in stats.iterrows():
        by_group.setdefault(int(sid), {})[group_label(int(gid))] = Share(int(row["na"]), int(row["nd"]), int(row["ns"]))

    def point(sid: int, direction: str, share: Share) -> Point:
        return Point(sid, statements[sid], direction, share, by_group.get(sid, {}))

    groups = []
    if len(labels) == 1:
        only = labels[0]
        note = f"Cả {sizes[only]} người bỏ phiếu gần như giống nhau, nên chỉ có một nhóm ý kiến."
        groups.append(OpinionGroup(only, sizes[only], [], note))
    else:
        for gid_key, picks in sorted(result.repness.items(), key=lambda kv: int(kv[0])):
            label = group_label(int(gid_key))
            points = []
            for s in picks:
                sid = int(s["tid"])
                p = point(sid, s["repful-for"], by_group[sid][label])
                p.explanation = _group_point_sentence(label, p)
                points.append(p)
            size = sizes.get(label, 0)
            groups.append(OpinionGroup(label, size, points, _group_sentence(label, size, points)))

    overall = _overall(kept)
    consensus = []
    for direction in ("agree", "disagree"):
        for s in result.consensus[direction]:
            sid = int(s["tid"])
            p = point(sid, direction, overall[sid])
            p.explanation = _consensus_sentence(p)
            consensus.append(p)

    divisive = _divisive(by_group, statements, set(moderated), labels, overall)

    return OpinionMap(
        participants=len(per_person),
        grouped=len(membership),
        statements=len(statements) - len(moderated),
        votes=len(kept),
        groups=groups,
        consensus=consensus,
        divisive=divisive,
        membership=membership,
    )


def _overall(votes: Sequence[Vote]) -> dict[int, Share]:
    """Every voter's tally per statement, grouped or not."""
    out: dict[int, Share] = {}
    for v in votes:
        s = out.setdefault(v.statement, Share(0, 0, 0))
        s.seen += 1
        s.agree += v.vote == 1
        s.disagree += v.vote == -1
    return out


def _others(p: Point, label: str) -> Share:
    rest = [s for g, s in p.by_group.items() if g != label]
    return Share(sum(s.agree for s in rest), sum(s.disagree for s in rest), sum(s.seen for s in rest))


def _group_point_sentence(label: str, p: Point) -> str:
    other = _others(p, label)
    return (
        f"{p.share.pct(p.direction)}% người trong nhóm {label} {verb(p.direction)} {quote(p.text)}, "
        f"so với {other.pct(p.direction)}% ở các nhóm khác."
    )


def _group_sentence(label: str, size: int, points: list[Point]) -> str:
    if not points:
        return (
            f"Nhóm {label} gồm {size} người bỏ phiếu giống nhau, "
            "nhưng không có ý kiến nào tách họ rõ khỏi các nhóm khác."
        )
    top = points[0]
    other = _others(top, label)
    return (
        f"Nhóm {label} gồm {size} người; điều phân biệt họ rõ nhất: "
        f"{top.share.pct(top.direction)}% {verb(top.direction)} {quote(top.text)}, "
        f"trong khi ở các nhóm khác chỉ {other.pct(top.direction)}%."
    )


def _consensus_sentence(p: Point) -> str:
    head = f"{p.share.pct(p.direction)}% trong {p.share.seen} người đã bỏ phiếu {verb(p.direction)} {quote(p.text)}"
    lows = [(s.pct(p.direction), g) for g, s in p.by_group.items() if s.seen]
    if not lows:
        return head + "."
    low, g = min(lows)
    if p.all_groups:
        return f"{head}, và ở mọi nhóm ý kiến tỷ lệ này đều từ {low}% trở lên."
    return f"{head}, nhưng ở nhóm {g} chỉ {low}%: đây là ý kiến của đa số chung, chưa phải của mọi nhóm."


def _divisive(
    by_group: dict[int, dict[str, Share]],
    statements: dict[int, str],
    moderated: set[int],
    labels: list[str],
    overall: dict[int, Share],
) -> list[Point]:
    """Statements whose agreement differs most between groups, with enough votes in each."""
    if len(labels) < 2:
        return []
    ranked = []
    for sid, shares in by_group.items():
        if sid in moderated or any(shares.get(g, Share(0, 0, 0)).seen < MIN_SEEN_PER_GROUP for g in labels):
            continue
        # Pseudo-counts (as Polis does) so that 3 of 5 is not read as firmly as 300 of 500.
        p = {g: (shares[g].agree + 1) / (shares[g].seen + 2) for g in labels}
        ranked.append((max(p.values()) - min(p.values()), sid))
    ranked.sort(reverse=True)
    out = []
    for gap, sid in ranked[:PICK]:
        if gap < 0.3:
            break
        pt = Point(sid, statements[sid], "agree", overall[sid], by_group[sid])
        parts = ", ".join(f"nhóm {g} {pt.by_group[g].pct('agree')}%" for g in labels)
        pt.explanation = f"Các nhóm chia rẽ về {quote(pt.text)}: tỷ lệ đồng ý {parts}."
        out.append(pt)
    return out
