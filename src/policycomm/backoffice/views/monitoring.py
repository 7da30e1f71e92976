"""The council's monitoring page: coverage and the implementation figures over the user's subtree."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from policycomm.consultation.selectors import shortened_windows
from policycomm.monitoring.access import can_view_monitoring
from policycomm.monitoring.coverage import coverage_report
from policycomm.plans.selectors import implementation_figures

from .base import StaffRequest, plain_int, staff_required


def _year(raw: str) -> int | None:
    year = plain_int(raw)
    return year if year is not None and 1990 <= year <= 2100 else None


@staff_required
def monitoring(request: StaffRequest) -> HttpResponse:
    if not can_view_monitoring(request.user):
        raise PermissionDenied(_("Trang giám sát dành cho Thường trực Hội đồng PBGDPL và lãnh đạo."))
    year = _year(request.GET.get("nam", ""))
    report = coverage_report(request.user, year=year)
    figures = implementation_figures(request.user, year=year)
    shortened = shortened_windows(request.user)
    return render(
        request,
        "backoffice/monitoring.html",
        {"report": report, "year": year, "figures": figures, "shortened": shortened},
    )
