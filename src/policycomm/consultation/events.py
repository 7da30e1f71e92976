"""Conferences, dialogues, seminars and press conferences on a draft (hội nghị, đối thoại, họp báo).

Writes: create, correct and cancel an event (the drafting body's drafters; the organiser is a body of
their subtree), a citizen's registration (capacity counted under a lock on the event, the same e-mail or
phone twice gives back the first registration), attendance and minutes, and the opinions voiced, each
entered as a comment of channel "meeting" through ``services.comment_submit``, so that they reach
processing, the analysis and the synthesis like any other comment.

Reads for the portal: the events of a public consultation, the feed of all events, and the iCalendar
text (RFC 5545, ``icalendar``) of either.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterable
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.emails import check_email
from policycomm.errors import DomainError
from policycomm.orgs.access import Actor, UserLike, org_filter
from policycomm.orgs.models import Organisation
from policycomm.textclean import clean_line, clean_text

from .access import PROCESS_ROLES, can_manage_events
from .models import Comment, Consultation, Event, EventRegistration
from .services import RECEIPT_ALPHABET, comment_submit

MINUTES_MAX_CHARS = 50_000
MINUTES_FILE_MAX_BYTES = 10 * 1024 * 1024
#: Extensions of a minutes file and how such a file begins (a file is hostile until read, ADR 0007).
MINUTES_FILE_KINDS: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
CAPACITY_MAX = 100_000
ATTENDANCE_MAX = 1_000_000
LONGEST_EVENT = dt.timedelta(days=7)
HORIZON = dt.timedelta(days=5 * 366)
OPINIONS_MAX = 50
FEED_PAST = dt.timedelta(days=365)
FEED_MAX = 500
PHONE = re.compile(r"0\d{9,10}")
PHONE_NOISE = re.compile(r"[\s.\-()]")
TZ = ZoneInfo(settings.TIME_ZONE)


class EventFields(TypedDict):
    form: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    online_url: str
    organiser: Organisation
    co_organisers: str
    audience: str
    capacity: int | None
    registration_open: bool


class OpinionInput(TypedDict):
    """One opinion voiced at an event, as the officer writes it down."""

    text: str
    submitter_type: str
    name: str
    organisation: str
    section_id: int | None


def new_registration_receipt() -> str:
    body = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"DK-{body[:4]}-{body[4:]}"


def organisers_for(user: UserLike) -> QuerySet[Organisation]:
    """The bodies a user may name as an event's organiser: those of the subtrees where they draft."""
    return Organisation.objects.filter(org_filter(user, "", PROCESS_ROLES)).order_by("path")


