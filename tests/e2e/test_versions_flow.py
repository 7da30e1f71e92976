"""A citizen on a 360 px phone compares two versions of the draft, downloads the dossier, and prints the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Browser, expect

from policycomm.lawmaking import dossier
from policycomm.lawmaking import services as law

from ..factories import ALL_TO_DRAFT_CONSULTATION, DRAFT, advance, make_world, open_consultation, register_document
from .test_loop import browser, shot  # noqa: F401 — the browser fixture is shared

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_compares_versions_and_downloads_the_dossier(live_server: Any, browser: Browser) -> None:  # noqa: F811
    world = make_world()
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    c = open_consultation(world, doc)
    law.sections_replace(
        actor=world.drafter_a,
        document=doc,
        raw_text=DRAFT.replace("20.000", "15.000") + "Điều 3. Hiệu lực\nCó hiệu lực từ ngày ký.\n",
    )
    dossier.dossier_add(
        actor=world.drafter_a,
        document=doc,
        kind="to_trinh",
        title="Tờ trình dự thảo",
        file=SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 to trinh"),
    )
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/gop-y/{c.pk}/")
    expect(page.get_by_text("PDF, 17 B")).to_be_visible()
    with page.expect_download() as dl:
        page.get_by_role("link", name="Tờ trình dự thảo").click()
    assert dl.value.suggested_filename == "to-trinh.pdf"
    page.get_by_role("link", name="Xem thay đổi từ dự thảo lần 1 đến lần 2").click()
    expect(page.get_by_role("heading", name="So sánh các lần dự thảo")).to_be_visible()
    expect(page.locator("del").filter(has_text="20.000")).to_be_visible()
    expect(page.locator("ins").filter(has_text="15.000")).to_be_visible()
    expect(page.get_by_text("[Mục thêm mới]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "versions-compare-360")
    # The two selects work without JavaScript: the same version against itself changes nothing.
    page.get_by_label("So sánh từ").select_option("2")
    page.get_by_role("button", name="So sánh").click()
    expect(page.get_by_text("0 mục sửa đổi, 0 mục thêm mới, 0 mục bị bỏ")).to_be_visible()
    # Printed: no navigation or forms; the page's address and the date at the end; labels instead of colour.
    page.goto(f"{live_server.url}/gop-y/{c.pk}/so-sanh/?tu=1&den=2")
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator("form.vd-pick")).to_be_hidden()
    expect(page.locator(".print-footer")).to_contain_text(f"/gop-y/{c.pk}/so-sanh/?tu=1&den=2")
    expect(page.locator("ins .diff-label").first).to_be_visible()
    context.close()
