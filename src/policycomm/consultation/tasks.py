"""Background jobs of the consultation app (Django's tasks API, database worker)."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from policycomm.documents.pdf import PdfUnavailableError, docx_to_pdf

from .analysis_job import run_analysis
from .models import AnalysisRun, SynthesisReport
from .reports import collect, render

log = logging.getLogger(__name__)


@task()
def build_synthesis_report(report_id: int) -> int:
    """Render the report for one consultation, as DOCX and as PDF (LibreOffice). Safe to retry: it
    overwrites its own files. Without LibreOffice the DOCX is kept and the error says why there is no PDF."""
    report = SynthesisReport.objects.select_related(
        "consultation__document__drafting_body__parent__admin_unit",
        "consultation__document__drafting_body__admin_unit",
        "consultation__document__issuing_authority",
    ).get(pk=report_id)
    SynthesisReport.objects.filter(pk=report_id).update(status=SynthesisReport.Status.RUNNING, progress=5)

    def progress(p: int) -> None:
        SynthesisReport.objects.filter(pk=report_id).update(progress=p)

    try:
        synthesis = collect(report.consultation)
        data = render(synthesis, progress)
    except Exception as exc:
        log.exception("synthesis report %s failed", report_id)
        SynthesisReport.objects.filter(pk=report_id).update(
            status=SynthesisReport.Status.FAILED, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now()
        )
        raise
    pdf, pdf_error = b"", ""
    try:
        pdf = docx_to_pdf(data)
    except PdfUnavailableError as exc:
        pdf_error = str(exc)
    with transaction.atomic():
        report.refresh_from_db()
        name = f"bao-cao-tiep-thu-giai-trinh-{report.consultation_id}-{report.pk}"
        report.file.save(f"{name}.docx", ContentFile(data), save=False)
        if pdf:
            report.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        report.covers = [c.pk for c in synthesis.covered]
        report.pending_at_build = synthesis.warning.pending
        report.open_at_build = synthesis.warning.open_until is not None
        report.error = pdf_error
        report.status, report.progress, report.finished_at = SynthesisReport.Status.DONE, 100, timezone.now()
        report.save(
            update_fields=[
                "file",
                "pdf",
                "covers",
                "pending_at_build",
                "open_at_build",
                "error",
                "status",
                "progress",
                "finished_at",
            ]
        )
    return len(data)


@task()
def analyse_consultation(run_id: int) -> int:
    """Run the comment analysis engine over one consultation; rows are per run.

    Only a waiting run is started: a run that staff started early (``insights.analysis_request``)
    has a second task, and whichever comes second finds the run taken and does nothing.
    """
    started = AnalysisRun.objects.filter(pk=run_id, status=AnalysisRun.Status.QUEUED).update(
        status=AnalysisRun.Status.RUNNING, progress=5
    )
    if not started:
        return 0

    def progress(p: int) -> None:
        AnalysisRun.objects.filter(pk=run_id).update(progress=p)

    try:
        run = run_analysis(run_id, progress)
    except Exception as exc:
        log.exception("analysis %s failed", run_id)
        AnalysisRun.objects.filter(pk=run_id).update(
            status=AnalysisRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now()
        )
        raise
    return run.comment_count