def _require(actor: Actor, consultation: Consultation) -> None:
    if not can_manage_events(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền quản lý sự kiện của đợt lấy ý kiến này."), status=403)


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("consultation__document").get(pk=event.pk)


def _check_fields(
    actor: Actor,
    *,
    form: str,
    title: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    place: str,
    online_url: str,
    organiser: Organisation | None,
    co_organisers: str,
    audience: str,
    capacity: int | None,
    registration_open: bool,
) -> EventFields:
    title, place, online_url = clean_line(title or ""), clean_line(place or ""), clean_line(online_url or "")
    co_organisers, audience = clean_line(co_organisers or ""), clean_line(audience or "")
    errors: dict[str, tuple[str, str]] = {}
    if form not in Event.Form.values:
        errors["form"] = ("invalid", _("Vui lòng chọn hình thức: hội nghị, hội thảo, đối thoại hoặc họp báo."))
    if not title:
        errors["title"] = ("required", _("Vui lòng nhập tên sự kiện."))
    for key, value, limit in (
        ("title", title, 300),
        ("place", place, 300),
        ("online_url", online_url, 500),
        ("co_organisers", co_organisers, 500),
        ("audience", audience, 300),
    ):
        if len(value) > limit and key not in errors:
            errors[key] = ("too_long", _("Dài quá %(limit)d ký tự.") % {"limit": limit})
    if starts_at is None:
        errors["starts_at"] = ("required", _("Vui lòng nhập thời gian bắt đầu."))
    elif abs(starts_at - timezone.now()) > HORIZON:
        errors["starts_at"] = ("out_of_range", _("Thời gian bắt đầu phải trong vòng 5 năm kể từ hôm nay."))
    if ends_at is None:
        errors["ends_at"] = ("required", _("Vui lòng nhập thời gian kết thúc."))
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = ("order", _("Thời gian kết thúc phải sau thời gian bắt đầu."))
    elif starts_at is not None and ends_at - starts_at > LONGEST_EVENT:
        errors["ends_at"] = ("too_long", _("Một sự kiện kéo dài tối đa 7 ngày."))
    if not place and not online_url:
        errors["place"] = ("required", _("Vui lòng nhập địa điểm hoặc đường dẫn tham dự trực tuyến."))
    if online_url and "online_url" not in errors:
        try:
            URLValidator(schemes=["http", "https"])(online_url)
        except ValidationError:
            errors["online_url"] = ("invalid", _("Đường dẫn trực tuyến chưa đúng, ví dụ: https://hop.example.vn/abc."))
    if organiser is None or not organisers_for(actor).filter(pk=organiser.pk).exists():
        errors["organiser"] = ("invalid", _("Vui lòng chọn cơ quan tổ chức trong phạm vi của bạn."))
    if capacity is not None and not 1 <= capacity <= CAPACITY_MAX:
        errors["capacity"] = ("out_of_range", _("Số chỗ phải từ 1 đến 100.000, hoặc để trống nếu không giới hạn."))
    if errors:
        raise DomainError("invalid", _("Sự kiện chưa lưu được, vui lòng sửa các mục được đánh dấu."), errors=errors)
    assert starts_at is not None and ends_at is not None and organiser is not None
    return {
        "form": form,
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "online_url": online_url,
        "organiser": organiser,
        "co_organisers": co_organisers,
        "audience": audience,
        "capacity": capacity,
        "registration_open": bool(registration_open),
    }


def _state(e: Event) -> dict[str, Any]:
    return {
        "form": e.form,
        "title": e.title,
        "starts_at": e.starts_at.isoformat(),
        "ends_at": e.ends_at.isoformat(),
        "place": e.place,
        "online_url": e.online_url,
        "organiser": e.organiser_id,
        "co_organisers": e.co_organisers,
        "audience": e.audience,
        "capacity": e.capacity,
        "registration_open": e.registration_open,
        "cancelled": e.cancelled,
    }


def event_save(
    *,
    actor: Actor,
    consultation: Consultation,
    event: Event | None = None,
    form: str,
    title: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    organiser: Organisation | None,
    place: str = "",
    online_url: str = "",
    co_organisers: str = "",
    audience: str = "",
    capacity: int | None = None,
    registration_open: bool = True,
) -> Event:
    """Create an event of the consultation, or correct one (``event``) that is not cancelled."""
    _require(actor, consultation)
    if event is not None and event.consultation_id != consultation.pk:
        raise DomainError("not_found", _("Không tìm thấy sự kiện."), status=404)
    fields = _check_fields(
        actor,
        form=form,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        organiser=organiser,
        co_organisers=co_organisers,
        audience=audience,
        capacity=capacity,
        registration_open=registration_open,
    )
    with transaction.atomic():
        if event is None:
            row = Event.objects.create(consultation=consultation, created_by=actor, **fields)
            before = None
        else:
            row = _lock(event)
            if row.cancelled:
                raise DomainError("cancelled", _("Sự kiện đã hủy, không sửa được."), status=409)
            registered = row.registrations.count()
            if fields["capacity"] is not None and fields["capacity"] < registered:
                raise DomainError(
                    "below_registered",
                    _("Đã có %(n)d người đăng ký; số chỗ không được ít hơn.") % {"n": registered},
                    field="capacity",
                )
            before = _state(row)
            for key, value in fields.items():
                setattr(row, key, value)
            row.save()
        audit_record(
            actor=actor,
            action="event.save",
            obj=row,
            organisation_id=consultation.document.drafting_body_id,
            before=before,
            after=_state(row),
        )
    return row


def event_cancel(*, actor: Actor, event: Event) -> Event:
    """Cancel an event that has not taken place; the portal says so and the calendar marks it cancelled."""
    _require(actor, event.consultation)
    with transaction.atomic():
        row = _lock(event)
        if row.cancelled:
            return row
        if row.starts_at <= timezone.now():
            raise DomainError("already_held", _("Sự kiện đã diễn ra, không hủy được."), status=409)
        row.cancelled = True
        row.save(update_fields=["cancelled"])
        audit_record(
            actor=actor,
            action="event.cancel",
            obj=row,
            organisation_id=row.consultation.document.drafting_body_id,
            before={"cancelled": False},
            after={"cancelled": True},
        )
    return row


def registration_refusal(event: Event, now: dt.datetime | None = None) -> str:
    """Why the portal takes no registration for this event now (empty when it does); capacity apart."""
    now = now or timezone.now()
    if event.cancelled:
        return _("Sự kiện này đã hủy.")
    if event.starts_at <= now:
        return _("Sự kiện đã bắt đầu hoặc đã diễn ra, không nhận đăng ký nữa.")
    if not event.registration_open:
        return _("Sự kiện này không nhận đăng ký trên cổng.")
    return ""


def normalise_phone(raw: str) -> str:
    """A Vietnamese phone number as digits from 0 (``+84 912 345 678`` → ``0912345678``); "" if none given."""
    phone = PHONE_NOISE.sub("", clean_line(raw or ""))
    if phone.startswith("+84"):
        phone = "0" + phone[3:]
    elif phone.startswith("84") and len(phone) >= 11:
        phone = "0" + phone[2:]
    return phone


def event_register(
    *, event: Event, name: str, email: str = "", phone: str = "", organisation: str = ""
) -> tuple[EventRegistration, bool]:
    """A citizen registers to attend. Returns ``(registration, created)``: the same e-mail or phone number
    registered before gives back that registration, created nothing. The seats are counted under a lock on
    the event, so two people sending at once never take more seats than there are."""
    name, organisation = clean_line(name or ""), clean_line(organisation or "")
    (email, email_error), phone = check_email(email), normalise_phone(phone)
    errors: dict[str, tuple[str, str]] = {}
    if not name:
        errors["name"] = ("required", _("Vui lòng nhập họ tên."))
    elif len(name) > 200:
        errors["name"] = ("too_long", _("Họ tên dài quá 200 ký tự."))
    if len(organisation) > 300:
        errors["organisation"] = ("too_long", _("Tên cơ quan, tổ chức dài quá 300 ký tự."))
    if email_error is not None:
        errors["email"] = email_error
    if phone and not PHONE.fullmatch(phone):
        errors["phone"] = (
            "invalid",
            _("Số điện thoại chưa đúng: 10 hoặc 11 chữ số, bắt đầu bằng 0, ví dụ 0912345678."),
        )
    if not email and not phone and "email" not in errors and "phone" not in errors:
        errors["phone"] = ("required", _("Vui lòng nhập số điện thoại hoặc thư điện tử để ban tổ chức liên hệ."))
    if errors:
        raise DomainError("invalid", _("Chưa đăng ký được, vui lòng sửa các mục được đánh dấu."), errors=errors)

    def existing() -> EventRegistration | None:
        match = Q(email=email) if email else Q(pk__in=[])
        if phone:
            match |= Q(phone=phone)
        return EventRegistration.objects.filter(match, event_id=event.pk).order_by("pk").first()

    for _attempt in range(5):
        try:
            with transaction.atomic():
                row = _lock(event)
                prior = existing()
                if prior is not None:
                    return prior, False
                if refusal := registration_refusal(row):
                    raise DomainError("registration_closed", refusal, status=409)
                if row.capacity is not None and row.registrations.count() >= row.capacity:
                    raise DomainError("full", _("Sự kiện đã đủ %(n)d chỗ.") % {"n": row.capacity}, status=409)
                reg = EventRegistration.objects.create(
                    event=row,
                    name=name,
                    email=email,
                    phone=phone,
                    organisation=organisation,
                    receipt=new_registration_receipt(),
                )
                audit_record(
                    actor=None,
                    action="event.register",
                    obj=reg,
                    organisation_id=row.consultation.document.drafting_body_id,
                    after={"event": row.pk, "receipt": reg.receipt},
                )
            return reg, True
        except IntegrityError:
            # The same e-mail or phone sent at the same moment (the other one won), or a receipt drawn twice.
            prior = existing()
            if prior is not None:
                return prior, False
    raise DomainError("busy", _("Hệ thống đang bận, vui lòng gửi lại."), status=503)  # pragma: no cover


def _check_minutes_file(upload: UploadedFile) -> None:
    name = (upload.name or "").rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in MINUTES_FILE_KINDS:
        raise DomainError(
            "file_type", _("Tệp biên bản phải là PDF, DOCX, DOC, ODT, JPG hoặc PNG."), field="minutes_file"
        )
    if (upload.size or 0) > MINUTES_FILE_MAX_BYTES:
        raise DomainError("file_too_large", _("Tệp biên bản lớn quá 10 MB."), field="minutes_file", status=413)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in MINUTES_FILE_KINDS[ext]):
        raise DomainError(
            "file_content", _("Nội dung tệp không đúng định dạng %(ext)s.") % {"ext": ext.upper()}, field="minutes_file"
        )


