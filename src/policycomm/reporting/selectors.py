"""Reads on periodic reports: who submitted, who is late, what is due, the report's figures, recognition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypedDict

from django.db.models import Q, QuerySet
from django.utils import timezone

from policycomm.audit.models import AuditEvent

from . import figures as fig
from .models import PARTS, Commendation, GoodModel, PeriodReport, ReportPeriod

S = PeriodReport.Status


class UnitStatus(TypedDict):
    org: int
    name: str
    report: int | None
    status: str  # draft|submitted|returned|accepted|missing
    late: bool
    submitted_at: dt.datetime | None


class PeriodStatus(TypedDict):
    period: ReportPeriod
    units: list[UnitStatus]
    submitted: list[UnitStatus]
    late: list[UnitStatus]
    not_started: list[UnitStatus]
    own: PeriodReport | None


def _late(status: str, due: dt.date, today: dt.date) -> bool:
    return status not in (S.SUBMITTED, S.ACCEPTED) and today > due


def period_status(period: ReportPeriod, *, today: dt.date | None = None) -> PeriodStatus:
    """Every unit that owes a report, with where its report stands (two queries)."""
    today = today or timezone.localdate()
    reports = {
        r.organisation_id: r
        for r in PeriodReport.objects.filter(period=period).only("id", "organisation_id", "status", "submitted_at")
    }
    units: list[UnitStatus] = []
    for pk, name in period.units.order_by("path").values_list("pk", "name"):
        r = reports.get(pk)
        status = r.status if r else "missing"
        units.append(
            {
                "org": pk,
                "name": name,
                "report": r.pk if r else None,
                "status": status,
                "late": _late(status, period.due, today),
                "submitted_at": r.submitted_at if r else None,
            }
        )
    return {
        "period": period,
        "units": units,
        "submitted": [u for u in units if u["status"] in (S.SUBMITTED, S.ACCEPTED)],
        "late": [u for u in units if u["late"]],
        "not_started": [u for u in units if u["status"] == "missing"],
        "own": PeriodReport.objects.filter(period=period, organisation_id=period.organisation_id).first(),
    }


class DueReport(TypedDict):
    """A report a unit still owes: what a reminder names."""

    period: int
    period_title: str
    org: int
    org_name: str
    report: int | None
    due: dt.date
    late: bool


def reports_due(
    *,
    today: dt.date | None = None,
    within_days: int = 7,
    org_ids: Iterable[int] | None = None,
    period_ids: Iterable[int] | None = None,
) -> list[DueReport]:
    """Reports not yet submitted whose due date is past or within ``within_days`` (a reminder source calls this).

    ``org_ids`` restricts to these units, ``period_ids`` to these periods. A returned report owes again
    until it is re-submitted.
    """
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=within_days)
    periods = ReportPeriod.objects.filter(due__lte=horizon).prefetch_related("units").order_by("due", "pk")
    if period_ids is not None:
        periods = periods.filter(pk__in=list(period_ids))
    wanted = set(org_ids) if org_ids is not None else None
    out: list[DueReport] = []
    done = {
        (p, o)
        for p, o in PeriodReport.objects.filter(
            period__due__lte=horizon, status__in=(S.SUBMITTED, S.ACCEPTED)
        ).values_list("period_id", "organisation_id")
    }
    started = {
        (p, o): pk
        for pk, p, o in PeriodReport.objects.filter(period__due__lte=horizon).values_list(
            "pk", "period_id", "organisation_id"
        )
    }
    for period in periods:
        for unit in period.units.all():
            if (wanted is not None and unit.pk not in wanted) or (period.pk, unit.pk) in done:
                continue
            out.append(
                {
                    "period": period.pk,
                    "period_title": period.title,
                    "org": unit.pk,
                    "org_name": unit.name,
                    "report": started.get((period.pk, unit.pk)),
                    "due": period.due,
                    "late": today > period.due,
                }
            )
    return out


def late_reports(
    *, today: dt.date | None = None, org_ids: Iterable[int] | None = None, period_ids: Iterable[int] | None = None
) -> list[DueReport]:
    return [r for r in reports_due(today=today, within_days=0, org_ids=org_ids, period_ids=period_ids) if r["late"]]


def report_figures(report: PeriodReport) -> fig.Figures:
    """Frozen figures once submitted (or compiled, for a consolidated report); live figures before."""
    if report.figures and ((report.status != S.DRAFT and report.status != S.RETURNED) or report.is_consolidated):
        return report.figures
    return fig.for_subtree(report.organisation, report.period.start, report.period.end)


def report_history(report: PeriodReport) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type="reporting.periodreport", object_id=str(report.pk)).order_by("at", "pk")
    )


def report_parts(report: PeriodReport) -> dict[str, str]:
    return {k: getattr(report, k) for k in PARTS}


class GoodModelRow(TypedDict):
    id: int
    org: int
    org_name: str
    title: str
    description: str
    evidence: str
    recorded_on: dt.date


class CommendationRow(TypedDict):
    id: int
    org_name: str
    subject: str
    reason: str
    status: str
    status_label: str
    proposed_on: dt.date
    decided_on: dt.date | None


class Recognition(TypedDict):
    good_models: list[GoodModelRow]
    commendations: list[CommendationRow]


def recognition_for(
    org_ids: Iterable[int] | QuerySet[Any], start: dt.date, end: dt.date, *, limit: int | None = None
) -> Recognition:
    """Good models recorded by, and commendations proposed for, these bodies in the range, latest first
    (monitoring page: ``org_ids`` may be a subquery of ids, and ``limit`` caps each list)."""
    ids: Iterable[int] | QuerySet[Any] = org_ids if isinstance(org_ids, QuerySet) else list(org_ids)
    gms = (
        GoodModel.objects.filter(organisation_id__in=ids, recorded_on__gte=start, recorded_on__lte=end)
        .select_related("organisation")
        .order_by("-recorded_on", "-pk")
    )
    cs = (
        Commendation.objects.filter(Q(target_org_id__in=ids) | Q(target_org__isnull=True, person_org_id__in=ids))
        .filter(proposed_on__gte=start, proposed_on__lte=end)
        .select_related("organisation", "target_org", "person_org")
        .order_by("-proposed_on", "-pk")
    )
    if limit is not None:
        gms, cs = gms[:limit], cs[:limit]
    return {
        "good_models": [
            {
                "id": g.pk,
                "org": g.organisation_id,
                "org_name": g.organisation.name,
                "title": g.title,
                "description": g.description,
                "evidence": g.evidence_url or (g.evidence_file.name if g.evidence_file else ""),
                "recorded_on": g.recorded_on,
            }
            for g in gms
        ],
        "commendations": [
            {
                "id": c.pk,
                "org_name": c.organisation.name,
                "subject": c.person_name + (f" ({c.person_org.name})" if c.person_name and c.person_org else "")
                if c.person_name
                else (c.target_org.name if c.target_org else ""),
                "reason": c.reason,
                "status": c.status,
                "status_label": str(c.get_status_display()),
                "proposed_on": c.proposed_on,
                "decided_on": c.decided_on,
            }
            for c in cs
        ],
    }


class PeriodSummary(TypedDict):
    units: int
    submitted: int
    late: int
    not_started: int


def period_summaries(periods: list[ReportPeriod], *, today: dt.date | None = None) -> dict[int, PeriodSummary]:
    """Counts per period for a list page: two queries whatever the number of periods and units."""
    today = today or timezone.localdate()
    ids = [p.pk for p in periods]
    owed: dict[int, set[int]] = {pk: set() for pk in ids}
    through = ReportPeriod.units.through.objects.filter(reportperiod_id__in=ids)
    for period_id, org_id in through.values_list("reportperiod_id", "organisation_id"):
        owed[period_id].add(org_id)
    status: dict[tuple[int, int], str] = {
        (p, o): s
        for p, o, s in PeriodReport.objects.filter(period_id__in=ids).values_list(
            "period_id", "organisation_id", "status"
        )
    }
    out: dict[int, PeriodSummary] = {}
    for p in periods:
        states = [status.get((p.pk, o), "missing") for o in owed[p.pk]]
        out[p.pk] = {
            "units": len(states),
            "submitted": sum(1 for s in states if s in (S.SUBMITTED, S.ACCEPTED)),
            "late": sum(1 for s in states if _late(s, p.due, today)),
            "not_started": sum(1 for s in states if s == "missing"),
        }
    return out
