"""The public side of conferences and dialogues: registration, the confirmation with its code, and the
calendar (one .ics per event and a feed of all events of public consultations).

No business logic here: reads and the write go through ``consultation.events``.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from policycomm.consultation import events as ev
from policycomm.consultation import selectors
from policycomm.consultation.models import Consultation, Event, EventRegistration
from policycomm.errors import DomainError
from policycomm.textclean import clean_line
from policycomm.throttle import limited

from .forms import TypedText
from .views import LOOKUP_LIMITED


class RegistrationForm(forms.Form):
    # No max_length: the service says what is too long, in the same words on every door.
    name = TypedText(label=gettext_lazy("Họ và tên"), required=False)
    phone = TypedText(
        label=gettext_lazy("Số điện thoại"),
        required=False,
        help_text=gettext_lazy("Nhập số điện thoại hoặc thư điện tử để ban tổ chức liên hệ khi cần."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = TypedText(
        label=gettext_lazy("Thư điện tử"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    organisation = TypedText(label=gettext_lazy("Cơ quan, tổ chức (không bắt buộc)"), required=False)
    # Honeypot, as on the comment form: hidden by CSS, any value but "" is a bot's.
    website = forms.CharField(label=gettext_lazy("Để trống ô này"), required=False, strip=False)


def _consultation(pk: int) -> Consultation:
    return get_object_or_404(selectors.public_consultations(), pk=pk)


def _event(pk: int, eid: int) -> Event:
    """An event of a public consultation (404 otherwise), with its registration count."""
    c = _consultation(pk)
    return get_object_or_404(
        ev.with_counts(Event.objects.filter(consultation=c)).select_related("organiser", "consultation__document"),
        pk=eid,
    )


def _seats_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(0, event.capacity - event.n_registered)  # type: ignore[attr-defined]


def _page(request: HttpRequest, event: Event, form: RegistrationForm | None, *, status: int = 200) -> HttpResponse:
    refusal = ev.registration_refusal(event)
    left = _seats_left(event)
    if not refusal and left == 0:
        refusal = _("Sự kiện đã đủ chỗ, không nhận thêm đăng ký.")
    return render(
        request,
        "portal/event.html",
        {
            "c": event.consultation,
            "e": event,
            "form": None if refusal else form,
            "refusal": refusal,
            "left": left,
            "past": event.ends_at <= timezone.now(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def event_register(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    """The event's page: what, when, where, and the registration form while it takes registrations."""
    event = _event(pk, eid)
    if request.method == "GET":
        return _page(request, event, RegistrationForm())
    form = RegistrationForm(request.POST)
    if ev.registration_refusal(event):
        return _page(request, event, None, status=409)
    if limited(request, group="event-register", rate=settings.COMMENT_RATE):
        form.add_error(None, _("Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."))
        return _page(request, event, form, status=429)
    if not form.is_valid():
        return _page(request, event, form, status=422)
    if form.cleaned_data["website"] != "":
        form.add_error(None, _("Không đăng ký được. Vui lòng để trống ô “Để trống ô này”."))
        return _page(request, event, form, status=422)
    d = form.cleaned_data
    try:
        reg, _created = ev.event_register(
            event=event, name=d["name"], email=d["email"], phone=d["phone"], organisation=d["organisation"]
        )
    except DomainError as exc:
        if exc.errors:
            for field, (_code, message) in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            form.add_error(None, exc.message)
        if exc.code in ("full", "registration_closed"):
            event = _event(pk, eid)
        return _page(request, event, form, status=exc.status)
    return redirect("portal:event_registered", pk=pk, eid=eid, receipt=reg.receipt)


@require_GET
def event_registered(request: HttpRequest, pk: int, eid: int, receipt: str) -> HttpResponse:
    """The confirmation, with the registration code. Rate-limited, so codes cannot be guessed by trying."""
    event = _event(pk, eid)
    if limited(request, group="lookup", rate=settings.LOOKUP_RATE):
        return render(request, "portal/limited.html", {"reason": str(LOOKUP_LIMITED)}, status=429)
    reg = get_object_or_404(EventRegistration, event=event, receipt=clean_line(receipt)[:32])
    return render(request, "portal/event_registered.html", {"c": event.consultation, "e": event, "reg": reg})


def _ics(request: HttpRequest, events: list[Event], *, name: str, filename: str) -> HttpResponse:
    body = ev.calendar(
        events,
        name=name,
        link=lambda e: request.build_absolute_uri(reverse("portal:event", args=[e.consultation_id, e.pk])),
        host=request.get_host().split(":")[0] or "localhost",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def event_ics(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    event = _event(pk, eid)
    return _ics(request, [event], name=event.title, filename=f"su-kien-{event.pk}.ics")


@require_GET
def events_feed(request: HttpRequest) -> HttpResponse:
    """Every event of every public consultation, from a year ago on: one calendar to subscribe to."""
    events = ev.feed_events(selectors.public_consultations())
    return _ics(request, events, name=_("Hội nghị, đối thoại lấy ý kiến dự thảo"), filename="su-kien.ics")
