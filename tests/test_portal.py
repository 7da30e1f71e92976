from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from policycomm.consultation import services as cons
from policycomm.consultation.models import Comment
from policycomm.lawmaking import services as law

from .factories import (
    ALL_TO_DRAFT_CONSULTATION,
    advance,
    close,
    open_consultation,
    publish_material,
    register_document,
)
from .factories import screen_in_scope as screen


@pytest.fixture
def c(world: Any) -> Any:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return open_consultation(world, doc)


def test_home_and_draft_page_read_without_js(world: Any, c: Any) -> None:
    p = screen(world.drafter_a, law.policy_add(actor=world.drafter_a, document=c.document, title="Thu phí"))
    publish_material(world.drafter_a, world.leader_a, p, title="Vì sao thu phí vỉa hè?")
    html = Client().get("/").content.decode()
    assert '<html lang="vi">' in html and c.document.title in html and "Hạn góp ý" in html
    html = Client().get(f"/gop-y/{c.pk}/").content.decode()
    assert html.index("Vì sao thu phí vỉa hè?") < html.index("Điều 1. Phạm vi điều chỉnh")
    assert "Tại phường: 20.000 đồng/m²/tháng." in html
    assert f"/gop-y/{c.pk}/y-kien/?dieu=" in html


def test_comment_form_success_gives_receipt(c: Any) -> None:
    section = c.document.sections.get(key="dieu-2.khoan-1")
    client = Client()
    form = client.get(f"/gop-y/{c.pk}/y-kien/?dieu={section.pk}").content.decode()
    assert f'<option value="{section.pk}" selected>' in form
    assert 'for="id_text"' in form and 'for="id_consent"' in form
    r = client.post(
        f"/gop-y/{c.pk}/y-kien/",
        {"text": "Giảm phí", "section": section.pk, "submitter_type": "business", "consent": "on"},
        follow=True,
    )
    comment = Comment.objects.get()
    assert r.status_code == 200
    assert comment.receipt in r.content.decode()
    assert (comment.section, comment.submitter_type, comment.channel) == (section, "business", "portal")
    r = client.get(f"/tra-cuu/?ma={comment.receipt.lower()}")
    assert "Ý kiến đang được xem xét" in r.content.decode()


def test_errors_next_to_the_field_and_input_kept(c: Any) -> None:
    r = Client().post(
        f"/gop-y/{c.pk}/y-kien/", {"text": "Nội dung của tôi", "submitter_type": "", "email": "sai@", "consent": ""}
    )
    html = r.content.decode()
    assert r.status_code == 422
    assert "Vui lòng chọn chủ thể góp ý" in html
    assert "Vui lòng đánh dấu đồng ý" in html
    assert "Địa chỉ thư điện tử chưa đúng" in html
    assert "Nội dung của tôi</textarea>" in html
    assert 'role="alert"' in html
    assert not Comment.objects.exists()


def test_honeypot_refuses_and_saves_nothing(c: Any) -> None:
    r = Client().post(
        f"/gop-y/{c.pk}/y-kien/",
        {"text": "Mua thuốc giá rẻ", "submitter_type": "individual", "consent": "on", "website": "http://spam.example"},
    )
    assert r.status_code == 422 and "Để trống ô này" in r.content.decode()
    assert not Comment.objects.exists()


def test_closed_window_message(c: Any) -> None:
    close(c)
    r = Client().post(f"/gop-y/{c.pk}/y-kien/", {"text": "Muộn", "submitter_type": "individual", "consent": "on"})
    assert r.status_code == 409
    assert "đã hết hạn" in r.content.decode()
    assert not Comment.objects.exists()
    html = Client().get(f"/gop-y/{c.pk}/").content.decode()
    assert "Đã hết hạn" in html and "Gửi góp ý cho toàn bộ dự thảo" not in html


def test_rate_limit_per_ip(c: Any, settings: Any) -> None:
    settings.COMMENT_RATE = "3/h"
    client = Client(REMOTE_ADDR="203.0.113.7")
    data = {"text": "Ý kiến", "submitter_type": "individual", "consent": "on"}
    for _ in range(3):
        assert client.post(f"/gop-y/{c.pk}/y-kien/", data).status_code == 302
    r = client.post(f"/gop-y/{c.pk}/y-kien/", data)
    assert r.status_code == 429 and "quá nhiều ý kiến" in r.content.decode()
    assert Comment.objects.count() == 3
    assert Client(REMOTE_ADDR="203.0.113.8").post(f"/gop-y/{c.pk}/y-kien/", data).status_code == 302


def test_published_dispositions_show_on_draft_page(world: Any, c: Any) -> None:
    comment, _ = cons.comment_submit(
        consultation=c,
        text="Đề nghị giảm phí",
        submitter_type="individual",
        consent=True,
        name="Nguyễn Văn Riêng",
        email="rieng@example.vn",
    )
    page = Client().get(f"/gop-y/{c.pk}/").content.decode()
    assert "Đề nghị giảm phí" not in page
    cons.comment_dispose(
        actor=world.drafter_a, comment=comment, disposition="partial", explanation="Giảm còn 15.000 đồng."
    )
    close(c)
    cons.dispositions_publish(actor=world.drafter_a, consultation=c)
    page = Client().get(f"/gop-y/{c.pk}/").content.decode()
    assert "Đề nghị giảm phí" in page and "Tiếp thu một phần" in page and "Giảm còn 15.000 đồng." in page
    assert "Nguyễn Văn Riêng" not in page and "rieng@example.vn" not in page


def test_unknown_pages_are_404_in_vietnamese(db: Any) -> None:
    for url in ("/gop-y/999/", "/gop-y/999/y-kien/", "/khong-co/"):
        r = Client().get(url)
        assert r.status_code == 404 and "Không tìm thấy trang" in r.content.decode()
