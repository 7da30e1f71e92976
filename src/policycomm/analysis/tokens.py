"""Words and word n-grams of a whole batch of folded texts, as numpy arrays of 64-bit hashes.

Everything the engine matches (shingles for the grouper, lexicon phrases for stance) is a word
n-gram hash computed here once per batch: no Python loop runs per word.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .normalise import DOC_SEP, fold_batch, to_words

U64 = np.uint64
_P = 0x100000001B3  # odd: invertible modulo 2**64
_INV_P = pow(_P, -1, 2**64)
START = U64(0x9E3779B97F4A7C15)
_C1 = U64(0xC2B2AE3D27D4EB4F)


def mix(z: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the bits of a 64-bit hash (in place)."""
    z ^= z >> U64(30)
    z *= U64(0xBF58476D1CE4E5B9)
    z ^= z >> U64(27)
    z *= U64(0x94D049BB133111EB)
    z ^= z >> U64(31)
    return z


def _powers(base: int, size: int) -> np.ndarray:
    out = np.full(size, base, dtype=U64)
    out[0] = 1
    return np.cumprod(out, dtype=U64)


class _Powers:
    """P**i and P**-i modulo 2**64, grown on demand."""

    def __init__(self) -> None:
        self.pw = np.ones(1, dtype=U64)
        self.inv = np.ones(1, dtype=U64)

    def upto(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if self.pw.size < n:
            size = max(n, 2 * self.pw.size)
            self.pw = _powers(_P, size)
            self.inv = _powers(_INV_P, size)
        return self.pw[:n], self.inv[:n]


POWERS = _Powers()  # shared by every batch of this process


@dataclass
class Words:
    """The words of a batch: their hash, their document, and where each document starts."""

    hashes: np.ndarray  # (w,) uint64
    doc: np.ndarray  # (w,) int64
    first: np.ndarray  # (w,) bool: first word of its document
    seps: np.ndarray  # byte positions of the document separators
    n_docs: int
    starts: np.ndarray  # (w,) int64: byte position of each word in the folded buffer

    def ngrams(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Hashes of the word n-grams that lie inside one document, and the document of each."""
        if self.hashes.size < n:
            return np.zeros(0, U64), np.zeros(0, np.int64)
        h = self.hashes[: self.hashes.size - n + 1].copy()
        valid = np.ones(h.size, dtype=bool)
        for k in range(1, n):
            h = mix(h * _C1 + self.hashes[k : k + h.size])
            valid &= ~self.first[k : k + h.size]
        return h[valid], self.doc[: h.size][valid]


def words_of(folded: bytes, n_docs: int) -> Words:
    """Split a folded batch buffer (documents separated by ``DOC_SEP``) into hashed words."""
    arr = np.frombuffer(to_words(folded), dtype=np.uint8)
    seps = np.flatnonzero(arr == DOC_SEP)
    isword = (arr != 0x20) & (arr != DOC_SEP)
    edges = np.diff(np.concatenate(([0], isword.view(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    doc = np.searchsorted(seps, starts)
    pw, inv = POWERS.upto(arr.size + 1)
    prefix = np.zeros(arr.size + 1, dtype=U64)
    np.cumsum(arr.astype(U64) * pw[: arr.size], out=prefix[1:])
    hashes = mix((prefix[ends] - prefix[starts]) * inv[starts])
    first = np.ones(hashes.size, dtype=bool)
    first[1:] = doc[1:] != doc[:-1]
    return Words(hashes, doc, first, seps, n_docs, starts)


def shingles(words: Words) -> np.ndarray:
    """Hash of each word with the word before it (a start marker for a document's first word)."""
    prev = np.empty_like(words.hashes)
    prev[1:] = words.hashes[:-1]
    prev[words.first] = START
    return mix(prev * _C1 + words.hashes)


def phrase_hash(phrase: str) -> tuple[int, int]:
    """(number of words, hash) of a folded phrase, equal to its n-gram hash in any batch."""
    w = words_of(fold_batch([phrase]), 1)
    n = int(w.hashes.size)
    h, _ = w.ngrams(n)
    return n, int(h[0])