def event_outcome(
    *,
    actor: Actor,
    event: Event,
    attendance: int | None,
    minutes: str = "",
    minutes_file: UploadedFile | None = None,
    clear_file: bool = False,
) -> Event:
    """Record how many attended and the minutes (text, and the signed minutes as a file) once the event began."""
    _require(actor, event.consultation)
    minutes = clean_text(minutes or "")
    if attendance is not None and not 0 <= attendance <= ATTENDANCE_MAX:
        raise DomainError("out_of_range", _("Số người tham dự phải từ 0 đến 1.000.000."), field="attendance")
    if len(minutes) > MINUTES_MAX_CHARS:
        raise DomainError("too_long", _("Biên bản dài quá 50.000 ký tự; vui lòng đính kèm tệp."), field="minutes")
    if minutes_file is not None:
        _check_minutes_file(minutes_file)
    with transaction.atomic():
        row = _lock(event)
        if row.cancelled:
            raise DomainError("cancelled", _("Sự kiện đã hủy."), status=409)
        if row.starts_at > timezone.now():
            raise DomainError("not_held", _("Sự kiện chưa diễn ra, chưa ghi kết quả được."), status=409)
        before = {"attendance": row.attendance, "minutes": row.minutes, "minutes_file": row.minutes_file.name or ""}
        old_file = row.minutes_file.name if row.minutes_file and (minutes_file or clear_file) else ""
        row.attendance, row.minutes = attendance, minutes
        if minutes_file is not None:
            row.minutes_file.save(minutes_file.name or "bien-ban", minutes_file, save=False)
        elif clear_file:
            row.minutes_file = None
        row.save(update_fields=["attendance", "minutes", "minutes_file"])
        audit_record(
            actor=actor,
            action="event.outcome",
            obj=row,
            organisation_id=row.consultation.document.drafting_body_id,
            before=before,
            after={"attendance": row.attendance, "minutes": row.minutes, "minutes_file": row.minutes_file.name or ""},
        )
        if old_file:
            storage = row.minutes_file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return row


