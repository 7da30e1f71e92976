"""The council's monitoring page: coverage per unit, per drafting body and per period over the user's subtree,
the failing policies with their reasons, and the implementation figures."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from policycomm.communication.selectors import overdue_list
from policycomm.consultation.selectors import shortened_windows
from policycomm.monitoring import selectors as mon
from policycomm.monitoring.access import can_view_monitoring, get_monitored_org_for_user
from policycomm.monitoring.chart import coverage_chart
from policycomm.monitoring.coverage import reason_text
from policycomm.orgs.models import Organisation
from policycomm.plans.selectors import implementation_figures
from policycomm.reporting.selectors import Recognition, recognition_for

from .base import StaffRequest, plain_int, staff_required

PER_PAGE = 25
RECOGNITION_SHOWN = 10
OVERDUE_SHOWN = 10
MAX_ID = 2**53


def _year(raw: str) -> int | None:
    year = plain_int(raw)
    return year if year is not None and 1990 <= year <= 2100 else None


def _page(raw: str) -> int:
    page = plain_int(raw)
    return page if page is not None and 1 <= page <= 100_000 else 1


def _org(request: StaffRequest, key: str) -> Organisation | None:
    raw = request.GET.get(key, "")
    if raw == "":
        return None
    pk = plain_int(raw)
    if pk is None or pk > MAX_ID:
        raise Http404(_("Không tìm thấy cơ quan, đơn vị này trong phạm vi bạn giám sát."))
    return get_monitored_org_for_user(request.user, pk)


def _require_monitoring(request: StaffRequest) -> None:
    if not can_view_monitoring(request.user):
        raise PermissionDenied(_("Trang giám sát dành cho Thường trực Hội đồng PBGDPL và lãnh đạo."))


def _roots(prefixes: list[str]) -> list[Organisation]:
    if not prefixes:
        return list(Organisation.objects.filter(parent=None).order_by("path"))
    return list(Organisation.objects.filter(path__in=prefixes).order_by("path"))


def _recognition(scope: list[str], year: int | None) -> Recognition:
    """Good models and commendations of the bodies in view, in the year shown (or all), the latest ten."""
    where = Q()
    for path in scope:
        where |= Q(path__startswith=path)
    start, end = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year is not None else (dt.date.min, dt.date.max)
    return recognition_for(Organisation.objects.filter(where).values("pk"), start, end, limit=RECOGNITION_SHOWN)


def _breadcrumbs(focus: Organisation | None, prefixes: list[str]) -> list[Organisation]:
    """The focus and its ancestors down from the user's own subtree (the ones the user may open)."""
    if focus is None:
        return []
    ids = [int(x) for x in focus.path.split(".") if x]
    chain = Organisation.objects.in_bulk(ids)
    return [
        chain[i] for i in ids if i in chain and (not prefixes or any(chain[i].path.startswith(p) for p in prefixes))
    ]


@staff_required
def monitoring(request: StaffRequest) -> HttpResponse:
    _require_monitoring(request)
    year = _year(request.GET.get("nam", ""))
    half = request.GET.get("ky", "") == "6-thang"
    page = _page(request.GET.get("trang", ""))
    prefixes = mon.monitored_prefixes(request.user)
    roots = _roots(prefixes)
    focus = _org(request, "don-vi")
    if focus is None and len(roots) == 1:
        focus = roots[0]
    scope = [focus.path] if focus is not None else prefixes
    totals = mon.totals(scope, year=year)
    all_units = mon.unit_rows(focus, roots, year=year)
    units = [r for r in all_units if r.figures.counted]  # units with nothing adopted in scope add no figure
    # The bodies of this level: the focus's own and those of the units directly under it (a unit opens for more).
    level = len(focus.path) // 9 if focus is not None else max((len(r.path) // 9 for r in roots), default=0) - 1
    bodies, n_bodies = mon.body_rows(
        scope, year=year, offset=(page - 1) * PER_PAGE, limit=PER_PAGE, max_depth=level + 2
    )
    periods = mon.period_rows(scope, half=half)
    target = mon.target_for(year) if year is not None else None
    place = focus.name if focus is not None else _("các đơn vị được giám sát")
    chart = coverage_chart(
        periods,
        title=(
            _("Tỷ lệ chính sách được truyền thông đầy đủ theo 6 tháng")
            if half
            else _("Tỷ lệ chính sách được truyền thông đầy đủ theo năm")
        ),
        description="; ".join(
            _("%(period)s: %(covered)d/%(counted)d chính sách đạt (%(pct)s), mục tiêu %(target)s")
            % {
                "period": r.label,
                "covered": r.figures.covered,
                "counted": r.figures.counted,
                "pct": f"{r.figures.percent}%" if r.figures.percent is not None else "—",
                "target": f"{r.target}%" if r.target is not None else "—",
            }
            for r in periods
        )
        or _("Chưa có chính sách thuộc phạm vi nào được thông qua."),
        series=(_("Tỷ lệ đạt"), _("Mục tiêu")),
    )
    pending = list(mon.pending_statuses(scope)[:20])
    return render(
        request,
        "backoffice/monitoring.html",
        {
            "year": year,
            "half": half,
            "focus": focus,
            "place": place,
            "crumbs": _breadcrumbs(focus, prefixes),
            "totals": totals,
            "target": target,
            "below_target": target is not None and totals.percent is not None and totals.percent < target,
            "units": units,
            "units_empty": len(all_units) - len(units),
            "bodies": bodies,
            "n_bodies": n_bodies,
            "page": page,
            "pages": max(1, -(-n_bodies // PER_PAGE)),
            "periods": periods,
            "chart": mark_safe(chart),  # noqa: S308 - built by pygal from numbers and our own labels, re-serialised by lxml
            "pending": [(s, [reason_text(r) for r in s.reasons]) for s in pending],
            "figures": implementation_figures(request.user, year=year),
            "failing_url": reverse("backoffice:monitoring_failing"),
            "shortened": shortened_windows(request.user),
            "recognition": _recognition(scope, year),
            # No prefix: an administrator's whole tree.
            "overdue_planned": overdue_list(scope or None, limit=OVERDUE_SHOWN),
        },
    )


@staff_required
def failing(request: StaffRequest) -> HttpResponse:
    """The failing policies of a unit's subtree (``don-vi``) or of one drafting body (``co-quan``), with reasons."""
    _require_monitoring(request)
    year = _year(request.GET.get("nam", ""))
    page = _page(request.GET.get("trang", ""))
    prefixes = mon.monitored_prefixes(request.user)
    unit = _org(request, "don-vi")
    body = _org(request, "co-quan")
    scope = [unit.path] if unit is not None else prefixes
    if body is not None:
        scope = [body.path]
    qs = mon.failing_statuses(scope, body_id=body.pk if body is not None else None, year=year)
    total = mon.failing_count(scope, body_path=body.path if body is not None else None, year=year)
    rows = [mon.failing_row(s) for s in qs[(page - 1) * PER_PAGE : page * PER_PAGE]]
    return render(
        request,
        "backoffice/monitoring_failing.html",
        {
            "year": year,
            "unit": unit,
            "body": body,
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
        },
    )
