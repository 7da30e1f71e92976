"""Reads on plans: the progress view, with what the plans derived from it report, rolled up."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from .models import BudgetLine, Plan, PlanGroup, PlanTask, TrainingSession


@dataclass
class Derived:
    """How the lower levels are doing on one task of the plan."""

    total: int = 0
    done: int = 0
    in_progress: int = 0
    overdue: int = 0
    progress_sum: int = 0
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (body, evidence)

    @property
    def progress(self) -> int:
        return round(self.progress_sum / self.total) if self.total else 0


@dataclass
class TaskRow:
    task: PlanTask
    overdue: bool
    derived: Derived
    trainings: int = 0
    spent: int = 0


@dataclass
class GroupRow:
    group: PlanGroup
    tasks: list[TaskRow]

    @property
    def progress(self) -> int:
        return round(sum(r.task.progress for r in self.tasks) / len(self.tasks)) if self.tasks else 0

    @property
    def derived_progress(self) -> int:
        rows = [r.derived for r in self.tasks if r.derived.total]
        return round(sum(d.progress for d in rows) / len(rows)) if rows else 0

    @property
    def done(self) -> int:
        return sum(1 for r in self.tasks if r.task.status == PlanTask.Status.DONE)


def is_overdue(task: PlanTask, today: dt.date) -> bool:
    return task.status != PlanTask.Status.DONE and task.due_on is not None and task.due_on < today


def _descendant_tasks(plan: Plan) -> dict[int, list[PlanTask]]:
    """Tasks of every plan derived from this one (at any depth), keyed by this plan's task they derive from."""
    by_root: dict[int, list[PlanTask]] = defaultdict(list)
    frontier = {t.pk: t.pk for t in plan.tasks.all()}  # task id → root task id
    while frontier:
        children = list(PlanTask.objects.filter(parent_task_id__in=frontier).select_related("plan__organisation"))
        next_frontier = {}
        for c in children:
            root = frontier[c.parent_task_id]  # type: ignore[index]
            by_root[root].append(c)
            next_frontier[c.pk] = root
        frontier = next_frontier
    return by_root


def progress_view(plan: Plan, today: dt.date | None = None) -> list[GroupRow]:
    today = today or timezone.localdate()
    tasks = list(plan.tasks.prefetch_related("bodies__organisation").order_by("order", "pk"))
    derived = _descendant_tasks(plan)
    trainings = dict(
        TrainingSession.objects.filter(task__plan=plan)
        .values_list("task")
        .annotate(n=Count("pk"))
        .values_list("task", "n")
    )
    spent = dict(
        BudgetLine.objects.filter(task__plan=plan).values_list("task").annotate(s=Sum("spent")).values_list("task", "s")
    )
    rows: list[GroupRow] = []
    for g in plan.groups.all():
        task_rows = []
        for t in (t for t in tasks if t.group_id == g.pk):
            d = Derived()
            for c in derived.get(t.pk, []):
                d.total += 1
                d.progress_sum += c.progress
                if c.status == PlanTask.Status.DONE:
                    d.done += 1
                elif c.status == PlanTask.Status.IN_PROGRESS:
                    d.in_progress += 1
                if is_overdue(c, today):
                    d.overdue += 1
                if c.evidence:
                    d.evidence.append((c.plan.organisation.name, c.evidence))
            task_rows.append(
                TaskRow(t, is_overdue(t, today), d, trainings=trainings.get(t.pk, 0), spent=spent.get(t.pk) or 0)
            )
        rows.append(GroupRow(g, task_rows))
    return rows


def plan_summary(plan: Plan) -> dict[str, Any]:
    tasks = list(plan.tasks.all())
    money = BudgetLine.objects.filter(task__plan=plan).aggregate(
        estimate=Sum("estimate"), allocated=Sum("allocated"), spent=Sum("spent")
    )
    training = TrainingSession.objects.filter(task__plan=plan).aggregate(n=Count("pk"), people=Sum("participants"))
    return {
        "tasks": len(tasks),
        "done": sum(1 for t in tasks if t.status == PlanTask.Status.DONE),
        "progress": round(sum(t.progress for t in tasks) / len(tasks)) if tasks else 0,
        "overdue": sum(1 for t in tasks if is_overdue(t, timezone.localdate())),
        "children": plan.children.count(),
        "unconfirmed": plan.tasks.filter(bodies__confirmed=False).distinct().count(),
        "estimate": money["estimate"] or 0,
        "allocated": money["allocated"] or 0,
        "spent": money["spent"] or 0,
        "trainings": training["n"] or 0,
        "trained": training["people"] or 0,
    }


def implementation_figures(user: Any, year: int | None = None) -> dict[str, Any]:
    """The plans, tasks, training and money of the user's scope, for the monitoring page and the
    periodic report: plans issued, tasks done and overdue, training sessions and people trained,
    budget estimated, allocated and spent (per source)."""
    from policycomm.orgs.access import org_filter

    from .models import PlanTask as Task

    scope = org_filter(user, "organisation")
    plans = Plan.objects.filter(scope)
    tasks = Task.objects.filter(plan__in=plans)
    trainings = TrainingSession.objects.filter(scope)
    money = BudgetLine.objects.filter(scope)
    if year is not None:
        plans = plans.filter(issued_on__year=year) | plans.filter(issued_on__isnull=True, start_year__lte=year)
        trainings = trainings.filter(held_on__year=year)
        money = money.filter(year=year)
    today = timezone.localdate()
    by_source = list(
        money.values("source").annotate(estimate=Sum("estimate"), allocated=Sum("allocated"), spent=Sum("spent"))
    )
    labels = dict(BudgetLine.Source.choices)
    totals = money.aggregate(estimate=Sum("estimate"), allocated=Sum("allocated"), spent=Sum("spent"))
    t = trainings.aggregate(n=Count("pk"), people=Sum("participants"))
    return {
        "plans": plans.count(),
        "derived": plans.filter(parent__isnull=False).count(),
        "tasks": tasks.count(),
        "done": tasks.filter(status=Task.Status.DONE).count(),
        "overdue": tasks.exclude(status=Task.Status.DONE).filter(due_on__lt=today).count(),
        "trainings": t["n"] or 0,
        "trained": t["people"] or 0,
        "estimate": totals["estimate"] or 0,
        "allocated": totals["allocated"] or 0,
        "spent": totals["spent"] or 0,
        "by_source": [{**row, "label": str(labels.get(row["source"], row["source"]))} for row in by_source],
    }
