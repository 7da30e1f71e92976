"""Contested points on real Polis conversations: vTaiwan's UberX consultation and a $15/hour one."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score

from policycomm.analysis.contested import OpinionMap, Point, Share, Vote, VoteError, latest, opinion_map, read_polis

from .factories import ROOT, policycomm

POLIS = ROOT.parent / "shared" / "data" / "polis"
UBER = POLIS / "vtaiwan.uberx"
WAGE = POLIS / "15-per-hour-seattle"


def load(folder: Path) -> OpinionMap:
    statements, votes, moderated = read_polis(folder)
    return opinion_map(statements, votes, moderated)


@pytest.fixture(scope="module")
def uber() -> OpinionMap:
    return load(UBER)


@pytest.fixture(scope="module")
def wage() -> OpinionMap:
    return load(WAGE)


def raw_latest_votes(folder: Path) -> dict[tuple[int, int], int]:
    """Each voter's last vote per statement, read straight from votes.csv."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    with (folder / "votes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (int(row["voter-id"]), int(row["comment-id"]))
            at = int(row["timestamp"])
            if key not in out or out[key][0] <= at:
                out[key] = (at, int(row["vote"]))
    return {k: v for k, (_, v) in out.items()}


def summary(folder: Path) -> dict[str, str]:
    with (folder / "summary.csv").open(encoding="utf-8") as f:
        return {row[0]: row[1] for row in csv.reader(f) if len(row) >= 2}


def moderated_ids(folder: Path) -> set[int]:
    with (folder / "comments.csv").open(encoding="utf-8") as f:
        return {int(r["comment-id"]) for r in csv.DictReader(f) if r["moderated"] == "-1"}


def one_sentence(text: str) -> bool:
    """One sentence once the quoted statements are set aside: ends with a full stop, none before."""
    bare = re.sub(r"«[^»]*»", "«»", text)
    return bare.endswith(".") and bare.count(". ") == 0 and "\n" not in bare


def first_pct(text: str) -> int:
    match = re.search(r"(\d+)%", text)
    assert match, text
    return int(match.group(1))


def test_every_participant_and_latest_vote_is_counted(uber: OpinionMap) -> None:
    raw = raw_latest_votes(UBER)
    assert uber.participants == int(summary(UBER)["voters"]) == 1921
    assert uber.votes == len(raw)
    with (UBER / "comments.csv").open(encoding="utf-8") as f:
        rows = sum(1 for _ in csv.DictReader(f))
    assert uber.statements == rows - len(moderated_ids(UBER))
    assert uber.grouped == len(uber.membership)
    assert 0 < uber.grouped < uber.participants


