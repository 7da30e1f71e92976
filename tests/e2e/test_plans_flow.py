"""Plans in Chromium: the province imports its plan from the file, the ward derives its own plan,
reports on a task, and the province sees it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from ..factories import ROOT, make_world
from .test_loop import browser, login, shot  # noqa: F401 — the browser fixture is shared

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SEED = ROOT.parent / "shared" / "seeds" / "thainguyen-01-KH-UBND-2025.txt"


def test_plan_import_cascade_and_roll_up(live_server: Any, browser: Browser) -> None:  # noqa: F811
    make_world()
    base = live_server.url

    # 1. The council's standing officer imports the province plan and reviews it before saving.
    monitor = login(browser, base, "monitor")
    monitor.get_by_role("link", name="Kế hoạch", exact=True).click()
    monitor.get_by_role("link", name="Nhập kế hoạch từ tệp (.docx, .pdf, .txt)").click()
    monitor.get_by_label("Tệp kế hoạch").set_input_files(str(SEED))
    monitor.get_by_role("button", name="Đọc tệp").click()
    expect(monitor.get_by_role("heading", name="Xem lại kế hoạch trước khi lưu")).to_be_visible()
    expect(monitor.locator("#chua-xep")).to_contain_text("Vandt")
    expect(monitor.get_by_label("Số", exact=True)).to_have_value("01")
    shot(monitor, "plan-review")
    monitor.get_by_role("button", name="Lưu kế hoạch").click()
    expect(monitor.get_by_role("heading", name="Kế hoạch số 01/KH-UBND")).to_be_visible()
    plan_url = monitor.url

    # 2. The ward office derives the ward's plan and confirms the proposed lead bodies.
    ward = login(browser, base, "officer_b")
    ward.goto(plan_url)
    ward.get_by_role("button", name="Lập kế hoạch").click()
    expect(ward.get_by_role("heading", name="Xác nhận cơ quan chủ trì, phối hợp")).to_be_visible()
    ward.get_by_role("button", name="Xác nhận tất cả").click()
    expect(ward.get_by_text("Đã xác nhận")).to_be_visible()

    # 3. It reports task 6.2 done, with evidence.
    row = ward.locator("tr", has=ward.get_by_text("6.2", exact=True))
    row.get_by_text("Báo cáo tiến độ").click()
    row.get_by_label("Tình trạng").select_option(label="Hoàn thành")
    row.get_by_label("Kết quả, minh chứng").fill("Tập huấn tuyên truyền viên pháp luật ngày 20/11")
    row.get_by_role("button", name="Cập nhật").click()
    expect(ward.get_by_text("Đã cập nhật tiến độ nhiệm vụ 6.2.")).to_be_visible()

    # 4. The province sees the ward's progress on its own task 6.2.
    monitor.reload()
    row = monitor.locator("tr", has=monitor.get_by_text("6.2", exact=True))
    expect(row).to_contain_text("1/1 đơn vị hoàn thành · 100%")
    expect(row).to_contain_text("Tập huấn tuyên truyền viên pháp luật ngày 20/11")
    shot(monitor, "plan-progress")
