"""Analysis runs and the officer's decisions per campaign or theme.

Staff request a run (``analysis_request``); new comments refresh it (``analysis_refresh``), in
batches: the comments that arrive while a run waits share it. The job itself is
``analysis_job.run_analysis``. Only an officer's request, through ``group_dispose``, sets
dispositions for a whole campaign or theme, and each comment records that it was decided that way
and for which group of which run (``decided_for``, ``decided_run``, ``decided_group``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.orgs.access import Actor

from .access import can_process_consultation, can_run_analysis
from .models import AnalysisRun, Comment, CommentAnalysis, Consultation, DecidedFor
from .rules import check_disposition, lock_unpublished
from .selectors import active_run, group_members, latest_run
from .tasks import analyse_consultation


def _enqueue(run: AnalysisRun) -> None:
    def enqueue() -> None:
        task = analyse_consultation if run.run_after is None else analyse_consultation.using(run_after=run.run_after)
        result = task.enqueue(run.pk)
        AnalysisRun.objects.filter(pk=run.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)


def analysis_request(*, actor: Actor, consultation: Consultation) -> AnalysisRun:
    """Staff start an analysis; a run already waiting or running is reused.

    An automatic run still waiting out its delay is taken over and started now.
    """
    if not can_run_analysis(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền phân tích ý kiến của đợt này."), status=403)
    with transaction.atomic():
        Consultation.objects.select_for_update().get(pk=consultation.pk)
        run = active_run(consultation)
        if run is None:
            run = AnalysisRun.objects.create(consultation=consultation, requested_by=actor)
        elif run.status == AnalysisRun.Status.QUEUED and run.run_after is not None and run.run_after > timezone.now():
            # The delayed task finds the run already done and does nothing (tasks.analyse_consultation).
            run.requested_by, run.run_after = actor, None
            run.save(update_fields=["requested_by", "run_after"])
        else:
            return run  # already running, or about to start
        audit_record(
            actor=actor, action="analysis.request", obj=run, organisation_id=consultation.document.drafting_body_id
        )
        _enqueue(run)
    return run


def analysis_refresh(consultation_id: int) -> AnalysisRun | None:
    """New comments arrived: make sure one run will see them, without one run per comment.

    Nothing happens until the consultation has been analysed once. A run still waiting to start
    reads every comment when it starts (after its status says running), so it serves this comment
    too. Otherwise (no run, or one already running that read the comments before this one) one
    run is queued, to start ``ANALYSIS_REFRESH_DELAY`` seconds from now: the comments arriving
    meanwhile join it. However fast comments come, a consultation has at most one run waiting and
    one running, and a comment costs a lookup (the lock is taken only to queue a run).
    """
    runs = AnalysisRun.objects.filter(consultation_id=consultation_id)
    # One query per comment: the statuses its consultation's runs are in (none: never analysed).
    statuses = set(runs.order_by().values_list("status", flat=True).distinct())
    if not statuses or AnalysisRun.Status.QUEUED in statuses:
        return None
    with transaction.atomic():
        Consultation.objects.select_for_update().get(pk=consultation_id)
        if runs.filter(status=AnalysisRun.Status.QUEUED).exists():
            return None  # another comment queued it meanwhile
        delay = dt.timedelta(seconds=settings.ANALYSIS_REFRESH_DELAY)
        run = AnalysisRun.objects.create(consultation_id=consultation_id, run_after=timezone.now() + delay)
        _enqueue(run)
    return run


def group_dispose(
    *,
    actor: Actor,
    consultation: Consultation,
    kind: str,
    key: str,
    disposition: str,
    explanation: str,
    run_id: int | None = None,
) -> tuple[int, int]:
    """One disposition for every comment of a campaign or theme.

    ``run_id`` is the run the officer looked at (the latest one when not given). When a newer run
    has finished since, a campaign is found again by its representative comment; a theme cannot
    be (the new run numbers its themes afresh), so the decision is refused and the officer looks
    again. Comments an officer already decided on their own are left as they are. Returns
    (updated, kept).
    """
    if not can_process_consultation(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền xử lý ý kiến này."), status=403)
    explanation = check_disposition(disposition, explanation)
    run = latest_run(consultation)
    if run is None:
        raise DomainError("no_analysis", _("Chưa có kết quả phân tích cho đợt lấy ý kiến này."), status=409)
    if run_id is not None and run_id != run.pk:
        if kind != DecidedFor.CAMPAIGN:
            raise DomainError(
                "analysis_superseded",
                _(
                    "Kết quả phân tích vừa được cập nhật (lượt #%(run)d), các chủ đề có thể đã thay đổi. "
                    "Vui lòng xem lại chủ đề rồi xử lý chung."
                )
                % {"run": run.pk},
                status=409,
            )
        found = CommentAnalysis.objects.filter(run=run, comment__receipt=key).values_list("group_key", flat=True)
        key = found.first() or key
    label = ""
    if kind == DecidedFor.THEME and key.isdigit():
        themes = run.summary.get("themes", [])
        label = str(themes[int(key)].get("label", "")) if int(key) < len(themes) else ""
    ids = CommentAnalysis.objects.filter(group_members(run, kind, key)).values_list("comment_id", flat=True)
    with transaction.atomic():
        lock_unpublished(consultation.pk)
        members = Comment.objects.filter(pk__in=list(ids), hidden=False)
        if not members.exists():
            raise DomainError("empty_group", _("Nhóm này không còn ý kiến nào để xử lý."), status=404)
        own = members.filter(decided_for=DecidedFor.COMMENT).exclude(disposition="")
        kept = own.count()
        updated = members.exclude(pk__in=own.values("pk")).update(
            disposition=disposition,
            explanation=explanation,
            disposed_by=actor,
            disposed_at=timezone.now(),
            decided_for=kind,
            decided_run=run,
            decided_group=key,
            decided_label=label[:300],
        )
        audit_record(
            actor=actor,
            action=f"comment.dispose_{kind}",
            obj=consultation,
            organisation_id=consultation.document.drafting_body_id,
            after={
                "run": run.pk,
                "group": key,
                "disposition": disposition,
                "explanation": explanation,
                "comments": updated,
            },
            note=f"{updated} ý kiến; {kept} ý kiến đã xử lý riêng được giữ nguyên",
        )
    return updated, kept
