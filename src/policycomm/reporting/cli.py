"""The shapes ``policycomm report list`` and ``report show`` print (kept out of the command for tests)."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from .models import PeriodReport, ReportPeriod
from .selectors import report_figures, report_parts


class OrgRef(TypedDict):
    id: int
    name: str


class ReportRow(TypedDict):
    id: int
    org: OrgRef
    status: str
    due: dt.date
    submitted_at: dt.datetime | None


class PeriodRow(TypedDict):
    id: int
    title: str
    kind: str
    org: OrgRef
    start: dt.date
    end: dt.date
    due: dt.date
    reports: list[ReportRow]
    missing: list[OrgRef]


def period_listing() -> list[PeriodRow]:
    periods = ReportPeriod.objects.select_related("organisation").prefetch_related("units").order_by("-end", "pk")
    reports: dict[int, list[PeriodReport]] = {}
    for r in PeriodReport.objects.select_related("organisation").order_by("organisation__path"):
        reports.setdefault(r.period_id, []).append(r)
    out: list[PeriodRow] = []
    for p in periods:
        mine = reports.get(p.pk, [])
        have = {r.organisation_id for r in mine}
        out.append(
            {
                "id": p.pk,
                "title": p.title,
                "kind": p.kind,
                "org": {"id": p.organisation_id, "name": p.organisation.name},
                "start": p.start,
                "end": p.end,
                "due": p.due,
                "reports": [
                    {
                        "id": r.pk,
                        "org": {"id": r.organisation_id, "name": r.organisation.name},
                        "status": r.status,
                        "due": p.due,
                        "submitted_at": r.submitted_at,
                    }
                    for r in mine
                ],
                "missing": [
                    {"id": u.pk, "name": u.name}
                    for u in sorted(p.units.all(), key=lambda u: u.path)
                    if u.pk not in have
                ],
            }
        )
    return out


def report_payload(report: PeriodReport) -> dict[str, object]:
    """The figures as stored (live for a draft) plus status, org, period, parts and, when consolidated, consolidates."""
    data: dict[str, object] = dict(report_figures(report))
    period = report.period
    data.update(
        {
            "id": report.pk,
            "status": report.status,
            "org": {"id": report.organisation_id, "name": report.organisation.name},
            "period": {
                "id": period.pk,
                "title": period.title,
                "kind": period.kind,
                "start": period.start,
                "end": period.end,
                "due": period.due,
            },
            "number": report.reference,
            "parts": report_parts(report),
            "submitted_at": report.submitted_at,
            "return_reason": report.return_reason,
        }
    )
    if report.is_consolidated:
        data["consolidates"] = sorted(report.consolidates.values_list("pk", flat=True))
        data["units"] = report.breakdown
    return data
