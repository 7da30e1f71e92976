"""A citizen on a 360 px phone (JavaScript off) logs in through the test OpenID Connect provider, comments as a
verified user on the open draft, and staff see the tier on the comment."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from policycomm.consultation.models import Comment
from policycomm.identity.models import Tier

from ..factories import ALL_TO_DRAFT_CONSULTATION, advance, make_world, open_consultation, register_document
from ..oidc_provider.fixture import Provider
from .test_loop import browser, login, shot  # noqa: F401 — the browser fixture is shared

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_verified_citizen_comments_and_staff_see_the_tier(
    live_server: Any,
    browser: Browser,  # noqa: F811
    oidc_provider: Provider,
    settings: Any,
) -> None:
    oidc_provider.configure(settings, name="VNeID thử nghiệm")
    oidc_provider.allow_redirect(live_server.url)
    world = make_world()
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    c = open_consultation(world, doc)
    base = live_server.url

    page = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", java_script_enabled=False
    ).new_page()
    page.goto(f"{base}/gop-y/{c.pk}/y-kien/")
    page.get_by_role("link", name="Đăng nhập để ý kiến được ghi là đã xác thực").click()
    expect(page.get_by_role("heading", name="Tài khoản đã xác thực")).to_be_visible()
    page.get_by_role("button", name="Đăng nhập qua VNeID thử nghiệm").click()
    # At the provider (another server, another port): its own login form.
    expect(page.get_by_role("heading", name="Đăng nhập định danh điện tử (thử nghiệm)")).to_be_visible()
    assert page.url.startswith(oidc_provider.url)
    shot(page, "identity-provider-login-360")
    page.get_by_label("Tên đăng nhập").fill(oidc_provider.username)
    page.get_by_label("Mật khẩu").fill(oidc_provider.password)
    page.get_by_role("button", name="Đăng nhập").click()
    # Back on the comment form, verified.
    expect(page.get_by_role("heading", name="Gửi góp ý")).to_be_visible()
    assert page.url == f"{base}/gop-y/{c.pk}/y-kien/"
    expect(page.locator(".identity-box")).to_contain_text("Ý kiến của bạn sẽ được ghi là: Đã xác thực")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("textbox", name="Nội dung góp ý").fill("Đề nghị miễn phí cho hộ buôn bán nhỏ.")
    page.get_by_text("Cá nhân", exact=True).click()
    page.get_by_label("Tôi đồng ý").check()
    page.get_by_role("button", name="Gửi góp ý").click()
    receipt = page.locator("#ma-tiep-nhan").inner_text()
    comment = Comment.objects.get()
    assert comment.receipt == receipt and comment.tier == Tier.VERIFIED
    shot(page, "identity-verified-comment-360")

    # Staff see the tier on the comment in the processing screen.
    staff = login(browser, base, "drafter_a")
    staff.goto(base + reverse("backoffice:consultation", kwargs={"pk": c.pk}))
    row = staff.locator(".meta", has_text=receipt)
    expect(row.locator(".tier-badge")).to_have_text("Đã xác thực")
    shot(staff, "identity-staff-tier")
