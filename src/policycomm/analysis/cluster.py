"""Pass 1 of ``analyse_file`` on a Dask cluster: the input split by byte range, one task per range.

Each task opens the input itself, reads only its own range of lines and returns what the grouper
keeps of them (ids, weights, line offsets, sketches), never the text: no worker and no message
holds the corpus. The ranges end at line ends and each comment's sketch depends on its text alone,
so the result is the same as the one-process path's (``tests/test_analysis_cluster.py``). A worker
on another machine must see the input at the same path (a shared file system or a copy). The
product's background job writes a large consultation's comments to such a file and runs the same
``analyse_file_on``.

``scheduler`` is a Dask scheduler address (``tcp://host:8786``) or ``"local"``: a cluster of this
machine's cores, one single-threaded worker process per core (the sketching is numpy and Python,
which holds the GIL between array calls).
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import dask
import numpy as np
import orjson
from distributed import Client, Future, LocalCluster
from tqdm import tqdm

from . import stance as stance_rules
from .grouping import (
    ALL_BANDS,
    BANDS,
    SENTENCE_BAND,
    SENTENCE_KEYS,
    WIDTH,
    Ref,
    article_masks,
    band_keys,
    bucket_pairs,
    fold_copies,
    grouping_of,
    link,
    polarity,
    row_keys,
    sentence_keys,
    verdicts,
)
from .pipeline import (
    BLOCK_BYTES,
    Block,
    InputError,
    campaign_stance,
    largest_groups,
    read_texts,
    sketch_block,
    summary_of,
    themes_of,
)
from .sections import Section, article_index, map_sections, resolve

LOCAL = "local"
CONNECT_TIMEOUT = "10s"


class ClusterUnavailableError(OSError):
    """The scheduler could not be reached; the message names its address."""


def byte_ranges(path: Path, size: int = BLOCK_BYTES) -> list[tuple[int, int]]:
    """(start, end) ranges of about ``size`` bytes covering the file, each ending at a line end."""
    total = path.stat().st_size
    out: list[tuple[int, int]] = []
    start = 0
    with open(path, "rb") as fh:
        while start < total:
            end = start + size
            if end >= total:
                end = total
            else:
                fh.seek(end)
                fh.readline()  # to the end of the line the cut fell in
                end = min(fh.tell(), total)
            out.append((start, end))
            start = end
    return out


def sketch_range(path: str, start: int, end: int) -> Block:
    """One task: read ``path``'s bytes [start, end) and sketch its comments."""
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    return sketch_block((start, data))


@contextmanager
def connect(scheduler: str, workers: int | None = None) -> Iterator[Client]:
    """A client of the given scheduler, or of a local cluster started (and stopped) here."""
    # distributed sets its own loggers to INFO when imported: a line per worker start and stop.
    logging.getLogger("distributed").setLevel(os.environ.get("POLICYCOMM_DASK_LOG_LEVEL", "WARNING"))
    if scheduler != LOCAL:
        try:
            remote = Client(scheduler, set_as_default=False, timeout=CONNECT_TIMEOUT)
        except OSError as exc:
            raise ClusterUnavailableError(f"{scheduler}: {exc}") from exc
        with remote:
            yield remote
        return
    n = workers or os.cpu_count() or 1
    with (
        # Dask sets MALLOC_TRIM_THRESHOLD_ in its workers' environment, which turns off glibc's
        # dynamic mmap threshold: every large numpy temporary is then mapped and faulted in afresh,
        # and the sketching runs 2-3x slower than in a plain process (measured). Not set here.
        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}),
        LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield client


# --- the whole analysis of a file, partitioned ------------------------------------------------------
#
# Stage 1, one task per byte range of the input ("partition"): parse, sketch, and write the sketches,
# the band keys (transposed: one row per LSH band), the ids and the cited references to the scratch
# directory; return only the scalars the linking needs (row key, emptiness, stance, cited articles,
# weight, line offset). Stage 2, here: fold exact copies by row key. Stage 3, per band: one task per
# shard of band keys (key modulo the shard count) finds the buckets' pairs; the guards are applied
# here and one task per chunk of pairs compares their sketches, read back from the partitions. The
# kept pairs' connected components are computed here (16 bytes per kept pair), and chain breaking
# compares members to their representative in the same way. Stage 4, one task per partition writes
# its output lines, which are joined in order. No process holds the corpus's texts or sketches.

