"""A citizen on a 360 px phone finds the conference on the draft page, registers, and keeps the code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from policycomm.consultation import events as ev
from policycomm.consultation.models import EventRegistration

from ..factories import ALL_TO_DRAFT_CONSULTATION, advance, make_world, open_consultation, register_document
from .test_loop import browser, shot  # noqa: F401 — the browser fixture is shared

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_registers_for_a_conference_on_a_phone(live_server: Any, browser: Browser) -> None:  # noqa: F811
    world = make_world()
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    c = open_consultation(world, doc)
    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=4)
    e = ev.event_save(
        actor=world.drafter_a,
        consultation=c,
        form="conference",
        title="Hội nghị lấy ý kiến hộ kinh doanh",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        organiser=world.body_a,
        place="Hội trường Sở Tư pháp",
        capacity=50,
    )
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN").new_page()
    page.goto(f"{live_server.url}/gop-y/{c.pk}/")
    page.get_by_role("link", name=e.title, exact=True).click()
    expect(page.get_by_role("heading", name="Đăng ký tham dự")).to_be_visible()
    # Sent without a contact: the error is next to the field, in Vietnamese, and the name stays.
    page.get_by_label("Họ và tên").fill("Nguyễn Văn Dân")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.locator("#id_phone-err")).to_contain_text("Vui lòng nhập số điện thoại hoặc thư điện tử")
    expect(page.get_by_label("Họ và tên")).to_have_value("Nguyễn Văn Dân")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Bạn đã đăng ký tham dự")).to_be_visible()
    reg = EventRegistration.objects.get(event=e)
    expect(page.locator("#ma-dang-ky")).to_have_text(reg.receipt)
    assert reg.phone == "0912345678"
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "event-registered-360")
