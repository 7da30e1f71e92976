"""A leader's first sign-in on a 360 px phone, in Chromium: password, enrolment of the authenticator app (QR code
and secret), the ten recovery codes, the back office; then the next sign-in with a code. axe on each page."""

from __future__ import annotations

import time
from base64 import b32decode
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from ..factories import PASSWORD, make_world
from ..twofactor import code_at
from .axe import assert_no_axe_violations
from .test_loop import browser, shot  # noqa: F401 — the browser fixture is shared

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 780}


def secret_hex(text: str) -> str:
    raw = text.replace(" ", "")
    return b32decode(raw + "=" * (-len(raw) % 8)).hex()


def test_first_sign_in_enrols_the_app_then_the_code_is_asked(live_server: Any, browser: Browser) -> None:  # noqa: F811
    make_world()
    base = live_server.url
    page = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    page.goto(f"{base}/can-bo/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("leader_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Bật xác thực hai bước")).to_be_visible()
    expect(page.get_by_role("img", name="Mã QR để thêm tài khoản vào ứng dụng xác thực")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page, "enrolment @ 360px")
    shot(page, "staff-2fa-enrol-360")
    secret = secret_hex(page.locator("#khoa-bi-mat").inner_text())
    page.get_by_label("Mã xác thực đầu tiên").fill(code_at(secret, int(time.time()) // 30))
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.get_by_role("heading", name="Mã khôi phục")).to_be_visible()
    expect(page.locator("#ma-khoi-phuc li")).to_have_count(10)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page, "recovery codes @ 360px")
    shot(page, "staff-2fa-codes-360")
    recovery = page.locator("#ma-khoi-phuc li code").first.inner_text()
    page.get_by_role("link", name="Tôi đã lưu mã, tiếp tục").click()
    expect(page.get_by_role("heading", name="Văn bản đang xây dựng")).to_be_visible()

    # Next time, on another phone: the password, then a recovery code (the app's code of this minute is spent).
    other = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    other.goto(f"{base}/can-bo/")
    other.get_by_label("Tên đăng nhập").fill("leader_a")
    other.get_by_label("Mật khẩu").fill(PASSWORD)
    other.get_by_role("button", name="Đăng nhập").click()
    expect(other.get_by_role("heading", name="Nhập mã xác thực")).to_be_visible()
    assert_no_axe_violations(other, "code step @ 360px")
    other.get_by_label("Mã xác thực").fill("000000x")
    other.get_by_role("button", name="Xác nhận").click()
    expect(other.get_by_role("alert")).to_contain_text("Nhập 6 chữ số")
    other.get_by_label("Mã xác thực").fill(recovery)
    other.get_by_role("button", name="Xác nhận").click()
    expect(other.get_by_role("heading", name="Văn bản đang xây dựng")).to_be_visible()
    expect(other.get_by_role("status")).to_contain_text("Còn 9 mã")
    other.get_by_role("link", name="Bảo mật tài khoản").click()
    expect(other.get_by_text("Bắt buộc với vai trò của bạn.")).to_be_visible()