CLUSTER_BLOCK_BYTES = 32 << 20
SHARD_KEYS = 4_000_000  # band keys per shard task, at most (16 bytes each)
CHUNK_PAIRS = 1 << 17  # pairs compared per task: two gathered sketch rows each, 128 MB


class Part(NamedTuple):
    """What this side keeps of one partition: a few scalars per comment."""

    lines: int
    error: tuple[int, str] | None
    row_key: np.ndarray
    empty: np.ndarray
    stance: np.ndarray
    article: np.ndarray
    weights: np.ndarray
    offsets: np.ndarray


def _file(scratch: str, index: int, what: str) -> str:
    return os.path.join(scratch, f"{index:06d}.{what}")


def spill_range(path: str, start: int, end: int, scratch: str, index: int) -> Part:
    """Stage 1 for one partition (runs on a worker)."""
    block = sketch_range(path, start, end)
    sk = block.sketches
    if block.error is None:
        np.save(_file(scratch, index, "sketch.npy"), sk.sketch)
        # Each band's keys sorted, with the row each came from: a shard (a range of keys) is a slice.
        # The sentence band's keys follow, SENTENCE_KEYS rows of them (0: no key).
        lsh = [band_keys(sk.sketch, band)[None] for band in range(BANDS)]
        every = np.concatenate([*lsh, sentence_keys(sk.sketch)])
        rows = np.argsort(every, axis=1, kind="stable").astype(np.int32)
        bands = np.take_along_axis(every, rows, axis=1)
        del every
        np.save(_file(scratch, index, "bands.npy"), bands)
        np.save(_file(scratch, index, "rows.npy"), rows)
        encoded = [i.encode() for i in block.ids]
        np.save(_file(scratch, index, "ids.npy"), np.cumsum([0, *map(len, encoded)]))
        with open(_file(scratch, index, "ids.bin"), "wb") as fh:
            fh.write(b"".join(encoded))
        with open(_file(scratch, index, "refs.json"), "wb") as fh:
            fh.write(orjson.dumps({str(i): r for i, r in enumerate(sk.refs) if r}))
    return Part(
        block.lines,
        block.error,
        row_keys(sk.sketch),
        sk.empty,
        sk.stance,
        article_masks(sk.refs) if sk.refs else np.zeros(len(sk), dtype=np.uint64),
        block.weights,
        block.offsets,
    )


