"""A finished draft's outcome, as the portal shows it first: the answers counted by disposition.

"Finished" is a closed window whose answers are published, or whose document has a published synthesis
report. The counts are one aggregate, so the draft page's cost does not grow with the answers.
"""

from __future__ import annotations

from typing import TypedDict

from django.db.models import Count, Q

from .models import Comment, Consultation, SynthesisReport

D = Comment.Disposition


class DispositionCount(TypedDict):
    code: str
    label: str
    n: int


class AnswerSummary(TypedDict):
    total: int
    rows: list[DispositionCount]


def is_finished(c: Consultation, report: SynthesisReport | None) -> bool:
    return c.status == "closed" and (c.dispositions_published_at is not None or report is not None)


def answer_summary(c: Consultation) -> AnswerSummary:
    """The published answers counted by disposition (one query); zero everywhere before publishing."""
    if c.dispositions_published_at is None:
        return {"total": 0, "rows": []}
    agg = c.comments.filter(hidden=False).aggregate(
        total=Count("pk"), **{code: Count("pk", filter=Q(disposition=code)) for code in D.values}
    )
    rows: list[DispositionCount] = [
        {"code": code, "label": str(label), "n": int(agg[code] or 0)} for code, label in D.choices
    ]
    return {"total": int(agg["total"] or 0), "rows": rows}
