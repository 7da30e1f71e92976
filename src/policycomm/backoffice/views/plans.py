"""Staff screens for implementation plans: import and review, progress, cascade, revisions, export,
training sessions and budget lines. Views translate HTTP to the plans services and back."""

from __future__ import annotations

import copy
import uuid
from typing import Any, TypedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from policycomm.communication.access import activities_in_scope
from policycomm.documents.pdf import PdfUnavailableError
from policycomm.errors import DomainError
from policycomm.orgs.models import Organisation
from policycomm.plans import services as psvc
from policycomm.plans.access import (
    can_report,
    can_see_derived_progress,
    can_write_plan,
    derivable_organisations,
    get_plan_for_user,
    get_task_for_user,
    plans_for_user,
    writable_organisations,
)
from policycomm.plans.export import plan_docx, plan_pdf
from policycomm.plans.matching import candidates_for, match_body
from policycomm.plans.models import BudgetLine, Plan, PlanTask, TaskBody, TrainingSession
from policycomm.plans.parser import parse_bytes
from policycomm.plans.schema import BodyChoices, GroupData, NewTask, PlanData, PlanEdit, TaskData, TaskEdit
from policycomm.plans.selectors import issuer_mismatch, plan_summaries, progress_view, revision_history
from policycomm.plans.text import ReadError

from .. import forms as bf
from .base import StaffRequest, plain_int, raise_if_forbidden, staff_required

_SESSION = "plan-import-"


def _plan_url(plan: Plan, anchor: str = "") -> str:
    return reverse("backoffice:plan", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


@staff_required
def plan_list(request: StaffRequest) -> HttpResponse:
    plans = list(plans_for_user(request.user).select_related("organisation", "parent"))
    rows = _with_summaries(plans)
    return render(
        request,
        "backoffice/plans.html",
        {"rows": rows, "can_import": bool(writable_organisations(request.user))},
    )


# -- import and review ---------------------------------------------------------------------------------------


@staff_required
def plan_import(request: StaffRequest) -> HttpResponse:
    orgs = writable_organisations(request.user)
    if not orgs:
        raise PermissionDenied(_("Vai trò của bạn không lập kế hoạch cho cơ quan nào."))
    form = bf.PlanUploadForm(request.POST or None, request.FILES or None)
    form.fields["organisation"].choices = [(o.pk, o.name) for o in orgs]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            data = parse_bytes(f.read(), f.name)
        except ReadError as exc:
            form.add_error("file", str(exc))
        else:
            token = uuid.uuid4().hex
            request.session[_SESSION + token] = {
                "data": data,
                "organisation": form.cleaned_data["organisation"],
                "source": f.name,
            }
            return redirect("backoffice:plan_review", token=token)
    return render(request, "backoffice/plan_import.html", {"form": form})


def _distinct_bodies(data: PlanData) -> list[str]:
    names: list[str] = []
    for t in [t for g in data["groups"] for t in g["tasks"]] + data["duties"]:
        for n in t["lead"] + t["cooperating"]:
            if n not in names:
                names.append(n)
    return names


def _task_slots(data: PlanData) -> list[tuple[str, TaskData, GroupData | None]]:
    """(field prefix, task, group) for every task: groups' tasks, then the duties."""
    slots: list[tuple[str, TaskData, GroupData | None]] = [
        (f"t-{gi}-{ti}", t, g) for gi, g in enumerate(data["groups"]) for ti, t in enumerate(g["tasks"])
    ]
    slots += [(f"d-{ti}", t, None) for ti, t in enumerate(data["duties"])]
    return slots


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.replace("\n", ";").split(";") if v.strip()]


