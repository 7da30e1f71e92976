"""B-cubed precision, recall and F1 of a clustering against ground-truth labels."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _codes(values: Sequence[object]) -> np.ndarray:
    _, codes = np.unique(np.asarray(values, dtype=object).astype(str), return_inverse=True)
    return codes.astype(np.int64)


def bcubed_items(pred: Sequence[object], truth: Sequence[object]) -> tuple[np.ndarray, np.ndarray]:
    """Per-item B-cubed precision and recall.

    For item i in predicted cluster C and true class L: precision |C ∩ L| / |C|, recall |C ∩ L| / |L|.
    """
    p, t = _codes(pred), _codes(truth)
    both = p * (t.max() + 1) + t
    _, both_idx, both_n = np.unique(both, return_inverse=True, return_counts=True)
    inter = both_n[both_idx]
    return inter / np.bincount(p)[p], inter / np.bincount(t)[t]


def bcubed(pred: Sequence[object], truth: Sequence[object], mask: np.ndarray | None = None) -> dict[str, float]:
    """Averages over all items, or over the items where ``mask`` is true."""
    prec, rec = bcubed_items(pred, truth)
    if mask is not None:
        prec, rec = prec[mask], rec[mask]
    if prec.size == 0:
        return {"precision": float("nan"), "recall": float("nan"), "f1": float("nan"), "n": 0}
    p, r = float(prec.mean()), float(rec.mean())
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n": int(prec.size)}