def event_opinions_enter(
    *, actor: Actor, event: Event, opinions: list[OpinionInput], token: str | None = None
) -> list[Comment]:
    """Enter the opinions voiced at an event, all or none: each becomes a comment of channel "meeting" linked
    to the event and received on its date, entered by ``actor``. The same form sent twice (``token``) enters
    them once. A refusal names the opinion at fault: ``errors`` keys are ``"<index>-<field>"``."""
    _require(actor, event.consultation)
    if event.cancelled:
        raise DomainError("cancelled", _("Sự kiện đã hủy."), status=409)
    if event.starts_at > timezone.now():
        raise DomainError("not_held", _("Sự kiện chưa diễn ra, chưa nhập ý kiến được."), status=409)
    if not opinions:
        raise DomainError("required", _("Vui lòng nhập ít nhất một ý kiến."), field="0-text")
    if len(opinions) > OPINIONS_MAX:
        raise DomainError("too_many", _("Mỗi lần nhập tối đa 50 ý kiến."), status=422)
    if token is not None and not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", token):
        raise DomainError("token_invalid", _("Biểu mẫu không hợp lệ, vui lòng tải lại trang."), status=400)
    received_on = timezone.localdate(event.starts_at)
    created: list[Comment] = []
    errors: dict[str, tuple[str, str]] = {}
    with transaction.atomic():
        for i, op in enumerate(opinions):
            try:
                comment, new = comment_submit(
                    consultation=event.consultation,
                    text=op["text"],
                    submitter_type=op["submitter_type"],
                    consent=True,
                    section_id=op["section_id"],
                    name=op["name"],
                    organisation=op["organisation"],
                    channel=Comment.Channel.MEETING,
                    idempotency_key=f"event-{event.pk}-{token}-{i}" if token else None,
                    actor=actor,
                    received_on=received_on,
                    entered_by=actor,
                    event=event,
                )
            except DomainError as exc:
                for field, fault in (exc.errors or {"": (exc.code, exc.message)}).items():
                    errors[f"{i}-{field or 'text'}"] = fault
                continue
            if new:
                created.append(comment)
        if errors:
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=actor,
                action="event.opinions",
                obj=event,
                organisation_id=event.consultation.document.drafting_body_id,
                after={"entered": len(created), "receipts": [c.receipt for c in created]},
            )
    if errors:
        raise DomainError("invalid", _("Chưa nhập được: vui lòng sửa các ý kiến được đánh dấu."), errors=errors)
    return created


