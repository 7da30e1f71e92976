"""Periodic reports in Chromium: the province sets a six-month period, a ward officer drafts the ward's
report, the leader submits it, the province returns it, it is corrected and accepted, and Sở Tư pháp
consolidates and downloads the province's report as DOCX and PDF."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from ..factories import make_world
from ..test_reporting import ward_activity
from .test_loop import browser, login, shot  # noqa: F401 — the browser fixture is shared

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _download(page: Page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    path = info.value.path()
    with open(path, "rb") as fh:
        return fh.read()


def test_ward_report_returned_corrected_accepted_and_consolidated(live_server: Any, browser: Browser) -> None:  # noqa: F811
    world = make_world()
    ward_activity(world, reach=300)
    base = live_server.url

    # 0. The council's standing officer sets the six-month period for the province.
    monitor = login(browser, base, "monitor")
    monitor.get_by_role("link", name="Báo cáo", exact=True).click()
    monitor.get_by_label("Cơ quan giao báo cáo").select_option(label="Ủy ban nhân dân tỉnh Thái Nguyên")
    monitor.get_by_label("Loại kỳ báo cáo").select_option(label="Báo cáo 6 tháng")
    monitor.get_by_label("Tên kỳ báo cáo").fill("Báo cáo 6 tháng đầu năm")
    today = dt.date.today()
    monitor.get_by_label("Từ ngày").fill((today - dt.timedelta(days=180)).isoformat())
    monitor.get_by_label("Đến ngày").fill(today.isoformat())
    monitor.get_by_label("Hạn gửi báo cáo").fill((today + dt.timedelta(days=10)).isoformat())
    monitor.get_by_role("button", name="Giao kỳ báo cáo").click()
    expect(monitor.get_by_role("heading", name="Báo cáo 6 tháng đầu năm")).to_be_visible()
    period_url = monitor.url

    # 1. The ward officer drafts the ward's report.
    officer = login(browser, base, "officer_b")
    officer.get_by_role("link", name="Báo cáo", exact=True).click()
    officer.get_by_role("link", name="Báo cáo 6 tháng đầu năm").click()
    officer.get_by_label("Đơn vị", exact=True).select_option(label="Ủy ban nhân dân phường Phan Đình Phùng")
    officer.get_by_role("button", name="Lập báo cáo").click()
    expect(officer.get_by_role("heading", name="Báo cáo của Ủy ban nhân dân phường Phan Đình Phùng")).to_be_visible()
    expect(officer.locator("#so-lieu")).to_contain_text("300")  # live figures: the loudspeaker's reach
    report_url = officer.url
    officer.get_by_label("Số báo cáo").fill("12")
    officer.get_by_label("Kết quả đạt được").fill("Truyền thông chính sách phụ cấp trên loa phường.")
    officer.get_by_label("Tồn tại, hạn chế và nguyên nhân").fill("Kinh phí còn ít.")
    officer.get_by_role("button", name="Lưu báo cáo").click()
    expect(officer.get_by_text("Đã lưu báo cáo.")).to_be_visible()
    expect(officer.get_by_role("button", name="Duyệt và gửi cấp trên")).to_have_count(0)

    # 2. The leader approves and submits it.
    leader = login(browser, base, "leader_b")
    leader.goto(report_url)
    leader.get_by_role("button", name="Duyệt và gửi cấp trên").click()
    expect(leader.locator("#tinh-trang")).to_have_text("Đã gửi")

    # 3. The province returns it with a reason.
    monitor.goto(report_url)
    monitor.get_by_label("Lý do trả lại").fill("Bổ sung kết quả tiếp nhận ý kiến.")
    monitor.get_by_role("button", name="Trả lại").click()
    expect(monitor.locator("#tinh-trang")).to_have_text("Bị trả lại")

    # 4. The officer corrects it, the leader sends it again, the province accepts it.
    officer.goto(report_url)
    expect(officer.locator("#ly-do-tra-lai")).to_contain_text("Bổ sung kết quả tiếp nhận ý kiến.")
    officer.get_by_label("Kết quả đạt được").fill("Truyền thông chính sách phụ cấp trên loa phường; tiếp thu 1 ý kiến.")
    officer.get_by_role("button", name="Lưu báo cáo").click()
    leader.goto(report_url)
    leader.get_by_role("button", name="Duyệt và gửi cấp trên").click()
    monitor.goto(report_url)
    monitor.get_by_role("button", name="Tiếp nhận").click()
    expect(monitor.locator("#tinh-trang")).to_have_text("Đã tiếp nhận")
    shot(monitor, "report-accepted")

    # 5. Sở Tư pháp sees who reported, consolidates and downloads the province's report.
    stp = login(browser, base, "drafter_a")
    stp.goto(period_url)
    row = stp.locator("#don-vi tr", has=stp.get_by_text("Ủy ban nhân dân phường Phan Đình Phùng"))
    expect(row).to_contain_text("Đã tiếp nhận")
    expect(stp.locator("#tinh-hinh")).to_contain_text("1/3")
    stp.get_by_role("button", name="Tổng hợp báo cáo").click()
    expect(stp.get_by_role("heading", name="Báo cáo của Ủy ban nhân dân tỉnh Thái Nguyên")).to_be_visible()
    expect(stp.locator("#theo-don-vi")).to_contain_text("Ủy ban nhân dân phường Phan Đình Phùng")
    shot(stp, "report-consolidated")
    docx = _download(stp, "Tải .docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = z.read("word/document.xml").decode()
    for text in ("BÁO CÁO", "BC-STP", "Ủy ban nhân dân phường Phan Đình Phùng", "300", "tiếp thu 1 ý kiến", "Nơi nhận"):
        assert text in body, text
    pdf = _download(stp, "Tải .pdf")
    assert pdf[:5] == b"%PDF-"
    text = subprocess.run(["/usr/bin/pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "BÁO CÁO" in text and "300" in text and "Ủy ban nhân dân phường Phan Đình" in text
