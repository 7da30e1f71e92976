"""Themes: distinct comments (one per campaign) clustered by what they talk about.

TF-IDF over syllables and syllable pairs of the match form (so a comment typed without accents
falls in the same theme), then mini-batch k-means, weighted by how many people gave each comment.
A theme's label is made of its key phrases: the terms that weigh most in its centre, written back
with their diacritics as Vietnamese words (underthesea's segmenter turns "du thao" into "dự thảo").
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .normalise import fold, has_diacritics, match_form, segment

#: scikit-learn token pattern: every run of letters or digits is a term.
WORD = r"(?u)\b\w+\b"

# Words that say nothing about a comment's subject, in folded form. Used for labels and features.
STOPWORDS = frozenset(
    " ".join(
        (
            "toi chung toi cua va la cac nhung co duoc trong cho ve nay de khi tai thi mot nguoi viec voi o tu den",
            "nhu theo da se can nen khong chua rat hon nua cung con ma vi neu do day kia ay ra vao lai len xuong",
            "du thao quy dinh de nghi dong y ban soan thao y kien gop y luat nghi dinh dieu khoan diem muc chuong",
            "xin hoi cho hoi tai sao nhu the nao ung ho phan doi kien nghi bo sung sua doi hoan toan ap dung",
        )
    ).split()
)


@dataclass
class Theme:
    index: int
    label: str
    size: int  # people (sum of weights)
    comments: int  # distinct comments
    key_phrases: list[str] = field(default_factory=list)
    representatives: list[int] = field(default_factory=list)  # indices into the input


#: Defaults of ``find_themes``: at most this many themes, and the random seed of SVD and k-means.
MAX_THEMES = 30
SEED = 407


def _k_for(n: int, max_themes: int) -> int:
    return max(1, min(max_themes, n, round(math.sqrt(n / 8))))


def find_themes(
    texts: Sequence[str],
    weights: Sequence[int] | np.ndarray | None = None,
    max_themes: int = MAX_THEMES,
    seed: int = SEED,
) -> tuple[np.ndarray, list[Theme]]:
    """Theme index per text, and the themes (largest first)."""
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64), []
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    w = np.asarray(weights if weights is not None else np.ones(n), dtype=np.float64)
    folded = [match_form(t) for t in texts]
    vec = TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=2 if n >= 50 else 1,
        max_df=0.6 if n >= 50 else 1.0,
        max_features=60000,
        sublinear_tf=True,
        token_pattern=WORD,
        stop_words=sorted(STOPWORDS),
        dtype=np.float32,
    )
    try:
        x = vec.fit_transform(folded)
    except ValueError:  # nothing but stop words
        return np.zeros(n, dtype=np.int64), [Theme(0, "Ý kiến chung", int(w.sum()), n, [], list(range(min(3, n))))]
    k = _k_for(n, max_themes)
    # Reduce to a dense space first (latent semantic analysis): k-means on raw sparse TF-IDF puts
    # almost everything in one cluster.
    dims = min(100, x.shape[1] - 1, n - 1)
    if dims >= 2:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.preprocessing import normalize

        z = normalize(TruncatedSVD(n_components=dims, random_state=seed).fit_transform(x))
    else:
        z = x.toarray()
    km = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=4096)
    labels = km.fit_predict(z, sample_weight=w).astype(np.int64)
    terms = np.asarray(vec.get_feature_names_out())
    # A theme's key terms: the mean TF-IDF of its members in the original space.
    onehot = np.zeros((n, k), dtype=np.float32)
    onehot[np.arange(n), labels] = 1.0
    counts = np.maximum(onehot.sum(axis=0), 1.0)
    centres = np.asarray((x.T @ onehot).T) / counts[:, None]
    closeness = np.einsum("ij,ij->i", z, km.cluster_centers_[labels])

    themes: list[Theme] = []
    for t in range(k):
        members = np.flatnonzero(labels == t)
        if members.size == 0:
            continue
        top = [terms[i] for i in np.argsort(-centres[t])[:8] if centres[t][i] > 0]
        reps = members[np.argsort(-closeness[members])[:3]].tolist()
        sample = [texts[i][:400] for i in members[np.argsort(-closeness[members])[:25]]]
        phrases = _key_phrases(top, sample)
        themes.append(
            Theme(t, ", ".join(phrases[:3]) or "Ý kiến khác", int(w[members].sum()), int(members.size), phrases, reps)
        )
    themes.sort(key=lambda th: -th.size)
    remap = np.zeros(k, dtype=np.int64)
    for new, th in enumerate(themes):
        remap[th.index] = new
        th.index = new
    return remap[labels], themes


def _key_phrases(top_terms: Sequence[str], sample: Sequence[str]) -> list[str]:
    """Top centre terms written back as Vietnamese words with their diacritics.

    A term is shown only when a segmented word of the theme's accented comments folds to it (or
    contains it, so "thu nhap" can come back as "thuế thu nhập"): a label never shows a folded or
    mistyped form.
    """
    surfaces: dict[str, Counter[str]] = {}
    for text in sample:
        if not has_diacritics(text):
            continue
        for word in segment(text):
            if " " in word or len(word) > 2:
                surfaces.setdefault(fold(word).lower(), Counter())[word.lower()] += 1
    phrases: list[str] = []
    covered: set[str] = set()
    for term in top_terms:
        if term in covered or set(term.split()) <= covered:
            continue
        best = None
        if term in surfaces and surfaces[term].total() >= 2:
            best = surfaces[term].most_common(1)[0][0]
        else:
            candidates = [
                (c.total(), f) for f, c in surfaces.items() if " " in f and f" {term} " in f" {f} " and c.total() >= 2
            ]
            if candidates:
                best = surfaces[max(candidates)[1]].most_common(1)[0][0]
        if best is None or fold(best) in STOPWORDS:
            continue
        covered.update({term, fold(best), *term.split(), *fold(best).split()})
        phrases.append(best)
    return phrases