# -- reads -----------------------------------------------------------------------------------------------


def with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        n_registered=Count("registrations", distinct=True),
        n_opinions=Count("comments", filter=Q(comments__hidden=False), distinct=True),
    )


def consultation_events(consultation: Consultation) -> list[Event]:
    """The consultation's events, earliest first, with ``n_registered`` and ``n_opinions`` (one query)."""
    return list(with_counts(Event.objects.filter(consultation=consultation)).select_related("organiser"))


def feed_events(consultations: QuerySet[Consultation], *, now: dt.datetime | None = None) -> list[Event]:
    """The events of these consultations for the calendar feed: from a year ago on, at most ``FEED_MAX``."""
    now = now or timezone.now()
    return list(
        Event.objects.filter(consultation__in=consultations, ends_at__gte=now - FEED_PAST)
        .select_related("organiser", "consultation")
        .order_by("starts_at", "pk")[:FEED_MAX]
    )


def calendar(events: Iterable[Event], *, name: str, link: Callable[[Event], str], host: str) -> bytes:
    """An iCalendar (RFC 5545) of the events, in Vietnam's time zone, each with a stable UID and its page."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//policycomm//Hoi nghi, doi thoai lay y kien//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(dt.UTC)
    for e in events:
        ev = icalendar.Event()
        ev.add("uid", f"event-{e.pk}@{host}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.starts_at.astimezone(TZ))
        ev.add("dtend", e.ends_at.astimezone(TZ))
        ev.add("summary", f"{e.get_form_display()}: {e.title}")
        where = e.place or e.online_url
        if where:
            ev.add("location", where)
        lines = [e.consultation.title]
        if e.audience:
            lines.append(_("Thành phần: %(who)s") % {"who": e.audience})
        lines.append(_("Cơ quan tổ chức: %(org)s") % {"org": e.organiser.name})
        if e.co_organisers:
            lines.append(_("Phối hợp: %(who)s") % {"who": e.co_organisers})
        if e.online_url:
            lines.append(_("Tham dự trực tuyến: %(url)s") % {"url": e.online_url})
        ev.add("description", "\n".join(lines))
        ev.add("url", link(e))
        ev.add("status", "CANCELLED" if e.cancelled else "CONFIRMED")
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical()
