"""Visible comments, the staff side (issue 13 §4): how a consultation's comments show while its window is
open, and the moderator's queue (held after reports, or waiting for approval under pre-moderation) with
approve / hide with a reason / restore. The rules live in ``consultation.visible``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from policycomm.consultation import visible
from policycomm.consultation.access import (
    can_moderate_comment,
    can_process_consultation,
    get_consultation_for_user,
)
from policycomm.consultation.models import Comment, Consultation
from policycomm.errors import DomainError

from .base import StaffRequest, raise_if_forbidden, staff_required

ACTION_DONE = {
    "approve": gettext_lazy("Đã duyệt ý kiến; ý kiến hiển thị trên cổng."),
    "hide": gettext_lazy("Đã ẩn ý kiến."),
    "restore": gettext_lazy("Đã khôi phục ý kiến."),
}


def _moderated_consultation(request: StaffRequest, pk: int) -> Consultation:
    c = get_consultation_for_user(request.user, pk)
    if not can_moderate_comment(request.user, c):
        raise PermissionDenied(_("Bạn không có quyền kiểm duyệt ý kiến."))
    return c


def _queue(request: StaffRequest, c: Consultation) -> QuerySet[Comment]:
    return visible.moderation_queue(request.user).filter(consultation=c)


def _shown(c: Consultation) -> QuerySet[Comment]:
    """What the draft page shows now (the latest 50), so a moderator may hide it afterwards."""
    shown = visible.visible_comments(c).values("pk")
    return c.comments.filter(pk__in=shown, held=False).select_related("section").order_by("-created_at", "-pk")[:50]


def _hidden(c: Consultation) -> QuerySet[Comment]:
    return c.comments.filter(hidden=True).select_related("section").order_by("-created_at", "-pk")[:50]


def _page(
    request: StaffRequest,
    c: Consultation,
    *,
    error: str = "",
    error_pk: int | None = None,
    visibility_error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "backoffice/moderation.html",
        {
            "c": c,
            "queue": list(_queue(request, c)),
            "shown": list(_shown(c)),
            "hidden": list(_hidden(c)),
            "error": error,
            "error_pk": error_pk,
            "visibility_error": visibility_error,
            "can_process": can_process_consultation(request.user, c),
        },
        status=status,
    )


@staff_required
def moderation(request: StaffRequest, pk: int) -> HttpResponse:
    return _page(request, _moderated_consultation(request, pk))


@staff_required
@require_POST
def moderation_action(request: StaffRequest, pk: int, cid: int) -> HttpResponse:
    c = _moderated_consultation(request, pk)
    comment = c.comments.filter(pk=cid).first()
    if comment is None:
        raise Http404(_("Không tìm thấy ý kiến."))
    comment.consultation = c
    action = request.POST.get("action", "")
    try:
        visible.comment_moderate(
            actor=request.user, comment=comment, action=action, reason=request.POST.get("reason", "")[:2000]
        )
    except DomainError as exc:
        raise_if_forbidden(exc)
        return _page(request, c, error=exc.message, error_pk=comment.pk, status=exc.status)
    messages.success(request, str(ACTION_DONE[action]))
    return redirect("backoffice:moderation", pk=c.pk)


@staff_required
@require_POST
def visibility(request: StaffRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk)
    if not can_process_consultation(request.user, c):
        raise PermissionDenied(_("Bạn không có quyền đổi cách hiển thị ý kiến."))
    try:
        visible.visibility_set(
            actor=request.user, consultation=c, visibility=request.POST.get("comment_visibility", "")
        )
    except DomainError as exc:
        raise_if_forbidden(exc)
        if not can_moderate_comment(request.user, c):
            return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
        return _page(request, c, visibility_error=exc.message, status=exc.status)
    messages.success(request, _("Đã lưu cách hiển thị ý kiến trên cổng."))
    return redirect("backoffice:consultation", pk=c.pk)
