"""Reads on plans: the progress view, with what the plans derived from it report, rolled up."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from policycomm.analysis.normalise import fold
from policycomm.orgs.access import UserLike, org_filter
from policycomm.orgs.models import Organisation

from .models import BudgetLine, Plan, PlanGroup, PlanRevision, PlanTask, TaskBody, TrainingSession
from .schema import PlanData, TaskData
from .services import plan_data


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


def implementation_figures(user: UserLike, year: int | None = None) -> dict[str, Any]:
    """The plans, tasks, training and money of the user's scope, for the monitoring page and the
    periodic report: plans issued, tasks done and overdue, training sessions and people trained,
    budget estimated, allocated and spent (per source)."""
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


def _value(value: object) -> str | None:
    """A field as compared and shown: a list as "a; b", line ends as "\\n", blank as None."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip() if value is not None else ""
    return text or None


def _shown(value: str | None) -> str:
    return value if value is not None else "—"


def _task_name(t: TaskData, where: str) -> str:
    number = f" {t['number']}" if t.get("number") else ""
    return f"nhiệm vụ{number} ({where})"


def _tasks_by_id(data: PlanData) -> dict[int, tuple[str, TaskData]]:
    out: dict[int, tuple[str, TaskData]] = {}
    for g in data.get("groups") or []:
        for t in g["tasks"]:
            if t.get("id") is not None:
                out[t["id"]] = (f"nhóm {g['index']}", t)
    for t in data.get("duties") or []:
        if t.get("id") is not None:
            out[t["id"]] = ("tổ chức thực hiện", t)
    return out


def changes_between(old: PlanData, new: PlanData) -> list[str]:
    """What changed from one version of a plan to the next, one Vietnamese line per change, with the
    whole text before and after (nothing cut). Only what differs is listed: the same text with other
    line ends or spaces around it is no change."""
    lines = []
    for key, label in _FIELD_LABELS.items():
        before, after = _value(old.get(key)), _value(new.get(key))
        if before != after:
            lines.append(f"{label}: «{_shown(before)}» → «{_shown(after)}»")
    earlier, later = _tasks_by_id(old), _tasks_by_id(new)
    for pk, (where, t) in later.items():
        name = _task_name(t, where)
        if pk not in earlier:
            lines.append(f"Thêm {name}: «{_shown(_value(t['text']))}»")
            continue
        prev = earlier[pk][1]
        for key, label in _TASK_LABELS.items():
            before, after = _value(prev.get(key)), _value(t.get(key))
            if before != after:
                lines.append(f"{name[0].upper()}{name[1:]}, {label}: «{_shown(before)}» → «{_shown(after)}»")
    for pk, (where, t) in earlier.items():
        if pk not in later:
            lines.append(f"Bỏ {_task_name(t, where)}: «{_shown(_value(t['text']))}»")
    return lines


def revision_history(plan: Plan) -> list[tuple[PlanRevision, list[str]]]:
    """Each revision (newest first) with what the next version changed in it."""
    revisions = list(plan.revisions.select_related("author").order_by("version"))
    versions: list[PlanData] = [r.snapshot for r in revisions] + [plan_data(plan)]
    history = [(r, changes_between(versions[i], versions[i + 1])) for i, r in enumerate(revisions)]
    return list(reversed(history))


def _unit_names(org: Organisation) -> tuple[str | None, set[str]]:
    """The place an organisation issues documents for (its own unit, or the nearest one above it) and
    every name that place is known by, folded: its short name and those of the units merged into it."""
    node: Organisation | None = org
    while node is not None and node.admin_unit_id is None:
        node = node.parent
    if node is None or node.admin_unit is None:
        return None, set()
    unit = node.admin_unit
    names = {unit.short_name, *unit.predecessors.values_list("short_name", flat=True)}
    return unit.short_name, {_place_key(n) for n in names if n}


def _place_key(name: str) -> str:
    """A place name as compared: folded, "TP. Hồ Chí Minh" as "Hồ Chí Minh"."""
    return " ".join(re.sub(r"^(?:tp\.|tp\s|thanh pho\s)", "", fold(name).strip()).split())


# A unit named in an issuer line ("… XÃ THANH BẮC"), folded; "xã hội" is no unit.
_UNIT_WORD = re.compile(r"\b(?:tinh|thanh pho|huyen|quan|thi xa|xa(?! hoi\b)|phuong|thi tran|dac khu)\s+\S")


def issuer_mismatch(data: PlanData, organisation: Organisation) -> str | None:
    """A Vietnamese warning when the plan read from a file was issued elsewhere than the organisation
    chosen for it: its place line names another place, or its issuer names another unit
    ("ỦY BAN NHÂN DÂN XÃ THANH BẮC" imported for a ward of another name). None when they agree or the
    file does not say."""
    own, names = _unit_names(organisation)
    if not own:
        return None
    place, issuer = data.get("place"), data.get("issuer")
    place_differs = bool(place) and _place_key(place or "") not in names
    folded = fold(issuer or "")
    issuer_differs = bool(_UNIT_WORD.search(folded)) and not any(n and n in folded for n in names)
    if not (place_differs or issuer_differs):
        return None
    stated = []
    if issuer:
        stated.append(f"cơ quan ban hành «{issuer}»")
    if place:
        stated.append(f"địa danh «{place}»")
    return (
        f"Tệp này ghi {' và '.join(stated)}, không khớp với cơ quan bạn chọn: «{organisation.name}» "
        f"({own}). Hãy kiểm tra lại: nếu đây là kế hoạch của cơ quan khác, hãy quay lại và chọn đúng cơ quan "
        "ban hành; nếu là kế hoạch của cấp trên, hãy lập kế hoạch cấp dưới từ kế hoạch đó thay vì nhập lại."
    )
