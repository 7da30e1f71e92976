"""The method card of an analysis: what produced it, so that a result can be explained and reproduced.

A card names the engine version, its parameters, the models it used and a fingerprint of the input
(sha256 over the comments' ids and texts, in the order the analysis read them). Running the same engine
version with the same parameters over input with the same fingerprint gives the same result: every
random step (SVD, k-means) has a fixed seed and the grouping is deterministic.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypedDict

from . import grouping, pipeline, themes
from . import sections as section_mapping

#: Raised whenever a change to the engine can change its output for the same input.
ENGINE_VERSION = "2026.12.04.3"

#: Accuracy of the campaign grouping measured by ``bench/analysis/run.py`` (bench/results.md,
#: "Comment analysis", 200,000 comments). The one place these figures live.
MEASURED: dict[str, float | str] = {
    "grouping_precision": 0.9995,
    "grouping_recall": 0.9966,
    "grouping_f1": 0.9980,
    "measured_on": "2026-12-04",
    "corpus": "200 000 ý kiến sinh tự động (bench/analysis)",
}


class GroupingParams(TypedDict):
    k: int
    bands: int
    threshold: float
    anchor: float
    anchor_rounds: int  # chain breaking, at most this many rounds
    sentences: int  # whole-sentence hashes per sketch
    shared3: float  # the bar with three sentences in common
    slack: int  # sentences of the longer comment allowed outside the other, for shared3
    high: float  # the bar with at most one sentence in common and each its own
    short: int  # two comments of this many sentences sharing two of them need high too
    sentence_band_from: int  # the sentence band's keys: pairs of this many smallest sentences
    sentence_band_shared: int  # sentences in common a pair first met in the sentence band needs
    attach: int  # a comment left alone, near a group of at least this many comments, joins it


class ThemeParams(TypedDict):
    enabled: bool
    max_themes: int
    seed: int


class SectionParams(TypedDict):
    min_score: float  # below this cosine a comment gets no section
    second_ratio: float  # a second section when it is this close to the best


class MethodCard(TypedDict):
    engine_version: str
    grouping: GroupingParams
    themes: ThemeParams
    sections: SectionParams
    batch: int
    models: list[str]
    input_sha256: str
    comments: int
    measured: dict[str, float | str]


class FileMethodCard(MethodCard):
    """The card of ``policycomm analyze``: the input is a file, fingerprinted byte for byte."""

    input: str  # what input_sha256 is the sha256 of
    sections_sha256: str | None


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def fingerprint(rows: Iterable[tuple[object, str]]) -> tuple[str, int]:
    """sha256 (hex) over ``(id, text)`` pairs in order, and how many there were.

    Each id and text is length-prefixed, so no two different inputs share a byte stream.
    """
    h = hashlib.sha256()
    n = 0
    for ident, text in rows:
        for part in (str(ident).encode(), text.encode()):
            h.update(len(part).to_bytes(8, "big"))
            h.update(part)
        n += 1
    return h.hexdigest(), n


def file_sha256(path: Path, stop: threading.Event | None = None) -> str:
    """sha256 (hex) of a file's bytes: what ``sha256sum`` prints.

    Once ``stop`` is set the reading ends with ``InterruptedError``: a command that fails early does
    not wait for the rest of a large input to be read.
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            if stop is not None and stop.is_set():
                raise InterruptedError(f"{path}: sha256 stopped")
            h.update(chunk)
    return h.hexdigest()


def file_method_card(
    digest: str, comments: int, *, with_themes: bool = True, sections: Path | None = None
) -> FileMethodCard:
    """The card of ``policycomm analyze`` over a file of ``comments`` comments whose sha256 is ``digest``."""
    return FileMethodCard(
        **_card(digest, comments, with_themes),
        input="sha256 của tệp đầu vào",
        sections_sha256=file_sha256(sections) if sections else None,
    )


def method_card(rows: Iterable[tuple[object, str]], *, with_themes: bool = True) -> MethodCard:
    """The card of an analysis run by ``pipeline.analyse`` over ``rows`` with its default parameters."""
    digest, n = fingerprint(rows)
    return _card(digest, n, with_themes)


def _card(digest: str, n: int, with_themes: bool) -> MethodCard:
    models = [f"MinHash {grouping.K} + LSH {grouping.BANDS} băng + băng câu (numpy {_version('numpy')})"]
    if with_themes:
        models.append(f"TF-IDF + LSA + MiniBatchKMeans (scikit-learn {_version('scikit-learn')})")
        models.append(f"underthesea segmenter (underthesea {_version('underthesea')})")
    return MethodCard(
        engine_version=ENGINE_VERSION,
        grouping=GroupingParams(
            k=grouping.K,
            bands=grouping.BANDS,
            threshold=grouping.THRESHOLD,
            anchor=grouping.ANCHOR,
            anchor_rounds=grouping.ANCHOR_ROUNDS,
            sentences=grouping.S,
            shared3=grouping.SHARED3,
            slack=grouping.SLACK,
            high=round(grouping.HIGH, 4),
            short=grouping.SHORT,
            sentence_band_from=grouping.PAIR_FROM,
            sentence_band_shared=grouping.SENTENCE_BAND_SHARED,
            attach=grouping.ATTACH,
        ),
        themes=ThemeParams(enabled=with_themes, max_themes=themes.MAX_THEMES, seed=themes.SEED),
        sections=SectionParams(min_score=section_mapping.MIN_SCORE, second_ratio=section_mapping.SECOND_RATIO),
        batch=pipeline.BATCH,
        models=models,
        input_sha256=digest,
        comments=n,
        measured=dict(MEASURED),
    )
