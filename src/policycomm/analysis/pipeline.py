"""The whole analysis, in memory (``analyse``) or streamed from a JSON Lines file (``analyse_file``).

Both run the same stages: sketch (normalise, stance, explicit references, MinHash) → group
campaigns → themes over one representative per campaign → sections → one stance per campaign
(``campaign_stance``) → output. The file form never
holds the comments' text: pass 1 streams the file through both cores and keeps only sketches, ids
and line offsets; pass 2 seeks back to the representatives' lines to read their text.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import orjson

from . import stance as stance_rules
from .grouping import Grouping, Sketches, group, sketch_texts
from .sections import Section, article_index, map_sections, resolve
from .themes import Theme, find_themes

BATCH = 4000
BLOCK_BYTES = 4 << 20
MAX_TEXT_CHARS = 100_000


class InputError(ValueError):
    """A line of the input cannot be analysed; ``line`` is 1-based."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"dòng {line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass
class Comment:
    id: str
    text: str
    num_items: int = 1


@dataclass
class Result:
    """Machine output for n comments, in input order."""

    ids: list[str]
    grouping: Grouping
    stance: list[str]
    theme_of_group: np.ndarray  # (groups,) theme index
    themes: list[Theme]  # representatives are group indices
    sections_of_group: list[list[tuple[str, float]]]
    explicit: list[list[str]]  # per comment: sections it cites itself
    rep_texts: list[str]  # per group
    timings: dict[str, float] = field(default_factory=dict)

    def group_id(self, i: int) -> str:
        return self.ids[int(self.grouping.representative[self.grouping.labels[i]])]

    def sections(self, i: int) -> list[tuple[str, float]]:
        if self.explicit[i]:
            return [(sid, 1.0) for sid in self.explicit[i]]
        return self.sections_of_group[int(self.grouping.labels[i])]

    def theme(self, i: int) -> int:
        return int(self.theme_of_group[self.grouping.labels[i]])

    def row(self, i: int) -> dict[str, Any]:
        return {
            "id": self.ids[i],
            "group": self.group_id(i),
            "group_size": int(self.grouping.count[self.grouping.labels[i]]),
            "theme": f"t{self.theme(i) + 1}",
            "sections": [sid for sid, _ in self.sections(i)],
            "stance": self.stance[i],
        }

    def summary(self, max_groups: int = 1000) -> dict[str, Any]:
        rep = self.grouping.representative
        return summary_of(
            self.grouping,
            lambda k: self.ids[int(rep[k])],
            self.rep_texts.__getitem__,
            self.themes,
            Counter(self.stance),
            self.timings,
            max_groups,
        )


def largest_groups(grouping: Grouping, max_groups: int = 1000) -> np.ndarray:
    """The groups of two or more comments, most people first, at most ``max_groups``."""
    g = grouping
    multi = np.flatnonzero(g.count > 1)
    return multi[np.lexsort((-g.count[multi], -g.weight[multi]))][:max_groups]


def summary_of(
    grouping: Grouping,
    rep_id: Callable[[int], str],
    rep_text: Callable[[int], str],
    themes: Sequence[Theme],
    stance: Counter[str],
    timings: dict[str, float],
    max_groups: int = 1000,
) -> dict[str, Any]:
    """The summary of an analysis; ``rep_id(k)`` and ``rep_text(k)`` give group k's representative."""
    g = grouping
    return {
        "comments": int(g.labels.size),
        "people": int(g.weight.sum()),
        "groups": {
            "total": int(g.count.size),
            "campaigns": int((g.count > 1).sum()),
            "alone": int((g.count == 1).sum()),
            "largest": [
                {
                    "id": rep_id(int(k)),
                    "size": int(g.count[k]),
                    "people": int(g.weight[k]),
                    "representative": rep_text(int(k)),
                }
                for k in largest_groups(g, max_groups)
            ],
        },
        "themes": [
            {
                "id": f"t{t.index + 1}",
                "label": t.label,
                "size": t.size,
                "distinct": t.comments,
                "key_phrases": t.key_phrases,
                "representatives": [rep_text(k) for k in t.representatives],
            }
            for t in themes
        ],
        "stance": dict(stance),
        "timings_s": {k: round(v, 3) for k, v in timings.items()},
        "peak_rss_mb": peak_rss_mb(),
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished workers, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + kids) / 1024, 1)


