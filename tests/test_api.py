from __future__ import annotations

import json
import random
from typing import Any

import pytest
from django.test import Client

from policycomm.consultation.models import Comment

from .factories import ALL_TO_DRAFT_CONSULTATION, advance, close, open_consultation, register_document

URL = "/api/v1/consultations"


@pytest.fixture
def c(world: Any) -> Any:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return open_consultation(world, doc)


def post(client: Client, c: Any, body: Any, **headers: str) -> Any:
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(f"{URL}/{c.pk}/comments", raw, content_type="application/json", headers=headers)


GOOD = {"text": "Đề nghị giảm phí", "submitter_type": "individual", "consent": True}


def test_list_and_detail(world: Any, c: Any) -> None:
    other = register_document(world, title="Đã đóng")
    closed = open_consultation(world, other)
    close(closed)
    r = Client().get(f"{URL}?status=open")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["id"], item["drafting_body"], item["title"]) == (c.pk, "Sở Tư pháp", c.title)
    assert item["closes_at"].startswith(c.closes_at.astimezone().strftime("%Y-%m-%d")[:4])
    # The closed draft window, and the two proposal windows each document went through before its draft.
    assert Client().get(f"{URL}?status=closed").json()["count"] == 3
    r = Client().get(f"{URL}/{c.pk}")
    detail = r.json()
    assert detail["material"] == []
    keys = [s["key"] for s in detail["sections"]]
    assert keys == ["chuong-i", "dieu-1", "dieu-2", "dieu-2.khoan-1", "dieu-2.khoan-2"]
    assert {"id", "heading", "text"} <= set(detail["sections"][0])
    assert Client().get(f"{URL}?status=bogus").status_code == 422
    r = Client().get(f"{URL}/999999")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_post_comment_and_idempotency(c: Any) -> None:
    client = Client()
    section_id = Client().get(f"{URL}/{c.pk}").json()["sections"][3]["id"]
    r1 = post(client, c, {**GOOD, "section_id": section_id}, **{"Idempotency-Key": "abc-1"})
    assert r1.status_code == 201
    receipt = r1.json()["receipt"]
    r2 = post(client, c, {**GOOD, "section_id": section_id}, **{"Idempotency-Key": "abc-1"})
    assert r2.status_code == 200 and r2.json() == {"receipt": receipt}
    assert Comment.objects.count() == 1
    assert Comment.objects.get().channel == "api"
    r3 = post(client, c, {**GOOD, "text": "khác"}, **{"Idempotency-Key": "abc-1"})
    assert r3.status_code == 422 and r3.json()["code"] == "idempotency_key_reused"


def test_per_field_reasons(c: Any) -> None:
    r = post(Client(), c, {"text": "", "submitter_type": "robot", "consent": False, "email": "x"})
    assert r.status_code == 422
    fields = {e["field"]: e["code"] for e in r.json()["errors"]}
    assert fields == {"text": "required", "submitter_type": "required", "consent": "required", "email": "invalid"}
    r = post(Client(), c, {"submitter_type": "individual"})
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"text", "consent"}
    assert Comment.objects.count() == 0


def test_window_closed_is_409(c: Any) -> None:
    close(c)
    r = post(Client(), c, GOOD)
    assert r.status_code == 409 and r.json()["code"] == "window_closed"


def test_oversized_bodies(c: Any, settings: Any) -> None:
    r = post(Client(), c, {**GOOD, "text": "a" * (settings.API_MAX_BODY_BYTES + 10)})
    assert r.status_code == 413 and r.json()["code"] == "body_too_large"
    r = post(Client(), c, {**GOOD, "text": "ý" * (settings.COMMENT_MAX_CHARS + 1)})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "too_long"
    assert Comment.objects.count() == 0


def test_openapi_describes_the_endpoints(db: Any) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    assert {"/api/v1/consultations", "/api/v1/consultations/{pk}", "/api/v1/consultations/{pk}/comments"} <= set(
        spec["paths"]
    )
    assert {"201", "409", "413", "422"} <= set(
        spec["paths"]["/api/v1/consultations/{pk}/comments"]["post"]["responses"]
    )


def test_never_a_5xx_for_anything_a_client_sends(world: Any, c: Any, settings: Any) -> None:
    settings.COMMENT_RATE = "10000/h"
    rng = random.Random(407)
    values: list[Any] = [
        None,
        "",
        "x",
        0,
        -1,
        2**70,
        1.5,
        True,
        False,
        [],
        {},
        ["a"],
        {"a": 1},
        "ý" * 50,
        "\x00",
        "GY-1",
        "individual",
        "<script>",
    ]
    fields = ["text", "section_id", "submitter_type", "name", "email", "consent", "extra"]
    bodies: list[Any] = ["", "{", "[]", "null", "1", '"s"', b"\xff\xfe", '{"text": "\\ud800"}']
    for _ in range(150):
        bodies.append({f: rng.choice(values) for f in rng.sample(fields, rng.randint(0, len(fields)))})
    client = Client()
    for body in bodies:
        for key in (None, "k" * 200, "ok"):
            headers = {"Idempotency-Key": key} if key else {}
            r = post(client, c, body, **headers)
            assert r.status_code < 500, (body, r.content[:200])
            assert "code" in r.json() or "receipt" in r.json()
    for path in (
        "/api/v1/consultations/abc",
        "/api/v1/consultations/-1/comments",
        f"{URL}?limit=0",
        f"{URL}?limit=abc",
        f"{URL}?offset=-5",
    ):
        r = client.get(path)
        assert 400 <= r.status_code < 500, path
    assert client.put(f"{URL}/{c.pk}/comments", "{}", content_type="application/json").status_code == 405
