"""The staff home: the work queue for the user's roles, then their documents and consultations."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render

from policycomm.consultation.access import consultations_for_user
from policycomm.lawmaking.access import can_register_document, documents_for_user
from policycomm.notifications.queues import work_queue

from .base import StaffRequest, staff_required


@staff_required
def dashboard(request: StaffRequest) -> HttpResponse:
    docs = list(documents_for_user(request.user).annotate(n_policies=Count("policies"))[:200])
    consultations = list(
        consultations_for_user(request.user)
        .annotate(
            n_comments=Count("comments"),
            n_pending=Count("comments", filter=Q(comments__disposition="", comments__hidden=False)),
        )
        .order_by("-closes_at")[:50]
    )
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "queue": work_queue(request.user),
            "docs": docs,
            "consultations": consultations,
            "can_write": can_register_document(request.user),
        },
    )
