"""axe-core (WCAG 2.1 A/AA) on the citizen pages, on a 360 px phone and a 1280 px screen (issue 13 §4).

Also: after a failed submit the error summary is focused (static/js/focus-error.js). The follow-by-e-mail pages are
reached as a citizen reaches them: the form sent from the draft page, then the signed links of the mails."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Browser, expect

from policycomm.consultation import events as ev
from policycomm.consultation import services as cons
from policycomm.consultation.models import Consultation
from policycomm.lawmaking import dossier
from policycomm.lawmaking import services as law
from policycomm.lawmaking.models import Sector
from policycomm.subscriptions import tokens
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
from .axe import assert_no_axe_violations
from .test_loop import browser  # noqa: F401 — the browser fixture is shared

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = [(360, 740), (1280, 800)]


def _world() -> dict[str, Any]:
    world = make_world()
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    c = open_consultation(world, doc)
    law.sections_replace(
        actor=world.drafter_a, document=doc, raw_text=DRAFT.replace("20.000", "15.000") + "Điều 3. Hiệu lực\nKý.\n"
    )
    dossier.dossier_add(
        actor=world.drafter_a,
        document=doc,
        kind="to_trinh",
        title="Tờ trình dự thảo",
        file=SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 to trinh"),
    )
    Consultation.objects.filter(pk=c.pk).update(comment_visibility=Consultation.Visibility.POST_MODERATED)
    comment, _ = cons.comment_submit(
        consultation=c, text="Đề nghị giảm mức phí.", submitter_type="individual", consent=True
    )
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
    # A second draft whose window closed and whose answers are published.
    doc2 = register_document(world, title="Quy định tạm sử dụng lòng đường")
    advance(world.drafter_a, doc2, *ALL_TO_DRAFT_CONSULTATION)
    done = open_consultation(world, doc2)
    answered, _ = cons.comment_submit(
        consultation=done, text="Nên miễn phí cho người khuyết tật.", submitter_type="individual", consent=True
    )
    cons.comment_dispose(
        actor=world.drafter_a, comment=answered, disposition="partial", explanation="Giảm 50% cho người khuyết tật."
    )
    close(done)
    cons.dispositions_publish(actor=world.drafter_a, consultation=done)
    return {"c": c, "comment": comment, "event": e, "done": done}


def test_citizen_pages_have_no_axe_violations(live_server: Any, browser: Browser) -> None:  # noqa: F811
    w = _world()
    c, done = w["c"], w["done"]
    pages = [
        "/",
        "/?status=open",
        "/tim-kiem/?q=phi+via+he",
        f"/gop-y/{c.pk}/",
        f"/gop-y/{done.pk}/",
        f"/gop-y/{c.pk}/y-kien/",
        f"/gop-y/{c.pk}/da-nhan/{w['comment'].receipt}/",
        "/tra-cuu/",
        f"/tra-cuu/?ma={w['comment'].receipt}",
        "/tra-cuu/?ma=GY-KHONG-CO",
        f"/gop-y/{c.pk}/so-sanh/",
        "/dang-nhap/",
        f"/gop-y/{c.pk}/su-kien/{w['event'].pk}/",
        f"/gop-y/{c.pk}/y-kien/{w['comment'].pk}/bao-cao/",
    ]
    failures = []
    for width, height in SIZES:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        page = context.new_page()
        for path in pages:
            page.goto(f"{live_server.url}{path}")
            try:
                assert_no_axe_violations(page, f"{path} @ {width}px")
            except AssertionError as exc:
                failures.append(str(exc))
        # The comment form sent empty: the summary comes first, is focused, and passes axe too.
        page.goto(f"{live_server.url}/gop-y/{c.pk}/y-kien/")
        page.get_by_role("button", name="Gửi góp ý").click()
        expect(page.locator(".error-summary")).to_be_focused()
        expect(page.locator(".error-summary a[href='#id_text']")).to_be_visible()
        try:
            assert_no_axe_violations(page, f"comment form with errors @ {width}px")
        except AssertionError as exc:
            failures.append(str(exc))
        context.close()
    assert not failures, "\n\n".join(failures)


def test_follow_pages_have_no_axe_violations(live_server: Any, browser: Browser) -> None:  # noqa: F811
    cache.clear()  # the follow form's rate limit counts in the cache, which transactional tests do not empty
    world = make_world()
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    c = open_consultation(world, doc)
    Sector.objects.get_or_create(slug="giao-thong", defaults={"name": "Giao thông"})
    email = "theo.doi@example.com"
    base = live_server.url
    failures = []

    def check(page: Any, where: str) -> None:
        try:
            assert_no_axe_violations(page, where)
        except AssertionError as exc:
            failures.append(str(exc))

    for width, height in SIZES:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        page = context.new_page()
        # The draft page's form sent: the "check your mail" page.
        page.goto(f"{base}/gop-y/{c.pk}/")
        page.locator("#follow-email").fill(email)
        page.get_by_role("button", name="Theo dõi dự thảo này").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Vui lòng kiểm tra hộp thư của bạn")
        check(page, f"follow sent @ {width}px")
        # The confirmation link: the choice of how often, then the confirmed page.
        sub = Subscription.objects.get(email=email, consultation=c)
        page.goto(f"{base}/theo-doi/xac-nhan/{tokens.confirm_token(email, sub.pk)}/")
        expect(page.get_by_role("radio")).to_have_count(len(Subscription.Frequency.choices))
        check(page, f"follow confirm @ {width}px")
        page.get_by_label("Tổng hợp hằng ngày").check()
        page.get_by_role("button", name="Xác nhận theo dõi").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đã xác nhận theo dõi")
        check(page, f"follow confirmed @ {width}px")
        # The manage page, listing the follow, and after saving a change.
        page.goto(f"{base}/theo-doi/quan-ly/{tokens.manage_token(email)}/")
        expect(page.get_by_role("heading", level=2)).to_contain_text(doc.title)
        check(page, f"follow manage @ {width}px")
        page.get_by_label("Cách nhận thư").select_option("weekly")
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_role("status")).to_have_text("Đã lưu cách nhận thư.")
        check(page, f"follow manage saved @ {width}px")
        # The unsubscribe link: its page, then the unsubscribed page.
        page.goto(f"{base}/theo-doi/huy/{tokens.unsubscribe_token(email, sub.pk)}/")
        check(page, f"follow unsubscribe @ {width}px")
        page.get_by_role("button", name="Xác nhận hủy theo dõi").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đã hủy theo dõi")
        check(page, f"follow unsubscribed @ {width}px")
        assert not Subscription.objects.get(pk=sub.pk).active
        # The home page's area/sector form, sent with no area or sector chosen, then with an address refused.
        page.goto(f"{base}/")
        page.locator("#follow-home-email").fill(email)
        page.locator("#theo-doi").get_by_role("button", name="Theo dõi").click()
        # The summary comes first and takes the focus (static/js/focus-error.js), as on the comment form.
        expect(page.locator(".error-summary")).to_be_focused()
        expect(page.locator(".error-summary a[href='#follow-area']")).to_have_text(
            "Vui lòng chọn một dự thảo, một địa bàn hoặc một lĩnh vực."
        )
        check(page, f"home follow form, no choice @ {width}px")
        page.get_by_label("hoặc lĩnh vực").select_option(label="Giao thông")
        page.get_by_label("Thư điện tử").fill("dan@khong-co-ten-mien")  # passes the browser's check, not ours
        page.get_by_role("button", name="Theo dõi").click()
        expect(page.locator(".error-summary")).to_be_focused()
        expect(page.locator(".error-summary a[href='#follow-email']")).to_contain_text("Địa chỉ thư điện tử chưa đúng")
        expect(page.get_by_label("Thư điện tử")).to_have_attribute("aria-describedby", "follow-email-error")
        check(page, f"home follow form, bad address @ {width}px")
        context.close()
    assert not failures, "\n\n".join(failures)