@staff_required
def plan_review(request: StaffRequest, token: str) -> HttpResponse:
    stash = request.session.get(_SESSION + token)
    if not stash:
        raise Http404(_("Phiên nhập kế hoạch đã hết hạn; hãy tải tệp lên lại."))
    org = get_object_or_404(Organisation, pk=stash["organisation"])
    if not can_write_plan(request.user, org):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch của cơ quan này."))
    data: PlanData = stash["data"]
    candidates = candidates_for(org)
    names = _distinct_bodies(data)
    header = bf.PlanHeaderForm(
        request.POST or None,
        initial={
            "number": data["number"],
            "symbol": data["symbol"],
            "issuer": data["issuer"],
            "place": data["place"],
            "date": data["date"],
            "title": data["title"],
            "period": data["period"],
        },
    )
    error = None
    if request.method == "POST" and header.is_valid():
        c = header.cleaned_data
        edited: PlanData = copy.deepcopy(data)
        edited.update(
            {
                "number": c["number"] or None,
                "symbol": c["symbol"] or None,
                "issuer": c["issuer"] or None,
                "place": c["place"] or None,
                "date": c["date"].isoformat() if c["date"] else None,
                "title": c["title"] or None,
                "period": c["period"] or None,
            }
        )
        for gi, g in enumerate(edited["groups"]):
            g["title"] = request.POST.get(f"g-{gi}-title", g["title"]).strip()
        for prefix, t, _g in _task_slots(edited):
            t["text"] = request.POST.get(f"{prefix}-text", t["text"]).strip()
            t["lead"] = _split(request.POST.get(f"{prefix}-lead", "; ".join(t["lead"])))
            t["cooperating"] = _split(request.POST.get(f"{prefix}-coop", "; ".join(t["cooperating"])))
            t["timeframe"] = request.POST.get(f"{prefix}-timeframe", t["timeframe"] or "").strip() or None
            t["product"] = request.POST.get(f"{prefix}-product", t["product"] or "").strip() or None
            t["timeframe_parsed"] = None
        chosen: BodyChoices = {}
        for i, name in enumerate(names):
            chosen[name] = plain_int(request.POST.get(f"body-{i}"))
        try:
            plan = psvc.plan_create(
                actor=request.user, organisation=org, data=edited, orgs=chosen, source_name=stash["source"]
            )
        except DomainError as exc:
            error = exc.message
            data = edited  # shown again as the reviewer left it
        else:
            del request.session[_SESSION + token]
            messages.success(
                request,
                _("Đã lưu kế hoạch %(plan)s với %(tasks)d nhiệm vụ.")
                % {"plan": plan.reference, "tasks": plan.tasks.count()},
            )
            return redirect(_plan_url(plan))
    bodies = [(i, name, match_body(name, candidates)) for i, name in enumerate(names)]
    return render(
        request,
        "backoffice/plan_review.html",
        {
            "token": token,
            "org": org,
            "data": data,
            "header": header,
            "bodies": bodies,
            "candidates": candidates,
            "slots": _task_slots(data),
            "error": error,
            "source": stash["source"],
            "mismatch": issuer_mismatch(data, org),
        },
    )


# -- the plan ------------------------------------------------------------------------------------------------


def _with_summaries(plans: list[Plan]) -> list[tuple[Plan, dict[str, Any]]]:
    summaries = plan_summaries(plans)
    return [(p, summaries[p.pk]) for p in plans]


def _activity_choices(plan: Plan) -> list[tuple[int, str]]:
    """Communication activities of policies drafted in the plan's scope, newest first."""
    rows = activities_in_scope(plan.organisation).order_by("-date", "-pk")[:200]
    return [(a.pk, f"{a.date:%d/%m/%Y} · {a.get_form_display()} · {a.policy.title[:60]}") for a in rows]


def _task_choices(plan: Plan) -> list[tuple[int, str]]:
    return [(t.pk, f"{t.number or '·'} — {t.text[:80]}") for t in plan.tasks.all()]


class _Report(TypedDict):
    """A progress report that was refused, shown again on its task with what was typed."""

    task: int
    status: str
    progress: str
    evidence: str
    errors: dict[str, list[str]]


def _plan_page(request: StaffRequest, plan: Plan, *, report: _Report | None = None, status: int = 200) -> HttpResponse:
    can_write = can_write_plan(request.user, plan.organisation)
    show_derived = can_see_derived_progress(request.user, plan)
    groups = progress_view(plan, derived=show_derived)
    reportable = {r.task.pk for g in groups for r in g.tasks if can_report(request.user, r.task)}
    children = list(plan.children.select_related("organisation"))
    summaries = plan_summaries([plan, *children])
    below = derivable_organisations(request.user, plan)
    tasks = _task_choices(plan)
    return render(
        request,
        "backoffice/plan.html",
        {
            "plan": plan,
            "summary": summaries[plan.pk],
            "groups": groups,
            "can_write": can_write,
            "show_derived": show_derived,
            "reportable": reportable,
            "statuses": PlanTask.Status.choices,
            "report": report,
            "below": below,
            "children": [(c, summaries[c.pk]) for c in children],
            "revisions": revision_history(plan),
            "trainings": TrainingSession.objects.filter(task__plan=plan).select_related("task"),
            "budget": BudgetLine.objects.filter(task__plan=plan).select_related("task", "activity__policy"),
            "training_form": bf.TrainingForm(tasks=tasks, initial={"organiser": plan.organisation.name}),
            "budget_form": bf.BudgetForm(
                tasks=tasks, activities=_activity_choices(plan), initial={"year": plan.start_year}
            ),
        },
        status=status,
    )


