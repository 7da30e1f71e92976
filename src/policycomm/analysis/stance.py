"""Stance of a comment from a documented Vietnamese lexicon.

Five stances: ``support`` (ủng hộ), ``oppose`` (phản đối), ``change`` (đề nghị sửa đổi, bổ sung),
``question`` (hỏi, đề nghị làm rõ) and ``other``. Cues are whole-word phrases matched on the folded
text, so a comment typed without accents gets the same stance. When several cues occur, the first
rule that fires wins, in this order:

1. an explicit refusal ("không đồng ý", "phản đối", "không nên") is ``oppose``, even if the comment
   then proposes something: the person is against the draft as written;
2. a request to explain ("đề nghị làm rõ", "tại sao", a question mark) is ``question``;
3. a proposal ("đề nghị", "kiến nghị", "bổ sung", "sửa đổi", "nên quy định") is ``change``;
4. agreement ("đồng ý", "ủng hộ", "nhất trí", "tán thành") is ``support``;
5. anything else is ``other``.

Negated agreement ("không đồng ý", "chưa đồng tình") is caught by rule 1 before rule 4 can see
"đồng ý". The lexicon is matched on whole batches with word n-gram hashes (``tokens``).

This reads one text. The copies of a campaign then share one stance, the one most of its people
hold (``pipeline.campaign_stance``), so that a copy with one changed sentence does not stand apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Final

import numpy as np

from .normalise import fold_batch_punct
from .tokens import Words, phrase_hash, words_of

SUPPORT: Final = "support"
OPPOSE: Final = "oppose"
CHANGE: Final = "change"
QUESTION: Final = "question"
OTHER: Final = "other"
STANCES: Final = (SUPPORT, OPPOSE, CHANGE, QUESTION, OTHER)  # names on screens: CommentAnalysis.Stance


_AGREE = ("đồng ý", "đồng tình", "ủng hộ", "tán thành", "nhất trí", "tán đồng")
_NEGATION = ("không", "chưa", "chẳng", "ko")
LEXICON: Final[dict[str, tuple[str, ...]]] = {
    OPPOSE: (
        *(f"{neg} {agree}" for neg in _NEGATION for agree in _AGREE),
        *(f"không hoàn toàn {agree}" for agree in _AGREE),
        "phản đối",
        "bác bỏ",
        "không nên",
        "không thể chấp nhận",
        "không chấp nhận",
        "không hợp lý",
        "bất hợp lý",
        "không phù hợp",
        "gây khó khăn",
        "gây phiền hà",
        "gây thiệt hại",
        "đề nghị loại bỏ",
        "đề nghị hủy bỏ",
    ),
    QUESTION: (
        "tại sao",
        "vì sao",
        "như thế nào",
        "thế nào",
        "bao giờ",
        "khi nào",
        "có phải",
        "hay không",
        "là gì",
        "xin hỏi",
        "cho hỏi",
        "cho tôi hỏi",
        "làm rõ",
        "giải thích",
        "giải đáp",
        "cho biết",
    ),
    CHANGE: (
        "đề nghị",
        "kiến nghị",
        "đề xuất",
        "bổ sung",
        "sửa đổi",
        "sửa lại",
        "sửa thành",
        "thay thế",
        "thay bằng",
        "điều chỉnh",
        "viết lại",
        "chỉnh sửa",
        "nên quy định",
        "cần quy định",
        "nên bổ sung",
        "cần xem xét",
        "nên xem xét",
    ),
    SUPPORT: (
        *_AGREE,
        "hoàn toàn hợp lý",
        "rất hợp lý",
        "hợp lý",
        "cần thiết",
        "đúng đắn",
        "thiết thực",
    ),
}
#: Stances in the order their rules fire.
ORDER: Final = (OPPOSE, QUESTION, CHANGE, SUPPORT)
_QUESTION_MARK = ord("?")


@lru_cache(maxsize=1)
def _hashes() -> dict[str, dict[int, np.ndarray]]:
    """stance → {phrase length in words: sorted hashes}."""
    out: dict[str, dict[int, np.ndarray]] = {}
    for stance in ORDER:
        by_len: dict[int, list[int]] = {}
        for phrase in LEXICON[stance]:
            n, h = phrase_hash(phrase)
            by_len.setdefault(n, []).append(h)
        out[stance] = {n: np.unique(np.asarray(hs, dtype=np.uint64)) for n, hs in by_len.items()}
    return out


def classify_batch(folded: bytes, words: Words) -> np.ndarray:
    """Index into ``STANCES`` for every document of a batch."""
    n = words.n_docs
    out = np.full(n, STANCES.index(OTHER), dtype=np.uint8)
    decided = np.zeros(n, dtype=bool)
    grams = {k: words.ngrams(k) for k in {k for v in _hashes().values() for k in v}}
    for stance in ORDER:
        hit_docs = [doc[np.isin(h, _hashes()[stance][k])] for k, (h, doc) in grams.items() if k in _hashes()[stance]]
        if stance == QUESTION:
            marks = np.flatnonzero(np.frombuffer(folded, dtype=np.uint8) == _QUESTION_MARK)
            hit_docs.append(np.searchsorted(words.seps, marks))
        docs = np.unique(np.concatenate(hit_docs)) if hit_docs else np.zeros(0, np.int64)
        docs = docs[~decided[docs]]
        out[docs] = STANCES.index(stance)
        decided[docs] = True
    return out


def classify_many(texts: Sequence[str]) -> list[str]:
    """Stance of each text (any case, with or without diacritics)."""
    folded = fold_batch_punct(texts)
    return [STANCES[i] for i in classify_batch(folded, words_of(folded, len(texts)))]


def classify(text: str) -> str:
    """Stance of one text."""
    return classify_many([text])[0]
