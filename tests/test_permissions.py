"""URL × role matrix: 404 outside the subtree, 403 for a role that may read but not write, and proof that
denied writes changed nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from policycomm.communication.models import Material
from policycomm.consultation.models import Comment
from policycomm.lawmaking import services as law
from policycomm.lawmaking.models import LegalDocument
from policycomm.lawmaking.rules import Stage

from .factories import PASSWORD, advance, material_for, open_consultation, register_document, screen_in_scope

PERSONAS = ["citizen", "drafter_a", "leader_a", "officer_b", "monitor", "admin"]


@pytest.fixture
def objs(world: Any) -> dict[str, Any]:
    doc = register_document(world)
    advance(
        world.drafter_a,
        doc,
        Stage.PROPOSAL_CONSULTATION,
        Stage.PROPOSAL_APPRAISAL,
        Stage.PROPOSAL_APPROVED,
        Stage.DRAFTING,
        Stage.DRAFT_CONSULTATION,
    )
    policy = screen_in_scope(world.drafter_a, law.policy_add(actor=world.drafter_a, document=doc, title="Thu phí"))
    material = material_for(world.drafter_a, policy)
    c = open_consultation(world, doc)
    from policycomm.consultation.services import comment_submit

    comment, _ = comment_submit(consultation=c, text="Ý kiến", submitter_type="individual", consent=True)
    return {"doc": doc, "policy": policy, "material": material, "c": c, "comment": comment}


def client_for(world: Any, persona: str) -> Client:
    client = Client()
    if persona != "citizen":
        client.force_login(world.users[persona])
    return client


# (url template, method, expected status per persona)
MATRIX: list[tuple[str, str, dict[str, int]]] = [
    ("/", "get", dict.fromkeys(PERSONAS, 200)),
    ("/gop-y/{c}/", "get", dict.fromkeys(PERSONAS, 200)),
    (
        "/can-bo/",
        "get",
        {"citizen": 302, "drafter_a": 200, "leader_a": 200, "officer_b": 200, "monitor": 200, "admin": 200},
    ),
    (
        "/can-bo/van-ban/{doc}/",
        "get",
        {"citizen": 302, "drafter_a": 200, "leader_a": 200, "officer_b": 404, "monitor": 200, "admin": 200},
    ),
    (
        "/can-bo/chinh-sach/{policy}/",
        "get",
        {"citizen": 302, "drafter_a": 200, "leader_a": 200, "officer_b": 404, "monitor": 200, "admin": 200},
    ),
    (
        "/can-bo/tai-lieu/{material}/",
        "get",
        {"citizen": 302, "drafter_a": 200, "leader_a": 200, "officer_b": 404, "monitor": 200, "admin": 200},
    ),
    (
        "/can-bo/lay-y-kien/{c}/",
        "get",
        {"citizen": 302, "drafter_a": 200, "leader_a": 200, "officer_b": 404, "monitor": 200, "admin": 200},
    ),
    (
        "/can-bo/giam-sat/",
        "get",
        {"citizen": 302, "drafter_a": 403, "leader_a": 200, "officer_b": 403, "monitor": 200, "admin": 200},
    ),
    (
        "/can-bo/van-ban/moi/",
        "get",
        {"citizen": 302, "drafter_a": 200, "leader_a": 403, "officer_b": 200, "monitor": 403, "admin": 200},
    ),
    (
        "/can-bo/van-ban/{doc}/policy/",
        "post",
        {"citizen": 302, "drafter_a": 302, "leader_a": 403, "officer_b": 404, "monitor": 403, "admin": 302},
    ),
    (
        "/can-bo/chinh-sach/{policy}/material/",
        "post",
        {"citizen": 302, "drafter_a": 302, "leader_a": 403, "officer_b": 404, "monitor": 403, "admin": 302},
    ),
    (
        "/can-bo/y-kien/{comment}/dispose/",
        "post",
        {"citizen": 302, "drafter_a": 302, "leader_a": 403, "officer_b": 404, "monitor": 403, "admin": 302},
    ),
    (
        "/can-bo/lay-y-kien/{c}/publish/",
        "post",
        {"citizen": 302, "drafter_a": 302, "leader_a": 403, "officer_b": 404, "monitor": 403, "admin": 302},
    ),
]

POST_DATA = {
    "policy": {"policy-title": "Chính sách mới"},
    "material": {"title": "Tài liệu mới"},
    "dispose": {"disposition": "accepted", "explanation": ""},
    "publish": {},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("url", "method", "expected"), MATRIX, ids=[f"{m} {u}" for u, m, _ in MATRIX])
def test_matrix(
    world: Any, objs: dict[str, Any], persona: str, url: str, method: str, expected: dict[str, int]
) -> None:
    client = client_for(world, persona)
    path = url.format(**{k: v.pk for k, v in objs.items()})
    before = (
        LegalDocument.objects.count(),
        Material.objects.count(),
        list(Comment.objects.values_list("disposition", flat=True)),
    )
    data = POST_DATA.get(path.rstrip("/").rsplit("/", 1)[-1], {})
    response = client.get(path) if method == "get" else client.post(path, data)
    assert response.status_code == expected[persona], response.content[:300]
    if method == "post" and expected[persona] != 302:
        after = (
            LegalDocument.objects.count(),
            Material.objects.count(),
            list(Comment.objects.values_list("disposition", flat=True)),
        )
        assert after == before  # a denied write changed nothing
    if response.status_code == 302 and persona == "citizen":
        assert response["Location"].startswith("/can-bo/dang-nhap/")


def test_denied_pages_speak_vietnamese(world: Any, objs: dict[str, Any]) -> None:
    r = client_for(world, "monitor").post(f"/can-bo/van-ban/{objs['doc'].pk}/policy/", {"policy-title": "X"})
    assert r.status_code == 403
    assert "Vai trò của bạn chỉ được xem văn bản này." in r.content.decode()
    r = client_for(world, "officer_b").get(f"/can-bo/van-ban/{objs['doc'].pk}/")
    assert r.status_code == 404 and "Không tìm thấy trang" in r.content.decode()


def test_csrf_enforced_on_forms(world: Any, objs: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    r = client.post(f"/gop-y/{objs['c'].pk}/y-kien/", {"text": "x", "submitter_type": "individual", "consent": "on"})
    assert r.status_code == 403
    assert Comment.objects.count() == 1
    client.force_login(world.drafter_a)
    r = client.post(f"/can-bo/van-ban/{objs['doc'].pk}/policy/", {"policy-title": "X"})
    assert r.status_code == 403
    assert objs["doc"].policies.count() == 1


def test_login_is_throttled(world: Any, settings: Any) -> None:
    client = Client()
    r = client.post("/can-bo/dang-nhap/", {"username": "drafter_a", "password": PASSWORD})
    assert r.status_code == 302  # the right password works
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        r = client.post("/can-bo/dang-nhap/", {"username": "drafter_a", "password": "wrong"})
        assert r.status_code == 200 and "không đúng" in r.content.decode()
    r = client.post("/can-bo/dang-nhap/", {"username": "drafter_a", "password": "wrong"})
    assert r.status_code == 429
    r = client.post("/can-bo/dang-nhap/", {"username": "drafter_a", "password": PASSWORD})
    assert r.status_code == 429
    assert "Tạm khóa đăng nhập" in r.content.decode()
