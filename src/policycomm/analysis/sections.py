"""Which section of the draft a comment is about.

An explicit reference in the comment ("Điều 5", "khoản 2 Điều 7") wins: the comment goes to that
section with score 1. Otherwise the comment is compared with every section's text (TF-IDF cosine
over syllables and syllable pairs of the match form) and gets its best section, and a second one
when that is nearly as close; below ``MIN_SCORE`` it gets none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .normalise import fold, match_form
from .themes import WORD

# Below this cosine a comment gets no section. 0.05 is right most often on bench/semantic's labelled comments
# together with its comments on none of the sections (0.68 of all rows, against 0.49 at the 0.12 used
# before, which left most labelled comments unmapped); chosen on that same set (bench/results.md).
MIN_SCORE = 0.05
SECOND_RATIO = 0.75
_KEY = re.compile(r"dieu[-\s]+(\d+)(?:\D+khoan[-\s]+(\d+))?")
_TITLE = re.compile(r"^\s*(?:khoan\s+(\d+)\s+)?dieu\s+(\d+)")


@dataclass
class Section:
    id: str
    text: str
    title: str = ""

    def article(self) -> tuple[int | None, int | None]:
        """(điều, khoản) of the section, read from its id ("dieu-5.khoan-2") or its title."""
        m = _KEY.search(fold(self.id))
        if m:
            return int(m.group(1)), int(m.group(2)) if m.group(2) else None
        m = _TITLE.search(fold(self.title or self.text))
        if m:
            return int(m.group(2)), int(m.group(1)) if m.group(1) else None
        return None, None


ArticleIndex = dict[tuple[int | None, int | None], str]


def article_index(sections: Sequence[Section]) -> ArticleIndex:
    """(điều, khoản) → section id, built once per draft."""
    index: ArticleIndex = {}
    for s in sections:
        art = s.article()
        if art[0] is not None:
            index.setdefault(art, s.id)
    return index


def resolve(refs: Sequence[tuple[int, int | None]], index: ArticleIndex) -> list[str]:
    """Section ids for explicit references: the khoản when it exists, else the điều."""
    out: list[str] = []
    for dieu, khoan in refs:
        sid = index.get((dieu, khoan)) or index.get((dieu, None))
        if sid and sid not in out:
            out.append(sid)
    return out


def map_sections(
    texts: Sequence[str],
    sections: Sequence[Section],
    refs: Sequence[Sequence[tuple[int, int | None]]] | None = None,
) -> list[list[tuple[str, float]]]:
    """(section id, score) pairs per text, best first."""
    if not sections:
        return [[] for _ in texts]
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=WORD, dtype=np.float32)
    section_forms = [match_form(f"{s.title} {s.text}") for s in sections]
    vec.fit(section_forms + [match_form(t) for t in texts[:20000]])
    sx = vec.transform(section_forms)
    index = article_index(sections)
    out: list[list[tuple[str, float]]] = []
    step = 4096
    for lo in range(0, len(texts), step):
        cx = vec.transform([match_form(t) for t in texts[lo : lo + step]])
        sims = (cx @ sx.T).toarray()
        for j, row in enumerate(sims):
            explicit = resolve(refs[lo + j], index) if refs else []
            if explicit:
                out.append([(sid, 1.0) for sid in explicit])
                continue
            order = np.argsort(-row)[:2]
            best = float(row[order[0]])
            picks = []
            if best >= MIN_SCORE:
                picks.append((sections[order[0]].id, round(best, 3)))
                if len(order) > 1 and row[order[1]] >= max(MIN_SCORE, SECOND_RATIO * best):
                    picks.append((sections[order[1]].id, round(float(row[order[1]]), 3)))
            out.append(picks)
    return out
