"""A policy's communication plan: planned against done on the policy page, adding, correcting and cancelling
a planned row, and recording the activity that carries one out (its form filled in from the plan)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from policycomm.communication import commplan
from policycomm.communication import services as comm
from policycomm.communication.access import can_plan_communication, get_planned_for_user
from policycomm.communication.models import PlannedActivity
from policycomm.communication.selectors import policy_plan
from policycomm.errors import DomainError
from policycomm.lawmaking.access import get_policy_for_user
from policycomm.lawmaking.models import DraftPolicy
from policycomm.orgs.models import Organisation

from .. import event_forms as ef
from .. import forms as bf
from .base import StaffRequest, apply_errors, raise_if_forbidden, staff_required


def _back(policy_pk: int) -> str:
    return f"{reverse('backoffice:policy', args=[policy_pk])}#ke-hoach-truyen-thong"


def _bodies(policy: DraftPolicy) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in commplan.lead_bodies(policy)]


def _save_args(d: dict[str, Any]) -> dict[str, Any]:
    body = Organisation.objects.filter(pk=d["lead_body"]).first() if d["lead_body"] is not None else None
    return {**d, "lead_body": body}


def plan_context(request: StaffRequest, policy: DraftPolicy) -> dict[str, Any]:
    """What the policy page shows of the plan: rows with their state, the counts, and the form to add one."""
    rows, counts = policy_plan(policy)
    can_plan = can_plan_communication(request.user, policy)
    return {
        "plan_rows": rows,
        "plan_counts": counts,
        "can_plan": can_plan,
        "planned_form": ef.PlannedForm(bodies=_bodies(policy)) if can_plan and not policy.state_secret else None,
    }


def _form_page(
    request: StaffRequest, policy: DraftPolicy, form: ef.PlannedForm, planned: PlannedActivity | None, status: int
) -> HttpResponse:
    return render(
        request, "backoffice/planned_form.html", {"policy": policy, "form": form, "p": planned}, status=status
    )


@staff_required
@require_POST
def planned_add(request: StaffRequest, pk: int) -> HttpResponse:
    policy = get_policy_for_user(request.user, pk)
    if not can_plan_communication(request.user, policy):
        raise PermissionDenied(_("Vai trò của bạn không lập kế hoạch truyền thông."))
    form = ef.PlannedForm(request.POST, bodies=_bodies(policy))
    if form.is_valid():
        try:
            commplan.planned_save(actor=request.user, policy=policy, **_save_args(form.cleaned_data))
        except DomainError as exc:
            raise_if_forbidden(exc)
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm hoạt động vào kế hoạch truyền thông."))
            return redirect(_back(policy.pk))
    return _form_page(request, policy, form, None, 422)


def _initial(p: PlannedActivity) -> dict[str, Any]:
    return {
        "form": p.form,
        "channel": p.channel,
        "audience": p.audience,
        "area": p.area,
        "lead_body": p.lead_body_id,
        "co_bodies": p.co_bodies,
        "planned_on": p.planned_on,
        "budget_line": p.budget_line,
        "note": p.note,
    }


@staff_required
@require_http_methods(["GET", "POST"])
def planned_edit(request: StaffRequest, pk: int) -> HttpResponse:
    planned = get_planned_for_user(request.user, pk, write=True)
    policy = planned.policy
    if request.method == "GET":
        return _form_page(
            request, policy, ef.PlannedForm(initial=_initial(planned), bodies=_bodies(policy)), planned, 200
        )
    form = ef.PlannedForm(request.POST, bodies=_bodies(policy))
    status = 422
    if form.is_valid():
        try:
            commplan.planned_save(actor=request.user, policy=policy, planned=planned, **_save_args(form.cleaned_data))
        except DomainError as exc:
            raise_if_forbidden(exc)
            apply_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Đã sửa hoạt động dự kiến."))
            return redirect(_back(policy.pk))
    return _form_page(request, policy, form, planned, status)


@staff_required
@require_POST
def planned_cancel(request: StaffRequest, pk: int) -> HttpResponse:
    planned = get_planned_for_user(request.user, pk, write=True)
    form = ef.CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        commplan.planned_cancel(actor=request.user, planned=planned, reason=reason)
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã hủy hoạt động dự kiến “%(p)s”.") % {"p": str(planned)})
    return redirect(_back(planned.policy_id))


@staff_required
@require_http_methods(["GET", "POST"])
def planned_done(request: StaffRequest, pk: int) -> HttpResponse:
    """Record the activity that carries out a planned one: the form starts from what was planned."""
    planned = get_planned_for_user(request.user, pk, write=True)
    policy = planned.policy
    status = 200
    if request.method == "POST":
        form = bf.ActivityForm(request.POST, request.FILES)
        status = 422
        if form.is_valid():
            try:
                comm.activity_record(actor=request.user, policy=policy, planned=planned, **form.cleaned_data)
            except DomainError as exc:
                raise_if_forbidden(exc)
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã ghi nhận hoạt động theo kế hoạch."))
                return redirect(_back(policy.pk))
    else:
        form = bf.ActivityForm(
            initial={
                "form": planned.form,
                "channel": planned.channel,
                "audience": planned.audience,
                "area": planned.area,
                "date": min(planned.planned_on, timezone.localdate()),
            }
        )
    return render(
        request, "backoffice/planned_done.html", {"policy": policy, "p": planned, "form": form}, status=status
    )
