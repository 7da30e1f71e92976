"""Communication activities: the evidence file."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponseBase

from policycomm.communication.access import get_activity_for_user

from .base import StaffRequest, staff_required


@staff_required
def activity_evidence(request: StaffRequest, pk: int) -> HttpResponseBase:
    activity = get_activity_for_user(request.user, pk)
    if not activity.evidence_file:
        raise Http404("Hoạt động này không có tệp minh chứng.")
    return FileResponse(
        activity.evidence_file.open("rb"), as_attachment=True, filename=activity.evidence_file.name.rsplit("/", 1)[-1]
    )
