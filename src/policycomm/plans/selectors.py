"""Reads on plans: the progress view, with what the plans derived from it report, rolled up."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from .models import BudgetLine, Plan, PlanGroup, PlanTask, TaskBody, TrainingSession


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


def progress_view(plan: Plan, today: dt.date | None = None, *, derived: bool = True) -> list[GroupRow]:
    today = today or timezone.localdate()
    tasks = list(plan.tasks.prefetch_related("bodies__organisation").order_by("order", "pk"))
    below = _descendant_tasks(plan) if derived else {}
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
            for c in below.get(t.pk, []):
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


def plan_summaries(plans: list[Plan]) -> dict[int, dict[str, Any]]:
    """Progress, children, money and training of many plans, in five queries whatever their number."""
    ids = [p.pk for p in plans]
    today = timezone.localdate()
    done = Q(status=PlanTask.Status.DONE)
    out: dict[int, dict[str, Any]] = {
        pk: {
            "tasks": 0,
            "done": 0,
            "progress": 0,
            "overdue": 0,
            "children": 0,
            "unconfirmed": 0,
            "estimate": 0,
            "allocated": 0,
            "spent": 0,
            "trainings": 0,
            "trained": 0,
        }
        for pk in ids
    }
    for row in (
        PlanTask.objects.filter(plan_id__in=ids)
        .values("plan_id")
        .annotate(
            n=Count("pk"),
            d=Count("pk", filter=done),
            avg=Avg("progress"),
            late=Count("pk", filter=~done & Q(due_on__lt=today)),
        )
    ):
        out[row["plan_id"]].update(tasks=row["n"], done=row["d"], progress=round(row["avg"] or 0), overdue=row["late"])
    for row in Plan.objects.filter(parent_id__in=ids).values("parent_id").annotate(n=Count("pk")):
        out[row["parent_id"]]["children"] = row["n"]
    for row in (
        TaskBody.objects.filter(task__plan_id__in=ids, confirmed=False)
        .values("task__plan_id")
        .annotate(n=Count("task", distinct=True))
    ):
        out[row["task__plan_id"]]["unconfirmed"] = row["n"]
    for row in (
        BudgetLine.objects.filter(task__plan_id__in=ids)
        .values("task__plan_id")
        .annotate(e=Sum("estimate"), a=Sum("allocated"), s=Sum("spent"))
    ):
        out[row["task__plan_id"]].update(estimate=row["e"] or 0, allocated=row["a"] or 0, spent=row["s"] or 0)
    for row in (
        TrainingSession.objects.filter(task__plan_id__in=ids)
        .values("task__plan_id")
        .annotate(n=Count("pk"), people=Sum("participants"))
    ):
        out[row["task__plan_id"]].update(trainings=row["n"], trained=row["people"] or 0)
    return out


def plan_summary(plan: Plan) -> dict[str, Any]:
    return plan_summaries([plan])[plan.pk]


def implementation_figures(user: Any, year: int | None = None) -> dict[str, Any]:
    """The plans, tasks, training and money of the user's scope, for the monitoring page and the
    periodic report: plans issued, tasks done and overdue, training sessions and people trained,
    budget estimated, allocated and spent (per source)."""
    from policycomm.orgs.access import org_filter

    scope = org_filter(user, "organisation")
    plans = Plan.objects.filter(scope)
    trainings = TrainingSession.objects.filter(scope)
    money = BudgetLine.objects.filter(scope)
    if year is not None:
        plans = plans.filter(issued_on__year=year) | plans.filter(issued_on__isnull=True, start_year__lte=year)
        trainings = trainings.filter(held_on__year=year)
        money = money.filter(year=year)
    tasks = PlanTask.objects.filter(plan__in=plans)
    today = timezone.localdate()
    done = Q(status=PlanTask.Status.DONE)
    p = plans.aggregate(n=Count("pk"), derived=Count("pk", filter=Q(parent__isnull=False)))
    t = tasks.aggregate(
        n=Count("pk"), done=Count("pk", filter=done), late=Count("pk", filter=~done & Q(due_on__lt=today))
    )
    people = trainings.aggregate(n=Count("pk"), people=Sum("participants"))
    labels = dict(BudgetLine.Source.choices)
    by_source = [
        {**row, "label": str(labels.get(row["source"], row["source"]))}
        for row in money.values("source")
        .annotate(estimate=Sum("estimate"), allocated=Sum("allocated"), spent=Sum("spent"))
        .order_by("source")
    ]
    return {
        "plans": p["n"],
        "derived": p["derived"],
        "tasks": t["n"],
        "done": t["done"],
        "overdue": t["late"],
        "trainings": people["n"] or 0,
        "trained": people["people"] or 0,
        "estimate": sum(r["estimate"] or 0 for r in by_source),
        "allocated": sum(r["allocated"] or 0 for r in by_source),
        "spent": sum(r["spent"] or 0 for r in by_source),
        "by_source": by_source,
    }


_FIELD_LABELS = {
    "number": "Số",
    "symbol": "Ký hiệu",
    "issuer": "Cơ quan ban hành",
    "place": "Địa danh",
    "date": "Ngày ban hành",
    "title": "Trích yếu",
    "period": "Thời gian thực hiện",
    "legal_basis": "Căn cứ",
    "purposes": "Mục đích",
    "requirements": "Yêu cầu",
    "targets": "Mục tiêu",
    "scope": "Phạm vi",
    "budget": "Kinh phí",
}
_TASK_LABELS = {"text": "nội dung", "timeframe": "thời gian", "product": "sản phẩm", "lead": "chủ trì"}


def _short(value: Any, limit: int = 140) -> str:
    text = "; ".join(value) if isinstance(value, list) else str(value or "—")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _task_name(t: dict[str, Any], where: str) -> str:
    number = f" {t['number']}" if t.get("number") else ""
    return f"nhiệm vụ{number} ({where})"


def _tasks_by_id(data: dict[str, Any]) -> dict[int, tuple[str, dict[str, Any]]]:
    out = {}
    for g in data.get("groups") or []:
        for t in g["tasks"]:
            if t.get("id") is not None:
                out[t["id"]] = (f"nhóm {g['index']}", t)
    for t in data.get("duties") or []:
        if t.get("id") is not None:
            out[t["id"]] = ("tổ chức thực hiện", t)
    return out


def changes_between(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed from one version of a plan to the next, one Vietnamese line per change."""
    lines = [
        f"{label}: «{_short(old.get(key))}» → «{_short(new.get(key))}»"
        for key, label in _FIELD_LABELS.items()
        if (old.get(key) or None) != (new.get(key) or None)
    ]
    before, after = _tasks_by_id(old), _tasks_by_id(new)
    for pk, (where, t) in after.items():
        name = _task_name(t, where)
        if pk not in before:
            lines.append(f"Thêm {name}: «{_short(t['text'])}»")
            continue
        prev = before[pk][1]
        for key, label in _TASK_LABELS.items():
            if (prev.get(key) or None) != (t.get(key) or None):
                lines.append(
                    f"{name[0].upper()}{name[1:]}, {label}: «{_short(prev.get(key))}» → «{_short(t.get(key))}»"
                )
    for pk, (where, t) in before.items():
        if pk not in after:
            lines.append(f"Bỏ {_task_name(t, where)}: «{_short(t['text'])}»")
    return lines


def revision_history(plan: Plan) -> list[tuple[Any, list[str]]]:
    """Each revision (newest first) with what the next version changed in it."""
    from .services import plan_data

    revisions = list(plan.revisions.select_related("author").order_by("version"))
    versions = [r.snapshot for r in revisions] + [plan_data(plan)]
    history = [(r, changes_between(versions[i], versions[i + 1])) for i, r in enumerate(revisions)]
    return list(reversed(history))
