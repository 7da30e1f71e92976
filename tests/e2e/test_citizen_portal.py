"""The citizen's portal end to end on a 360 px phone: find a draft without diacritics, compare its versions,
download the dossier, follow it by e-mail (double opt-in), comment, and come back by the alert mail when it is
finished to the answers and the published report; then stop the follow from the mail's link.

Mail is written by the product's file backend (one ``.eml`` per message, as under ``make run``) into the test's
own folder, and read back from there; the background tasks run through the database worker, as in production.
"""

from __future__ import annotations

import io
import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from docx import Document
from playwright.sync_api import Browser, expect

from policycomm.consultation import services as cons
from policycomm.consultation.models import Comment, SynthesisReport
from policycomm.identity.models import Tier
from policycomm.lawmaking import dossier
from policycomm.lawmaking import services as law
from policycomm.subscriptions.models import Subscription

from ..factories import (
    ALL_TO_DRAFT_CONSULTATION,
    DRAFT,
    advance,
    close,
    make_world,
    open_consultation,
    register_document,
)
from ..oidc_provider.fixture import Provider
from .test_loop import browser, shot  # noqa: F401 — the browser fixture is shared

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EMAIL = "nguoi.dan@example.com"


def work() -> None:
    """The background worker's run over what is queued (the confirmation mail, the alerts, the report)."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def mails_to(folder: Path, address: str) -> list[EmailMessage]:
    """The messages the file backend wrote for ``address``, parsed as a mail program would."""
    found = []
    for path in sorted(folder.glob("*.eml")):
        msg = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(msg, EmailMessage)
        if msg["To"] == address:
            found.append(msg)
    return found


def text_of(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def link_in(text: str, base: str, path: str) -> str:
    found = re.search(rf"{re.escape(base)}{path}[^\s>]*", text)
    assert found, text
    return found.group(0)


def test_a_citizen_finds_compares_follows_comments_and_reads_the_outcome(
    live_server: Any,
    browser: Browser,  # noqa: F811
    oidc_provider: Provider,
    settings: Any,
    tmp_path: Path,
) -> None:
    mailbox = tmp_path / "mail"
    settings.EMAIL_BACKEND = "policycomm.notifications.mailfiles.EmailBackend"
    settings.EMAIL_FILE_PATH = str(mailbox)
    settings.SITE_URL = live_server.url  # the links in the mail open this server
    oidc_provider.configure(settings, name="VNeID thử nghiệm")
    oidc_provider.allow_redirect(live_server.url)
    world = make_world()
    doc = register_document(world, title="Quy định tạm sử dụng một phần lòng đường, vỉa hè")
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    c = open_consultation(world, doc)
    law.sections_replace(actor=world.drafter_a, document=doc, raw_text=DRAFT.replace("20.000", "15.000"))
    dossier.dossier_add(
        actor=world.drafter_a,
        document=doc,
        kind="to_trinh",
        title="Tờ trình dự thảo",
        file=SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 to trinh"),
    )
    base = live_server.url
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()

    # 1. Search without diacritics from the home page finds the draft.
    page.goto(f"{base}/")
    page.get_by_label("Tìm dự thảo, điều khoản, ý kiến").fill("long duong via he")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.locator(".search-hit mark").first).to_have_text("lòng")
    page.locator(f'.search-hit a[href^="/gop-y/{c.pk}/"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(doc.title)

    # 2. The dossier downloads; the comparison of the last two versions marks what changed.
    with page.expect_download() as dl:
        page.get_by_role("link", name="Tờ trình dự thảo").click()
    assert dl.value.suggested_filename == "to-trinh.pdf"
    page.get_by_role("link", name="Xem thay đổi từ dự thảo lần 1 đến lần 2").click()
    assert "so-sanh" in page.url
    expect(page.locator("del").filter(has_text="20.000")).to_be_visible()
    expect(page.locator("ins").filter(has_text="15.000")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # 3. The citizen follows the draft by e-mail; the mail's link and the choice of how often confirm it.
    page.goto(f"{base}/gop-y/{c.pk}/")
    page.get_by_label("Nhận thư khi dự thảo có phiên bản mới hoặc có kết quả tiếp thu, giải trình").fill(EMAIL)
    page.get_by_role("button", name="Theo dõi dự thảo này").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vui lòng kiểm tra hộp thư của bạn")
    work()
    [confirmation] = mails_to(mailbox, EMAIL)
    assert doc.title in confirmation["Subject"]
    page.goto(link_in(text_of(confirmation), base, "/theo-doi/xac-nhan/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác nhận theo dõi")
    assert Subscription.objects.get(email=EMAIL).confirmed_at is None  # opening the link alone confirms nothing
    page.get_by_label("Ngay khi có tin").check()
    page.get_by_role("button", name="Xác nhận theo dõi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đã xác nhận theo dõi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    sub = Subscription.objects.get(email=EMAIL)
    assert sub.active and sub.consultation_id == c.pk and sub.frequency == Subscription.Frequency.IMMEDIATE

    # 4. The citizen logs in through the (real, local) OpenID Connect provider and comments as verified.
    page.goto(f"{base}/gop-y/{c.pk}/y-kien/")
    page.get_by_role("link", name="Đăng nhập để ý kiến được ghi là đã xác thực").click()
    page.get_by_role("button", name="Đăng nhập qua VNeID thử nghiệm").click()
    assert page.url.startswith(oidc_provider.url)
    page.get_by_label("Tên đăng nhập").fill(oidc_provider.username)
    page.get_by_label("Mật khẩu").fill(oidc_provider.password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".identity-box")).to_contain_text("Ý kiến của bạn sẽ được ghi là: Đã xác thực")
    page.get_by_role("textbox", name="Nội dung góp ý").fill("Đề nghị miễn phí cho hộ kinh doanh nhỏ trong năm đầu.")
    page.get_by_text("Cá nhân", exact=True).click()
    page.get_by_label("Tôi đồng ý").check()
    page.get_by_role("button", name="Gửi góp ý").click()
    receipt = page.locator("#ma-tiep-nhan").inner_text()
    comment = Comment.objects.get(receipt=receipt)
    assert comment.version is not None and comment.version.number == 2
    assert comment.tier == Tier.VERIFIED

    # 5. The window closes; the body answers, publishes the answers, builds and publishes the report.
    close(c)
    cons.comment_dispose(
        actor=world.drafter_a, comment=comment, disposition="accepted", explanation="Bổ sung miễn phí năm đầu."
    )
    for window in doc.consultations.filter(dispositions_published_at__isnull=True):  # the proposal's too
        cons.dispositions_publish(actor=world.drafter_a, consultation=window)
    report = cons.report_request(actor=world.drafter_a, consultation=c)
    work()  # builds the report, and the alert the published answers owe the follower
    report.refresh_from_db()
    assert report.status == SynthesisReport.Status.DONE, report.error
    cons.report_publish(actor=world.drafter_a, report=report)

    # 6. The alert is in the mailbox: it names the draft and can be stopped in one click (RFC 8058).
    mails = mails_to(mailbox, EMAIL)
    assert len(mails) == 2  # the confirmation and this one alert, nothing more
    [alert] = [m for m in mails if m["Message-ID"] != confirmation["Message-ID"]]
    assert "Đã công khai kết quả tiếp thu, giải trình" in alert["Subject"] and doc.title in alert["Subject"]
    body = text_of(alert)
    assert doc.title in body
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(rf"<({re.escape(base)}/theo-doi/huy/[^>]+/)>", str(alert["List-Unsubscribe"]).strip())
    assert unsubscribe, alert["List-Unsubscribe"]

    # 7. The alert's link opens the finished draft on its outcome: the answers and the report, which downloads.
    page.goto(link_in(body, base, f"/gop-y/{c.pk}/"))
    expect(page.get_by_role("heading", name="Kết quả lấy ý kiến")).to_be_visible()
    expect(page.locator(f"#y-kien-{comment.pk} .disp")).to_contain_text("Bổ sung miễn phí năm đầu.")
    shot(page, "portal-outcome-360")
    with page.expect_download() as dl:
        page.get_by_role("link", name="Tải báo cáo (DOCX)").click()
    data = Path(dl.value.path()).read_bytes()
    cells = {cell.text for t in Document(io.BytesIO(data)).tables for row in t.rows for cell in row.cells}
    assert any("Bổ sung miễn phí năm đầu." in text for text in cells)

    # 8. From the mail: the manage page lists the follow; the unsubscribe link, confirmed by its button, ends it.
    manage = link_in(body, base, "/theo-doi/quan-ly/")
    page.goto(manage)
    expect(page.get_by_role("heading", level=1)).to_have_text("Các mục bạn theo dõi")
    expect(page.get_by_role("heading", level=2)).to_contain_text(doc.title)
    page.goto(unsubscribe.group(1))
    page.get_by_role("button", name="Xác nhận hủy theo dõi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đã hủy theo dõi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not Subscription.objects.get(email=EMAIL).active
    page.goto(manage)
    expect(page.get_by_text("Địa chỉ này hiện không theo dõi mục nào.")).to_be_visible()
    context.close()
