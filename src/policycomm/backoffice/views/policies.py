"""A draft policy: scope screening, its material and its communication activities."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policycomm.communication import services as comm
from policycomm.communication.access import can_edit_material, can_record_activity
from policycomm.errors import DomainError
from policycomm.lawmaking import services as law
from policycomm.lawmaking.access import can_write_policy, get_policy_for_user
from policycomm.lawmaking.models import DraftPolicy
from policycomm.lawmaking.rules import SCOPE_CRITERIA

from .. import forms as bf
from .base import StaffRequest, apply_errors, staff_required
from .commplan import plan_context


def _screening_initial(policy: DraftPolicy) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for c in SCOPE_CRITERIA:
        p = c.field[:2]
        initial[p] = getattr(policy, c.field)
        initial[f"{p}_reason"] = getattr(policy, f"{p}_reason")
    initial.update(
        state_secret=policy.state_secret,
        state_secret_reason=policy.state_secret_reason,
        voluntary=policy.voluntary,
        voluntary_reason=policy.voluntary_reason,
    )
    return initial


def failing_criteria(policy: DraftPolicy) -> list[str]:
    """The criteria a screened policy fails, numbered as on the form: what puts it out of scope."""
    if not policy.screened:
        return []
    return [f"{n}. {label}" for n, (label, ok, _reason) in enumerate(policy.criteria(), start=1) if not ok]


def screening_outcome(policy: DraftPolicy) -> str:
    if policy.state_secret:
        return _("có nội dung thuộc bí mật nhà nước, không truyền thông công khai")
    if policy.in_scope:
        return _("thuộc phạm vi Đề án 407, bắt buộc truyền thông")
    failing = "; ".join(failing_criteria(policy))
    if policy.voluntary:
        return _("ngoài phạm vi Đề án 407 (không đáp ứng tiêu chí %(failing)s), cơ quan chủ động truyền thông") % {
            "failing": failing
        }
    return _("ngoài phạm vi Đề án 407 vì không đáp ứng tiêu chí %(failing)s") % {"failing": failing}


def policy_context(request: StaffRequest, policy: DraftPolicy, **extra: Any) -> dict[str, Any]:
    return {
        "policy": policy,
        "failing": failing_criteria(policy),
        "doc": policy.document,
        "can_write": can_write_policy(request.user, policy),
        "can_write_material": can_edit_material(request.user, policy),
        "can_record": can_record_activity(request.user, policy),
        "materials": list(policy.materials.select_related("submitted_by", "approved_by")),
        "activities": list(policy.activities.all()),
        "screen_form": extra.pop("screen_form", None) or bf.ScreeningForm(initial=_screening_initial(policy)),
        "material_form": extra.pop("material_form", None) or bf.MaterialForm(),
        "activity_form": extra.pop("activity_form", None) or bf.ActivityForm(),
        **plan_context(request, policy),
        **extra,
    }


@staff_required
def policy_detail(request: StaffRequest, pk: int) -> HttpResponse:
    policy = get_policy_for_user(request.user, pk)
    return render(request, "backoffice/policy.html", policy_context(request, policy))


@staff_required
@require_POST
def policy_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("screen", "material", "activity"):
        raise Http404
    policy = get_policy_for_user(request.user, pk, write=action != "activity")
    if action == "activity" and not can_record_activity(request.user, policy):
        raise PermissionDenied(_("Vai trò của bạn không ghi nhận hoạt động truyền thông."))
    if action == "screen":
        form: forms.Form = bf.ScreeningForm(request.POST)
        key = "screen_form"
    elif action == "material":
        form, key = bf.MaterialForm(request.POST), "material_form"
    else:
        form, key = bf.ActivityForm(request.POST, request.FILES), "activity_form"
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "screen":
                law.policy_screen(
                    actor=request.user,
                    policy=policy,
                    criteria={c.field[:2]: d[c.field[:2]] for c in SCOPE_CRITERIA},
                    reasons={c.field[:2]: d[f"{c.field[:2]}_reason"] for c in SCOPE_CRITERIA},
                    state_secret=d["state_secret"],
                    state_secret_reason=d["state_secret_reason"],
                    voluntary=d["voluntary"],
                    voluntary_reason=d["voluntary_reason"],
                )
                messages.success(
                    request,
                    _("Đã lưu kết quả đánh giá phạm vi: %(outcome)s.") % {"outcome": screening_outcome(policy)},
                )
            elif action == "material":
                m = comm.material_save(actor=request.user, policy=policy, **d)
                messages.success(request, _("Đã tạo tài liệu truyền thông."))
                return redirect("backoffice:material", pk=m.pk)
            else:
                comm.activity_record(actor=request.user, policy=policy, **d)
                messages.success(request, _("Đã ghi nhận hoạt động truyền thông."))
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            return redirect("backoffice:policy", pk=policy.pk)
    return render(request, "backoffice/policy.html", policy_context(request, policy, **{key: form}), status=422)
