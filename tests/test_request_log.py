"""The request log: one JSON line per request, through the handler settings.LOGGING configures, with the
request id and without personal data (no query string, no address, no token)."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.test import Client
from pythonjsonlogger.json import JsonFormatter


@contextmanager
def log_output() -> Iterator[io.StringIO]:
    """What the configured console handler writes, while the block runs."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and isinstance(h.formatter, JsonFormatter)
    )
    buffer = io.StringIO()
    old = handler.setStream(buffer)
    try:
        yield buffer
    finally:
        handler.setStream(old)  # type: ignore[arg-type]


def records(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def request_lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [r for r in records(buffer) if r["logger"] == "policycomm.request"]


def test_a_request_is_one_json_line_with_its_id_and_without_the_query_string() -> None:
    with log_output() as out:
        r = Client().get(
            "/healthz?email=dan@example.com&token=bi-mat",
            headers={"X-Request-ID": "lb-7f3a.42"},
        )
    assert r["X-Request-ID"] == "lb-7f3a.42"
    text = out.getvalue()
    (line,) = request_lines(out)
    assert line["request_id"] == "lb-7f3a.42"
    assert line["method"] == "GET" and line["path"] == "/healthz" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["time"]
    assert "dan@example.com" not in text and "bi-mat" not in text and "?" not in text
    assert "127.0.0.1" not in text  # no client address


def test_an_id_that_is_not_sane_is_replaced_by_a_new_one() -> None:
    for given in ["a b", "x" * 65, 'id"\n{"level": "ERROR"}', ""]:
        with log_output() as out:
            r = Client().get("/healthz", headers={"X-Request-ID": given})
        (line,) = request_lines(out)
        assert re.fullmatch(r"[0-9a-f]{32}", r["X-Request-ID"]), given
        assert line["request_id"] == r["X-Request-ID"]


def test_each_request_gets_its_own_id() -> None:
    with log_output() as out:
        a = Client().get("/healthz")
        b = Client().get("/healthz")
    assert a["X-Request-ID"] != b["X-Request-ID"]
    assert [line["request_id"] for line in request_lines(out)] == [a["X-Request-ID"], b["X-Request-ID"]]


def test_other_records_of_the_request_carry_its_id_and_no_query_string() -> None:
    with log_output() as out:
        r = Client().get("/khong-co-trang-nay/?email=dan@example.com")
        logging.getLogger("policycomm.test").warning("after the request")
    assert r.status_code == 404
    rid = r["X-Request-ID"]
    lines = records(out)
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found and not_found[0]["request_id"] == rid
    assert not_found[0]["message"] == "Not Found: /khong-co-trang-nay/"
    assert "request" not in not_found[0]  # Django's request object (its text has the query string) is left out
    assert "dan@example.com" not in out.getvalue()
    after = [line for line in lines if line["logger"] == "policycomm.test"]
    assert after[0]["request_id"] is None


def test_a_token_in_the_path_is_not_logged(db: Any) -> None:
    token = "ZGFuQGV4YW1wbGUuY29t:1vQx2s:abc"
    with log_output() as out:
        Client().get(f"/theo-doi/huy/{token}/")
    (line,) = request_lines(out)
    assert line["path"] == "/theo-doi/huy/<token>/"
    assert token not in out.getvalue()
