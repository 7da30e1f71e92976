"""Conferences and dialogues: staff create them, citizens register on the portal (capacity, double submit,
hostile input), the calendar files parse back with the right times, and the opinions voiced become
comments of channel "meeting" that reach processing like any other."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from policycomm.consultation import events as ev
from policycomm.consultation import selectors as csel
from policycomm.consultation.models import Comment, Event, EventRegistration
from policycomm.consultation.rules import INTAKE_EARLY_DAYS
from policycomm.errors import DomainError
from policycomm.lawmaking import services as law

from .factories import World

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def make_event(world: World, c: Any, *, days: float = 5, hours: float = 3, **kw: Any) -> Event:
    start = (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)
    fields: dict[str, Any] = {
        "form": Event.Form.CONFERENCE,
        "title": "Hội nghị lấy ý kiến dự thảo",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=hours),
        "organiser": world.body_a,
        "place": "Hội trường Sở Tư pháp",
        **kw,
    }
    return ev.event_save(actor=world.drafter_a, consultation=c, **fields)


def staff(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


# -- staff creates events -------------------------------------------------------------------------------


def test_an_event_needs_a_place_an_order_and_an_organiser_of_ones_own(world: World, consultation: Any) -> None:
    now = timezone.now()
    with pytest.raises(DomainError) as exc:
        ev.event_save(
            actor=world.drafter_a,
            consultation=consultation,
            form="tiec",
            title="  ",
            starts_at=now,
            ends_at=now - dt.timedelta(hours=1),
            organiser=world.ward,  # not in the drafter's subtree
            online_url="javascript:alert(1)",
        )
    assert set(exc.value.errors) == {"form", "title", "ends_at", "organiser", "online_url"}
    with pytest.raises(DomainError) as exc:
        ev.event_save(
            actor=world.drafter_a,
            consultation=consultation,
            form="dialogue",
            title="Đối thoại",
            starts_at=now,
            ends_at=now + dt.timedelta(hours=2),
            organiser=world.body_a,
        )
    assert set(exc.value.errors) == {"place"}
    with pytest.raises(DomainError) as exc:
        ev.event_save(
            actor=world.officer_b,
            consultation=consultation,
            form="dialogue",
            title="Đối thoại",
            starts_at=now,
            ends_at=now + dt.timedelta(hours=2),
            organiser=world.body_b,
            place="Nhà văn hóa",
        )
    assert exc.value.status == 403
    assert Event.objects.count() == 0


def test_staff_create_an_event_on_the_screen(world: World, consultation: Any) -> None:
    client = staff(world, "drafter_a")
    start = timezone.localtime() + dt.timedelta(days=3)
    data = {
        "event-form": "conference",
        "event-title": "Hội nghị\u200b lấy ý kiến\x07",
        "event-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "event-ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "event-place": "Hội trường",
        "event-organiser": str(world.body_a.pk),
        "event-capacity": "50",
        "event-registration_open": "on",
    }
    r = client.post(f"/can-bo/lay-y-kien/{consultation.pk}/su-kien/", data)
    assert r.status_code == 302
    e = Event.objects.get()
    assert e.title == "Hội nghị lấy ý kiến" and e.capacity == 50 and e.created_by == world.drafter_a
    assert client.get(r["Location"]).status_code == 200
    # The ward's body is not the drafter's to name: refused next to the field.
    r = client.post(f"/can-bo/lay-y-kien/{consultation.pk}/su-kien/", {**data, "event-organiser": str(world.ward.pk)})
    assert r.status_code == 422 and Event.objects.count() == 1


def test_another_bodys_event_ids_are_404_and_readers_may_not_write(world: World, consultation: Any) -> None:
    e = make_event(world, consultation)
    url = f"/can-bo/lay-y-kien/{consultation.pk}/su-kien/{e.pk}/"
    assert staff(world, "officer_b").get(url).status_code == 404
    assert staff(world, "leader_a").get(url).status_code == 200
    assert staff(world, "leader_a").post(f"{url}cancel/").status_code == 403
    # An event reached through another consultation's id is not found either.
    assert (
        staff(world, "drafter_a").get(f"/can-bo/lay-y-kien/{consultation.pk + 999}/su-kien/{e.pk}/").status_code == 404
    )
    assert (
        staff(world, "drafter_a").get(f"/can-bo/lay-y-kien/{consultation.pk}/su-kien/{e.pk + 999}/").status_code == 404
    )


# -- registration -----------------------------------------------------------------------------------------


def test_capacity_is_never_exceeded_and_the_same_person_registers_once(world: World, consultation: Any) -> None:
    e = make_event(world, consultation, capacity=2)
    first, created = ev.event_register(event=e, name="Nguyễn Văn A", phone="0912 345 678")
    assert created and first.phone == "0912345678" and re.fullmatch(r"DK-[A-Z2-9]{4}-[A-Z2-9]{4}", first.receipt)
    again, created = ev.event_register(event=e, name="Nguyễn Văn A", phone="+84 912.345.678")
    assert (again.pk, created) == (first.pk, False)
    second, created = ev.event_register(event=e, name="Trần Thị B", email="B@Example.vn")
    assert created and second.email == "b@example.vn"
    with pytest.raises(DomainError) as exc:
        ev.event_register(event=e, name="Lê C", phone="0987654321")
    assert exc.value.code == "full" and exc.value.status == 409
    # Full, but a person already registered who sends again gets their registration back.
    assert ev.event_register(event=e, name="Trần Thị B", email="b@example.vn")[0].pk == second.pk
    assert EventRegistration.objects.filter(event=e).count() == 2


def test_registration_refused_for_cancelled_past_and_closed_events(world: World, consultation: Any) -> None:
    e = make_event(world, consultation)
    ev.event_cancel(actor=world.drafter_a, event=e)
    with pytest.raises(DomainError) as exc:
        ev.event_register(event=e, name="A", phone="0912345678")
    assert exc.value.code == "registration_closed"
    past = make_event(world, consultation, days=-1)
    with pytest.raises(DomainError):
        ev.event_register(event=past, name="A", phone="0912345678")
    closed = make_event(world, consultation, registration_open=False)
    with pytest.raises(DomainError):
        ev.event_register(event=closed, name="A", phone="0912345678")
    assert EventRegistration.objects.count() == 0


def test_a_citizen_registers_on_the_portal_and_a_double_submit_registers_once(world: World, consultation: Any) -> None:
    e = make_event(world, consultation, capacity=10)
    client = Client()
    page = client.get(f"/gop-y/{consultation.pk}/su-kien/{e.pk}/")
    assert page.status_code == 200 and "Đăng ký tham dự" in page.content.decode()
    data = {"name": "Nguyễn Văn Dân", "phone": "0912345678", "email": "", "organisation": "", "website": ""}
    r1 = client.post(f"/gop-y/{consultation.pk}/su-kien/{e.pk}/", data)
    r2 = client.post(f"/gop-y/{consultation.pk}/su-kien/{e.pk}/", data)
    assert r1.status_code == r2.status_code == 302 and r1["Location"] == r2["Location"]
    reg = EventRegistration.objects.get()
    done = client.get(r1["Location"])
    body = done.content.decode()
    assert done.status_code == 200 and reg.receipt in body and 'type="text/calendar"' in body
    assert "Nguyễn Văn Dân" not in body and "0912345678" not in body  # the confirmation shows no personal data
    # The seats left are shown; the staff page lists the name, the public draft page never does.
    assert "9/10" in client.get(f"/gop-y/{consultation.pk}/su-kien/{e.pk}/").content.decode()
    staff_page = staff(world, "drafter_a").get(f"/can-bo/lay-y-kien/{consultation.pk}/su-kien/{e.pk}/")
    assert "Nguyễn Văn Dân" in staff_page.content.decode()
    assert "Nguyễn Văn Dân" not in client.get(f"/gop-y/{consultation.pk}/").content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "phone": "0912345678"}, "name", "Vui lòng nhập họ tên."),
        ({"name": "\u200b\u200b", "phone": "0912345678"}, "name", "Vui lòng nhập họ tên."),
        ({"name": "A", "phone": ""}, "phone", "Vui lòng nhập số điện thoại hoặc thư điện tử"),
        ({"name": "A", "phone": "12345"}, "phone", "Số điện thoại chưa đúng"),
        ({"name": "A", "email": "khong-phai-thu"}, "email", "Địa chỉ thư điện tử chưa đúng"),
        ({"name": "Á\x00" * 201, "phone": "0912345678"}, "name", "Họ tên dài quá 200 ký tự."),
        ({"name": "<script>alert(1)</script>", "phone": "0912345678901"}, "phone", "Số điện thoại chưa đúng"),
    ],
)
def test_hostile_registrations_are_refused_next_to_the_field(
    world: World, consultation: Any, data: dict[str, str], field: str, message: str
) -> None:
    e = make_event(world, consultation)
    r = Client().post(f"/gop-y/{consultation.pk}/su-kien/{e.pk}/", {"website": "", **data})
    assert r.status_code == 422
    html = r.content.decode()
    assert message in html and f'id="id_{field}-err"' in html
    assert "<script>alert(1)</script>" not in html
    assert EventRegistration.objects.count() == 0


def test_a_name_with_markup_is_stored_as_text_and_shown_escaped(world: World, consultation: Any) -> None:
    e = make_event(world, consultation)
    data = {"name": "<script>alert(1)</script>\x07", "phone": "0912\x00345678", "website": ""}
    assert Client().post(f"/gop-y/{consultation.pk}/su-kien/{e.pk}/", data).status_code == 302
    reg = EventRegistration.objects.get()
    assert reg.name == "<script>alert(1)</script>" and reg.phone == "0912345678"
    page = staff(world, "drafter_a").get(f"/can-bo/lay-y-kien/{consultation.pk}/su-kien/{e.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_honeypot_and_the_rate_limit_refuse_bots(world: World, consultation: Any, settings: Any) -> None:
    e = make_event(world, consultation)
    url = f"/gop-y/{consultation.pk}/su-kien/{e.pk}/"
    r = Client().post(url, {"name": "Bot", "phone": "0912345678", "website": " "})
    assert r.status_code == 422 and EventRegistration.objects.count() == 0
    settings.COMMENT_RATE = "2/h"
    client = Client()
    codes = [client.post(url, {"name": f"Người {i}", "phone": f"09123456{i:02d}"}).status_code for i in range(3)]
    assert codes == [302, 302, 429] and EventRegistration.objects.count() == 2


def test_events_of_a_consultation_that_is_not_there_are_404(world: World, consultation: Any) -> None:
    e = make_event(world, consultation)
    client = Client()
    for url in (
        f"/gop-y/{consultation.pk + 1}/su-kien/{e.pk}/",
        f"/gop-y/{consultation.pk + 1}/su-kien/{e.pk}.ics",
        f"/gop-y/{consultation.pk}/su-kien/{e.pk + 1}/",
        f"/gop-y/{consultation.pk}/su-kien/{e.pk}/da-dang-ky/DK-AAAA-BBBB/",
    ):
        assert client.get(url).status_code == 404, url


# -- calendar ---------------------------------------------------------------------------------------------


def test_ical_per_event_and_feed_parse_back_in_vietnams_time(world: World, consultation: Any) -> None:
    start = (timezone.now() + dt.timedelta(days=30)).astimezone(HCM).replace(hour=8, minute=30, second=0, microsecond=0)
    e = ev.event_save(
        actor=world.drafter_a,
        consultation=consultation,
        form="dialogue",
        title="Đối thoại về phí vỉa hè",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2, minutes=30),
        organiser=world.body_a,
        place="Nhà văn hóa tổ 1",
        online_url="https://hop.example.vn/a",
    )
    end = start + dt.timedelta(hours=2, minutes=30)
    other = make_event(world, consultation, days=7, title="Họp báo")
    ev.event_cancel(actor=world.drafter_a, event=other)
    r = Client().get(f"/gop-y/{consultation.pk}/su-kien/{e.pk}.ics")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(r.content)
    (vevent,) = cal.walk("VEVENT")
    got_start, got_end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert got_start == start and got_end == end
    assert str(got_start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert (got_start.hour, got_start.minute) == (8, 30)  # the wall clock in Vietnam, not UTC
    assert "TZID=Asia/Ho_Chi_Minh" in r.content.decode()
    assert cal.walk("VTIMEZONE"), "the time zone travels with the file"
    assert str(vevent["SUMMARY"]).endswith(e.title) and str(vevent["UID"]) == f"event-{e.pk}@testserver"
    assert str(vevent["URL"]).endswith(f"/gop-y/{consultation.pk}/su-kien/{e.pk}/")
    feed = icalendar.Calendar.from_ical(Client().get("/su-kien.ics").content)
    by_uid = {str(v["UID"]): v for v in feed.walk("VEVENT")}
    assert set(by_uid) == {f"event-{e.pk}@testserver", f"event-{other.pk}@testserver"}
    assert str(by_uid[f"event-{other.pk}@testserver"]["STATUS"]) == "CANCELLED"
    # The pages they belong to announce them.
    page = Client().get(f"/gop-y/{consultation.pk}/").content.decode()
    assert 'type="text/calendar"' in page and f"/gop-y/{consultation.pk}/su-kien/{e.pk}.ics" in page
    assert 'href="/su-kien.ics"' in page and e.title in page


# -- attendance, minutes, opinions -----------------------------------------------------------------------------


def test_attendance_and_minutes_with_a_file(world: World, consultation: Any) -> None:
    upcoming = make_event(world, consultation)
    with pytest.raises(DomainError) as exc:
        ev.event_outcome(actor=world.drafter_a, event=upcoming, attendance=10)
    assert exc.value.code == "not_held"
    e = make_event(world, consultation, days=-2)
    client = staff(world, "drafter_a")
    url = f"/can-bo/lay-y-kien/{consultation.pk}/su-kien/{e.pk}/"
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    r = client.post(
        f"{url}outcome/", {"outcome-attendance": "40", "outcome-minutes": "Biên bản", "outcome-minutes_file": fake}
    )
    assert r.status_code == 422 and "Nội dung tệp không đúng định dạng PDF" in r.content.decode()
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    r = client.post(
        f"{url}outcome/",
        {"outcome-attendance": "40", "outcome-minutes": "Biên bản\x07 họp", "outcome-minutes_file": pdf},
    )
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.attendance == 40 and e.minutes == "Biên bản họp" and e.minutes_file
    got = client.get(f"{url}bien-ban/")
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert staff(world, "officer_b").get(f"{url}bien-ban/").status_code == 404


def _opinions_post(token: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {"token": token, "op-TOTAL_FORMS": str(len(rows)), "op-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        for k, v in row.items():
            data[f"op-{i}-{k}"] = v
    return data


def test_opinions_voiced_become_meeting_comments_that_reach_processing(world: World, consultation: Any) -> None:
    law.sections_replace(
        actor=world.drafter_a,
        document=consultation.document,
        raw_text="Điều 1. Phạm vi\nNội dung.\nĐiều 2. Mức phí\nNội dung.",
    )
    dieu2 = consultation.document.sections.get(key="dieu-2")
    e = make_event(world, consultation, days=-2, form="dialogue")
    client = staff(world, "drafter_a")
    url = f"/can-bo/lay-y-kien/{consultation.pk}/su-kien/{e.pk}/opinions/"
    rows = [
        {
            "text": "Mức phí cao quá.",
            "submitter_type": "business",
            "name": "Hộ Lan",
            "organisation": "",
            "section": str(dieu2.pk),
        },
        {
            "text": "Giữ 1,5 m cho người đi bộ.",
            "submitter_type": "individual",
            "name": "",
            "organisation": "",
            "section": "",
        },
        {
            "text": "Cần công khai tiền phí.",
            "submitter_type": "organisation",
            "name": "Ông Tùng",
            "organisation": "MTTQ phường",
            "section": "",
        },
        {"text": "", "submitter_type": "individual", "name": "", "organisation": "", "section": ""},  # blank: skipped
    ]
    r = client.post(url, _opinions_post("tok-abcdefgh", rows))
    assert r.status_code == 302
    again = client.post(url, _opinions_post("tok-abcdefgh", rows))  # the same form sent twice
    assert again.status_code == 302
    comments = list(Comment.objects.filter(event=e).order_by("pk"))
    assert len(comments) == 3
    for cm in comments:
        assert cm.channel == Comment.Channel.MEETING and cm.entered_by == world.drafter_a
        assert cm.received_on == timezone.localdate(e.starts_at)
    assert comments[0].section == dieu2 and comments[2].organisation == "MTTQ phường"
    # They are comments like any other: in processing, with their channel.
    processing = list(csel.comments_for_processing(consultation))
    assert {c.pk for c in comments} <= {c.pk for c in processing}
    page = client.get(f"/can-bo/lay-y-kien/{consultation.pk}/").content.decode()
    assert "Mức phí cao quá." in page and "Hội nghị, tọa đàm" in page


def test_opinions_are_entered_all_or_none(world: World, consultation: Any) -> None:
    e = make_event(world, consultation, days=-2)
    client = staff(world, "drafter_a")
    url = f"/can-bo/lay-y-kien/{consultation.pk}/su-kien/{e.pk}/opinions/"
    rows = [
        {"text": "Ý kiến đúng.", "submitter_type": "individual", "name": "", "organisation": "", "section": ""},
        {"text": "\u200b\u200b", "submitter_type": "individual", "name": "", "organisation": "", "section": ""},
        {
            "text": "Tên dài",
            "submitter_type": "individual",
            "name": "x" * 150,
            "organisation": "y" * 301,
            "section": "",
        },
    ]
    r = client.post(url, _opinions_post("tok-zzzzzzzz", rows))
    assert r.status_code in (200, 422)
    assert Comment.objects.count() == 0
    # Refused at a meeting that has not taken place, or for a role that only reads.
    upcoming = make_event(world, consultation)
    with pytest.raises(DomainError) as exc:
        ev.event_opinions_enter(
            actor=world.drafter_a,
            event=upcoming,
            opinions=[
                {"text": "A", "submitter_type": "individual", "name": "", "organisation": "", "section_id": None}
            ],
        )
    assert exc.value.code == "not_held"
    r = staff(world, "leader_a").post(url, _opinions_post("tok-yyyyyyyy", rows[:1]))
    assert r.status_code == 403 and Comment.objects.count() == 0


def test_an_event_outside_the_window_cannot_take_opinions(world: World, consultation: Any) -> None:
    # Held long before the window opened: earlier than the staff-entry rule allows (rules.check_received_on).
    before = (consultation.opens_at - timezone.now()).days - INTAKE_EARLY_DAYS - 3
    e = make_event(world, consultation, days=before)
    with pytest.raises(DomainError) as exc:
        ev.event_opinions_enter(
            actor=world.drafter_a,
            event=e,
            opinions=[
                {"text": "A", "submitter_type": "individual", "name": "", "organisation": "", "section_id": None}
            ],
        )
    assert "0-received_on" in exc.value.errors
    assert Comment.objects.count() == 0


# -- query budgets ----------------------------------------------------------------------------------------------


def _grow_events(world: World, c: Any, n: int) -> None:
    for i in range(n):
        e = make_event(world, c, days=2 + i, title=f"Hội nghị {i}", capacity=100)
        for j in range(3):
            ev.event_register(event=e, name=f"Người {i}-{j}", phone=f"09{i:04d}{j:04d}")


def test_event_pages_within_budget_at_any_size(
    world: World, consultation: Any, django_assert_max_num_queries: Any
) -> None:
    # Measured: the draft page 8 (its events: one query for the head and the list; its languages: one; the
    # channel kit's card for the Open Graph tags: two; its versions and dossier files, portal/_versions.html: two), the
    # feed 1, the staff list 7 (session, user, memberships, consultation, events with their counts, organisers,
    # unread count), + the second factor (whether the drafter enrolled one) on staff pages.
    pages = {
        f"/gop-y/{consultation.pk}/": (None, 10),
        "/su-kien.ics": (None, 1),
        f"/can-bo/lay-y-kien/{consultation.pk}/su-kien/": ("drafter_a", 8),
    }
    for n in (2, 8):
        _grow_events(world, consultation, n if n == 2 else 6)
        for url, (who, budget) in pages.items():
            client = staff(world, who) if who else Client()
            with django_assert_max_num_queries(budget):
                assert client.get(url).status_code == 200
    e = Event.objects.order_by("pk").first()
    assert e is not None
    client = staff(world, "drafter_a")
    # measured 12: user, memberships, the second factor, the page's 8, the unread count
    with django_assert_max_num_queries(12):
        assert client.get(f"/can-bo/lay-y-kien/{consultation.pk}/su-kien/{e.pk}/").status_code == 200
    with django_assert_max_num_queries(4):
        assert Client().get(f"/gop-y/{consultation.pk}/su-kien/{e.pk}/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_demo_has_a_conference_a_dialogue_and_its_opinions(settings: Any) -> None:
    from policycomm.demo.data import load_demo

    load_demo()
    conference = Event.objects.get(form="conference")
    dialogue = Event.objects.get(form="dialogue")
    assert conference.starts_at > timezone.now() and conference.registrations.count() >= 3
    assert dialogue.starts_at < timezone.now() and dialogue.attendance and dialogue.minutes
    opinions = Comment.objects.filter(event=dialogue, channel=Comment.Channel.MEETING)
    assert opinions.count() >= 3 and opinions.filter(section__isnull=False).exists()
    r = Client().get(f"/gop-y/{dialogue.consultation_id}/")
    assert conference.title in r.content.decode() and dialogue.title in r.content.decode()


@pytest.mark.django_db(transaction=True)
def test_people_registering_at_the_same_moment_never_take_more_seats_than_there_are() -> None:
    import threading
    import time

    from django.db import OperationalError, connection

    from .factories import ALL_TO_DRAFT_CONSULTATION, advance, make_world, open_consultation, register_document

    world = make_world()
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    e = make_event(world, open_consultation(world, doc), capacity=3)
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def register(i: int) -> None:
        # The test database is SQLite in shared memory, which answers "table is locked" at once instead of
        # waiting as a file or PostgreSQL does: the person simply sends again, as a browser would.
        start.wait()
        try:
            for _attempt in range(200):
                try:
                    _reg, created = ev.event_register(event=e, name=f"Người {i}", phone=f"091234{i:04d}")
                except OperationalError:
                    time.sleep(0.01)
                    continue
                except DomainError as exc:
                    outcomes.append(exc.code)
                else:
                    outcomes.append("created" if created else "again")
                return
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["created"] * 3 + ["full"] * 5
    assert EventRegistration.objects.filter(event=e).count() == 3
