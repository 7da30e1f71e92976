"""The synthesis & explanation report of a consultation: build it (confirming when it would be early),
download it as DOCX or PDF, publish it on the portal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from policycomm.consultation import services as cons
from policycomm.consultation.access import (
    can_publish_report,
    can_request_report,
    get_consultation_for_user,
    get_report_for_user,
)
from policycomm.consultation.models import Consultation, SynthesisReport
from policycomm.consultation.reports import covered_consultations, synthesis_warning
from policycomm.errors import DomainError

from .base import StaffRequest, raise_if_forbidden, staff_required

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _page(request: StaffRequest, c: Consultation, *, error: str = "", status: int = 200) -> HttpResponse:
    covered = covered_consultations(c)
    return render(
        request,
        "backoffice/synthesis.html",
        {
            "c": c,
            "covered": covered,
            "warning": synthesis_warning(c, covered),
            "reports": list(c.reports.select_related("published_by")[:10]),
            "can_report": can_request_report(request.user, c),
            "can_publish": can_publish_report(request.user, c),
            "error": error,
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def synthesis(request: StaffRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk)
    if request.method == "GET":
        return _page(request, c)
    if not can_request_report(request.user, c):
        raise PermissionDenied(_("Vai trò của bạn không lập được báo cáo cho đợt lấy ý kiến này."))
    try:
        cons.report_request(actor=request.user, consultation=c, confirm=request.POST.get("confirm") == "on")
    except DomainError as exc:
        raise_if_forbidden(exc)
        return _page(request, c, error=exc.message, status=exc.status)
    messages.success(request, _("Đang tạo báo cáo tổng hợp, tiếp thu, giải trình (DOCX và PDF)."))
    return redirect("backoffice:synthesis", pk=c.pk)


@staff_required
def report_file(request: StaffRequest, pk: int, rpk: int, fmt: str) -> HttpResponseBase:
    report = get_report_for_user(request.user, pk, rpk)
    return report_response(report, fmt)


def report_response(report: SynthesisReport, fmt: str) -> FileResponse:
    """The report's file in one format, as an attachment; 404 while it is not there."""
    f = report.pdf if fmt == "pdf" else report.file
    if fmt not in MEDIA_TYPES or report.status != SynthesisReport.Status.DONE or not f:
        raise Http404(_("Báo cáo chưa có tệp này."))
    return FileResponse(
        f.open("rb"),
        as_attachment=True,
        filename=f"bao-cao-tiep-thu-giai-trinh-{report.consultation_id}-{report.pk}.{fmt}",
        content_type=MEDIA_TYPES[fmt],
    )


@staff_required
@require_POST
def report_publish(request: StaffRequest, pk: int, rpk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, rpk)
    if not can_publish_report(request.user, report.consultation):
        raise PermissionDenied(_("Vai trò của bạn không công khai được báo cáo này."))
    try:
        cons.report_publish(actor=request.user, report=report)
    except DomainError as exc:
        raise_if_forbidden(exc)
        return _page(request, report.consultation, error=exc.message, status=exc.status)
    messages.success(request, _("Đã công khai báo cáo trên trang dự thảo của cổng."))
    return redirect("backoffice:synthesis", pk=pk)
