"""axe-core (WCAG 2.1 A/AA) on the citizen pages, on a 360 px phone and a 1280 px screen (issue 13 §4).

Also: after a failed submit the error summary is focused (static/js/focus-error.js)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Browser, expect

from policycomm.consultation import events as ev
from policycomm.consultation import services as cons
from policycomm.consultation.models import Consultation
from policycomm.lawmaking import dossier
from policycomm.lawmaking import services as law

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
