"""Processing a consultation: the comment list, dispositions, moderation, publication, the synthesis report."""

from __future__ import annotations

from typing import TypedDict
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policycomm.consultation import insights
from policycomm.consultation import selectors as csel
from policycomm.consultation import services as cons
from policycomm.consultation.access import (
    can_dispose_comment,
    can_moderate_comment,
    can_process_consultation,
    can_publish_report,
    can_request_report,
    can_run_analysis,
    get_comment_for_user,
    get_consultation_for_user,
    get_report_for_user,
)
from policycomm.consultation.models import Comment, Consultation, SynthesisReport
from policycomm.errors import DomainError

from .. import forms as bf
from .base import StaffRequest, apply_errors, raise_if_forbidden, staff_required


def manage_url(pk: int) -> str:
    return reverse("backoffice:consultation", kwargs={"pk": pk})


class FailedRow(TypedDict):
    """A comment's form that was refused: shown again at its comment, with the input and the errors."""

    pk: int
    receipt: str
    action: str
    form: forms.Form
    comment: Comment


def _manage_page(
    request: StaffRequest, c: Consultation, *, flt: str, failed: FailedRow | None = None, status: int = 200
) -> HttpResponse:
    comments = list(csel.comments_for_processing(c, disposition=flt or None)[:500])
    if failed is not None and all(cm.pk != failed["pk"] for cm in comments):
        comments.insert(0, failed["comment"])  # filtered out of the list, but its form must show
    return render(
        request,
        "backoffice/consultation.html",
        {
            "c": c,
            "comments": comments,
            "flt": flt,
            "counts": csel.consultation_counts(c),
            "can_process": can_process_consultation(request.user, c),
            "can_moderate": can_moderate_comment(request.user, c),
            "can_report": can_request_report(request.user, c),
            "can_analyse": can_run_analysis(request.user, c),
            "reports": list(c.reports.all()[:5]),
            "dispositions": Comment.Disposition.choices,
            "failed": failed,
        },
        status=status,
    )


@staff_required
def consultation_manage(request: StaffRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk)
    return _manage_page(request, c, flt=request.GET.get("loc", ""))


@staff_required
@require_POST
def comment_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("dispose", "hide", "unhide"):
        raise Http404
    comment = get_comment_for_user(request.user, pk)
    allowed = can_dispose_comment if action == "dispose" else can_moderate_comment
    if not allowed(request.user, comment):
        raise PermissionDenied(_("Vai trò của bạn không được xử lý ý kiến này."))
    flt = request.POST.get("loc", "")
    form: forms.Form = bf.DispositionForm(request.POST) if action == "dispose" else bf.ModerationForm(request.POST)
    status = 422
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "dispose":
                cons.comment_dispose(
                    actor=request.user, comment=comment, disposition=d["disposition"], explanation=d["explanation"]
                )
                messages.success(request, _("Đã lưu kết quả xử lý ý kiến %(receipt)s.") % {"receipt": comment.receipt})
            else:
                cons.comment_hide(actor=request.user, comment=comment, hidden=action == "hide", reason=d["reason"])
                messages.success(
                    request, _("Đã cập nhật kiểm duyệt ý kiến %(receipt)s.") % {"receipt": comment.receipt}
                )
        except DomainError as exc:
            raise_if_forbidden(exc)
            apply_errors(form, exc)
            status = exc.status
        else:
            query = f"?{urlencode({'loc': flt})}" if flt else ""
            return redirect(f"{manage_url(comment.consultation_id)}{query}#y-{comment.pk}")
    # Refused: the same page, with this comment's form as it was sent and the error beside its field.
    failed: FailedRow = {
        "pk": comment.pk,
        "receipt": comment.receipt,
        "action": action,
        "form": form,
        "comment": comment,
    }
    return _manage_page(request, comment.consultation, flt=flt, failed=failed, status=status)


ACTIONS = {"publish": can_process_consultation, "analyze": can_run_analysis}


@staff_required
@require_POST
def consultation_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    c = get_consultation_for_user(request.user, pk)
    if not ACTIONS[action](request.user, c):
        raise PermissionDenied(_("Vai trò của bạn không thực hiện được thao tác này với đợt lấy ý kiến."))
    try:
        if action == "analyze":
            insights.analysis_request(actor=request.user, consultation=c)
            messages.success(request, _("Đã bắt đầu phân tích ý kiến."))
            return redirect("backoffice:analysis", pk=c.pk)
        cons.dispositions_publish(actor=request.user, consultation=c)
        messages.success(request, _("Đã công khai kết quả tiếp thu, giải trình trên cổng."))
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    return redirect("backoffice:consultation", pk=c.pk)


@staff_required
def report_status(request: StaffRequest, pk: int, rpk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, rpk)
    c = report.consultation
    return render(
        request,
        "backoffice/consultation.html#report",
        {"r": report, "c": c, "can_publish": can_publish_report(request.user, c)},
    )


@staff_required
def report_download(request: StaffRequest, pk: int, rpk: int) -> HttpResponseBase:
    report = get_report_for_user(request.user, pk, rpk)
    if report.status != SynthesisReport.Status.DONE or not report.file:
        raise Http404(_("Báo cáo chưa tạo xong."))
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.file.name.rsplit("/", 1)[-1],
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
