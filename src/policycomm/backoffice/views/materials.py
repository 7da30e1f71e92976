"""Communication material: edit, submit, approve or return, publish."""

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
from policycomm.communication.access import (
    can_approve_material,
    can_edit_material,
    can_publish_material,
    can_review_material,
    get_material_for_user,
)
from policycomm.communication.models import Material
from policycomm.communication.translations import language_info
from policycomm.errors import DomainError
from policycomm.orgs.access import UserLike

from .. import forms as bf
from .base import StaffRequest, apply_errors, raise_if_forbidden, staff_required

# Which capability each action needs; the service checks the same function.
ACTIONS = {
    "save": can_edit_material,
    "submit": can_edit_material,
    "approve": can_review_material,
    "return": can_review_material,
    "publish": can_publish_material,
}


def _initial(m: Material) -> dict[str, Any]:
    return {f: getattr(m, f) for f in bf.MaterialForm.base_fields}


def _context(user: UserLike, m: Material, form: forms.Form) -> dict[str, Any]:
    return {
        "m": m,
        "form": form,
        "policy": m.policy,
        "can_write": can_edit_material(user, m),
        "can_approve": can_approve_material(user, m),
        "can_review": can_review_material(user, m),
        "can_publish": can_publish_material(user, m),
        "translations": [(t, language_info(t.language)) for t in m.translations.all()],
    }


@staff_required
def material_detail(request: StaffRequest, pk: int) -> HttpResponse:
    m = get_material_for_user(request.user, pk)
    return render(request, "backoffice/material.html", _context(request.user, m, bf.MaterialForm(initial=_initial(m))))


@staff_required
@require_POST
def material_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    m = get_material_for_user(request.user, pk)
    if not ACTIONS[action](request.user, m):
        raise PermissionDenied(_("Vai trò của bạn không thực hiện được thao tác này với tài liệu."))
    # "save" always reaches the service: on a locked material it may still flag state secret (and withdraw it).
    editing = action == "save" or (action == "submit" and m.editable)
    form = bf.MaterialForm(request.POST if editing else None, initial=_initial(m))
    try:
        if editing:
            # "Submit" saves what is on the screen first, so nothing typed is lost.
            if not form.is_valid():
                return render(request, "backoffice/material.html", _context(request.user, m, form), status=422)
            m = comm.material_save(actor=request.user, policy=m.policy, material=m, **form.cleaned_data)
        if action == "save":
            messages.success(request, _("Đã lưu tài liệu."))
        elif action == "submit":
            comm.material_submit(actor=request.user, material=m)
            messages.success(request, _("Đã trình lãnh đạo phê duyệt."))
        elif action in ("approve", "return"):
            comm.material_review(
                actor=request.user, material=m, approve=action == "approve", note=request.POST.get("note", "")
            )
            messages.success(request, _("Đã phê duyệt tài liệu.") if action == "approve" else _("Đã trả lại tài liệu."))
        else:
            comm.material_publish(actor=request.user, material=m)
            messages.success(request, _("Đã công khai tài liệu trên cổng lấy ý kiến."))
    except DomainError as exc:
        raise_if_forbidden(exc)
        if form.is_bound:
            apply_errors(form, exc)
        else:
            messages.error(request, exc.message)
        m.refresh_from_db()
        return render(request, "backoffice/material.html", _context(request.user, m, form), status=exc.status)
    return redirect("backoffice:material", pk=m.pk)
