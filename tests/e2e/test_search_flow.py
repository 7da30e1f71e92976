"""A citizen on a 360 px phone searches without diacritics from the home page and reaches the section."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from ..factories import ALL_TO_DRAFT_CONSULTATION, advance, make_world, open_consultation, register_document
from .test_loop import browser, shot  # noqa: F401 — the browser fixture is shared

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_searches_without_diacritics_on_a_phone(live_server: Any, browser: Browser) -> None:  # noqa: F811
    world = make_world()
    doc = register_document(world, title="Quy định tạm sử dụng lòng đường, vỉa hè")
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    c = open_consultation(world, doc)
    page = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", java_script_enabled=False
    ).new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tìm dự thảo, điều khoản, ý kiến").fill("long duong via he")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.get_by_role("heading", name="Tìm kiếm dự thảo")).to_be_visible()
    expect(page.locator(".search-hit mark").first).to_have_text("lòng")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "search-360")
    page.get_by_label("Tìm dự thảo, điều khoản, ý kiến").fill("20.000 dong")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.locator(f'.search-hit a[href="/gop-y/{c.pk}/#dieu-2.khoan-1"]').first.click()
    assert page.url.endswith(f"/gop-y/{c.pk}/#dieu-2.khoan-1")