def campaign_stance(grouping: Grouping, stance: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """One stance per group, given to every member: copies of one letter say one thing.

    Each member's own reading (an index into ``STANCES``) votes with the people it stands for
    (``num_items``); the stance with the most people wins, and on a tie the representative's own
    reading wins (it is the text the screens quote). A comment alone keeps its own stance.
    """
    groups = grouping.representative.size
    if groups == 0:
        return stance.astype(np.int64)
    votes = np.zeros((groups, len(stance_rules.STANCES)), dtype=np.int64)
    np.add.at(votes, (grouping.labels, stance.astype(np.int64)), weights)
    own = stance[grouping.representative].astype(np.int64)
    best = votes.max(axis=1)
    chosen = np.where(votes[np.arange(groups), own] == best, own, votes.argmax(axis=1))
    return chosen[grouping.labels]


def themes_of(rep_texts: Sequence[str], weight: np.ndarray, with_themes: bool) -> tuple[np.ndarray, list[Theme]]:
    """The theme of every group, from its representative's text (all in one theme when not asked)."""
    if with_themes:
        return find_themes(rep_texts, weight)
    return np.zeros(len(rep_texts), dtype=np.int64), []


def _finish(
    ids: list[str],
    weights: np.ndarray,
    sk: Sketches,
    fetch: Callable[[np.ndarray], list[str]],
    sections: Sequence[Section],
    timings: dict[str, float],
    with_themes: bool = True,
) -> Result:
    t = time.perf_counter()
    grouping = group(sk, weights)
    timings["group"] = time.perf_counter() - t

    t = time.perf_counter()
    rep_texts = fetch(grouping.representative)
    timings["read_representatives"] = time.perf_counter() - t

    t = time.perf_counter()
    theme_of_group, themes = themes_of(rep_texts, grouping.weight, with_themes)
    timings["themes"] = time.perf_counter() - t

    t = time.perf_counter()
    rep_refs = [sk.refs[int(i)] for i in grouping.representative]
    sections_of_group = map_sections(rep_texts, sections, rep_refs)
    index = article_index(sections)
    explicit = [resolve(r, index) if r and index else [] for r in sk.refs]
    timings["sections"] = time.perf_counter() - t
    stance = [stance_rules.STANCES[i] for i in campaign_stance(grouping, np.asarray(sk.stance), weights)]
    return Result(ids, grouping, stance, theme_of_group, themes, sections_of_group, explicit, rep_texts, timings)


def analyse(
    comments: Sequence[Comment],
    sections: Sequence[Section] = (),
    progress: Callable[[int, int], None] | None = None,
    with_themes: bool = True,
) -> Result:
    """Analyse comments held in memory (the product's background job uses this below its cluster threshold)."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    texts = [[c.text for c in comments[lo : lo + BATCH]] for lo in range(0, len(comments), BATCH)]
    parts = []
    done = 0
    for part in map(sketch_texts, texts):
        parts.append(part)
        done += len(part)
        if progress:
            progress(done, len(comments))
    sk = Sketches.concat(parts)
    timings["sketch"] = time.perf_counter() - t
    weights = np.asarray([max(1, c.num_items) for c in comments], dtype=np.int64)
    return _finish(
        [c.id for c in comments],
        weights,
        sk,
        lambda idx: [comments[int(i)].text for i in idx],
        sections,
        timings,
        with_themes,
    )


# --- files ---------------------------------------------------------------------------------------


def _blocks(path: Path) -> Iterator[tuple[int, bytes]]:
    """(offset, bytes) pieces of the file, each ending at a line end."""
    with open(path, "rb") as fh:
        offset = 0
        rest = b""
        while True:
            data = fh.read(BLOCK_BYTES)
            if not data:
                if rest:
                    yield offset, rest
                return
            data = rest + data
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                rest = data
                continue
            yield offset, data[:cut]
            offset += cut
            rest = data[cut:]


@dataclass
class Block:
    """Pass 1's result for one piece of the input file."""

    ids: list[str]
    weights: np.ndarray
    offsets: np.ndarray
    sketches: Sketches
    lines: int
    nbytes: int
    error: tuple[int, str] | None = None  # (line within block, reason)


def parse_line(raw: bytes) -> Comment:
    """One input line → Comment, or ValueError with a Vietnamese reason."""
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"không phải JSON hợp lệ ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise ValueError("mỗi dòng phải là một đối tượng JSON")
    cid, text = obj.get("id"), obj.get("text")
    if cid is None or (isinstance(cid, str) and not cid.strip()) or not isinstance(cid, str | int):
        raise ValueError('thiếu trường "id" (chuỗi hoặc số)')
    if not isinstance(text, str):
        raise ValueError('thiếu trường "text" (chuỗi)')
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f'"text" dài quá {MAX_TEXT_CHARS} ký tự')
    n = obj.get("num_items", 1)
    if n is None:
        n = 1
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError('"num_items" phải là số nguyên dương')
    return Comment(str(cid), text, n)


