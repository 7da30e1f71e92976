"""The analysis job: run the comment analysis engine over a consultation and store its output.

The machine's output (campaign, theme, sections, stance) is written to ``CommentAnalysis`` rows of
an ``AnalysisRun``; it never touches ``Comment.disposition``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from policycomm.analysis import contested, method, pipeline
from policycomm.analysis.sections import Section as EngineSection

from .models import AnalysisRun, CommentAnalysis, Consultation, StatementVote


def run_analysis(run_id: int, progress: Callable[[int], None]) -> AnalysisRun:
    """Analyse every visible comment of the run's consultation and store the machine's output."""
    run = AnalysisRun.objects.select_related("consultation__document").get(pk=run_id)
    consultation = run.consultation
    rows = list(
        consultation.comments.filter(hidden=False).order_by("pk").values_list("pk", "receipt", "text", "section__key")
    )
    sections = [EngineSection(s.key, s.text, s.heading) for s in consultation.document.sections.filter(retired=False)]
    progress(10)
    result = _analyse(
        [pipeline.Comment(receipt, text) for _, receipt, text, _ in rows],
        sections,
        lambda done, total: progress(10 + 60 * done // max(total, 1)),
    )
    progress(75)
    card = method.method_card((pk, text) for pk, _receipt, text, _section in rows)
    g = result.grouping
    items = []
    for i, (pk, _receipt, _text, chosen) in enumerate(rows):
        label = int(g.labels[i])
        secs = [[sid, score] for sid, score in result.sections(i)]
        if chosen and chosen not in [s[0] for s in secs]:
            secs.insert(0, [chosen, 1.0])  # the citizen chose this section on the portal
        items.append(
            CommentAnalysis(
                run=run,
                comment_id=pk,
                group_key=result.group_id(i),
                group_size=int(g.count[label]),
                is_representative=int(g.representative[label]) == i,
                theme=result.theme(i),
                sections=secs,
                stance=result.stance[i],
            )
        )
    summary = result.summary(max_groups=200)
    summary["themes"] = [{k: v for k, v in t.items() if k != "representatives"} for t in summary["themes"]]
    summary["contested"] = opinion_summary(consultation)
    progress(90)
    with transaction.atomic():
        CommentAnalysis.objects.bulk_create(items, batch_size=2000)
        # Older runs' rows are superseded; the runs themselves stay as history.
        CommentAnalysis.objects.filter(run__consultation=consultation).exclude(run=run).delete()
        run.status, run.progress, run.finished_at = AnalysisRun.Status.DONE, 100, timezone.now()
        run.comment_count, run.summary, run.method = len(rows), summary, card
        run.save(update_fields=["status", "progress", "finished_at", "comment_count", "summary", "method"])
    return run


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


def _analyse(
    comments: list[pipeline.Comment], sections: list[EngineSection], progress: Callable[[int, int], None]
) -> pipeline.Result:
    """The engine in this process, or its sketching on the configured Dask cluster for large inputs."""
    if not settings.ANALYSIS_SCHEDULER or len(comments) < settings.ANALYSIS_CLUSTER_MIN:
        return pipeline.analyse(comments, sections, progress=progress)
    # Imported here: the cluster client (distributed) costs 0.7 s and tens of MB to import, and the web
    # processes that import this module to queue a run never use it.
    from policycomm.analysis import cluster

    with cluster.connect(settings.ANALYSIS_SCHEDULER) as client:
        return pipeline.analyse(
            comments, sections, progress=progress, batches=lambda b: cluster.sketch_batches_on(client, b)
        )


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