def band_shard(scratch: str, parts: int, band: int, shard: int, shards: int) -> tuple[np.ndarray, np.ndarray]:
    """The bucket pairs of one shard (a range of keys) of one band, as unique-sketch numbers (runs on a worker)."""
    lo = np.uint64((shard << 64) // shards)
    hi = np.uint64(((shard + 1) << 64) // shards) if shard + 1 < shards else None
    lines = range(BANDS, BANDS + SENTENCE_KEYS) if band == SENTENCE_BAND else (band,)
    keys, units = [], []
    for p in range(parts):
        every = np.load(_file(scratch, p, "bands.npy"), mmap_mode="r")
        unit_of = np.load(_file(scratch, p, "unit.npy"))
        for line in lines:
            sorted_keys = every[line]
            start = int(np.searchsorted(sorted_keys, lo))
            end = int(np.searchsorted(sorted_keys, hi)) if hi is not None else sorted_keys.size
            rows = np.asarray(np.load(_file(scratch, p, "rows.npy"), mmap_mode="r")[line, start:end])
            unit = unit_of[rows]
            key = np.asarray(sorted_keys[start:end])
            mine = unit >= 0
            if band == SENTENCE_BAND:
                mine &= key != 0  # no key: fewer than two sentences
            keys.append(key[mine])
            units.append(unit[mine])
        del every
    if not keys:
        z = np.zeros(0, dtype=np.int64)
        return z, z
    # The in-memory store's pairs: a bucket's order depends only on its members (a sketch has distinct keys).
    return bucket_pairs(np.concatenate(keys), np.concatenate(units), band)


def _by_part(starts: np.ndarray, rows: np.ndarray) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """(partition, positions in ``rows``, local row numbers) for each partition that ``rows`` touch."""
    part = np.searchsorted(starts, rows, side="right") - 1
    order = np.argsort(part, kind="stable")
    cuts = np.flatnonzero(np.diff(part[order])) + 1
    for at in np.split(order, cuts) if order.size else []:
        p = int(part[at[0]])
        yield p, at, rows[at] - starts[p]


def gather_rows(scratch: str, starts: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Sketch rows of the given comments (global numbers), read from their partitions."""
    out: np.ndarray | None = None
    for p, at, local in _by_part(starts, rows):
        mm = np.load(_file(scratch, p, "sketch.npy"), mmap_mode="r")
        got = np.asarray(mm[local])
        del mm
        if out is None:
            out = np.empty((rows.size, got.shape[1]), dtype=got.dtype)
        out[at] = got
    return out if out is not None else np.zeros((0, WIDTH), dtype=np.uint32)


def judge_rows(scratch: str, starts: np.ndarray, ra: np.ndarray, rb: np.ndarray, need: int, shared: int) -> np.ndarray:
    """Stage 3's comparison of a chunk of pairs (runs on a worker)."""
    return verdicts(gather_rows(scratch, starts, ra), gather_rows(scratch, starts, rb), need, shared)


class Partitioned:
    """The unique sketches in the partitions of the scratch directory: a ``grouping.Store``."""

    def __init__(self, client: Client, scratch: str, starts: np.ndarray, first: np.ndarray, workers: int) -> None:
        self.client, self.scratch, self.starts, self.first = client, scratch, starts, first
        self.parts = starts.size - 1
        self.shards = max(workers, math.ceil(first.size / SHARD_KEYS))

    def band_pairs(self, band: int) -> tuple[np.ndarray, np.ndarray]:
        futures = [
            self.client.submit(band_shard, self.scratch, self.parts, band, r, self.shards, pure=False)
            for r in range(self.shards)
        ]
        got = self.client.gather(futures)
        return np.concatenate([g[0] for g in got]), np.concatenate([g[1] for g in got])

    def judge(self, a: np.ndarray, b: np.ndarray, need: int, shared: int = 0) -> np.ndarray:
        if a.size == 0:
            return np.zeros(0, dtype=np.int8)
        ra, rb = self.first[a], self.first[b]
        futures = [
            self.client.submit(
                judge_rows,
                self.scratch,
                self.starts,
                ra[lo : lo + CHUNK_PAIRS],
                rb[lo : lo + CHUNK_PAIRS],
                need,
                shared,
                pure=False,
            )
            for lo in range(0, a.size, CHUNK_PAIRS)
        ]
        return np.concatenate(self.client.gather(futures))


def ids_at(scratch: str, index: int, local: np.ndarray | None = None) -> list[str]:
    """A partition's ids (all, or at the given local rows)."""
    ends = np.load(_file(scratch, index, "ids.npy")).tolist()
    with open(_file(scratch, index, "ids.bin"), "rb") as fh:
        blob = fh.read()
    rows = range(len(ends) - 1) if local is None else local.tolist()
    return [blob[ends[i] : ends[i + 1]].decode() for i in rows]


def refs_at(scratch: str, index: int, local: np.ndarray | None = None) -> list[list[Ref]]:
    """The (điều, khoản) a partition's comments cite (all, or at the given local rows)."""
    with open(_file(scratch, index, "refs.json"), "rb") as fh:
        cited = {int(i): [(d, k) for d, k in refs] for i, refs in orjson.loads(fh.read()).items()}
    if local is None:
        return [cited.get(i, []) for i in range(int(np.load(_file(scratch, index, "ids.npy")).size - 1))]
    return [cited.get(int(i), []) for i in local]


# Lists of strings cross between processes as JSON: Dask serialises a list item by item, 100x slower.


def ids_json(scratch: str, index: int, local: np.ndarray) -> bytes:
    return orjson.dumps(ids_at(scratch, index, local))


def refs_json(scratch: str, index: int, local: np.ndarray) -> bytes:
    return orjson.dumps(refs_at(scratch, index, local))


def write_part(
    scratch: str,
    index: int,
    labels: np.ndarray,
    stance: np.ndarray,
    names_json: bytes,
    sizes: np.ndarray,
    themes: np.ndarray,
    sections_json: bytes | None,
    sections: Sequence[Section],
    scored: bool = False,
) -> str:
    """Stage 4 for one partition: its output lines, in input order (runs on a worker).

    ``names_json``, ``sizes`` and ``sections_json`` give, for each distinct label of ``labels`` in order,
    the group's id, its number of comments and its sections (``[id, score]`` pairs when ``scored``; a
    section a comment cites itself scores 1.0).
    """
    ids, refs = ids_at(scratch, index), refs_at(scratch, index)
    names: list[str] = orjson.loads(names_json)
    sections_of: list[list[Any]] | None = orjson.loads(sections_json) if sections_json else None
    uniq = np.unique(labels)
    at = np.searchsorted(uniq, labels)
    index_of = article_index(sections)
    target = _file(scratch, index, "out.jsonl")
    # The rows as orjson writes them ({"id","group","group_size","theme","sections","stance"}, no spaces),
    # from pieces made once per group and per stance.
    middle = [
        b',"group":'
        + orjson.dumps(names[k])
        + b',"group_size":'
        + str(int(sizes[k])).encode()
        + b',"theme":"t'
        + str(int(themes[k]) + 1).encode()
        + b'","sections":'
        for k in range(len(names))
    ]
    group_sections = [orjson.dumps(sections_of[k] if sections_of else []) for k in range(len(names))]
    tails = [b',"stance":' + orjson.dumps(s) + b"}\n" for s in stance_rules.STANCES]
    at_list, stance_list = at.tolist(), stance.tolist()
    with open(target, "wb") as fh:
        for i, cid in enumerate(ids):
            k = at_list[i]
            explicit = resolve(refs[i], index_of) if refs[i] and index_of else []
            if explicit:
                cited = orjson.dumps([[sid, 1.0] for sid in explicit] if scored else explicit)
            else:
                cited = group_sections[k]
            fh.write(b'{"id":' + orjson.dumps(cid) + middle[k] + cited + tails[stance_list[i]])
    return target


def _joined(parts: Sequence[Part], field: str, dtype: Any) -> np.ndarray:
    return np.concatenate([getattr(p, field) for p in parts]) if parts else np.zeros(0, dtype)


def analyse_file_on(
    client: Client,
    path: Path,
    out: Path,
    sections: Sequence[Section] = (),
    summary: Path | None = None,
    progress: bool = False,
    with_themes: bool = True,
    block_bytes: int = CLUSTER_BLOCK_BYTES,
    scratch: Path | None = None,
    on_step: Callable[[str, int, int], None] | None = None,
    section_scores: bool = False,
    max_groups: int = 1000,
) -> dict[str, Any]:
    """``pipeline.analyse_file`` on a cluster, partitioned: the same output and summary.

    ``scratch`` (default: the output's folder) holds the partitions while the analysis runs; a worker
    on another machine must see it, and the input, at the same paths. ``on_step(stage, done, total)``
    follows the stages that take time: ``"sketch"`` by partition, ``"group"`` by band, ``"write"``
    by partition. With ``section_scores`` each line's sections are ``[id, score]`` pairs (the
    product's job stores them); the summary lists at most ``max_groups`` groups.
    """
    timings: dict[str, float] = {}
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    src = str(path.resolve())
    with tempfile.TemporaryDirectory(prefix="policycomm-analysis-", dir=scratch or out.parent) as tmp:
        t = time.perf_counter()
        ranges = byte_ranges(path, block_bytes)
        # At most two partitions per worker in flight: when a line is bad, the tasks still running are
        # awaited before the scratch folder is removed (none may write into it afterwards), and few run.
        todo = iter(enumerate(ranges))
        flight: deque[Future] = deque()

        def submit_next() -> None:
            for index, (start, end) in todo:
                flight.append(client.submit(spill_range, src, start, end, tmp, index, pure=False))
                return

        for _ in range(2 * workers):
            submit_next()
        bar = (
            tqdm(total=len(ranges), unit="phần", desc="Phác thảo trên cụm Dask", file=sys.stderr) if progress else None
        )
        parts: list[Part] = []
        line_base = 0
        try:
            while flight:
                future = flight.popleft()
                part = future.result()
                future.release()
                if part.error:
                    raise InputError(line_base + part.error[0], part.error[1])
                submit_next()
                line_base += part.lines
                parts.append(part)
                if bar:
                    bar.update(1)
                if on_step:
                    on_step("sketch", len(parts), len(ranges))
        finally:
            if bar:
                bar.close()
            if flight:
                client.gather(list(flight), errors="skip")
                flight.clear()
        sizes = np.asarray([p.row_key.size for p in parts], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        n = int(starts[-1])

        empty, stance = _joined(parts, "empty", bool), _joined(parts, "stance", np.uint8)
        weights, offsets = _joined(parts, "weights", np.int64), _joined(parts, "offsets", np.int64)
        copies = fold_copies(_joined(parts, "row_key", np.uint64), empty)
        article = _joined(parts, "article", np.uint64)[copies.first]
        del parts
        timings["sketch"] = time.perf_counter() - t

        t = time.perf_counter()
        # Which unique sketch each comment is the first copy of (-1: a later copy, or empty).
        unit = np.full(n, -1, dtype=np.int64)
        live = np.flatnonzero(~empty[copies.first])
        unit[copies.first[live]] = live
        for p in range(starts.size - 1):
            np.save(_file(tmp, p, "unit.npy"), unit[starts[p] : starts[p + 1]])
        del unit
        store = Partitioned(client, tmp, starts, copies.first, workers)
        copies_of = np.bincount(copies.inverse, minlength=copies.first.size)
        compact, rep = link(
            store,
            polarity(stance[copies.first]),
            article,
            copies_of,
            on_band=(lambda band: on_step("group", band + 1, ALL_BANDS)) if on_step else None,
        )
        grouping = grouping_of(copies, compact, rep, weights)
        timings["group"] = time.perf_counter() - t

        t = time.perf_counter()
        reps = grouping.representative
        largest = largest_groups(grouping, max_groups)
        by_part = {p: (at, local) for p, at, local in _by_part(starts, reps)}
        names: list[str] = [""] * reps.size
        rep_refs: list[list[Ref]] = [[] for _ in range(reps.size)] if sections else []
        name_futures = {p: client.submit(ids_json, tmp, p, local, pure=False) for p, (_, local) in by_part.items()}
        ref_futures = (
            {p: client.submit(refs_json, tmp, p, local, pure=False) for p, (_, local) in by_part.items()}
            if sections
            else {}
        )
        for p, (at, _) in by_part.items():
            for j, name in zip(at.tolist(), orjson.loads(name_futures[p].result()), strict=True):
                names[j] = name
            if sections:
                for j, refs in zip(at.tolist(), orjson.loads(ref_futures[p].result()), strict=True):
                    rep_refs[j] = [(d, k) for d, k in refs]
        del name_futures, ref_futures
        # The representatives' texts: all of them when themes or sections need them, else the largest.
        needed = np.arange(reps.size) if (with_themes or sections) else largest
        texts = dict(zip(needed.tolist(), read_texts(path, offsets[reps[needed]]), strict=True))
        timings["read_representatives"] = time.perf_counter() - t

        t = time.perf_counter()
        rep_texts = [texts[k] for k in range(reps.size)] if (with_themes or sections) else []
        if with_themes:
            theme_of_group, themes = themes_of(rep_texts, grouping.weight, True)
        else:
            theme_of_group, themes = np.zeros(reps.size, dtype=np.int64), []
        timings["themes"] = time.perf_counter() - t

        t = time.perf_counter()
        sections_of = None
        if sections:
            mapped = map_sections(rep_texts, sections, rep_refs)
            sections_of = [[[sid, score] if section_scores else sid for sid, score in m] for m in mapped]
        del rep_texts
        timings["sections"] = time.perf_counter() - t

        t = time.perf_counter()
        stance_of = campaign_stance(grouping, stance, weights).astype(np.uint8)
        writes = []
        for p in range(starts.size - 1):
            lo, hi = int(starts[p]), int(starts[p + 1])
            labels = grouping.labels[lo:hi]
            uniq = np.unique(labels)
            writes.append(
                client.submit(
                    write_part,
                    tmp,
                    p,
                    labels,
                    stance_of[lo:hi],
                    orjson.dumps([names[k] for k in uniq.tolist()]),
                    grouping.count[uniq],
                    theme_of_group[uniq],
                    orjson.dumps([sections_of[k] for k in uniq.tolist()]) if sections_of else None,
                    list(sections),
                    section_scores,
                    pure=False,
                )
            )
        partial = out.with_name(out.name + ".partial")
        with open(partial, "wb") as fh:
            for done, written in enumerate(writes, start=1):
                with open(written.result(), "rb") as piece:
                    shutil.copyfileobj(piece, fh, 1 << 20)
                written.release()
                if on_step:
                    on_step("write", done, len(writes))
        partial.replace(out)
        timings["write"] = time.perf_counter() - t
    timings["total"] = sum(v for k, v in timings.items() if k != "total")
    # In order of first appearance, as the one-process summary counts them.
    kinds, first_at, how_many = np.unique(stance_of, return_index=True, return_counts=True)
    counts = Counter({stance_rules.STANCES[int(kinds[j])]: int(how_many[j]) for j in np.argsort(first_at)})
    data = summary_of(grouping, names.__getitem__, texts.__getitem__, themes, counts, timings, max_groups)
    if summary:
        summary.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    return data
