"""Reads of the communication plan: planned against done for a policy, and the overdue rows of a subtree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal, TypedDict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Window
from django.utils import timezone

from policycomm.lawmaking.models import DraftPolicy

from .models import Activity, PlannedActivity

PlanState = Literal["done", "overdue", "upcoming", "cancelled"]


class PlanRow(TypedDict):
    planned: PlannedActivity
    state: PlanState
    #: The activities recorded against it, earliest first.
    done: list[Activity]


class PlanCounts(TypedDict):
    planned: int
    done: int
    overdue: int
    upcoming: int
    cancelled: int


def plan_state(planned: PlannedActivity, done: list[Activity], today: dt.date) -> PlanState:
    if done:
        return "done"
    if planned.cancelled:
        return "cancelled"
    return "overdue" if planned.planned_on < today else "upcoming"


def policy_plan(policy: DraftPolicy, *, today: dt.date | None = None) -> tuple[list[PlanRow], PlanCounts]:
    """The policy's plan, each row with its state and the activities that carried it out (two queries)."""
    today = today or timezone.localdate()
    rows: list[PlanRow] = []
    qs = (
        PlannedActivity.objects.filter(policy=policy)
        .select_related("lead_body")
        .prefetch_related(Prefetch("done_activities", queryset=Activity.objects.order_by("date", "pk")))
    )
    for p in qs:
        done = list(p.done_activities.all())
        rows.append({"planned": p, "state": plan_state(p, done, today), "done": done})
    counts: PlanCounts = {
        "planned": sum(1 for r in rows if r["state"] != "cancelled"),
        "done": sum(1 for r in rows if r["state"] == "done"),
        "overdue": sum(1 for r in rows if r["state"] == "overdue"),
        "upcoming": sum(1 for r in rows if r["state"] == "upcoming"),
        "cancelled": sum(1 for r in rows if r["state"] == "cancelled"),
    }
    return rows, counts


class OverdueList(TypedDict):
    #: The oldest ``limit`` overdue rows.
    rows: list[PlannedActivity]
    #: How many there are in all.
    total: int


def overdue_list(prefixes: Iterable[str] | None, *, limit: int, today: dt.date | None = None) -> OverdueList:
    """The oldest overdue rows and how many there are, in one query (the count rides on each row)."""
    found = overdue_planned(prefixes, today=today).annotate(n_total=Window(Count("pk")))[:limit]
    rows: list[PlannedActivity] = [p for p in found]  # noqa: C416 - typed as plain rows
    return {"rows": rows, "total": found[0].n_total if rows else 0}


def overdue_planned(prefixes: Iterable[str] | None, *, today: dt.date | None = None) -> QuerySet[PlannedActivity]:
    """Planned activities past their date, not cancelled and carried out by no activity, of the policies drafted
    in the subtrees ``prefixes`` (None: everywhere), oldest first; secret policies are never planned publicly.
    Prefetch: policy, its document and drafting body, and the lead body."""
    today = today or timezone.localdate()
    qs = (
        PlannedActivity.objects.filter(cancelled=False, planned_on__lt=today, policy__state_secret=False)
        .filter(~Exists(Activity.objects.filter(planned=OuterRef("pk"))))
        .select_related("policy__document__drafting_body", "lead_body")
        .order_by("planned_on", "pk")
    )
    if prefixes is not None:
        where = Q(pk__in=[])
        for path in prefixes:
            where |= Q(policy__document__drafting_body__path__startswith=path)
        qs = qs.filter(where)
    return qs
