"""The staff inbox: one's own messages, mark them read, choose how mail comes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from policycomm.errors import DomainError
from policycomm.notifications import services as notes
from policycomm.notifications.access import get_notification_for_user, notifications_for_user
from policycomm.notifications.models import MailPreference

from .base import StaffRequest, apply_errors, plain_int, raise_if_forbidden, staff_required

PAGE_SIZE = 30


class PreferenceForm(forms.Form):
    mode = forms.ChoiceField(
        label=gettext_lazy("Nhận thư thông báo"), choices=MailPreference.Mode.choices, widget=forms.RadioSelect
    )


def _render(request: StaffRequest, form: PreferenceForm, status: int = 200) -> HttpResponse:
    qs = notifications_for_user(request.user).order_by("-created_at", "-pk")
    only_unread = request.GET.get("chua-doc") == "1"
    if only_unread:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(plain_int(request.GET.get("trang")) or 1)
    return render(
        request,
        "backoffice/inbox.html",
        {"page": page, "form": form, "only_unread": only_unread, "has_email": bool(request.user.email)},
        status=status,
    )


def _mode(request: StaffRequest) -> str:
    pref = MailPreference.objects.filter(user=request.user).first()
    return pref.mode if pref else MailPreference.Mode.IMMEDIATE


@staff_required
def inbox(request: StaffRequest) -> HttpResponse:
    return _render(request, PreferenceForm(initial={"mode": _mode(request)}))


@require_POST
@staff_required
def inbox_read(request: StaffRequest, pk: int) -> HttpResponse:
    notification = get_notification_for_user(request.user, pk)
    notes.notification_mark_read(actor=request.user, notification=notification)
    return redirect("backoffice:inbox")


@require_POST
@staff_required
def inbox_read_all(request: StaffRequest) -> HttpResponse:
    n = notes.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": n})
    return redirect("backoffice:inbox")


@require_POST
@staff_required
def inbox_preference(request: StaffRequest) -> HttpResponse:
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        return _render(request, form, status=422)
    try:
        notes.mail_preference_set(actor=request.user, mode=form.cleaned_data["mode"])
    except DomainError as exc:
        raise_if_forbidden(exc)
        apply_errors(form, exc)
        return _render(request, form, status=422)
    messages.success(request, _("Đã lưu cách nhận thư thông báo."))
    return redirect("backoffice:inbox")
