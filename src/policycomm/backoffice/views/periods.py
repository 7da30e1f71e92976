"""The minimum comment periods per document type and phase, with the legal basis of each row."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from policycomm.consultation.periods import comment_periods

from .base import StaffRequest, staff_required


@staff_required
def comment_period_list(request: StaffRequest) -> HttpResponse:
    return render(request, "backoffice/comment_periods.html", {"periods": comment_periods()})
