"""A consultation's conferences, dialogues and press conferences: the list, creating and correcting one,
its registrations, attendance and minutes, and the opinions voiced (entered as comments of channel "meeting")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from policycomm.consultation import events as ev
from policycomm.consultation.access import can_manage_events, get_consultation_for_user, get_event_for_user
from policycomm.consultation.models import Consultation, Event
from policycomm.errors import DomainError
from policycomm.lawmaking.models import Section
from policycomm.orgs.models import Organisation

from .. import event_forms as ef
from .base import StaffRequest, apply_errors, raise_if_forbidden, staff_required


def _organisers(request: StaffRequest) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in ev.organisers_for(request.user)]


def _sections(c: Consultation) -> list[tuple[int, str]]:
    rows = Section.objects.filter(document_id=c.document_id, retired=False).order_by("position", "pk")
    return [(s.pk, s.heading) for s in rows]


def _save_args(d: dict[str, Any]) -> dict[str, Any]:
    organiser = Organisation.objects.filter(pk=d["organiser"]).first() if d["organiser"] is not None else None
    return {**d, "organiser": organiser}


def _event_initial(e: Event) -> dict[str, Any]:
    return {
        "form": e.form,
        "title": e.title,
        "starts_at": e.starts_at,
        "ends_at": e.ends_at,
        "place": e.place,
        "online_url": e.online_url,
        "organiser": e.organiser_id,
        "co_organisers": e.co_organisers,
        "audience": e.audience,
        "capacity": e.capacity,
        "registration_open": e.registration_open,
    }


def _detail_url(e: Event) -> str:
    return reverse("backoffice:event", args=[e.consultation_id, e.pk])


@staff_required
@require_http_methods(["GET", "POST"])
def event_list(request: StaffRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk, write=request.method == "POST")
    can_manage = can_manage_events(request.user, c)
    form = ef.EventForm(initial={"registration_open": True}, organisers=_organisers(request)) if can_manage else None
    status = 200
    if request.method == "POST":
        form = ef.EventForm(request.POST, organisers=_organisers(request))
        status = 422
        if form.is_valid():
            try:
                e = ev.event_save(actor=request.user, consultation=c, **_save_args(form.cleaned_data))
            except DomainError as exc:
                raise_if_forbidden(exc)
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã tạo sự kiện “%(title)s”.") % {"title": e.title})
                return redirect(_detail_url(e))
    return render(
        request,
        "backoffice/events.html",
        {"c": c, "events": ev.consultation_events(c), "form": form, "can_manage": can_manage},
        status=status,
    )


def _detail_page(request: StaffRequest, e: Event, *, status: int = 200, **forms_: forms.BaseForm | Any) -> HttpResponse:
    c = e.consultation
    can_manage = can_manage_events(request.user, c)
    sections = _sections(c)
    ctx: dict[str, Any] = {
        "c": c,
        "e": e,
        "can_manage": can_manage,
        "registrations": list(e.registrations.order_by("created_at", "pk")),
        "opinions": list(e.comments.select_related("section").order_by("pk")),
        "edit_form": None,
        "outcome_form": None,
        "opinions_formset": None,
    }
    if can_manage:
        ctx["edit_form"] = forms_.get("edit_form") or ef.EventForm(
            initial=_event_initial(e), organisers=_organisers(request)
        )
        ctx["outcome_form"] = forms_.get("outcome_form") or ef.OutcomeForm(
            initial={"attendance": e.attendance, "minutes": e.minutes}
        )
        ctx["opinions_formset"] = forms_.get("opinions_formset") or ef.OpinionFormSet(
            prefix="op", form_kwargs={"sections": sections}
        )
        ctx["opinions_token"] = forms_.get("opinions_token") or ef.opinions_token()
    return render(request, "backoffice/event.html", ctx, status=status)


@staff_required
def event_detail(request: StaffRequest, pk: int, eid: int) -> HttpResponse:
    return _detail_page(request, get_event_for_user(request.user, pk, eid))


def _opinions(request: StaffRequest, e: Event) -> HttpResponse:
    formset = ef.OpinionFormSet(request.POST, prefix="op", form_kwargs={"sections": _sections(e.consultation)})
    token = request.POST.get("token", "")[:64] or None
    if not formset.is_valid():
        return _detail_page(request, e, status=422, opinions_formset=formset, opinions_token=token)
    rows = [
        (i, f.cleaned_data)
        for i, f in enumerate(formset.forms)
        if f.cleaned_data and (f.cleaned_data.get("text") or "").strip()
    ]
    opinions: list[ev.OpinionInput] = [
        {
            "text": d["text"],
            "submitter_type": d["submitter_type"],
            "name": d["name"],
            "organisation": d["organisation"],
            "section_id": d["section"],
        }
        for _i, d in rows
    ]
    try:
        created = ev.event_opinions_enter(actor=request.user, event=e, opinions=opinions, token=token)
    except DomainError as exc:
        raise_if_forbidden(exc)
        if not exc.errors:
            formset.forms[0].add_error(None, exc.message)
        for key, (_code, message) in exc.errors.items():
            index, _sep, field = key.partition("-")
            form = (
                formset.forms[rows[int(index)][0]] if index.isdigit() and int(index) < len(rows) else formset.forms[0]
            )
            field = {"section_id": "section"}.get(field, field)
            form.add_error(field if field in form.fields else None, message)
        return _detail_page(request, e, status=exc.status, opinions_formset=formset, opinions_token=token)
    messages.success(request, _("Đã nhập %(n)d ý kiến tại sự kiện.") % {"n": len(created)})
    return redirect(f"{_detail_url(e)}#y-kien")


@staff_required
@require_POST
def event_action(request: StaffRequest, pk: int, eid: int, action: str) -> HttpResponse:
    if action not in ("save", "cancel", "outcome", "opinions"):
        raise Http404
    e = get_event_for_user(request.user, pk, eid, write=True)
    if not can_manage_events(request.user, e.consultation):  # pragma: no cover - get_event_for_user refuses first
        raise PermissionDenied
    if action == "opinions":
        return _opinions(request, e)
    try:
        if action == "cancel":
            ev.event_cancel(actor=request.user, event=e)
            messages.success(request, _("Đã hủy sự kiện."))
            return redirect(_detail_url(e))
        if action == "save":
            form: forms.Form = ef.EventForm(request.POST, organisers=_organisers(request))
            key = "edit_form"
            if form.is_valid():
                ev.event_save(actor=request.user, consultation=e.consultation, event=e, **_save_args(form.cleaned_data))
                messages.success(request, _("Đã lưu sự kiện."))
                return redirect(_detail_url(e))
        else:
            form, key = ef.OutcomeForm(request.POST, request.FILES), "outcome_form"
            if form.is_valid():
                d = form.cleaned_data
                ev.event_outcome(
                    actor=request.user,
                    event=e,
                    attendance=d["attendance"],
                    minutes=d["minutes"],
                    minutes_file=d["minutes_file"],
                    clear_file=d["clear_file"],
                )
                messages.success(request, _("Đã ghi số người tham dự và biên bản."))
                return redirect(_detail_url(e))
        status = 422
    except DomainError as exc:
        raise_if_forbidden(exc)
        if action == "cancel":
            messages.error(request, exc.message)
            return redirect(_detail_url(e))
        apply_errors(form, exc)
        status = exc.status
    return _detail_page(request, e, status=status, **{key: form})


@staff_required
def event_minutes(request: StaffRequest, pk: int, eid: int) -> HttpResponseBase:
    e = get_event_for_user(request.user, pk, eid)
    if not e.minutes_file:
        raise Http404(_("Sự kiện này chưa có tệp biên bản."))
    return FileResponse(e.minutes_file.open("rb"), as_attachment=True, filename=e.minutes_file.name.rsplit("/", 1)[-1])
