"""A material's English translation, from the drafter's form to the citizen's phone, in Chromium at 360 px."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from policycomm.communication.models import MaterialTranslation
from policycomm.lawmaking import services as law

from ..factories import (
    ALL_TO_DRAFT_CONSULTATION,
    advance,
    make_world,
    open_consultation,
    publish_material,
    register_document,
    screen_in_scope,
)
from .test_loop import shot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 780}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield b
        b.close()


def staff(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, base, username)
    return page


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_english_translation_from_the_form_to_the_phone(live_server: Any, browser: Browser) -> None:
    w = make_world()
    doc = register_document(w)
    advance(w.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    policy = screen_in_scope(w.drafter_a, law.policy_add(actor=w.drafter_a, document=doc, title="Thu phí"))
    m = publish_material(w.drafter_a, w.leader_a, policy)
    c = open_consultation(w, doc)
    base = live_server.url

    drafter = staff(browser, base, "drafter_a")
    drafter.goto(f"{base}/can-bo/tai-lieu/{m.pk}/")
    drafter.get_by_role("link", name="Thêm bản dịch").click()
    drafter.get_by_label("Ngôn ngữ của bản dịch").select_option("en")
    drafter.get_by_label("Tiêu đề (đã dịch)").fill("Why charge for the pavement?")
    drafter.get_by_label("1. Sự cần thiết").fill("Pavements are taken over by stalls.")
    drafter.get_by_label("2. Nội dung cơ bản").fill("A fee per square metre.")
    drafter.get_by_label("3. Điểm mới").fill("There was no fee before.")
    drafter.get_by_role("button", name="Lưu bản dịch").click()
    expect(drafter.get_by_role("status")).to_contain_text("Đã lưu bản dịch")
    expect(drafter.get_by_label("2. Nội dung cơ bản")).to_have_attribute("lang", "en")
    no_sideways_scroll(drafter)
    drafter.get_by_role("button", name="Trình lãnh đạo phê duyệt").click()
    expect(drafter.locator("#trang-thai")).to_have_text("Chờ phê duyệt")

    leader = staff(browser, base, "leader_a")
    leader.goto(f"{base}/can-bo/tai-lieu/{m.pk}/ban-dich/en/")
    leader.get_by_role("button", name="Phê duyệt").click()
    expect(leader.locator("#trang-thai")).to_have_text("Đã phê duyệt")
    assert MaterialTranslation.objects.get(material=m, language="en").status == MaterialTranslation.Status.APPROVED

    citizen = browser.new_context(viewport=PHONE).new_page()
    citizen.goto(f"{base}/gop-y/{c.pk}/")
    expect(citizen.locator("html")).to_have_attribute("lang", "vi")
    expect(citizen.locator("link[rel=alternate][hreflang=en]")).to_have_attribute(
        "href", f"{base}/gop-y/{c.pk}/ban-dich/en/"
    )
    citizen.locator("nav.languages").get_by_role("link", name="English").click()
    expect(citizen.locator("div.translated")).to_have_attribute("lang", "en")
    expect(citizen.locator("div.translated h2")).to_have_text("Why charge for the pavement?")
    no_sideways_scroll(citizen)
    shot(citizen, "translation-en-vi-interface")
    # The footer's switcher: the interface in English, and the English material on the draft page itself.
    citizen.goto(f"{base}/gop-y/{c.pk}/")
    citizen.get_by_label("Ngôn ngữ").select_option("en")
    citizen.get_by_role("button", name="Đổi ngôn ngữ").click()
    expect(citizen.locator("html")).to_have_attribute("lang", "en")
    expect(citizen.get_by_role("heading", name="About the policy")).to_be_visible()
    article = citizen.locator("article.material").first
    expect(article).to_have_attribute("lang", "en")
    expect(article.locator("h3").first).to_have_text("Why charge for the pavement?")
    article.locator("summary").click()
    expect(article.locator("details[lang=vi] h3")).to_have_text(m.title)
    no_sideways_scroll(citizen)
    shot(citizen, "draft-page-english")
