"""Visible comments, the staff side (issue 13 §4): the setting on the staff consultation page, the moderator
queue (approve / hide with a reason / restore), the report rule, and no personal data on the draft page."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from policycomm.consultation import visible
from policycomm.consultation.models import Comment, CommentReport, Consultation

from .factories import ALL_TO_DRAFT_CONSULTATION, advance, open_consultation, register_document

V = Consultation.Visibility


@pytest.fixture
def c(world: Any) -> Any:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return open_consultation(world, doc)


def staff(world: Any, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def send(c: Any, text: str = "Nên giảm phí cho hộ kinh doanh nhỏ") -> Comment:
    Client().post(
        f"/gop-y/{c.pk}/y-kien/",
        {
            "text": text,
            "submitter_type": "individual",
            "name": "Nguyễn Văn Riêng",
            "email": "rieng@example.vn",
            "consent": "on",
        },
    )
    return Comment.objects.get(text=text)


def set_visibility(world: Any, c: Any, value: str) -> None:
    r = staff(world, "drafter_a").post(f"/can-bo/lay-y-kien/{c.pk}/hien-thi-y-kien/", {"comment_visibility": value})
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.comment_visibility == value


def draft_page(c: Any) -> str:
    return Client().get(f"/gop-y/{c.pk}/").content.decode()


def test_staff_page_shows_the_setting_and_links_the_queue(world: Any, c: Any) -> None:
    page = staff(world, "drafter_a").get(f"/can-bo/lay-y-kien/{c.pk}/").content.decode()
    assert 'name="comment_visibility"' in page and f"/can-bo/lay-y-kien/{c.pk}/hien-thi-y-kien/" in page
    set_visibility(world, c, V.POST_MODERATED)
    page = staff(world, "drafter_a").get(f"/can-bo/lay-y-kien/{c.pk}/").content.decode()
    assert f"/can-bo/lay-y-kien/{c.pk}/kiem-duyet/" in page
    r = staff(world, "drafter_a").post(f"/can-bo/lay-y-kien/{c.pk}/hien-thi-y-kien/", {"comment_visibility": "x"})
    assert r.status_code == 422 and "Cách hiển thị ý kiến không hợp lệ." in r.content.decode()
    c.refresh_from_db()
    assert c.comment_visibility == V.POST_MODERATED


def test_post_moderated_shows_at_once_without_personal_data(world: Any, c: Any) -> None:
    set_visibility(world, c, V.POST_MODERATED)
    cm = send(c)
    html = draft_page(c)
    assert cm.text in html
    assert "Nguyễn Văn Riêng" not in html and "rieng@example.vn" not in html and cm.receipt not in html
    # The row: who (anonymous individual), the day in the site's time zone, the report link naming the row.
    at = timezone.localtime(cm.created_at)
    row = html[html.index(f'id="ykc-{cm.pk}"') :]
    row = row[: row.index("</li>")]
    assert "Cá nhân" in row and f'datetime="{at.isoformat()}"' in row and at.strftime("%d/%m/%Y") in row
    assert f'href="/gop-y/{c.pk}/y-kien/{cm.pk}/bao-cao/"' in row
    # "(ý kiến 1)" names the link for screen readers, in a class the stylesheet really hides.
    assert '<span class="sr-only"> (ý kiến 1)</span>' in row
    assert ".sr-only {" in (settings.BASE_DIR / "static/css/site.css").read_text()


def test_pre_moderated_shows_only_after_approval(world: Any, c: Any) -> None:
    set_visibility(world, c, V.PRE_MODERATED)
    cm = send(c)
    assert cm.text not in draft_page(c)
    mod = staff(world, "moderator_a")
    queue = mod.get(f"/can-bo/lay-y-kien/{c.pk}/kiem-duyet/").content.decode()
    assert cm.text in queue
    r = mod.post(f"/can-bo/lay-y-kien/{c.pk}/kiem-duyet/{cm.pk}/", {"action": "approve"})
    assert r.status_code == 302
    html = draft_page(c)
    assert cm.text in html and "Nguyễn Văn Riêng" not in html and "rieng@example.vn" not in html
    # Out of the queue, among the shown ones: nothing left to approve.
    assert 'value="approve"' not in mod.get(f"/can-bo/lay-y-kien/{c.pk}/kiem-duyet/").content.decode()


def test_three_reports_hold_and_a_repeat_is_refused(world: Any, c: Any) -> None:
    set_visibility(world, c, V.POST_MODERATED)
    cm = send(c)
    cm.consultation = c
    assert visible.comment_report(comment=cm, address="10.0.0.1", reason="Xúc phạm")
    assert visible.comment_report(comment=cm, address="10.0.0.2", reason="Xúc phạm")
    cm.refresh_from_db()
    assert not cm.held and cm.text in draft_page(c)
    assert visible.comment_report(comment=cm, address="10.0.0.3", reason="Xúc phạm")
    cm.refresh_from_db()
    assert cm.held and cm.report_count == 3 and cm.text not in draft_page(c)
    # The same address again: refused by the unique constraint, nothing changes.
    assert visible.comment_report(comment=cm, address="10.0.0.3", reason="Lại lần nữa") is False
    cm.refresh_from_db()
    assert cm.report_count == 3 and CommentReport.objects.filter(comment=cm).count() == 3
    # The moderator sees it held and restores it.
    mod = staff(world, "moderator_a")
    assert cm.text in mod.get(f"/can-bo/lay-y-kien/{c.pk}/kiem-duyet/").content.decode()
    assert mod.post(f"/can-bo/lay-y-kien/{c.pk}/kiem-duyet/{cm.pk}/", {"action": "approve"}).status_code == 302
    assert cm.text in draft_page(c)


def test_hide_needs_a_reason_then_restore(world: Any, c: Any) -> None:
    set_visibility(world, c, V.POST_MODERATED)
    cm = send(c)
    mod = staff(world, "moderator_a")
    url = f"/can-bo/lay-y-kien/{c.pk}/kiem-duyet/{cm.pk}/"
    r = mod.post(url, {"action": "hide", "reason": "  \x00 "})
    assert r.status_code == 422 and "Vui lòng nêu lý do ẩn ý kiến." in r.content.decode()
    cm.refresh_from_db()
    assert not cm.hidden
    # A comment that waits for nobody under post-moderation can still be hidden from the queue page's form.
    assert mod.post(url, {"action": "hide", "reason": "Xúc phạm cá nhân"}).status_code == 302
    cm.refresh_from_db()
    assert cm.hidden and cm.hidden_reason == "Xúc phạm cá nhân" and cm.text not in draft_page(c)
    page = mod.get(f"/can-bo/lay-y-kien/{c.pk}/kiem-duyet/").content.decode()
    assert "Xúc phạm cá nhân" in page
    assert mod.post(url, {"action": "restore"}).status_code == 302
    cm.refresh_from_db()
    assert not cm.hidden and cm.text in draft_page(c)
    assert mod.post(url, {"action": "xoa"}).status_code == 422


def test_other_body_gets_404_and_readers_403(world: Any, c: Any) -> None:
    cm = send(c)
    assert staff(world, "officer_b").get(f"/can-bo/lay-y-kien/{c.pk}/kiem-duyet/").status_code == 404
    r = staff(world, "officer_b").post(f"/can-bo/lay-y-kien/{c.pk}/kiem-duyet/{cm.pk}/", {"action": "approve"})
    assert r.status_code == 404
    assert staff(world, "communicator_a").get(f"/can-bo/lay-y-kien/{c.pk}/kiem-duyet/").status_code == 403
