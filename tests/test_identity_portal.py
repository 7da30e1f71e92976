"""Portal login by e-mail code stamps the comment's tier; a forged OIDC callback is a 400, never a 500."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from policycomm.consultation.models import Comment

from .factories import ALL_TO_DRAFT_CONSULTATION, advance, open_consultation, register_document


@pytest.fixture
def c(world: Any) -> Any:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return open_consultation(world, doc)


def test_registered_citizen_comments_with_the_registered_tier(c: Any) -> None:
    client = Client()
    form = client.get(f"/gop-y/{c.pk}/y-kien/").content.decode()
    assert "Đăng nhập để ý kiến được ghi là đã xác thực" in form
    assert client.get(f"/dang-nhap/?tiep=/gop-y/{c.pk}/y-kien/").status_code == 200
    assert client.post("/dang-nhap/gui-ma/", {"email": "dan@example.vn"}).status_code == 200
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body)
    assert code
    r = client.post("/dang-nhap/nhap-ma/", {"email": "dan@example.vn", "code": code.group(1)})
    assert r.status_code == 302 and r["Location"] == f"/gop-y/{c.pk}/y-kien/"
    assert "Đã đăng ký bằng e-mail" in client.get(f"/gop-y/{c.pk}/y-kien/").content.decode()
    client.post(f"/gop-y/{c.pk}/y-kien/", {"text": "Giảm phí", "submitter_type": "individual", "consent": "on"})
    assert Comment.objects.get().tier == "registered"
    client.post("/dang-xuat/")
    client.post(f"/gop-y/{c.pk}/y-kien/", {"text": "Lần hai", "submitter_type": "individual", "consent": "on"})
    assert Comment.objects.get(text="Lần hai").tier == "anonymous"


def test_oidc_is_hidden_when_unset_and_a_forged_state_is_refused(db: Any, settings: Any) -> None:
    assert "Đăng nhập qua" not in Client().get("/dang-nhap/").content.decode()
    settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID, settings.OIDC_NAME = "http://127.0.0.1:9/openid", "x", "VNeID"
    assert "Đăng nhập qua VNeID" in Client().get("/dang-nhap/").content.decode()
    r = Client().get("/dang-nhap/xac-thuc/ve/?state=gia-mao&code=abc")
    assert r.status_code == 400 and "Vui lòng đăng nhập lại" in r.content.decode()
    r = Client().post("/dang-nhap/xac-thuc/")  # provider unreachable
    assert r.status_code == 400 and "Không kết nối được" in r.content.decode()


def test_an_open_redirect_is_not_followed(c: Any) -> None:
    client = Client()
    client.get("/dang-nhap/?tiep=https://evil.example/")
    client.post("/dang-nhap/gui-ma/", {"email": "e@example.vn"})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body)
    assert code
    r = client.post("/dang-nhap/nhap-ma/", {"email": "e@example.vn", "code": code.group(1)})
    assert r["Location"] == "/"
