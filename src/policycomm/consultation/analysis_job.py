"""The analysis job: run the comment analysis engine over a consultation and store its output.

The machine's output (campaign, theme, sections, stance) is written to ``CommentAnalysis`` rows of
an ``AnalysisRun``; it never touches ``Comment.disposition``.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, TypedDict, TypeVar

import orjson
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from policycomm.analysis import contested, method, pipeline
from policycomm.analysis.sections import Section as EngineSection

from .models import AnalysisRun, Comment, CommentAnalysis, Consultation, StatementVote

T = TypeVar("T")


class AnalysedRow(TypedDict):
    """The machine's reading of one comment, as a ``CommentAnalysis`` row holds it."""

    comment_id: int
    group_key: str  # the campaign's representative's receipt
    group_size: int
    is_representative: bool
    theme: int
    sections: list[list[Any]]  # [section key, score], most likely first
    stance: str


class Outcome(NamedTuple):
    rows: Iterator[AnalysedRow]  # one per comment analysed
    summary: dict[str, Any]
    card: method.MethodCard


def run_analysis(run_id: int, progress: Callable[[int], None]) -> AnalysisRun:
    """Analyse every visible comment of the run's consultation and store the machine's output."""
    run = AnalysisRun.objects.select_related("consultation__document").get(pk=run_id)
    consultation = run.consultation
    visible = consultation.comments.filter(hidden=False).order_by("pk")
    sections = [EngineSection(s.key, s.text, s.heading) for s in consultation.document.sections.filter(retired=False)]
    progress(10)
    large = bool(settings.ANALYSIS_SCHEDULER) and visible.count() >= settings.ANALYSIS_CLUSTER_MIN
    with (_on_cluster if large else _in_process)(consultation, visible, sections, progress) as outcome:
        summary = outcome.summary
        summary["themes"] = [{k: v for k, v in t.items() if k != "representatives"} for t in summary["themes"]]
        summary["contested"] = opinion_summary(consultation)
        progress(90)
        with transaction.atomic():
            count = 0
            for batch in _batches(outcome.rows, 2000):
                CommentAnalysis.objects.bulk_create([CommentAnalysis(run=run, **row) for row in batch])
                count += len(batch)
            # Older runs' rows are superseded; the runs themselves stay as history.
            CommentAnalysis.objects.filter(run__consultation=consultation).exclude(run=run).delete()
            run.status, run.progress, run.finished_at = AnalysisRun.Status.DONE, 100, timezone.now()
            run.comment_count, run.summary, run.method = count, summary, outcome.card
            run.save(update_fields=["status", "progress", "finished_at", "comment_count", "summary", "method"])
    return run


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _with_chosen(secs: list[list[Any]], chosen: str | None) -> list[list[Any]]:
    """The machine's sections, with the one the citizen chose on the portal first when it missed it."""
    if chosen and chosen not in [s[0] for s in secs]:
        return [[chosen, 1.0], *secs]
    return secs