def test_opinion_groups_match_those_polis_published(uber: OpinionMap) -> None:
    published: dict[int, int] = {}
    with (UBER / "participants-votes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["group-id"]:
                published[int(row["participant"])] = int(row["group-id"])
    assert len(uber.groups) == int(summary(UBER)["groups"]) == 2
    both = [p for p in uber.membership if p in published]
    assert len(both) > 0.95 * len(published)
    agreement = adjusted_rand_score([published[p] for p in both], [uber.membership[p] for p in both])
    assert agreement > 0.75
    assert sum(g.size for g in uber.groups) == uber.grouped


def test_group_figures_are_the_votes_of_the_group(uber: OpinionMap) -> None:
    raw = raw_latest_votes(UBER)
    for group in uber.groups:
        members = {p for p, g in uber.membership.items() if g == group.label}
        assert len(members) == group.size
        assert group.points
        for point in group.points:
            cast = [v for (p, s), v in raw.items() if s == point.statement and p in members]
            wanted = 1 if point.direction == "agree" else -1
            pct = round(100 * sum(v == wanted for v in cast) / len(cast))
            assert point.share.pct(point.direction) == pct
            assert first_pct(point.explanation) == pct
            assert f"nhóm {group.label}" in point.explanation
        assert group.explanation.startswith(f"Nhóm {group.label} gồm {group.size} người")
        assert first_pct(group.explanation) == group.points[0].share.pct(group.points[0].direction)


def test_cross_group_consensus_on_passenger_safety(uber: OpinionMap) -> None:
    safety = [p for p in uber.consensus if "安全第一" in p.text]
    assert len(safety) == 1
    point = safety[0]
    assert point.direction == "agree" and point.all_groups
    assert all(s.pct("agree") >= 80 for s in point.by_group.values())
    assert "mọi nhóm" in point.explanation
    assert f"trong {point.share.seen} người" in point.explanation


def test_division_on_unlicensed_cars_threatening_safety(uber: OpinionMap) -> None:
    threat = [p for p in uber.divisive if "威脅到公共安全" in p.text]
    assert len(threat) == 1
    a, b = (threat[0].by_group[g].pct("agree") for g in ("A", "B"))
    assert abs(a - b) >= 50
    assert f"nhóm A {a}%" in threat[0].explanation and f"nhóm B {b}%" in threat[0].explanation


def test_moderated_statements_never_surface(uber: OpinionMap) -> None:
    hidden = moderated_ids(UBER)
    assert hidden
    shown = [p.statement for g in uber.groups for p in g.points]
    shown += [p.statement for p in uber.consensus + uber.divisive]
    assert not hidden & set(shown)


def test_each_finding_is_one_vietnamese_sentence(uber: OpinionMap, wage: OpinionMap) -> None:
    findings = [g.explanation for m in (uber, wage) for g in m.groups]
    findings += [p.explanation for m in (uber, wage) for g in m.groups for p in g.points]
    findings += [p.explanation for m in (uber, wage) for p in m.consensus + m.divisive]
    assert len(findings) > 30
    for text in findings:
        assert one_sentence(text), text
        assert re.search(r"đồng ý|nhóm", text), text


def test_minimum_wage_splits_on_small_businesses_and_majorities_are_not_called_unanimous(
    wage: OpinionMap,
) -> None:
    assert wage.participants == 339
    assert len(wage.groups) == 2
    assert any("small businesses to go out of business" in p.text for p in wage.divisive)
    split = [p for p in wage.consensus if not p.all_groups]
    assert split, "the $15 conversation has majorities that one group rejects"
    for p in split:
        low = min(s.pct(p.direction) for s in p.by_group.values() if s.seen)
        assert low <= 50
        assert "chưa phải của mọi nhóm" in p.explanation and f"chỉ {low}%" in p.explanation


def test_a_changed_vote_replaces_the_earlier_one() -> None:
    votes = [Vote(1, 5, 1, at=10), Vote(1, 5, -1, at=20), Vote(2, 5, 0, at=5)]
    kept = {(v.participant, v.statement): v.vote for v in latest(votes)}
    assert kept == {(1, 5): -1, (2, 5): 0}


def synthetic(people: int, statements: int = 8) -> tuple[dict[int, str], list[Vote]]:
    texts = {s: f"Ý kiến {s}" for s in range(statements)}
    votes = [
        Vote(p, s, 1 if (p % 2 == 0) == (s % 2 == 0) else -1, at=p * 100 + s)
        for p in range(people)
        for s in range(statements)
    ]
    return texts, votes


def test_two_camps_are_found_and_explained() -> None:
    texts, votes = synthetic(40)
    result = opinion_map(texts, votes)
    assert len(result.groups) == 2
    camps = {p % 2: result.membership[p] for p in range(40)}
    assert camps[0] != camps[1]
    assert all(result.membership[p] == camps[p % 2] for p in range(40))
    assert len(result.divisive) == 5
    assert all("100%" in p.explanation and "0%" in p.explanation for p in result.divisive)


@pytest.mark.parametrize("value", [1, 0])
def test_everyone_voting_alike_gives_one_group_not_a_crash(value: int) -> None:
    texts = {s: f"Ý kiến {s}" for s in range(8)}
    votes = [Vote(p, s, value, at=p * 100 + s) for p in range(12) for s in range(8)]
    result = opinion_map(texts, votes)
    assert [(g.label, g.size) for g in result.groups] == [("A", 12)]
    assert "chỉ có một nhóm ý kiến" in result.groups[0].explanation
    assert result.divisive == []
    assert bool(result.consensus) == (value == 1)


def test_too_few_voters_is_a_clear_error() -> None:
    texts, votes = synthetic(6)
    with pytest.raises(VoteError, match="cần ít nhất 10 người"):
        opinion_map(texts, votes)


def test_vote_on_unknown_statement_or_bad_value_is_refused() -> None:
    texts, votes = synthetic(20)
    with pytest.raises(VoteError, match="ý kiến 99"):
        opinion_map(texts, [*votes, Vote(1, 99, 1)])
    with pytest.raises(VoteError, match="1, -1 hoặc 0"):
        opinion_map(texts, [*votes, Vote(1, 1, 2)])


def write_polis(folder: Path, votes_rows: list[str]) -> Path:
    folder.mkdir()
    (folder / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "1,x,0,0,0,0,1,Nên giữ nguyên mức phạt\n1,x,1,0,0,0,1,Nên giảm mức phạt\n",
        encoding="utf-8",
    )
    (folder / "votes.csv").write_text(
        "timestamp,datetime,comment-id,voter-id,vote\n" + "".join(r + "\n" for r in votes_rows), encoding="utf-8"
    )
    return folder


def test_bad_row_in_votes_file_names_its_line(tmp_path: Path) -> None:
    folder = write_polis(tmp_path / "conv", ["1,x,0,1,1", "2,x,1,1,có"])
    with pytest.raises(VoteError) as err:
        read_polis(folder)
    assert err.value.line == 3
    assert "votes.csv dòng 3" in str(err.value) and "cột vote" in str(err.value)


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return policycomm("contested", *args)


def test_command_prints_json_and_a_readable_report() -> None:
    done = cli(WAGE, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["participants"] == 339
    assert [g["label"] for g in data["groups"]] == ["A", "B"]
    assert all(p["explanation"] for p in data["consensus"] + data["divisive"])
    text = cli(WAGE)
    assert text.returncode == 0
    assert "NHÓM Ý KIẾN" in text.stdout and "ĐIỂM ĐỒNG THUẬN" in text.stdout and "ĐIỂM CHIA RẼ" in text.stdout


def test_command_refuses_a_folder_without_votes(tmp_path: Path) -> None:
    done = cli(tmp_path)
    assert done.returncode == 2
    assert "comments.csv" in done.stderr
    assert "Traceback" not in done.stderr


def test_all_groups_needs_a_majority_in_every_group() -> None:
    point = Point(1, "x", "agree", Share(9, 1, 10), {"A": Share(6, 0, 6), "B": Share(3, 1, 4)})
    assert point.all_groups
    point.by_group["B"] = Share(2, 2, 4)
    assert not point.all_groups
