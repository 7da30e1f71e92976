"""Hostile input at the API door: control characters, NUL bytes, invisible text, out-of-range numbers,
and the OpenAPI document saying what the server really does. Runs on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from policycomm.consultation.models import Comment

from .factories import ALL_TO_DRAFT_CONSULTATION, advance, open_consultation, register_document

URL = "/api/v1/consultations"
GOOD = {"text": "Đề nghị giảm phí", "submitter_type": "individual", "consent": True}


@pytest.fixture
def c(world: Any) -> Any:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return open_consultation(world, doc)


def post(c: Any, body: Any, **headers: str) -> Any:
    return Client().post(f"{URL}/{c.pk}/comments", json.dumps(body), content_type="application/json", headers=headers)


def test_control_characters_and_nul_bytes_are_cleaned_at_the_door(c: Any) -> None:
    """A NUL byte gave 201 on SQLite and 500 on PostgreSQL; a \\x12 broke the report later."""
    r = post(c, {**GOOD, "text": "Giảm\x00 phí\u0012 vỉa\u200b hè", "name": "An\x00", "email": "an@example.vn\u200b"})
    assert r.status_code == 201, r.content
    comment = Comment.objects.get(receipt=r.json()["receipt"])
    assert (comment.text, comment.name, comment.email) == ("Giảm phí vỉa hè", "An", "an@example.vn")


@pytest.mark.parametrize("text", ["\x00", "\u200b\u200b\u200b", "\ufeff\u2060 \u200d", "\u202e\u2066\x12"])
def test_text_of_invisible_characters_only_is_422_with_a_code(c: Any, text: str) -> None:
    r = post(c, {**GOOD, "text": text})
    assert r.status_code == 422
    (error,) = r.json()["errors"]
    assert (error["field"], error["code"]) == ("text", "invisible_only")
    assert "không nhìn thấy được" in error["message"]
    assert not Comment.objects.exists()


def test_idempotency_key_with_control_characters_is_refused(c: Any) -> None:
    r = post(c, GOOD, **{"Idempotency-Key": "abc\x7fdef"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"{URL}?offset=9223372036854775808", "offset"),
        (f"{URL}?offset=2147483648", "offset"),
        (f"{URL}?offset=-1", "offset"),
        (f"{URL}?limit=501", "limit"),
        (f"{URL}?limit=0", "limit"),
        (f"{URL}/9223372036854775808", "pk"),
        (f"{URL}/0", "pk"),
    ],
)
def test_numbers_out_of_range_are_422_with_a_reason(db: Any, path: str, field: str) -> None:
    r = Client().get(path)
    assert r.status_code == 422, (path, r.content[:200])
    (error,) = r.json()["errors"]
    assert (error["field"], error["code"]) == (field, "out_of_range")


@pytest.mark.parametrize(
    ("path", "field", "code"),
    [(f"{URL}?limit=abc", "limit", "not_an_integer"), (f"{URL}?status=bogus", "status", "not_allowed")],
)
def test_malformed_query_parameters_say_why(db: Any, path: str, field: str, code: str) -> None:
    r = Client().get(path)
    assert r.status_code == 422
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [(field, code)]


def test_numbers_out_of_range_in_the_body_and_the_path(c: Any) -> None:
    for section_id in (2**63, 0, -5):
        r = post(c, {**GOOD, "section_id": section_id})
        assert r.status_code == 422 and r.json()["errors"][0]["code"] == "out_of_range", r.content
    r = Client().post(f"{URL}/{2**64}/comments", json.dumps(GOOD), content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "out_of_range"
    # A string or a boolean is not a number, as the schema says; an integral float is one.
    assert post(c, {**GOOD, "section_id": "1"}).json()["errors"][0]["code"] == "not_an_integer"
    assert post(c, {**GOOD, "consent": "true"}).status_code == 422
    assert not Comment.objects.exists()
    section = c.document.sections.get(key="dieu-1")
    assert post(c, {**GOOD, "section_id": float(section.pk)}).status_code == 201
    assert Comment.objects.get().section == section


def test_openapi_document_says_what_the_server_accepts_and_answers(db: Any) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    body = spec["components"]["schemas"]["CommentIn"]["properties"]
    assert body["submitter_type"]["enum"] == ["individual", "organisation", "business", "agency"]
    assert body["consent"]["const"] is True and body["consent"]["enum"] == [True]
    assert body["text"]["maxLength"] == settings.COMMENT_MAX_CHARS and body["text"]["minLength"] == 1
    assert body["name"]["anyOf"][0]["maxLength"] == 200
    error = spec["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"code", "message", "errors"}
    expected = {
        ("/api/v1/consultations", "get"): {"200", "400", "413", "422"},
        ("/api/v1/consultations/{pk}", "get"): {"200", "400", "404", "413", "422"},
        ("/api/v1/consultations/{pk}/comments", "post"): {
            "200",
            "201",
            "400",
            "404",
            "409",
            "413",
            "422",
            "429",
            "503",
        },
    }
    for (path, method), codes in expected.items():
        responses = spec["paths"][path][method]["responses"]
        assert set(responses) == codes, (path, method)
        for code in codes - {"200", "201"}:
            ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
            assert ref == "#/components/schemas/ErrorOut"
    params = {p["name"]: p["schema"] for p in spec["paths"]["/api/v1/consultations"]["get"]["parameters"]}
    assert (params["limit"]["minimum"], params["limit"]["maximum"]) == (1, 500)
    assert params["offset"]["maximum"] == 2**31 - 1
