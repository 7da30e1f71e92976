"""Translations of communication material: add one, correct it, submit it, approve or return it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from policycomm.communication import services as comm
from policycomm.communication.access import (
    can_review_translation,
    can_translate_material,
    get_material_for_user,
    get_translation_for_user,
)
from policycomm.communication.models import Material, MaterialTranslation
from policycomm.communication.translations import language_info
from policycomm.errors import DomainError
from policycomm.orgs.access import UserLike

from ..translation_forms import TranslationForm
from .base import StaffRequest, apply_errors, raise_if_forbidden, staff_required

# Which capability each action needs; the service checks the same function.
ACTIONS = {
    "save": can_translate_material,
    "submit": can_translate_material,
    "approve": can_review_translation,
    "return": can_review_translation,
}
FIELDS = ("title", "part_need", "part_content", "part_changes", "part_other")


def _context(user: UserLike, m: Material, form: TranslationForm, t: MaterialTranslation | None) -> dict[str, Any]:
    can_review = t is not None and can_review_translation(user, m)
    return {
        "m": m,
        "t": t,
        "form": form,
        "policy": m.policy,
        "lang": language_info(t.language) if t is not None else None,
        "can_write": can_translate_material(user, m),
        "can_review": can_review,
        "can_approve": can_review and t is not None and t.submitted_by_id != user.pk,
    }


@staff_required
@require_http_methods(["GET", "POST"])
def translation_new(request: StaffRequest, pk: int) -> HttpResponse:
    """Add a translation: its language and its text, beside the original."""
    m = get_material_for_user(request.user, pk)
    if not can_translate_material(request.user, m):
        raise PermissionDenied(_("Vai trò của bạn không dịch được tài liệu này."))
    form = TranslationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                t = comm.translation_save(actor=request.user, material=m, **form.cleaned_data)
            except DomainError as exc:
                raise_if_forbidden(exc)
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã lưu bản dịch."))
                return redirect("backoffice:translation", pk=m.pk, lang=t.language)
        else:
            status = 422
        return render(
            request, "backoffice/translations/form.html", _context(request.user, m, form, None), status=status
        )
    return render(request, "backoffice/translations/form.html", _context(request.user, m, form, None))


@staff_required
def translation_detail(request: StaffRequest, pk: int, lang: str) -> HttpResponse:
    t = get_translation_for_user(request.user, pk, lang)
    form = TranslationForm(initial={f: getattr(t, f) for f in FIELDS}, language=t.language)
    return render(request, "backoffice/translations/form.html", _context(request.user, t.material, form, t))


@staff_required
@require_POST
def translation_action(request: StaffRequest, pk: int, lang: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    t = get_translation_for_user(request.user, pk, lang)
    m = t.material
    if not ACTIONS[action](request.user, m):
        raise PermissionDenied(_("Vai trò của bạn không thực hiện được thao tác này với bản dịch."))
    editing = action in ("save", "submit") and t.editable
    initial = {f: getattr(t, f) for f in FIELDS}
    form = TranslationForm(request.POST if editing else None, initial=initial, language=t.language)
    try:
        if editing:
            # "Submit" saves what is on the screen first, so nothing typed is lost.
            if not form.is_valid():
                return render(
                    request, "backoffice/translations/form.html", _context(request.user, m, form, t), status=422
                )
            t = comm.translation_save(
                actor=request.user, material=m, translation=t, language=t.language, **form.cleaned_data
            )
        if action == "save":
            if not editing:
                raise DomainError("not_editable", _("Bản dịch đã trình hoặc đã phê duyệt, không sửa được."), status=409)
            messages.success(request, _("Đã lưu bản dịch."))
        elif action == "submit":
            comm.translation_submit(actor=request.user, translation=t)
            messages.success(request, _("Đã trình lãnh đạo phê duyệt bản dịch."))
        else:
            comm.translation_review(
                actor=request.user, translation=t, approve=action == "approve", note=request.POST.get("note", "")
            )
            messages.success(request, _("Đã phê duyệt bản dịch.") if action == "approve" else _("Đã trả lại bản dịch."))
    except DomainError as exc:
        raise_if_forbidden(exc)
        if form.is_bound:
            apply_errors(form, exc)
        else:
            messages.error(request, exc.message)
        t.refresh_from_db()
        return render(
            request, "backoffice/translations/form.html", _context(request.user, m, form, t), status=exc.status
        )
    return redirect("backoffice:translation", pk=m.pk, lang=t.language)
