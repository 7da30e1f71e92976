"""``policycomm analyze`` in one process against the same command on a local Dask cluster.

Usage: ``python bench/analysis/cluster.py`` (``BENCH_CLUSTER_SIZES``, default ``1000000``; the issue's
figures are ``1000000,5000000,10000000``). For each size it generates a corpus (``generate.py``; kept and
reused in ``BENCH_CORPUS_DIR`` when that is set), runs the command without and with ``--scheduler local``,
and prints wall time, the peak of the memory of every process of the run added together (the command,
the scheduler, the nanny and worker processes: their resident set sizes summed, sampled every 0.2 s), the
stages' seconds, and B-cubed P/R/F1 of both, with their difference. Above ``BENCH_ONE_PROCESS_MAX``
comments (default 2,000,000) the one-process run is skipped: it holds every sketch, about 2.6 GB per
million comments.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import orjson
import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from metrics import bcubed

SIZES = [int(x) for x in os.environ.get("BENCH_CLUSTER_SIZES", "1000000").split(",")]
ONE_PROCESS_MAX = int(os.environ.get("BENCH_ONE_PROCESS_MAX", "2000000"))


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds, and peak summed RSS (GB) of the command's process tree."""
    start = time.perf_counter()
    # The analysis needs no secret; the development default lets the command start.
    env = {"POLICYCOMM_DEBUG": "1", **os.environ}
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env)
    proc = psutil.Process(child.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            with contextlib.suppress(psutil.Error):
                peak = max(peak, tree_rss(proc))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rc = child.wait()
    done.set()
    sampler.join()
    if rc:
        raise SystemExit(f"{cmd} failed: {rc}")
    return time.perf_counter() - start, peak / 1e9


def labels(path: Path, key: str) -> list[str]:
    with open(path, "rb") as fh:
        return [orjson.loads(line)[key] for line in fh]


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="policycomm-cluster-bench-"))
    corpora = Path(os.environ.get("BENCH_CORPUS_DIR") or tmp)
    for n in SIZES:
        src = corpora / f"corpus-{n}.jsonl"
        if not src.exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(src)], check=True)
        truth = labels(src, "truth")
        print(f"\n== {n:,} comments ({src.stat().st_size / 1e6:.0f} MB) ==", flush=True)
        base = [sys.executable, "-m", "policycomm.cli", "analyze", str(src), "--no-themes", "--quiet"]
        scores = {}
        runs = [("Dask, local cluster", ["--scheduler", "local", "--workers", "2", "--scratch", str(tmp)])]
        if n <= ONE_PROCESS_MAX:
            runs.insert(0, ("one process", []))
        else:
            print(f"  one process: not run above {ONE_PROCESS_MAX:,} comments (it holds every sketch)")
        for name, extra in runs:
            out, summary = tmp / "out.jsonl", tmp / "summary.json"
            wall, peak = run([*base, "--out", str(out), "--summary", str(summary), *extra])
            stages = orjson.loads(summary.read_bytes())["timings_s"]
            m = bcubed(labels(out, "group"), truth)
            scores[name] = m["f1"]
            print(
                f"  {name:<20} {wall:7.1f} s  peak memory of all processes {peak:5.2f} GB  "
                f"P {m['precision']:.4f} R {m['recall']:.4f} F1 {m['f1']:.4f}\n"
                f"  {'':<20} stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items() if k != "total"),
                flush=True,
            )
        if len(scores) == 2:
            one, dask = scores.values()
            print(f"  F1 difference (Dask - one process): {dask - one:+.4f}")


if __name__ == "__main__":
    main()
