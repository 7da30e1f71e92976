"""Comment-analysis benchmark: our grouping against a datasketch MinHashLSH baseline, same data, same run.

Usage: ``python bench/analysis/run.py`` (``make bench`` runs it). ``BENCH_ANALYSIS_SIZES`` sets the
corpus sizes (default ``100000,1000000``); ``BENCH_BASELINE_MAX`` the largest size the baseline is
run on (default 100000: at a million it takes many minutes). Prints wall time, peak memory and
B-cubed precision / recall / F1, overall, per edit kind and with and without diacritics.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import orjson

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from metrics import bcubed

from policycomm.analysis.normalise import match_form

SIZES = [int(x) for x in os.environ.get("BENCH_ANALYSIS_SIZES", "100000,1000000").split(",")]
BASELINE_MAX = int(os.environ.get("BENCH_BASELINE_MAX", "100000"))


def truth_of(path: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    truth, edit, plain = [], [], []
    with open(path, "rb") as fh:
        for line in fh:
            row = orjson.loads(line)
            truth.append(row["truth"])
            edit.append(row["edit"])
            plain.append(row["plain"])
    return truth, np.asarray(edit), np.asarray(plain)


def report(name: str, pred: list[str], truth: list[str], edit: np.ndarray, plain: np.ndarray) -> dict:
    overall = bcubed(pred, truth)
    print(f"  {name:<10} B-cubed P {overall['precision']:.4f}  R {overall['recall']:.4f}  F1 {overall['f1']:.4f}")
    for kind in sorted(set(edit.tolist())):
        m = bcubed(pred, truth, edit == kind)
        print(f"    {kind:<10} n={m['n']:>7}  P {m['precision']:.4f}  R {m['recall']:.4f}  F1 {m['f1']:.4f}")
    for label, mask in (("no marks", plain), ("with marks", ~plain)):
        m = bcubed(pred, truth, mask)
        print(f"    {label:<10} n={m['n']:>7}  P {m['precision']:.4f}  R {m['recall']:.4f}  F1 {m['f1']:.4f}")
    return overall


def ours(path: Path, tmp: Path, themes: bool) -> tuple[dict, list[str]]:
    out, summary = tmp / "out.jsonl", tmp / "summary.json"
    cmd = [sys.executable, "-m", "policycomm.cli", "analyze", str(path), "--out", str(out), "--summary", str(summary)]
    if not themes:
        cmd.append("--no-themes")
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    data = orjson.loads(summary.read_bytes())
    data["wall_s"] = wall
    with open(out, "rb") as fh:
        pred = [orjson.loads(line)["group"] for line in fh]
    return data, pred


def baseline(path: Path) -> tuple[float, float, list[str]]:
    """The straightforward pipeline, as datasketch's documentation sets out near-duplicate removal.

    Per comment: the same matching form, a word-bigram MinHash, a query of the MinHashLSH index;
    a candidate whose estimated Jaccard reaches the threshold makes the comment its copy, and a
    comment with no such candidate is inserted as a new distinct one. The index therefore only
    holds distinct comments, which keeps every query short.
    """
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.6, num_perm=128)
    sigs: dict[str, MinHash] = {}
    labels: list[str] = []
    with open(path, "rb") as fh:
        for i, line in enumerate(fh):
            words = match_form(orjson.loads(line)["text"]).split()
            shingles = {f"{a} {b}".encode() for a, b in zip(["^", *words], words, strict=False)}
            mh = MinHash(num_perm=128)
            mh.update_batch(list(shingles) or [b"^"])
            match = next((key for key in lsh.query(mh) if sigs[key].jaccard(mh) >= 0.6), None)
            if match is None:
                match = str(i)
                lsh.insert(match, mh)
                sigs[match] = mh
            labels.append(match)
    wall = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return wall, rss, labels


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="policycomm-analysis-bench-"))
    for n in SIZES:
        path = tmp / f"corpus-{n}.jsonl"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(path)], check=True)
        truth, edit, plain = truth_of(path)
        print(f"\n== {n:,} comments ({path.stat().st_size / 1e6:.0f} MB) ==")
        data, pred = ours(path, tmp, themes=False)
        t = data["timings_s"]
        grouping_s = t["sketch"] + t["group"]
        print(
            f"  policycomm grouping {grouping_s:.1f} s (sketch {t['sketch']:.1f} + group {t['group']:.1f}); "
            f"whole command {data['wall_s']:.1f} s; peak RSS {data['peak_rss_mb']:.0f} MB"
        )
        report("policycomm", pred, truth, edit, plain)
        if n <= 100_000:
            themed, _ = ours(path, tmp, themes=True)
            print(
                f"  themes over {themed['groups']['total']:,} distinct comments: {themed['timings_s']['themes']:.1f} s"
            )
        if n <= BASELINE_MAX:
            wall, rss, base = baseline(path)
            print(f"  datasketch baseline {wall:.1f} s; peak RSS {rss:.0f} MB (this process)")
            report("baseline", base, truth, edit, plain)
            print(f"  speed ratio (baseline / policycomm grouping): {wall / grouping_s:.1f}x")


if __name__ == "__main__":
    main()
