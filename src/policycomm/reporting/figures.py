"""The figures of a periodic report, computed live from the data of a set of bodies over a date range.

The keys are the ones ``policycomm report figures --json`` prints. Figures freeze into
``PeriodReport.figures`` on submission; a consolidation sums frozen figures (``add``), it never
recomputes the reports below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TypedDict

from django.db.models import Count, Q, Sum

from policycomm.communication.models import Activity
from policycomm.consultation.models import Comment
from policycomm.monitoring.selectors import bodies_coverage
from policycomm.orgs.models import Organisation
from policycomm.plans.models import BudgetLine, Plan, PlanTask, TrainingSession

from .models import Commendation, GoodModel


class FailingPolicy(TypedDict):
    policy: int
    title: str
    body: str
    reasons: list[str]


class CoverageFigures(TypedDict):
    in_scope: int
    covered: int
    ratio: float | None
    failing: list[FailingPolicy]


class ChannelFigures(TypedDict):
    count: int
    reach: int


class FormFigures(TypedDict):
    count: int
    reach: int
    channels: dict[str, ChannelFigures]


class CommentFigures(TypedDict):
    received: int
    by_channel: dict[str, int]
    accepted: int
    partly_accepted: int
    not_accepted: int


class TaskFigures(TypedDict):
    done: int
    overdue: int
    total: int


class TrainingFigures(TypedDict):
    sessions: int
    participants: int


class SourceFigures(TypedDict):
    allocated: int
    spent: int


class BudgetFigures(TypedDict):
    allocated: int
    spent: int
    by_source: dict[str, SourceFigures]


class CommendationFigures(TypedDict):
    good_models: int
    proposed: int
    approved: int


class Figures(TypedDict):
    coverage: CoverageFigures
    activities_by_form: dict[str, FormFigures]
    comments: CommentFigures
    plans: int
    tasks: TaskFigures
    training: TrainingFigures
    budget: BudgetFigures
    commendations: CommendationFigures


KEYS = ("coverage", "activities_by_form", "comments", "plans", "tasks", "training", "budget", "commendations")


def empty() -> Figures:
    return {
        "coverage": {"in_scope": 0, "covered": 0, "ratio": None, "failing": []},
        "activities_by_form": {},
        "comments": {"received": 0, "by_channel": {}, "accepted": 0, "partly_accepted": 0, "not_accepted": 0},
        "plans": 0,
        "tasks": {"done": 0, "overdue": 0, "total": 0},
        "training": {"sessions": 0, "participants": 0},
        "budget": {"allocated": 0, "spent": 0, "by_source": {}},
        "commendations": {"good_models": 0, "proposed": 0, "approved": 0},
    }


def subtree_ids(org: Organisation) -> list[int]:
    return list(Organisation.objects.filter(path__startswith=org.path).values_list("pk", flat=True))


# -- coverage ---------------------------------------------------------------------------------------
def _coverage(org_ids: Sequence[int], start: dt.date, end: dt.date) -> CoverageFigures:
    """Coverage over the counted policies of these bodies whose document was adopted in the range (in scope,
    or never screened: ADR 0011), read from the stored status."""
    cov = bodies_coverage(org_ids, start=start, end=end)
    failing: list[FailingPolicy] = [
        {"policy": r["policy_id"], "title": r["title"], "body": r["body"], "reasons": list(r["reasons"])}
        for r in cov["failing"]
    ]
    ratio = cov["ratio"]
    return {
        "in_scope": cov["in_scope"],
        "covered": cov["covered"],
        "ratio": round(ratio, 4) if ratio is not None else None,
        "failing": failing,
    }


def _activities(org_ids: Sequence[int], start: dt.date, end: dt.date) -> dict[str, FormFigures]:
    out: dict[str, FormFigures] = {}
    rows = (
        Activity.objects.filter(policy__document__drafting_body_id__in=list(org_ids), date__gte=start, date__lte=end)
        .values("form", "channel")
        .annotate(n=Count("pk"), reach=Sum("reach"))
        .order_by("form", "channel")
    )
    for r in rows:
        f = out.setdefault(r["form"], {"count": 0, "reach": 0, "channels": {}})
        f["count"] += r["n"]
        f["reach"] += r["reach"] or 0
        ch = f["channels"].setdefault(r["channel"], {"count": 0, "reach": 0})
        ch["count"] += r["n"]
        ch["reach"] += r["reach"] or 0
    return out


def _comments(org_ids: Sequence[int], start: dt.date, end: dt.date) -> CommentFigures:
    qs = Comment.objects.filter(
        consultation__document__drafting_body_id__in=list(org_ids),
        hidden=False,
        created_at__date__gte=start,
        created_at__date__lte=end,
    )
    by_channel = {r["channel"]: r["n"] for r in qs.values("channel").annotate(n=Count("pk")).order_by("channel")}
    disp = {r["disposition"]: r["n"] for r in qs.values("disposition").annotate(n=Count("pk")).order_by()}
    d = Comment.Disposition
    return {
        "received": sum(by_channel.values()),
        "by_channel": by_channel,
        "accepted": disp.get(d.ACCEPTED, 0),
        "partly_accepted": disp.get(d.PARTIAL, 0),
        "not_accepted": disp.get(d.NOT_ACCEPTED, 0),
    }


def _tasks(org_ids: Sequence[int], end: dt.date) -> TaskFigures:
    agg = PlanTask.objects.filter(plan__organisation_id__in=list(org_ids)).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=PlanTask.Status.DONE)),
        overdue=Count("pk", filter=Q(due_on__lt=end) & ~Q(status=PlanTask.Status.DONE)),
    )
    return {"done": agg["done"], "overdue": agg["overdue"], "total": agg["total"]}


def _budget(org_ids: Sequence[int], start: dt.date, end: dt.date) -> BudgetFigures:
    rows = (
        BudgetLine.objects.filter(organisation_id__in=list(org_ids), year__gte=start.year, year__lte=end.year)
        .values("source")
        .annotate(allocated=Sum("allocated"), spent=Sum("spent"))
        .order_by("source")
    )
    by_source: dict[str, SourceFigures] = {
        r["source"]: {"allocated": r["allocated"] or 0, "spent": r["spent"] or 0} for r in rows
    }
    return {
        "allocated": sum(s["allocated"] for s in by_source.values()),
        "spent": sum(s["spent"] for s in by_source.values()),
        "by_source": by_source,
    }


def _commendations(org_ids: Sequence[int], start: dt.date, end: dt.date) -> CommendationFigures:
    ids = list(org_ids)
    models_n = GoodModel.objects.filter(organisation_id__in=ids, recorded_on__gte=start, recorded_on__lte=end).count()
    who = Q(target_org_id__in=ids) | Q(target_org__isnull=True, person_org_id__in=ids)
    agg = Commendation.objects.filter(who, proposed_on__gte=start, proposed_on__lte=end).aggregate(
        proposed=Count("pk"), approved=Count("pk", filter=Q(status=Commendation.Status.APPROVED))
    )
    return {"good_models": models_n, "proposed": agg["proposed"], "approved": agg["approved"]}


def compute(org_ids: Iterable[int], start: dt.date, end: dt.date) -> Figures:
    """The figures of exactly these bodies (not their subtrees) over ``start``…``end`` (both included)."""
    ids = sorted(set(org_ids))
    if not ids:
        return empty()
    training = TrainingSession.objects.filter(organisation_id__in=ids, held_on__gte=start, held_on__lte=end).aggregate(
        sessions=Count("pk"), participants=Sum("participants")
    )
    return {
        "coverage": _coverage(ids, start, end),
        "activities_by_form": _activities(ids, start, end),
        "comments": _comments(ids, start, end),
        "plans": Plan.objects.filter(organisation_id__in=ids, issued_on__gte=start, issued_on__lte=end).count(),
        "tasks": _tasks(ids, end),
        "training": {"sessions": training["sessions"], "participants": training["participants"] or 0},
        "budget": _budget(ids, start, end),
        "commendations": _commendations(ids, start, end),
    }


def for_subtree(org: Organisation, start: dt.date, end: dt.date) -> Figures:
    """The figures of a body and everything below it."""
    return compute(subtree_ids(org), start, end)


# -- sums -------------------------------------------------------------------------------------------
def _add_counts(into: dict[str, int], other: dict[str, int]) -> None:
    for k, v in other.items():
        into[k] = into.get(k, 0) + int(v)


def add(total: Figures, other: Figures, *, unit: str = "") -> None:
    """Add ``other`` into ``total`` in place. Failing policies keep the unit's name in front of the body."""
    cov, oc = total["coverage"], other["coverage"]
    cov["in_scope"] += oc["in_scope"]
    cov["covered"] += oc["covered"]
    for f in oc["failing"]:
        cov["failing"].append({**f, "body": f"{unit} — {f['body']}" if unit and unit not in f["body"] else f["body"]})
    for form, ff in other["activities_by_form"].items():
        tf = total["activities_by_form"].setdefault(form, {"count": 0, "reach": 0, "channels": {}})
        tf["count"] += ff["count"]
        tf["reach"] += ff["reach"]
        for ch, cf in ff["channels"].items():
            tc = tf["channels"].setdefault(ch, {"count": 0, "reach": 0})
            tc["count"] += cf["count"]
            tc["reach"] += cf["reach"]
    tcm, ocm = total["comments"], other["comments"]
    for key in ("received", "accepted", "partly_accepted", "not_accepted"):
        tcm[key] += ocm[key]
    _add_counts(tcm["by_channel"], ocm["by_channel"])
    total["plans"] += other["plans"]
    for key in ("done", "overdue", "total"):
        total["tasks"][key] += other["tasks"][key]  # type: ignore[literal-required]
    total["training"]["sessions"] += other["training"]["sessions"]
    total["training"]["participants"] += other["training"]["participants"]
    tb, ob = total["budget"], other["budget"]
    tb["allocated"] += ob["allocated"]
    tb["spent"] += ob["spent"]
    for src, sf in ob["by_source"].items():
        ts = tb["by_source"].setdefault(src, {"allocated": 0, "spent": 0})
        ts["allocated"] += sf["allocated"]
        ts["spent"] += sf["spent"]
    for key in ("good_models", "proposed", "approved"):
        total["commendations"][key] += other["commendations"][key]  # type: ignore[literal-required]
    cov["ratio"] = round(cov["covered"] / cov["in_scope"], 4) if cov["in_scope"] else None


def total_of(parts: Iterable[tuple[str, Figures]]) -> Figures:
    out = empty()
    for unit, f in parts:
        add(out, f, unit=unit)
    return out


class UnitRow(TypedDict):
    """One row of the appendix: a reporting unit and its headline figures."""

    org: int
    name: str
    report: int | None
    status: str
    in_scope: int
    covered: int
    activities: int
    reach: int
    comments: int
    tasks_done: int
    tasks_total: int
    trainings: int
    participants: int
    allocated: int
    spent: int


def unit_row(org_id: int, name: str, report: int | None, status: str, f: Figures) -> UnitRow:
    forms = f["activities_by_form"].values()
    return {
        "org": org_id,
        "name": name,
        "report": report,
        "status": status,
        "in_scope": f["coverage"]["in_scope"],
        "covered": f["coverage"]["covered"],
        "activities": sum(x["count"] for x in forms),
        "reach": sum(x["reach"] for x in forms),
        "comments": f["comments"]["received"],
        "tasks_done": f["tasks"]["done"],
        "tasks_total": f["tasks"]["total"],
        "trainings": f["training"]["sessions"],
        "participants": f["training"]["participants"],
        "allocated": f["budget"]["allocated"],
        "spent": f["budget"]["spent"],
    }
