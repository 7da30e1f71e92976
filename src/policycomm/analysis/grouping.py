"""Near-duplicate (campaign) grouping at national scale.

The method, in one paragraph. Every comment is reduced to its match form (``normalise``): folded
diacritics, no salutation or signature, no punctuation. Its shingles are the pairs of consecutive
syllables. A 128-slot *one-permutation MinHash* sketch is built from the shingles, with rotation
densification for short texts; the hashes of its whole sentences (the S smallest) follow the slots
in the same row. All of this runs on whole batches with numpy, never per word in Python. Sketches
are bucketed by locality-sensitive hashing (32 bands of 4 slots), and by pairs of their smallest
sentence hashes (one more band, for copies with sentences replaced); neighbours in a bucket (in an
order shuffled band by band) are checked, and kept only when ``verdicts`` says they are the same
letter and the two are not of opposite polarity (one agrees, the other refuses). The bar is
``threshold`` of equal slots (estimated Jaccard similarity); sharing whole sentences lowers it (a
letter with one sentence replaced, added or left out keeps most of its sentences), and sharing only
one sentence while each says something of its own raises it (two opinions around one quoted
passage), as does sharing two of three. Groups are the connected components of the kept pairs, with
chains broken at the representative. Precision matters more than recall: a pair that is not clearly
the same letter is not merged, unless one of the two is left alone and the other's group is a large
campaign (``ATTACH``): a comment that shares two of its three sentences with a letter copied fifty times
is likelier a copy of it than an opinion of its own (at 1 M, mixed-copy recall 0.965 → 0.975 for unique
precision 0.9967 → 0.9965).

Exact copies (same sketch) are folded together before the bucketing, so a campaign of 100,000
identical letters costs one comparison, not 100,000.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from . import stance as stance_rules
from .normalise import byte_set, fold_batch_punct
from .tokens import POWERS, U64, Words, mix, shingles, words_of

K = 128  # sketch slots
BANDS = 32
ROWS = K // BANDS
THRESHOLD = 0.6
# A member of a group must also be this close to the group's representative: connected components
# alone chain A~B~C until two different letters meet in one group.
ANCHOR = 0.3
# Chain breaking repeats until no member is far from its representative, at most this many times. Each
# round peels from a chain the members close to its representative; at 10 M comments, a chain of
# thousands of campaigns (joined by a few stray links) needed more than the four rounds there were.
ANCHOR_ROUNDS = 64
# How whole sentences in common move the bar of equal slots (``verdicts``).
SHARED3 = 0.5
# At most this many sentences of the longer comment not in the other, for SHARED3: without it, two
# different letters that share an opening, a closing and one quoted sentence merged (1 M: P 0.906).
SLACK = 2
HIGH = 4 / 3
# Two comments of SHORT sentences each that share two of them, each with one of its own, need HIGH too:
# at 1 M, most unique comments merged with another were an opinion and two reasons sharing the opinion
# and one reason (unique precision 0.990; 0.997 with this rule, mixed-copy recall 0.001 lower).
SHORT = 3
# What ``verdicts`` says of a pair: not the same letter; the same letter if one of the two is alone and
# the other's group is large (``ATTACH``); the same letter.
APART, NEAR, SAME = 0, 1, 2
# A group of at least ATTACH comments takes in a comment left alone that is NEAR one of its members and
# its representative (``_attach``): at 1 M, 428 of the 948 mixed copies missed shared two sentences with
# their letter's group, the shape of two unique comments around a common opinion and clause. A pair alone
# cannot tell the two apart; the size of the group the copy would join can.
ATTACH = 50
EMPTY = np.uint32(0xFFFFFFFF)
# Whole sentences: the hashes of a comment's S smallest distinct sentences (of at least SENTENCE_WORDS
# words) follow the K MinHash slots in its sketch row, EMPTY where it has fewer.
S = 8
WIDTH = K + S
SENTENCE_WORDS = 4
_SENTENCE_STOP = byte_set(b".!?;\n\x1e")
# Whole-sentence candidates: besides the LSH bands, two comments that share two of their PAIR_FROM
# smallest sentence hashes are compared too (band number ``SENTENCE_BAND``, after the LSH bands). A
# copy with one or two sentences replaced often shares too few slots to meet in any band: at 200 k,
# half of the copies missed had a member of their letter's group the rule would have accepted.
# A pair first met there is kept only with SENTENCE_BAND_SHARED sentences in common: at 1 M, the
# pairs it added that share two sentences were mostly two short comments around a common clause.
PAIR_FROM = 4
SENTENCE_BAND_SHARED = 3
_SENTENCE_PAIRS = [(i, j) for i in range(PAIR_FROM) for j in range(i + 1, PAIR_FROM)]
SENTENCE_KEYS = len(_SENTENCE_PAIRS)  # keys per comment in the sentence band
SENTENCE_BAND = BANDS
ALL_BANDS = BANDS + 1
_DENSIFY = np.uint32(0x9E3779B1)
_C1 = U64(0xC2B2AE3D27D4EB4F)
BUCKET_SALT = 0x9E3779B97F4A7C15
_SENTENCE_SALT = U64((SENTENCE_BAND + 1) * 0xC2B2AE3D27D4EB4F % (1 << 64))

_DIEU = re.compile(rb"dieu (\d{1,3})\b")
_KHOAN_BEFORE = re.compile(rb"khoan (\d{1,3})\s*,?\s*(?:cua |tai )?$")
_SUPPORT = stance_rules.STANCES.index(stance_rules.SUPPORT)
_OPPOSE = stance_rules.STANCES.index(stance_rules.OPPOSE)

Ref = tuple[int, int | None]
STEP = 1 << 18  # pairs compared at a time


@dataclass
class Sketches:
    """What the grouper keeps per comment: never the text itself."""

    sketch: np.ndarray  # (n, WIDTH) uint32: K MinHash slots, then S sentence hashes
    empty: np.ndarray  # (n,) bool: no words left after normalisation
    stance: np.ndarray  # (n,) uint8: index into stance.STANCES
    refs: list[list[Ref]] = field(default_factory=list)  # (điều, khoản) explicitly cited, per comment

    def __len__(self) -> int:
        return int(self.empty.size)

    @staticmethod
    def concat(parts: Sequence[Sketches]) -> Sketches:
        if not parts:
            return Sketches(np.zeros((0, WIDTH), np.uint32), np.zeros(0, bool), np.zeros(0, np.uint8), [])
        return Sketches(
            np.concatenate([p.sketch for p in parts]),
            np.concatenate([p.empty for p in parts]),
            np.concatenate([p.stance for p in parts]),
            [r for p in parts for r in p.refs],
        )


def explicit_refs(folded: bytes, seps: np.ndarray, n: int) -> list[list[Ref]]:
    """(điều, khoản) cited in each document: "Điều 5", "khoản 2 Điều 7", "khoản 2 của Điều 7"."""
    refs: list[list[Ref]] = [[] for _ in range(n)]
    found = list(_DIEU.finditer(folded))
    docs = np.searchsorted(seps, [m.start() for m in found]).tolist() if found else []
    for m, doc in zip(found, docs, strict=True):
        before = _KHOAN_BEFORE.search(folded, max(0, m.start() - 24), m.start())
        ref = (int(m.group(1)), int(before.group(1)) if before else None)
        if ref not in refs[doc]:
            refs[doc].append(ref)
    return refs


def sketch_texts(texts: Sequence[str]) -> Sketches:
    """Sketch a batch of comments (a few thousand at a time keeps memory flat)."""
    n = len(texts)
    folded = fold_batch_punct(texts)
    words = words_of(folded, n)
    stances = stance_rules.classify_batch(folded, words)
    refs = explicit_refs(folded, words.seps, n)
    sh = shingles(words)
    out = np.full(n * K, EMPTY, dtype=np.uint32)
    slot = (sh >> U64(57)).astype(np.int64)
    np.minimum.at(out, words.doc * K + slot, (sh & U64(0xFFFFFFFF)).astype(np.uint32))
    empty = np.bincount(words.doc, minlength=n) == 0
    sketch = np.empty((n, WIDTH), dtype=np.uint32)
    sketch[:, :K] = out.reshape(n, K)
    _densify(sketch[:, :K], empty)
    sketch[:, K:] = sentence_columns(folded, words, n)
    return Sketches(sketch, empty, stances, refs)


def sentence_columns(folded: bytes, words: Words, n: int) -> np.ndarray:
    """(n, S): per document, the S smallest 32-bit hashes of its distinct sentences, EMPTY after.

    A sentence runs to the next ``. ! ? ;`` or line end of the folded text (salutation and signature
    are already blanked); one of fewer than ``SENTENCE_WORDS`` words is not counted.
    """
    out = np.full((n, S), EMPTY, dtype=np.uint32)
    w = words.hashes.size
    if w == 0:
        return out
    stops = np.cumsum(_SENTENCE_STOP[np.frombuffer(folded, dtype=np.uint8)], dtype=np.int32)
    sent = stops[words.starts]
    new = np.ones(w, dtype=bool)
    new[1:] = sent[1:] != sent[:-1]
    begin = np.flatnonzero(new)
    end = np.r_[begin[1:], w]
    pw, inv = POWERS.upto(w + 1)
    prefix = np.zeros(w + 1, dtype=U64)
    np.cumsum(words.hashes * pw[:w], out=prefix[1:])
    long = (end - begin) >= SENTENCE_WORDS
    begin, end = begin[long], end[long]
    h = mix((prefix[end] - prefix[begin]) * inv[begin] + (end - begin).astype(U64))
    h32 = np.minimum(h >> U64(32), U64(0xFFFFFFFE))
    key = np.sort((words.doc[begin].astype(U64) << U64(32)) | h32)
    key = key[np.r_[True, key[1:] != key[:-1]]]
    doc = (key >> U64(32)).astype(np.int64)
    firsts = np.r_[True, doc[1:] != doc[:-1]]
    rank = np.arange(key.size) - np.maximum.accumulate(np.where(firsts, np.arange(key.size), 0))
    keep = rank < S
    out[doc[keep], rank[keep]] = (key[keep] & U64(0xFFFFFFFF)).astype(np.uint32)
    return out


def _densify(sketch: np.ndarray, empty_docs: np.ndarray) -> None:
    """Fill empty slots from the next filled slot to the right (rotation densification)."""
    holes = sketch == EMPTY
    rows = np.flatnonzero(holes.any(axis=1) & ~empty_docs)
    if rows.size == 0:
        return
    sub = sketch[rows]
    cols = np.arange(K)
    idx = np.where(holes[rows], 4 * K, cols)
    doubled = np.concatenate([idx, idx + K], axis=1)
    nxt = np.minimum.accumulate(doubled[:, ::-1], axis=1)[:, ::-1][:, :K]
    dist = (nxt - cols).astype(np.uint32)
    src = sub[np.arange(rows.size)[:, None], nxt % K]
    with np.errstate(over="ignore"):
        filled = src + dist * _DENSIFY
    sketch[rows] = np.where(holes[rows], filled, sub)


@dataclass
class Grouping:
    """Result of grouping n comments."""

    labels: np.ndarray  # (n,) int64: group index, 0..groups-1
    representative: np.ndarray  # (groups,) int64: index of the comment that stands for the group
    count: np.ndarray  # (groups,) int64: comments in the group
    weight: np.ndarray  # (groups,) int64: people in the group (sum of num_items)


def row_keys(sketch: np.ndarray) -> np.ndarray:
    """One 64-bit hash per sketch row, to find exact copies."""
    h = np.zeros(sketch.shape[0], dtype=U64)
    for j in range(0, K, 2):
        pair = (sketch[:, j].astype(U64) << U64(32)) | sketch[:, j + 1].astype(U64)
        h = mix(h * _C1 + pair)
    return h


def band_keys(sketch: np.ndarray, band: int) -> np.ndarray:
    cols = sketch[:, band * ROWS : (band + 1) * ROWS].astype(U64)
    h = np.full(sketch.shape[0], band + 1, dtype=U64)
    for r in range(ROWS):
        h = mix(h * _C1 + cols[:, r])
    return h


def sentence_keys(sketch: np.ndarray) -> np.ndarray:
    """(SENTENCE_KEYS, n): a key per pair of a row's PAIR_FROM smallest sentences, 0 where it has fewer.

    The sentence columns are in ascending order, so the same two sentences give the same key in any
    two rows, whatever their ranks.
    """
    cols = sketch[:, K : K + PAIR_FROM].astype(U64)
    out = np.zeros((SENTENCE_KEYS, sketch.shape[0]), dtype=U64)
    for r, (i, j) in enumerate(_SENTENCE_PAIRS):
        h = mix(mix(cols[:, i] + _SENTENCE_SALT) * _C1 + cols[:, j])
        h[h == 0] = 1
        out[r] = np.where((cols[:, i] != EMPTY) & (cols[:, j] != EMPTY), h, 0)
    return out


def sentence_pairs(keys: np.ndarray, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``bucket_pairs`` of the sentence band: ``keys`` is (SENTENCE_KEYS, n), 0 for no key, of the rows
    ``units``.

    A pair of rows that share several sentence pairs comes back once per shared key.
    """
    flat = keys.T.ravel()  # each row's keys together, rows in order
    entry = np.flatnonzero(flat)
    return bucket_pairs(flat[entry], units[entry // SENTENCE_KEYS], SENTENCE_BAND)


def bucket_pairs(keys: np.ndarray, units: np.ndarray, band: int) -> tuple[np.ndarray, np.ndarray]:
    """(member, next member) of every bucket with two or more members: ``units[i]`` has key ``keys[i]``.

    A bucket is a chain, not a star around its first member: a bucket of common word pairs can hold
    several letters, and a chain compares each comment with its neighbour rather than every comment
    with one that may be another letter. The chain's order is a shuffle of the members that differs
    from band to band (``BUCKET_SALT``), so that a member of another letter standing between two copies
    in one band's bucket does not stand between them in every band: in comment order, at 200 k, a
    quarter of the mixed copies missed had a member of their group the rule accepts in a bucket they
    shared. The order depends only on the members, not on where they were read, so that every store
    gives the same pairs.
    """
    tie = mix(units.astype(U64) * _C1 + U64((band + 1) * BUCKET_SALT % (1 << 64)))
    order = np.lexsort((tie, keys))
    sk = keys[order]
    same = sk[1:] == sk[:-1]
    return units[order[:-1][same]], units[order[1:][same]]


def _representatives(comp: np.ndarray, degree: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Compact component ids, and per component the member with the highest degree."""
    _, compact = np.unique(comp, return_inverse=True)
    ncomp = int(compact.max()) + 1 if compact.size else 0
    order = np.lexsort((-degree, compact))
    firsts = order[np.r_[True, compact[order][1:] != compact[order][:-1]]] if order.size else order
    rep = np.empty(ncomp, dtype=np.int64)
    rep[compact[firsts]] = firsts
    return compact, rep


class Agrees(Protocol):
    """What chain breaking needs of the unique sketches: the pair comparison alone."""

    def judge(self, a: np.ndarray, b: np.ndarray, need: int, shared: int = 0) -> np.ndarray:
        """Per pair of unique sketches: ``verdicts`` at ``need``, with ``shared`` sentences in common at least."""
        ...


class Store(Agrees, Protocol):
    """Where the grouper finds the unique sketches: in memory, or in partitions on a cluster."""

    def band_pairs(self, band: int) -> tuple[np.ndarray, np.ndarray]:
        """(member, next member) of every bucket of ``band``, over the unique non-empty sketches.

        Bands 0 to BANDS - 1 are the LSH bands (``band_keys``), band ``SENTENCE_BAND`` the sentence
        pairs (``sentence_keys``).
        """
        ...


class InMemory:
    """The unique sketches, held in this process."""

    def __init__(self, sketch: np.ndarray, empty: np.ndarray) -> None:
        self.sketch = sketch
        self.live = np.flatnonzero(~empty)
        self.sub = sketch[self.live]

    def band_pairs(self, band: int) -> tuple[np.ndarray, np.ndarray]:
        if band == SENTENCE_BAND:
            return sentence_pairs(sentence_keys(self.sub), self.live)
        return bucket_pairs(band_keys(self.sub, band), self.live, band)

    def judge(self, a: np.ndarray, b: np.ndarray, need: int, shared: int = 0) -> np.ndarray:
        out = np.zeros(a.size, dtype=np.int8)
        for lo in range(0, a.size, STEP):
            sa, sb = self.sketch[a[lo : lo + STEP]], self.sketch[b[lo : lo + STEP]]
            out[lo : lo + STEP] = verdicts(sa, sb, need, shared)
        return out


def sentences_shared(ta: np.ndarray, tb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row by row: how many sentences two blocks of sentence columns share, and how many each has."""
    common = (ta[:, :, None] == tb[:, None, :]).any(axis=2) & (ta != EMPTY)
    return (
        np.count_nonzero(common, axis=1),
        np.count_nonzero(ta != EMPTY, axis=1),
        np.count_nonzero(tb != EMPTY, axis=1),
    )


def verdicts(sa: np.ndarray, sb: np.ndarray, need: int, at_least: int = 0) -> np.ndarray:
    """Row by row: ``SAME`` when two blocks of sketch rows are the same letter at slot agreement ``need``,
    ``NEAR`` when they would be in a large group, else ``APART``.

    ``need`` equal MinHash slots is the bar for two comments that share no sentence structure. Whole
    sentences move it: three or more sentences in common, at least half of the shorter comment's and
    all but ``SLACK`` of the longer one's (a copy with one or two sentences replaced, added or left
    out), lower it to ``SHARED3 * need``. Two comments that share at most one sentence while each has
    another of its own are two opinions around one quoted passage, and need ``HIGH * need`` (a typo in
    every sentence still reaches it); so do two of ``SHORT`` sentences that share two. With
    ``at_least``, a pair must also share that many sentences.

    ``NEAR``: a pair the bar rejects although it shares two sentences and half of the shorter comment's, or
    one the bar accepts but for ``HIGH`` or ``at_least``.
    """
    eq = np.count_nonzero(sa[:, :K] == sb[:, :K], axis=1)
    out = np.where(eq >= (HIGH * need if sa.shape[1] > K else need), SAME, APART).astype(np.int8)
    if sa.shape[1] <= K:
        return out
    look = np.flatnonzero((out == APART) & (eq >= SHARED3 * need))
    if look.size == 0:
        return out
    shared, na, nb = sentences_shared(sa[look, K:], sb[look, K:])
    e = eq[look]
    three = (
        (shared >= 3)
        & (2 * shared >= np.minimum(na, nb))
        & (shared + SLACK >= np.maximum(na, nb))
        & (e >= SHARED3 * need)
    )
    own = ((shared <= 1) & (na > shared) & (nb > shared) & (na >= 2) & (nb >= 2)) | (
        (shared == 2) & (na == SHORT) & (nb == SHORT)
    )
    same = three | ((e >= need) & ~own)
    near = (e >= need) | ((shared >= 2) & (2 * shared >= np.minimum(na, nb)))
    out[look] = np.where(same, SAME, np.where(near, NEAR, APART))
    if at_least:
        yes = np.flatnonzero(out == SAME)
        out[yes[sentences_shared(sa[yes, K:], sb[yes, K:])[0] < at_least]] = NEAR
    return out


def _components(m: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(a.size, dtype=np.int8), (a, b)), shape=(m, m))
    return connected_components(graph, directed=False)[1]


class _Subset:
    """``judge`` over some of a store's sketches, numbered from 0 in the order of ``ids``.

    A subset of a subset maps straight to the store: a round of chain breaking costs one lookup, not one
    per round above it.
    """

    def __init__(self, store: Agrees, ids: np.ndarray) -> None:
        if isinstance(store, _Subset):
            ids = store.ids[ids]
            store = store.store
        self.store: Agrees = store
        self.ids: np.ndarray = ids

    def judge(self, a: np.ndarray, b: np.ndarray, need: int, shared: int = 0) -> np.ndarray:
        return self.store.judge(self.ids[a], self.ids[b], need, shared)


def _anchored(
    store: Agrees,
    comp: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    copies: np.ndarray,
    rounds: int = ANCHOR_ROUNDS,
    checked: np.ndarray | None = None,
    verdict: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Break chains: members far from their group's representative leave and regroup among themselves.

    The representative is the member most linked to the others (copies count as links). A member
    whose estimated similarity to it is below ``ANCHOR`` loses its links to the group; the members
    that left form their own groups from the links among them, and the check repeats on those groups
    alone (the others are final), at most ``rounds`` more times. A member close to the representative
    stays in the group through that comparison itself, even when the links that brought it in went
    through a member that left. ``checked`` and ``verdict`` say which representative each member was
    last compared with, and the answer: only members whose representative changed are compared again.
    """
    m = comp.size
    need = math.ceil(ANCHOR * K)
    degree = np.bincount(a, minlength=m) + np.bincount(b, minlength=m) + copies
    compact, rep = _representatives(comp, degree)
    if rounds == 0:
        return compact, rep
    anchor = rep[compact]
    checked = np.arange(m) if checked is None else checked
    verdict = np.ones(m, dtype=bool) if verdict is None else verdict.copy()
    again = np.flatnonzero(anchor != checked)
    verdict[again] = anchor[again] == again
    again = again[anchor[again] != again]
    verdict[again] = store.judge(again, anchor[again], need) == SAME
    if verdict.all():
        return compact, rep
    # The groups with a member far from their representative, and their links (both ends of a link
    # are in one group): the leavers keep their links among themselves, those who stay link to it.
    dirty = np.zeros(rep.size, dtype=bool)
    dirty[compact[~verdict]] = True
    sub = np.flatnonzero(dirty[compact])
    local = np.full(m, -1, dtype=np.int64)
    local[sub] = np.arange(sub.size)
    inside = dirty[compact[a]]
    a, b = a[inside], b[inside]
    keep = verdict[a] == verdict[b]
    stay = sub[verdict[sub] & (anchor[sub] != sub)]
    la = local[np.concatenate([a[keep], stay])]
    lb = local[np.concatenate([b[keep], anchor[stay]])]
    sub_compact, sub_rep = _anchored(
        _Subset(store, sub),
        _components(sub.size, la, lb),
        la,
        lb,
        copies[sub],
        rounds - 1,
        local[anchor[sub]],
        verdict[sub],
    )
    # The final groups: the settled ones, then those of the rounds below, numbered by their first
    # member as connected components number them.
    settled = np.flatnonzero(~dirty)
    renumber = np.full(rep.size, -1, dtype=np.int64)
    renumber[settled] = np.arange(settled.size)
    label = renumber[compact]
    label[sub] = settled.size + sub_compact
    return _numbered(label, np.concatenate([rep[settled], sub[sub_rep]]))


def _numbered(label: np.ndarray, reps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Groups numbered by their first member, as connected components number them; empty ones dropped."""
    m = label.size
    first = np.full(reps.size, m, dtype=np.int64)
    np.minimum.at(first, label, np.arange(m))
    order = np.argsort(first)
    order = order[first[order] < m]
    rank = np.full(reps.size, -1, dtype=np.int64)
    rank[order] = np.arange(order.size)
    return rank[label], reps[order]


def _apart(polar: np.ndarray, article: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs never compared: of opposite polarity, or citing only different articles (two opinions on two
    provisions, however alike the wording)."""
    ca, cb = article[a], article[b]
    return (polar[a] * polar[b] < 0) | (((ca & cb) == 0) & (ca > 0) & (cb > 0))


def _attach(
    store: Agrees,
    compact: np.ndarray,
    rep: np.ndarray,
    near: tuple[np.ndarray, np.ndarray],
    copies: np.ndarray,
    polar: np.ndarray,
    article: np.ndarray,
    need: int,
) -> tuple[np.ndarray, np.ndarray]:
    """A unique sketch left alone joins a group of at least ``ATTACH`` comments it was ``NEAR`` a member of,
    when it is ``NEAR`` the group's representative too; the largest such group, if several.

    ``near`` holds the pairs ``link`` found ``NEAR``. A sketch alone with ``ATTACH`` copies or more is a
    group that takes others in, never one that joins.
    """
    groups = rep.size
    size = np.bincount(compact, weights=copies, minlength=groups)
    alone = (np.bincount(compact, minlength=groups) == 1) & (size < ATTACH)
    x = np.concatenate(near)
    y = np.concatenate(near[::-1])
    ok = alone[compact[x]] & (size[compact[y]] >= ATTACH)
    x, to = np.divmod(np.unique(x[ok] * groups + compact[y[ok]]), groups)
    keep = ~_apart(polar, article, x, rep[to])
    x, to = x[keep], to[keep]
    keep = store.judge(x, rep[to], need) >= NEAR
    x, to = x[keep], to[keep]
    if x.size == 0:
        return compact, rep
    order = np.lexsort((-size[to], x))  # each sketch's largest group first, then the lowest numbered
    x, to = x[order], to[order]
    first = np.r_[True, x[1:] != x[:-1]]
    label = compact.copy()
    label[x[first]] = to[first]
    return _numbered(label, rep)


class Copies(NamedTuple):
    """Exact copies folded together: ``first[u]`` is the first comment of unique sketch u."""

    first: np.ndarray  # (m,) int64 index into the comments
    inverse: np.ndarray  # (n,) int64 unique sketch of each comment


def fold_copies(keys: np.ndarray, empty: np.ndarray) -> Copies:
    """Exact copies share a row key (``row_keys``); empty comments never join anyone."""
    keys = keys.copy()
    keys[empty] = np.arange(int(empty.sum()), dtype=U64)  # distinct, and unlike any hash
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return Copies(first.astype(np.int64), inverse.astype(np.int64).reshape(-1))


def article_masks(refs: Sequence[list[Ref]]) -> np.ndarray:
    """The articles each comment cites ("Điều 18"), as a 64-bit set."""
    return np.fromiter((sum(1 << (d % 64) for d in {r[0] for r in rs}) for rs in refs), U64, len(refs))


def link(
    store: Store,
    polar: np.ndarray,
    article: np.ndarray,
    copies: np.ndarray,
    threshold: float = THRESHOLD,
    on_band: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Components and representatives of the unique sketches: the grouping itself, wherever they are.

    ``polar`` is +1 (agrees), -1 (refuses) or 0 per unique sketch, ``article`` its cited articles,
    ``copies`` how many comments it stands for; ``on_band(band)`` is called as each band is done.
    """
    m = polar.size
    need = math.ceil(threshold * K - 1e-9)
    comp = np.arange(m)
    kept_a: list[np.ndarray] = []
    kept_b: list[np.ndarray] = []
    near_a: list[np.ndarray] = []
    near_b: list[np.ndarray] = []
    for band in range(ALL_BANDS):
        a, b = store.band_pairs(band)
        if band == SENTENCE_BAND and a.size:  # a pair sharing three sentences meets in three buckets
            a, b = np.divmod(np.unique(a * m + b), m)
        # Pairs already joined through earlier bands need no second look; nor do pairs kept ``_apart``.
        look = (comp[a] != comp[b]) & ~_apart(polar, article, a, b)
        a, b = a[look], b[look]
        verdict = store.judge(a, b, need, SENTENCE_BAND_SHARED if band == SENTENCE_BAND else 0)
        near_a.append(a[verdict == NEAR])
        near_b.append(b[verdict == NEAR])
        keep = verdict == SAME
        if keep.any():
            kept_a.append(a[keep])
            kept_b.append(b[keep])
            # Components of the links so far: the earlier components joined by this band's links.
            comp = _components(m, comp[a[keep]], comp[b[keep]])[comp]
        if on_band:
            on_band(band)
    a = np.concatenate(kept_a) if kept_a else np.zeros(0, np.int64)
    b = np.concatenate(kept_b) if kept_b else np.zeros(0, np.int64)
    comp = _components(m, a, b)  # numbered as components of all the links, whatever the order of bands
    compact, rep = _anchored(store, comp, a, b, copies)
    near = (np.concatenate(near_a), np.concatenate(near_b)) if near_a else (a[:0], b[:0])
    return _attach(store, compact, rep, near, copies, polar, article, need)


def polarity(stance: np.ndarray) -> np.ndarray:
    polar = np.zeros(stance.size, dtype=np.int8)
    polar[stance == _SUPPORT] = 1
    polar[stance == _OPPOSE] = -1
    return polar


def grouping_of(copies: Copies, compact: np.ndarray, rep: np.ndarray, weights: np.ndarray) -> Grouping:
    ncomp = rep.size
    labels = compact[copies.inverse].astype(np.int64)
    count = np.bincount(labels, minlength=ncomp)
    weight = np.bincount(labels, weights=weights, minlength=ncomp).astype(np.int64)
    return Grouping(labels, copies.first[rep], count, weight)


def group(sk: Sketches, weights: np.ndarray | None = None, threshold: float = THRESHOLD) -> Grouping:
    """Group comments whose sketches say they are the same letter."""
    n = len(sk)
    if weights is None:
        weights = np.ones(n, dtype=np.int64)
    if n == 0:
        z = np.zeros(0, dtype=np.int64)
        return Grouping(z, z, z, z)
    copies = fold_copies(row_keys(sk.sketch), sk.empty)
    u = copies.first
    article = article_masks([sk.refs[i] for i in u]) if sk.refs else np.zeros(u.size, dtype=U64)
    store = InMemory(sk.sketch[u], sk.empty[u])
    copies_of = np.bincount(copies.inverse, minlength=u.size)
    compact, rep = link(store, polarity(sk.stance[u]), article, copies_of, threshold)
    return grouping_of(copies, compact, rep, weights)
