"""Pass 1 of ``analyse_file`` on a Dask cluster: the input split by byte range, one task per range.

Each task opens the input itself, reads only its own range of lines and returns what the grouper
keeps of them (ids, weights, line offsets, sketches), never the text: no worker and no message
holds the corpus. The ranges end at line ends and each comment's sketch depends on its text alone,
so the result is the same as the one-process path's (``tests/test_analysis_cluster.py``). A worker
on another machine must see the input at the same path (a shared file system or a copy). The
in-memory path (``sketch_batches_on``, the product's background job) sends each batch's texts to a
worker and gets its sketches back.

``scheduler`` is a Dask scheduler address (``tcp://host:8786``) or ``"local"``: a cluster of this
machine's cores, one single-threaded worker process per core (the sketching is numpy and Python,
which holds the GIL between array calls).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dask
from distributed import Client, LocalCluster
from tqdm import tqdm

from .grouping import Sketches, sketch_texts
from .pipeline import BLOCK_BYTES, Block, SketchedFile, join_blocks, sketch_block

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


def sketch_batches_on(client: Client, batches: list[list[str]]) -> Iterator[Sketches]:
    """Sketches of batches of texts, computed on the cluster, in the batches' order."""
    futures = client.map(sketch_texts, batches, pure=False)
    for future in futures:
        yield future.result()
        future.release()


def sketch_file_on(client: Client, path: Path, progress: bool = False, block_bytes: int = BLOCK_BYTES) -> SketchedFile:
    """Pass 1 on the cluster: the same result as ``pipeline.sketch_file``."""
    ranges = byte_ranges(path, block_bytes)
    futures = client.map(sketch_range, [str(path.resolve())] * len(ranges), *zip(*ranges, strict=True), pure=False)
    bar = tqdm(total=len(ranges), unit="phần", desc="Phác thảo trên cụm Dask", file=sys.stderr) if progress else None
    blocks: list[Block] = []
    try:
        # In file order: a worker runs ahead on the ranges after the one being collected.
        for future in futures:
            block = future.result()
            future.release()
            blocks.append(block)
            if block.error:
                break  # join_blocks reports it; the later ranges' futures are dropped with the list
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
    return join_blocks(blocks)
