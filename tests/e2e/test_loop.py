"""The whole Decision 407 loop, in Chromium, as the users would do it."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone
from docx import Document
from playwright.sync_api import Browser, Page, expect, sync_playwright

from policycomm.communication.models import Activity
from policycomm.communication.services import activity_record
from policycomm.consultation.models import Comment, Consultation
from policycomm.lawmaking.models import DraftPolicy
from policycomm.orgs.access import must_use_two_factor

from ..factories import PASSWORD, make_world
from ..twofactor import device_for, next_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("POLICYCOMM_SCREENSHOTS", "var/screenshots"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


def sign_in(page: Page, base: str, username: str) -> None:
    """The login form, then, for a leader, monitor or admin, the code their authenticator app shows."""
    user = get_user_model().objects.get(username=username)
    device = device_for(user) if must_use_two_factor(user) else None
    page.goto(f"{base}/can-bo/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if device is not None:
        expect(page.get_by_role("heading", name="Nhập mã xác thực")).to_be_visible()
        page.get_by_label("Mã xác thực").fill(next_code(device))
        page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name="Văn bản đang xây dựng")).to_be_visible()


def login(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(locale="vi-VN").new_page()
    sign_in(page, base, username)
    return page


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def open_window(page: Page, phase: str, title: str, now: dt.datetime, days: int) -> None:
    """Open a window from the document page, starting this minute."""
    if not page.locator("#id_consultation-title").is_visible():
        page.locator("summary", has_text="Mở đợt lấy ý kiến").click()
    page.get_by_label("Đợt", exact=True).select_option(label=phase)
    page.get_by_label("Tiêu đề").fill(title)
    page.get_by_label("Bắt đầu").fill(now.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Hạn cuối").fill((now + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Mở đợt lấy ý kiến").click()
    expect(page.get_by_role("status")).to_contain_text("Đã mở đợt lấy ý kiến")


def record_review(page: Page, number: str) -> None:
    """Record the appraisal report from the document page, and come back to it."""
    page.get_by_role("link", name="Ghi kết quả").click()
    page.get_by_label("Cơ quan", exact=True).select_option(label="Sở Tư pháp")
    page.get_by_label("Ngày báo cáo").fill(timezone.localdate().isoformat())
    page.get_by_label("Số báo cáo").fill(number)
    page.get_by_label("Kết luận", exact=True).fill("Đủ điều kiện trình.")
    page.get_by_label("Báo cáo nêu việc chính sách đã được truyền thông").check()
    page.get_by_role("button", name="Lưu kết quả").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu kết quả thẩm định")
    expect(page.get_by_text(f"Báo cáo số {number}")).to_be_visible()


def test_whole_loop(live_server: Any, browser: Browser) -> None:
    # A live-server test that ran before this one flushed every table, and with them the minimum comment
    # periods a data migration seeds; seed them again (get_or_create: nothing changes when they are there).
    import_module("policycomm.consultation.migrations.0007_seed_comment_periods").seed(django_apps, None)
    make_world()
    base = live_server.url

    # 1. The drafting officer registers the document and a policy, screens it, writes the material.
    drafter = login(browser, base, "drafter_a")
    drafter.get_by_role("link", name="Đăng ký văn bản mới").click()
    drafter.get_by_label("Tên văn bản").fill("Nghị quyết quy định phí sử dụng tạm thời vỉa hè")
    drafter.get_by_label("Loại văn bản").select_option(label="Nghị quyết của HĐND cấp tỉnh")
    drafter.get_by_label("Cơ quan ban hành").select_option(label="Hội đồng nhân dân tỉnh Thái Nguyên")
    drafter.get_by_role("button", name="Đăng ký").click()
    expect(drafter.locator("#giai-doan")).to_have_text("Lập đề nghị xây dựng")
    drafter.get_by_text("Thêm chính sách").click()
    drafter.get_by_label("Tên chính sách").fill("Thu phí sử dụng vỉa hè")
    drafter.get_by_role("button", name="Thêm", exact=True).click()
    drafter.get_by_role("link", name="Thu phí sử dụng vỉa hè").click()
    for i, reason in enumerate(["Phải lập đề nghị.", "Phát sinh nghĩa vụ nộp phí.", "Dư luận quan tâm.", "Toàn tỉnh."]):
        drafter.locator(f"#id_c{i + 1}").check()
        drafter.locator(f"#id_c{i + 1}_reason").fill(reason)
    drafter.get_by_role("button", name="Lưu đánh giá").click()
    expect(drafter.locator("#pham-vi")).to_contain_text("Thuộc phạm vi Đề án 407")
    drafter.get_by_text("Soạn tài liệu mới").click()
    drafter.get_by_label("Tiêu đề tài liệu").fill("Vì sao thu phí vỉa hè?")
    drafter.get_by_label("1. Sự cần thiết").fill("Vỉa hè bị lấn chiếm, người đi bộ phải xuống lòng đường.")
    drafter.get_by_label("2. Nội dung cơ bản").fill("Thu phí theo mét vuông, chừa 1,5 mét cho người đi bộ.")
    drafter.get_by_role("button", name="Tạo tài liệu").click()
    drafter.get_by_role("button", name="Trình lãnh đạo phê duyệt").click()
    expect(drafter.locator("#id_part_changes-err")).to_contain_text("Chưa đủ nội dung bắt buộc")
    drafter.get_by_label("3. Điểm mới").fill("Trước đây chưa thu phí; mức phí còn nhiều ý kiến khác nhau.")
    drafter.get_by_role("button", name="Lưu").click()
    drafter.get_by_role("button", name="Trình lãnh đạo phê duyệt").click()
    expect(drafter.locator("#trang-thai")).to_have_text("Chờ phê duyệt")
    material_url = drafter.url

    # 2. The leader of the same body approves it.
    leader = login(browser, base, "leader_a")
    leader.goto(material_url)
    leader.get_by_role("button", name="Phê duyệt").click()
    expect(leader.locator("#trang-thai")).to_have_text("Đã phê duyệt")

    # 3. The officer publishes it, moves the document to the draft consultation and opens the window.
    drafter.reload()
    drafter.get_by_role("button", name="Công khai trên cổng").click()
    expect(drafter.locator("#trang-thai")).to_have_text("Đã công khai")
    drafter.get_by_role("link", name="Thu phí sử dụng vỉa hè").click()
    drafter.get_by_role("link", name="Nghị quyết quy định phí sử dụng tạm thời vỉa hè").click()
    drafter.get_by_role("button", name="Chuyển giai đoạn").click()
    expect(drafter.locator("#giai-doan")).to_have_text("Lấy ý kiến đề nghị xây dựng")
    # The proposal cannot go to appraisal before a window of opinions on it has run and closed.
    drafter.get_by_role("button", name="Chuyển giai đoạn").click()
    expect(drafter.locator("#id_stage-to_stage-err")).to_contain_text("Chưa có đợt lấy ý kiến đề nghị xây dựng nào")
    now = timezone.localtime()
    open_window(drafter, "Lấy ý kiến đề nghị xây dựng", "Lấy ý kiến đề nghị xây dựng Nghị quyết phí vỉa hè", now, 30)
    # Thirty-one days pass for the window.
    proposal = Consultation.objects.filter(phase=Consultation.Phase.PROPOSAL)
    proposal.update(opens_at=F("opens_at") - dt.timedelta(days=31), closes_at=F("closes_at") - dt.timedelta(days=31))
    drafter.reload()
    drafter.get_by_role("button", name="Chuyển giai đoạn").click()
    expect(drafter.locator("#giai-doan")).to_have_text("Thẩm định đề nghị")
    record_review(drafter, "86/BC-STP")
    for stage in ["Đề nghị được thông qua", "Soạn thảo", "Lấy ý kiến dự thảo"]:
        drafter.get_by_role("button", name="Chuyển giai đoạn").click()
        expect(drafter.locator("#giai-doan")).to_have_text(stage)
    drafter.get_by_text("Dán nội dung dự thảo").click()
    drafter.get_by_label("Dán toàn văn dự thảo").fill(
        "Điều 1. Phạm vi điều chỉnh\nNghị quyết này quy định phí sử dụng vỉa hè.\nĐiều 2. Mức thu\n"
        "1. Tại phường: 20.000 đồng/m²/tháng.\n2. Tại xã: 10.000 đồng/m²/tháng.\n"
    )
    drafter.get_by_role("button", name="Tách và lưu").click()
    expect(drafter.get_by_role("status")).to_contain_text("4 mục mới")
    # A window cannot open in the past, nor run shorter than the minimum without a legal ground.
    now = timezone.localtime()
    drafter.locator("summary", has_text="Mở đợt lấy ý kiến").click()
    drafter.get_by_label("Đợt", exact=True).select_option(label="Lấy ý kiến dự thảo")
    drafter.get_by_label("Tiêu đề").fill("Lấy ý kiến dự thảo Nghị quyết phí vỉa hè")
    drafter.get_by_label("Bắt đầu").fill((now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    drafter.get_by_label("Hạn cuối").fill((now + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"))
    drafter.get_by_role("button", name="Mở đợt lấy ý kiến").click()
    expect(drafter.locator("#id_consultation-opens_at-err")).to_contain_text("không mở lùi về trước")
    expect(drafter.locator("#id_consultation-closes_at-err")).to_contain_text("ngắn hơn tối thiểu 20 ngày")
    shot(drafter, "backoffice-window-refused")
    open_window(drafter, "Lấy ý kiến dự thảo", "Lấy ý kiến dự thảo Nghị quyết phí vỉa hè", now, 30)

    # 4. A citizen on a phone reads the draft and comments on one clause.
    citizen = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 740}, java_script_enabled=False
    ).new_page()
    citizen.goto(base)
    # The open draft window is listed first; the closed proposal window below it.
    citizen.get_by_role("link", name="Nghị quyết quy định phí sử dụng tạm thời vỉa hè").first.click()
    expect(citizen.get_by_role("heading", name="Vì sao thu phí vỉa hè?")).to_be_visible()
    shot(citizen, "portal-draft-mobile")
    citizen.get_by_role("link", name="Góp ý Khoản 1 Điều 2").click()
    citizen.get_by_role("textbox", name="Nội dung góp ý").fill("Mức 20.000 đồng là quá cao với hộ buôn bán nhỏ.")
    citizen.get_by_text("Cá nhân", exact=True).click()
    citizen.get_by_role("button", name="Gửi góp ý").click()
    expect(citizen.locator(".field.has-error")).to_contain_text("Vui lòng đánh dấu đồng ý")
    expect(citizen.get_by_role("textbox", name="Nội dung góp ý")).to_have_value(
        "Mức 20.000 đồng là quá cao với hộ buôn bán nhỏ."
    )
    shot(citizen, "portal-comment-error-mobile")
    citizen.get_by_label("Tôi đồng ý").check()
    citizen.get_by_role("button", name="Gửi góp ý").click()
    receipt = citizen.locator("#ma-tiep-nhan").inner_text()
    assert receipt == Comment.objects.get().receipt

    # 5. The deadline passes; the officer answers, publishes, and generates the report.
    draft = Consultation.objects.filter(phase=Consultation.Phase.DRAFT)
    draft.update(opens_at=F("opens_at") - dt.timedelta(days=31), closes_at=F("closes_at") - dt.timedelta(days=31))
    drafter.goto(f"{base}/can-bo/")
    # The staff home's work queue lists the consultation whose comments wait for an answer.
    queue = drafter.locator("#hang-comments")
    expect(queue).to_contain_text("1 ý kiến chưa tiếp thu, giải trình")
    queue.get_by_role("link", name="Lấy ý kiến dự thảo Nghị quyết phí vỉa hè").click()
    drafter.get_by_label("Kết quả", exact=True).select_option(label="Tiếp thu một phần")
    drafter.get_by_label("Ý kiến tiếp thu, giải trình").fill("Giảm còn 15.000 đồng/m²/tháng tại các phường.")
    drafter.get_by_role("button", name="Lưu", exact=True).click()
    expect(drafter.locator("#chua-xu-ly")).to_have_text("0")
    drafter.get_by_role("button", name="Công khai kết quả tiếp thu, giải trình").click()
    expect(drafter.get_by_role("status")).to_contain_text("Đã công khai kết quả")
    shot(drafter, "backoffice-consultation")
    drafter.get_by_role("link", name="Lập, tải về, công khai báo cáo (DOCX, PDF)").click()
    drafter.get_by_role("button", name="Lập báo cáo (DOCX và PDF)").click()
    expect(drafter.locator(".report-status").first).to_have_text("Đang chờ")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    link = drafter.get_by_role("link", name="Tải báo cáo (.docx)")
    expect(link).to_be_visible(timeout=30_000)  # the page polls the job without a reload
    with drafter.expect_download() as dl:
        link.click()
    data = Path(dl.value.path()).read_bytes()
    cells = {c.text for t in Document(io.BytesIO(data)).tables for row in t.rows for c in row.cells}
    assert "Tiếp thu một phần. Giảm còn 15.000 đồng/m²/tháng tại các phường." in cells

    # 6. The citizen sees how the comment was answered.
    citizen.goto(f"{base}/tra-cuu/?ma={receipt}")
    expect(citizen.locator(".disp")).to_contain_text("Tiếp thu một phần")

    # 7. The document goes through appraisal and examination to adoption; the monitor sees 100 %.
    drafter.goto(f"{base}/can-bo/")
    drafter.get_by_role("link", name="Nghị quyết quy định phí sử dụng tạm thời vỉa hè").click()
    for stage in ["Công khai tổng hợp, tiếp thu, giải trình", "Thẩm định dự thảo"]:
        drafter.get_by_role("button", name="Chuyển giai đoạn").click()
        expect(drafter.locator("#giai-doan")).to_have_text(stage)
    record_review(drafter, "131/BC-STP")
    drafter.get_by_role("button", name="Chuyển giai đoạn").click()
    expect(drafter.locator("#giai-doan")).to_have_text("Thẩm tra")
    # The Council committee examines the resolution and checks that the policy was communicated.
    drafter.get_by_role("link", name="Ghi kết quả").click()
    drafter.get_by_label("hoặc ghi tên cơ quan").fill("Ban Pháp chế HĐND tỉnh")
    drafter.get_by_label("Ngày báo cáo").fill(timezone.localdate().isoformat())
    drafter.get_by_label("Số báo cáo").fill("45/BC-BPC")
    drafter.get_by_label("Kết luận", exact=True).fill("Đủ điều kiện trình kỳ họp HĐND tỉnh.")
    drafter.get_by_label("Báo cáo nêu việc chính sách đã được truyền thông").check()
    drafter.get_by_label("Ngày Ban của HĐND kiểm tra việc truyền thông").fill(timezone.localdate().isoformat())
    drafter.get_by_label("Ban của HĐND xác nhận chính sách đã được truyền thông trước khi trình HĐND").check()
    shot(drafter, "backoffice-examination")
    drafter.get_by_role("button", name="Lưu kết quả").click()
    expect(drafter.get_by_role("status")).to_contain_text("Đã lưu kết quả thẩm tra")
    expect(drafter.locator("#h-review + .card, #h-review ~ .card").last).to_contain_text(
        "Ban của HĐND xác nhận đã truyền thông"
    )
    drafter.get_by_role("button", name="Chuyển giai đoạn").click()
    expect(drafter.locator("#giai-doan")).to_have_text("Thông qua / ban hành")
    monitor = login(browser, base, "monitor")
    monitor.get_by_role("link", name="Giám sát").click()
    # Eight stages went by today with nothing but the material's publication: one dated item covers one
    # stage, so seven stages were silent and the policy fails, with the reasons on the failing list.
    expect(monitor.locator("#ty-le")).to_have_text("0%")
    monitor.get_by_role("link", name="Xem 1 chính sách chưa đạt và lý do").click()
    expect(monitor.locator(".card li")).to_have_count(7)
    expect(monitor.locator(".card li").first).to_contain_text("Gián đoạn ở giai đoạn “Thẩm định đề nghị”")
    # The communicator's activities, one in each of those stages (recorded as they happened), cover it.
    policy = DraftPolicy.objects.get()
    for _ in range(7):
        activity_record(
            actor=policy.document.drafting_body.memberships.get(role="drafter").user,
            policy=policy,
            form=Activity.Form.PORTAL,
            channel="Cổng thông tin điện tử tỉnh",
            date=timezone.localdate(),
            evidence_url="https://thainguyen.gov.vn/",
        )
    monitor.get_by_role("link", name="Giám sát", exact=True).click()
    expect(monitor.locator("#ty-le")).to_have_text("100%")
    expect(monitor.locator("#bieu-do svg")).to_be_visible()
    shot(monitor, "backoffice-monitoring")
