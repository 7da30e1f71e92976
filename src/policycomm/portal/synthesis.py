"""The published synthesis & explanation report, for anyone to download from the draft's page."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from policycomm.consultation.models import SynthesisReport

from .views import _visible_consultation

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@require_GET
def synthesis_download(request: HttpRequest, pk: int, rpk: int, fmt: str) -> FileResponse:
    """404 for a report not published (yet), of another document, or without this format's file."""
    c = _visible_consultation(pk)
    report = (
        SynthesisReport.objects.filter(pk=rpk, consultation__document_id=c.document_id, published_at__isnull=False)
        .only("pk", "file", "pdf", "consultation_id")
        .first()
    )
    f = None if report is None else (report.pdf if fmt == "pdf" else report.file)
    if report is None or fmt not in MEDIA_TYPES or not f:
        raise Http404(_("Không tìm thấy báo cáo."))
    return FileResponse(
        f.open("rb"),
        as_attachment=True,
        filename=f"bao-cao-tong-hop-tiep-thu-giai-trinh-{report.pk}.{fmt}",
        content_type=MEDIA_TYPES[fmt],
    )