@staff_required
def plan_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return _plan_page(request, get_plan_for_user(request.user, pk))


@staff_required
def plan_download(request: StaffRequest, pk: int, fmt: str) -> HttpResponseBase:
    plan = get_plan_for_user(request.user, pk)
    name = f"ke-hoach-{plan.number or plan.pk}-{plan.symbol or 'KH'}".replace("/", "-")
    if fmt == "docx":
        data = plan_docx(plan)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        try:
            data = plan_pdf(plan)
        except PdfUnavailableError as exc:
            raise DomainError("pdf_unavailable", str(exc), status=503) from None
        mime = "application/pdf"
    resp = HttpResponse(data, content_type=mime)
    resp["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp


@staff_required
@require_POST
def plan_derive(request: StaffRequest, pk: int) -> HttpResponse:
    parent = get_plan_for_user(request.user, pk)
    org_id = plain_int(request.POST.get("organisation"))
    derivable = derivable_organisations(request.user, parent)
    if not derivable:
        raise PermissionDenied(_("Bạn không lập được kế hoạch cấp dưới nào từ kế hoạch này."))
    org = next((o for o in derivable if o.pk == org_id), None)
    if org is None:
        messages.error(request, _("Hãy chọn cơ quan cấp dưới lập kế hoạch."))
        return redirect(_plan_url(parent))
    try:
        child = psvc.plan_derive(actor=request.user, parent=parent, organisation=org)
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
        return redirect(_plan_url(parent))
    messages.success(
        request,
        _(
            "Đã lập kế hoạch của %(organisation)s từ kế hoạch %(plan)s. "
            "Hãy xác nhận cơ quan chủ trì được đề xuất cho từng nhiệm vụ."
        )
        % {"organisation": org.name, "plan": parent.reference},
    )
    return redirect("backoffice:plan_bodies", pk=child.pk)


@staff_required
def plan_bodies(request: StaffRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    bodies = list(
        TaskBody.objects.filter(task__plan=plan)
        .select_related("task__group", "organisation")
        .order_by("task__group__is_duties", "task__group__index", "task__order", "role", "order")
    )
    candidates = candidates_for(plan.organisation)
    if request.method == "POST":
        # A body whose field is not sent keeps its organisation; "" keeps it as text.
        choices = {b.pk: plain_int(request.POST[f"body-{b.pk}"]) for b in bodies if f"body-{b.pk}" in request.POST}
        try:
            n = psvc.bodies_confirm(actor=request.user, plan=plan, choices=choices)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã xác nhận %(count)d cơ quan chủ trì, phối hợp.") % {"count": n})
            return redirect(_plan_url(plan))
    return render(request, "backoffice/plan_bodies.html", {"plan": plan, "bodies": bodies, "candidates": candidates})


_REPORT_ERRORS = {
    "status": gettext_lazy("Hãy chọn tình trạng của nhiệm vụ."),
    "progress": gettext_lazy("Tiến độ là số phần trăm từ 0 đến 100, ví dụ 60."),
}


@staff_required
@require_POST
def task_report(request: StaffRequest, tpk: int) -> HttpResponse:
    task = get_task_for_user(request.user, tpk)
    plan = task.plan
    form = bf.TaskReportForm(request.POST)
    errors: dict[str, list[str]] = {}
    if not form.is_valid():
        errors = {f: [str(_REPORT_ERRORS.get(f, e)) for e in es][:1] for f, es in form.errors.items()}
    else:
        try:
            psvc.task_report(actor=request.user, task=task, **form.cleaned_data)
        except DomainError as exc:
            raise_if_forbidden(exc)
            errors = {exc.field or "status": [exc.message]}
        else:
            done = (
                _("Đã cập nhật tiến độ nhiệm vụ %(number)s.") % {"number": task.number}
                if task.number
                else _("Đã cập nhật tiến độ nhiệm vụ.")
            )
            messages.success(request, done)
            return redirect(_plan_url(plan, f"nv-{task.pk}"))
    # Refused: the plan page again, the message next to the field at fault, what was typed kept.
    report: _Report = {
        "task": task.pk,
        "status": request.POST.get("status", ""),
        "progress": request.POST.get("progress", ""),
        "evidence": request.POST.get("evidence", ""),
        "errors": errors,
    }
    return _plan_page(request, plan, report=report, status=422)


@staff_required
def plan_revise(request: StaffRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    tasks = list(plan.tasks.select_related("group"))
    initial = {
        "number": plan.number,
        "symbol": plan.symbol,
        "issuer": plan.issuer_name,
        "place": plan.place,
        "date": plan.issued_on,
        "title": plan.title,
        "period": plan.period,
    }
    header = bf.PlanHeaderForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and header.is_valid():
        c = header.cleaned_data
        fields: PlanEdit = {
            "number": c["number"],
            "symbol": c["symbol"],
            "issuer_name": c["issuer"],
            "place": c["place"],
            "issued_on": c["date"],
            "title": c["title"],
            "period": c["period"],
        }
        edits: dict[int, TaskEdit] = {
            t.pk: {
                "text": request.POST.get(f"task-{t.pk}-text", t.text),
                "timeframe": request.POST.get(f"task-{t.pk}-timeframe", t.timeframe),
                "product": request.POST.get(f"task-{t.pk}-product", t.product),
            }
            for t in tasks
        }
        new_tasks: list[NewTask] = []
        if request.POST.get("new-text", "").strip():
            new_tasks.append(
                {
                    "group": plain_int(request.POST.get("new-group")),
                    "number": request.POST.get("new-number", "").strip() or None,
                    "text": request.POST.get("new-text", ""),
                    "lead": _split(request.POST.get("new-lead", "")),
                    "cooperating": _split(request.POST.get("new-coop", "")),
                    "timeframe": request.POST.get("new-timeframe", "").strip() or None,
                    "product": request.POST.get("new-product", "").strip() or None,
                }
            )
        removed = [t.pk for t in tasks if request.POST.get(f"task-{t.pk}-remove")]
        try:
            psvc.plan_revise(
                actor=request.user,
                plan=plan,
                fields=fields,
                tasks={pk: v for pk, v in edits.items() if pk not in removed},
                new_tasks=new_tasks,
                removed=removed,
                note=request.POST.get("note", ""),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã lưu bản sửa đổi; bản trước được giữ trong lịch sử."))
            return redirect(_plan_url(plan, "lich-su"))
    return render(
        request,
        "backoffice/plan_revise.html",
        {"plan": plan, "header": header, "tasks": tasks, "groups": plan.groups.all(), "error": error},
    )


def _record(request: StaffRequest, pk: int, kind: str) -> HttpResponse:
    """Record a training session or a budget line for one of the plan's tasks."""
    plan = get_plan_for_user(request.user, pk, write=True)
    form_class, service, anchor, done, failed = {
        "training": (
            bf.TrainingForm,
            psvc.training_record,
            "tap-huan",
            _("Đã ghi nhận lớp tập huấn."),
            _("Chưa ghi được lớp tập huấn: %(errors)s"),
        ),
        "budget": (
            bf.BudgetForm,
            psvc.budget_record,
            "kinh-phi",
            _("Đã ghi nhận dòng kinh phí."),
            _("Chưa ghi được kinh phí: %(errors)s"),
        ),
    }[kind]
    extra = {"activities": _activity_choices(plan)} if kind == "budget" else {}
    form = form_class(request.POST, tasks=_task_choices(plan), **extra)
    if form.is_valid():
        values = dict(form.cleaned_data)
        task = plan.tasks.filter(pk=values.pop("task")).first()
        if kind == "budget":
            activity_id = values.pop("activity")
            values["activity"] = (
                activities_in_scope(plan.organisation).filter(pk=activity_id).first() if activity_id else None
            )
        try:
            service(actor=request.user, organisation=plan.organisation, task=task, **values)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
    else:
        messages.error(request, failed % {"errors": "; ".join(_errors(form))})
    return redirect(_plan_url(plan, anchor))


@staff_required
@require_POST
def plan_training(request: StaffRequest, pk: int) -> HttpResponse:
    return _record(request, pk, "training")


@staff_required
@require_POST
def plan_budget(request: StaffRequest, pk: int) -> HttpResponse:
    return _record(request, pk, "budget")


def _errors(form: Any) -> list[str]:
    return [
        f"{form.fields[f].label if f in form.fields else ''}: {e}".lstrip(": ")
        for f, es in form.errors.items()
        for e in es
    ]