@contextmanager
def _in_process(
    consultation: Consultation,
    visible: QuerySet[Comment],
    sections: list[EngineSection],
    progress: Callable[[int], None],
) -> Iterator[Outcome]:
    """The engine in this process, over the comments held in memory."""
    rows = list(visible.values_list("pk", "receipt", "text", "section__key"))
    result = pipeline.analyse(
        [pipeline.Comment(receipt, text) for _, receipt, text, _ in rows],
        sections,
        lambda done, total: progress(10 + 60 * done // max(total, 1)),
    )
    progress(75)
    card = method.method_card((pk, text) for pk, _receipt, text, _section in rows)
    g = result.grouping

    def analysed() -> Iterator[AnalysedRow]:
        for i, (pk, _receipt, _text, chosen) in enumerate(rows):
            label = int(g.labels[i])
            yield AnalysedRow(
                comment_id=pk,
                group_key=result.group_id(i),
                group_size=int(g.count[label]),
                is_representative=int(g.representative[label]) == i,
                theme=result.theme(i),
                sections=_with_chosen([[sid, score] for sid, score in result.sections(i)], chosen),
                stance=result.stance[i],
            )

    yield Outcome(analysed(), result.summary(max_groups=200), card)


# The share of the run's progress bar each stage of a cluster run moves through: (start, span).
_CLUSTER_STEPS = {"sketch": (10, 60), "group": (70, 15), "write": (85, 4)}


@contextmanager
def _on_cluster(
    consultation: Consultation,
    visible: QuerySet[Comment],
    sections: list[EngineSection],
    progress: Callable[[int], None],
) -> Iterator[Outcome]:
    """The engine on the configured Dask cluster, partitioned: what ``policycomm analyze`` runs on a file.

    The comments are streamed from the database to a file in the scratch folder, and the output is
    read back from there a batch at a time; this process never holds the comments' texts.
    """
    # Imported here: the cluster client (distributed) costs 0.7 s and tens of MB to import, and the web
    # processes that import this module to queue a run never use it.
    from policycomm.analysis import cluster

    def on_step(stage: str, done: int, total: int) -> None:
        start, span = _CLUSTER_STEPS[stage]
        progress(start + span * done // max(total, 1))

    with (
        cluster.connect(settings.ANALYSIS_SCHEDULER) as client,
        tempfile.TemporaryDirectory(prefix="policycomm-run-", dir=settings.ANALYSIS_SCRATCH or None) as tmp,
    ):
        src, out = Path(tmp) / "comments.jsonl", Path(tmp) / "analysed.jsonl"
        with open(src, "wb") as fh:
            card = method.method_card(_written(visible.values_list("pk", "receipt", "text").iterator(5000), fh))
        summary = cluster.analyse_file_on(
            client,
            src,
            out,
            sections,
            progress=False,
            scratch=Path(tmp),
            on_step=on_step,
            section_scores=True,
            max_groups=200,
        )
        yield Outcome(_read_back(out, consultation), summary, card)


def _written(rows: Iterable[tuple[int, str, str]], fh: BinaryIO) -> Iterator[tuple[int, str]]:
    """Each comment written to the engine's input as it passes, and handed on as (pk, text) to the card."""
    for pk, receipt, text in rows:
        fh.write(orjson.dumps({"id": receipt, "text": text}) + b"\n")
        yield pk, text


def _read_back(out: Path, consultation: Consultation) -> Iterator[AnalysedRow]:
    """The engine's output lines as rows: comments are named by receipt there.

    A comment hidden since it was read keeps its row, as in one process; one erased since has none.
    """
    with open(out, "rb") as fh:
        for lines in _batches(fh, 2000):
            found = [orjson.loads(line) for line in lines]
            named = consultation.comments.filter(receipt__in=[x["id"] for x in found])
            known = {r: (pk, chosen) for r, pk, chosen in named.values_list("receipt", "pk", "section__key")}
            for x in found:
                if x["id"] not in known:
                    continue
                pk, chosen = known[x["id"]]
                yield AnalysedRow(
                    comment_id=pk,
                    group_key=x["group"],
                    group_size=x["group_size"],
                    is_representative=x["id"] == x["group"],
                    theme=int(x["theme"][1:]) - 1,
                    sections=_with_chosen(x["sections"], chosen),
                    stance=x["stance"],
                )


def method_note(card: method.MethodCard | dict[str, Any]) -> list[str]:
    """The "Cách phân tích" note of a run's method card, in sentences; empty for a run without a card."""
    if not card:
        return []
    g, t, m = card["grouping"], card["themes"], card["measured"]
    lines = [
        _(
            "Phiên bản bộ phân tích %(version)s; nhóm trùng nội dung: K = %(k)s, %(bands)s băng, ngưỡng %(threshold)s, "
            "ngưỡng với ý kiến đại diện %(anchor)s; lô %(batch)s ý kiến."
        )
        % {
            "version": card["engine_version"],
            "k": g["k"],
            "bands": g["bands"],
            "threshold": number_format(g["threshold"]),
            "anchor": number_format(g["anchor"]),
            "batch": card["batch"],
        },
        (
            _("Chủ đề: tối đa %(max)s chủ đề, hạt giống ngẫu nhiên %(seed)s.")
            % {"max": t["max_themes"], "seed": t["seed"]}
            if t["enabled"]
            else _("Không phân chủ đề.")
        ),
        _("Mô hình: %(models)s.") % {"models": "; ".join(card["models"])},
        _("Dấu vân tay dữ liệu đầu vào (sha256 của mã và nội dung %(n)s ý kiến): %(sha)s.")
        % {"n": card["comments"], "sha": card["input_sha256"][:12]},
        _("Độ chính xác đo được của cách nhóm (ngày %(on)s, trên %(corpus)s): độ chính xác %(p)s, độ bao phủ %(r)s.")
        % {
            "on": m["measured_on"],
            "corpus": m["corpus"],
            "p": number_format(m["grouping_precision"]),
            "r": number_format(m["grouping_recall"]),
        },
        _(
            "Chạy lại với cùng phiên bản bộ phân tích, cùng tham số trên cùng dữ liệu đầu vào (cùng dấu vân tay) "
            "cho cùng một kết quả."
        ),
    ]
    return [str(line) for line in lines]


def opinion_summary(consultation: Consultation) -> dict[str, Any]:
    """Opinion groups, consensus and division from the votes on the consultation's statements.

    Empty when there are no statements; ``{"error": reason, ...}`` when too few people voted.
    """
    statements = dict(consultation.statements.filter(hidden=False).values_list("pk", "text"))
    if not statements:
        return {}
    people: dict[str, int] = {}
    votes = [
        contested.Vote(people.setdefault(voter, len(people)), sid, vote, int(at.timestamp() * 1000))
        for sid, voter, vote, at in StatementVote.objects.filter(statement_id__in=statements)
        .order_by("pk")
        .values_list("statement_id", "voter", "vote", "updated_at")
        .iterator(chunk_size=5000)
    ]
    try:
        found = contested.opinion_map(statements, votes)
    except contested.VoteError as exc:
        return {"error": exc.reason, "participants": len(people), "votes": len(votes)}
    data = found.to_dict()
    del data["membership"]  # anonymous tokens; the screen needs only the groups' sizes
    return data