def sketch_block(args: tuple[int, bytes]) -> Block:
    offset, data = args
    ids: list[str] = []
    texts: list[str] = []
    weights: list[int] = []
    offsets: list[int] = []
    pos = 0
    lines = 0
    error = None
    for raw in data.split(b"\n"):
        start = pos
        pos += len(raw) + 1
        lines += 1
        if not raw.strip():
            continue
        try:
            c = parse_line(raw)
        except ValueError as exc:
            error = (lines, str(exc))
            break
        ids.append(c.id)
        texts.append(c.text)
        weights.append(c.num_items)
        offsets.append(offset + start)
    if data.endswith(b"\n"):
        lines -= 1  # split() yields an empty piece after the last newline
    parts = [sketch_texts(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)] if error is None else []
    return Block(
        ids,
        np.asarray(weights, np.int64),
        np.asarray(offsets, np.int64),
        Sketches.concat(parts),
        lines,
        len(data),
        error,
    )


def read_texts(path: Path, offsets: np.ndarray) -> list[str]:
    order = np.argsort(offsets, kind="stable")
    out: list[str] = [""] * offsets.size
    with open(path, "rb") as fh:
        for i in order:
            fh.seek(int(offsets[i]))
            out[int(i)] = parse_line(fh.readline()).text
    return out


def _bounded(pool: Any, pieces: Iterator[tuple[int, bytes]], ahead: int) -> Iterator[Block]:
    """Results in order, with at most ``ahead`` pieces of the file in flight (``imap`` reads it all)."""
    if pool is None:
        yield from map(sketch_block, pieces)
        return
    pending: deque[Any] = deque()
    for piece in pieces:
        pending.append(pool.apply_async(sketch_block, (piece,)))
        if len(pending) >= ahead:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


class SketchedFile(NamedTuple):
    """Pass 1 of a file: ids, weights, line offsets and sketches of every comment, in file order."""

    ids: list[str]
    weights: np.ndarray
    offsets: np.ndarray
    sketches: Sketches


def sketch_file(path: Path, workers: int = 2, progress: bool = True) -> SketchedFile:
    """Pass 1: ids, weights, line offsets and sketches of every comment in the file."""
    size = path.stat().st_size
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=size, unit="B", unit_scale=True, desc="Đọc và phác thảo", file=sys.stderr)
    blocks: list[Block] = []
    pool = mp.get_context("fork").Pool(workers) if workers > 1 else None
    try:
        for block in _bounded(pool, _blocks(path), ahead=2 * workers):
            blocks.append(block)
            if block.error:
                break  # join_blocks reports it; the rest of the file is not read
            if bar:
                bar.update(block.nbytes)
    finally:
        if pool:
            pool.terminate()
        if bar:
            bar.close()
    return join_blocks(blocks)


def join_blocks(blocks: Sequence[Block]) -> SketchedFile:
    """The blocks of a file, in file order, as one pass-1 result.

    Raises ``InputError`` for the first block with a bad line, numbered within the whole file.
    """
    line_base = 0
    for block in blocks:
        if block.error:
            raise InputError(line_base + block.error[0], block.error[1])
        line_base += block.lines
    ids = [i for b in blocks for i in b.ids]
    weights = np.concatenate([b.weights for b in blocks]) if blocks else np.zeros(0, np.int64)
    offsets = np.concatenate([b.offsets for b in blocks]) if blocks else np.zeros(0, np.int64)
    return SketchedFile(ids, weights, offsets, Sketches.concat([b.sketches for b in blocks]))


def read_sections(path: Path) -> list[Section]:
    out = []
    for n, raw in enumerate(path.read_bytes().splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise InputError(n, f"không phải JSON hợp lệ ({exc.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or not isinstance(obj.get("text"), str):
            raise InputError(n, 'mỗi mục phải có "id" và "text" là chuỗi')
        out.append(Section(obj["id"], obj["text"], str(obj.get("title") or "")))
    return out


def analyse_file(
    path: Path,
    out: Path,
    sections: Sequence[Section] = (),
    summary: Path | None = None,
    workers: int | None = None,
    progress: bool = True,
    with_themes: bool = True,
    sketcher: Callable[[Path], SketchedFile] | None = None,
) -> dict[str, Any]:
    """Stream ``path`` (JSON Lines), write one output line per comment to ``out``; return the summary.

    ``sketcher`` replaces pass 1 (``cluster.sketch_file_on`` runs it on a Dask cluster).
    """
    workers = workers or min(2, os.cpu_count() or 1)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    ids, weights, offsets, sk = sketcher(path) if sketcher else sketch_file(path, workers, progress)
    timings["sketch"] = time.perf_counter() - t
    result = _finish(ids, weights, sk, lambda idx: read_texts(path, offsets[idx]), sections, timings, with_themes)
    t = time.perf_counter()
    tmp = out.with_name(out.name + ".partial")
    with open(tmp, "wb") as fh:
        for i in range(len(ids)):
            fh.write(orjson.dumps(result.row(i)) + b"\n")
    tmp.replace(out)
    timings["write"] = time.perf_counter() - t
    timings["total"] = sum(v for k, v in timings.items() if k != "total")
    data = result.summary()
    if summary:
        summary.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    return data
