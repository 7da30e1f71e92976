"""New comments re-run the analysis in batches: one waiting run per consultation, whatever the rate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from policycomm.consultation import insights
from policycomm.consultation.models import AnalysisRun, CommentAnalysis
from policycomm.consultation.tasks import analyse_consultation

from .test_analysis_engine import LETTER
from .test_insights import submit, work

pytestmark = pytest.mark.django_db(transaction=True)


def analysed(world: Any, consultation: Any) -> AnalysisRun:
    """A consultation analysed once, by staff, so that new comments refresh it."""
    for i in range(3):
        submit(consultation, LETTER.replace("Nguyễn Văn An", f"Người gửi {i}"))
    run = insights.analysis_request(actor=world.drafter_a, consultation=consultation)
    work()
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.DONE, run.error
    return run


def analysis_tasks() -> int:
    return DBTaskResult.objects.filter(task_path=analyse_consultation.module_path).count()


def test_comments_arriving_together_share_one_delayed_run(world: Any, consultation: Any, settings: Any) -> None:
    settings.ANALYSIS_REFRESH_DELAY = 60
    first = analysed(world, consultation)
    tasks = analysis_tasks()
    before = timezone.now()
    for i in range(8):
        submit(consultation, f"Ý kiến mới số {i} về mức thu phí vỉa hè.")
    runs = AnalysisRun.objects.exclude(pk=first.pk)
    assert runs.count() == 1 and analysis_tasks() == tasks + 1  # eight comments, one run, one task
    run = runs.get()
    assert run.status == AnalysisRun.Status.QUEUED and run.requested_by is None
    assert run.run_after is not None and run.run_after >= before + dt.timedelta(seconds=60)
    queued = analyse_consultation.get_result(run.task_id)
    assert queued.task.run_after == run.run_after and queued.status == TaskResultStatus.READY
    work()  # not due yet: the worker leaves it waiting for more comments
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.QUEUED

    # Staff asking now take the waiting run over and start it at once; nothing is duplicated.
    assert insights.analysis_request(actor=world.drafter_a, consultation=consultation) == run
    work()
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.DONE and run.comment_count == 11
    assert run.requested_by == world.drafter_a
    # When the delayed task's time comes it finds the run done and does nothing.
    assert analyse_consultation.call(run.pk) == 0
    assert CommentAnalysis.objects.filter(run=run).count() == 11
    assert AnalysisRun.objects.count() == 2


def test_comments_arriving_during_a_run_lead_to_exactly_one_follow_up(
    world: Any, consultation: Any, settings: Any
) -> None:
    settings.ANALYSIS_REFRESH_DELAY = 0
    analysed(world, consultation)
    running = insights.analysis_request(actor=world.drafter_a, consultation=consultation)
    # The worker has picked it up and read the comments (what analyse_consultation does first).
    assert AnalysisRun.objects.filter(pk=running.pk, status=AnalysisRun.Status.QUEUED).update(
        status=AnalysisRun.Status.RUNNING
    )
    tasks = analysis_tasks()
    late = [submit(consultation, f"Ý kiến gửi trong lúc phân tích số {i}.") for i in range(5)]
    follow_ups = AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED)
    assert follow_ups.count() == 1 and analysis_tasks() == tasks + 1  # not zero, not one per comment
    follow_up = follow_ups.get()
    assert follow_up.pk > running.pk and follow_up.requested_by is None

    work()  # the running run's own task finds it taken; the follow-up runs and sees every comment
    follow_up.refresh_from_db()
    assert follow_up.status == AnalysisRun.Status.DONE and follow_up.comment_count == 8
    assert set(CommentAnalysis.objects.filter(run=follow_up).values_list("comment_id", flat=True)) >= {
        c.pk for c in late
    }


def test_nothing_is_run_for_a_consultation_never_analysed(consultation: Any) -> None:
    for i in range(3):
        submit(consultation, f"Ý kiến {i}.")
    assert not AnalysisRun.objects.exists() and analysis_tasks() == 0
