"""Communication activities: correcting and deleting one, and its evidence file."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from policycomm.communication import services as comm
from policycomm.communication.access import get_activity_for_user
from policycomm.communication.models import Activity
from policycomm.errors import DomainError

from .. import forms as bf
from .base import StaffRequest, apply_errors, raise_if_forbidden, staff_required


def _initial(a: Activity) -> dict[str, object]:
    return {
        "form": a.form,
        "channel": a.channel,
        "date": a.date,
        "audience": a.audience,
        "area": a.area,
        "evidence_url": a.evidence_url,
        "reach": a.reach,
        "comments_received": a.comments_received,
    }


@staff_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: StaffRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk, write=True)
    status = 200
    if request.method == "POST":
        form = bf.ActivityEditForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                comm.activity_update(actor=request.user, activity=activity, **form.cleaned_data)
            except DomainError as exc:
                raise_if_forbidden(exc)
                apply_errors(form, exc)
            else:
                messages.success(request, _("Đã sửa hoạt động truyền thông."))
                return redirect("backoffice:policy", pk=activity.policy_id)
        status = 422
    else:
        form = bf.ActivityEditForm(initial=_initial(activity))
    return render(request, "backoffice/activity_edit.html", {"a": activity, "form": form}, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def activity_delete(request: StaffRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST deletes."""
    activity = get_activity_for_user(request.user, pk, write=True)
    if request.method == "POST":
        try:
            comm.activity_delete(actor=request.user, activity=activity)
        except DomainError as exc:
            raise_if_forbidden(exc)
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Đã xoá hoạt động “%(activity)s” ngày %(date)s.")
                % {"activity": str(activity), "date": activity.date.strftime("%d/%m/%Y")},
            )
        return redirect("backoffice:policy", pk=activity.policy_id)
    return render(request, "backoffice/activity_delete.html", {"a": activity})


@staff_required
def activity_evidence(request: StaffRequest, pk: int) -> HttpResponseBase:
    activity = get_activity_for_user(request.user, pk)
    if not activity.evidence_file:
        raise Http404(_("Hoạt động này không có tệp minh chứng."))
    return FileResponse(
        activity.evidence_file.open("rb"), as_attachment=True, filename=activity.evidence_file.name.rsplit("/", 1)[-1]
    )
