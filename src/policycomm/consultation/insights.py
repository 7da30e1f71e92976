"""Machine analysis of a consultation's comments, and the officer's decisions per campaign or theme.

The machine's output (campaign, theme, sections, stance) is written to ``CommentAnalysis`` rows of
an ``AnalysisRun``; it never touches ``Comment.disposition``. Only an officer's request, through
``group_dispose``, sets dispositions for a whole campaign or theme, and each comment records that
it was decided that way (``decided_for``, ``decided_group``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from policycomm.analysis import contested, pipeline
from policycomm.analysis.sections import Section as EngineSection
from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.orgs.access import reaches

from .access import PROCESS_ROLES
from .models import AnalysisRun, Comment, CommentAnalysis, Consultation, DecidedFor, StatementVote

log = logging.getLogger(__name__)
ACTIVE = (AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING)


def latest_run(consultation: Consultation) -> AnalysisRun | None:
    """The newest finished run: the one screens and the report use."""
    return consultation.analyses.filter(status=AnalysisRun.Status.DONE).order_by("-finished_at", "-pk").first()


def active_run(consultation: Consultation) -> AnalysisRun | None:
    return consultation.analyses.filter(status__in=ACTIVE).order_by("-pk").first()


def _enqueue(run: AnalysisRun) -> None:
    from .tasks import analyse_consultation

    def enqueue() -> None:
        result = analyse_consultation.enqueue(run.pk)
        AnalysisRun.objects.filter(pk=run.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)


def analysis_request(*, actor: Any, consultation: Consultation) -> AnalysisRun:
    """Staff start an analysis; a run already waiting or running is reused."""
    if not reaches(actor, consultation.document.drafting_body.path, PROCESS_ROLES | {"leader"}):
        raise DomainError("forbidden", "Bạn không có quyền phân tích ý kiến của đợt này.", status=403)
    with transaction.atomic():
        Consultation.objects.select_for_update().get(pk=consultation.pk)
        run = active_run(consultation)
        if run is not None:
            return run
        run = AnalysisRun.objects.create(consultation=consultation, requested_by=actor)
        audit_record(
            actor=actor, action="analysis.request", obj=run, organisation_id=consultation.document.drafting_body_id
        )
        _enqueue(run)
    return run


def analysis_refresh(consultation_id: int) -> AnalysisRun | None:
    """New comments arrived: re-run, if the consultation has been analysed and nothing is queued."""
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
        if not consultation.analyses.exists() or active_run(consultation) is not None:
            return None
        run = AnalysisRun.objects.create(consultation=consultation)
        _enqueue(run)
    return run


def run_analysis(run_id: int, progress: Callable[[int], None]) -> AnalysisRun:
    """Analyse every visible comment of the run's consultation and store the machine's output."""
    run = AnalysisRun.objects.select_related("consultation__document").get(pk=run_id)
    consultation = run.consultation
    rows = list(
        consultation.comments.filter(hidden=False).order_by("pk").values_list("pk", "receipt", "text", "section__key")
    )
    sections = [EngineSection(s.key, s.text, s.heading) for s in consultation.document.sections.filter(retired=False)]
    progress(10)
    result = pipeline.analyse(
        [pipeline.Comment(receipt, text) for _, receipt, text, _ in rows],
        sections,
        progress=lambda done, total: progress(10 + 60 * done // max(total, 1)),
    )
    progress(75)
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
        run.comment_count, run.summary = len(rows), summary
        run.save(update_fields=["status", "progress", "finished_at", "comment_count", "summary"])
    return run


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


def group_members(run: AnalysisRun, kind: str, key: str) -> Q:
    """Filter on CommentAnalysis for one campaign (group key) or one theme (index as text)."""
    if kind == DecidedFor.CAMPAIGN:
        return Q(run=run, group_key=key)
    if kind == DecidedFor.THEME and key.isdigit():
        return Q(run=run, theme=int(key))
    raise DomainError("bad_group", "Nhóm ý kiến không hợp lệ.", field="kind")


def group_dispose(
    *, actor: Any, consultation: Consultation, kind: str, key: str, disposition: str, explanation: str
) -> tuple[int, int]:
    """One disposition for every comment of a campaign or theme.

    Comments an officer already decided on their own are left as they are. Returns (updated, kept).
    """
    from .services import check_disposition, lock_unpublished

    if not reaches(actor, consultation.document.drafting_body.path, PROCESS_ROLES):
        raise DomainError("forbidden", "Bạn không có quyền xử lý ý kiến này.", status=403)
    explanation = check_disposition(disposition, explanation)
    run = latest_run(consultation)
    if run is None:
        raise DomainError("no_analysis", "Chưa có kết quả phân tích cho đợt lấy ý kiến này.", status=409)
    ids = CommentAnalysis.objects.filter(group_members(run, kind, key)).values_list("comment_id", flat=True)
    with transaction.atomic():
        lock_unpublished(consultation.pk)
        members = Comment.objects.filter(pk__in=list(ids), hidden=False)
        if not members.exists():
            raise DomainError("empty_group", "Nhóm này không còn ý kiến nào để xử lý.", status=404)
        own = members.filter(decided_for=DecidedFor.COMMENT).exclude(disposition="")
        kept = own.count()
        updated = members.exclude(pk__in=own.values("pk")).update(
            disposition=disposition,
            explanation=explanation,
            disposed_by=actor,
            disposed_at=timezone.now(),
            decided_for=kind,
            decided_group=key,
        )
        audit_record(
            actor=actor,
            action=f"comment.dispose_{kind}",
            obj=consultation,
            organisation_id=consultation.document.drafting_body_id,
            after={"group": key, "disposition": disposition, "explanation": explanation, "comments": updated},
            note=f"{updated} ý kiến; {kept} ý kiến đã xử lý riêng được giữ nguyên",
        )
    return updated, kept
