"""Visible comments on the draft page while the window is open: a citizen reports one (báo cáo vi phạm).

The comment is fetched through ``visible_comments`` (404 for a comment hidden, on hold, not approved, or of
another consultation). One report per address per comment (the service's unique constraint), rate-limited
per address; the third report puts the comment on hold pending a moderator.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from policycomm.consultation import visible
from policycomm.errors import DomainError
from policycomm.throttle import client_address, limited

from .forms import TypedText
from .views import _visible_consultation


class ReportForm(forms.Form):
    reason = TypedText(
        label=gettext_lazy("Lý do báo cáo"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Ví dụ: lời lẽ xúc phạm, lộ thông tin cá nhân, quảng cáo, không liên quan đến dự thảo."),
    )


@require_http_methods(["GET", "POST"])
def comment_report(request: HttpRequest, pk: int, cid: int) -> HttpResponse:
    c = _visible_consultation(pk)
    comment = get_object_or_404(visible.visible_comments(c), pk=cid)
    comment.consultation = c
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if limited(request, group="comment-report", rate=settings.COMMENT_REPORT_RATE):
            form.add_error(None, _("Bạn đã báo cáo quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."))
            status = 429
        elif form.is_valid():
            try:
                new = visible.comment_report(
                    comment=comment,
                    address=client_address("comment-report", request),
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                form.add_error("reason" if exc.field == "reason" else None, exc.message)
                status = exc.status
            else:
                if new:
                    messages.success(
                        request, _("Cảm ơn bạn. Báo cáo đã được ghi nhận và sẽ được người kiểm duyệt xem xét.")
                    )
                else:
                    messages.info(request, _("Bạn đã báo cáo ý kiến này trước đây; mỗi người chỉ báo cáo một lần."))
                return redirect(f"{reverse('portal:consultation', kwargs={'pk': c.pk})}#y-kien-cong-khai")
        else:
            status = 422
    return render(request, "portal/comment_report.html", {"c": c, "cm": comment, "form": form}, status=status)
