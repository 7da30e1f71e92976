"""The OpenAPI document matches the server: schemathesis runs every operation with every check.

The engine (what ``schemathesis run --checks all`` drives) calls the WSGI application in-process,
against an open consultation, so that valid comments are really accepted. The data is committed
(the engine calls from its own thread), hence ``transaction=True``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import connections
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events

from policycomm.textclean import VISIBLE_PATTERN

from .factories import ALL_TO_DRAFT_CONSULTATION, advance, open_consultation, register_document

#: Examples per operation and mode in the fuzzing phase; the examples and coverage phases add their
#: own. The run is deterministic: 246 cases over the three operations, in about five seconds.
MAX_EXAMPLES = 25

#: Refusals of schema-valid data that depend on what the server holds, which no schema can say: a
#: section that is not in this draft, an Idempotency-Key already used for another comment (422, as
#: the IETF Idempotency-Key draft asks).
STATE_DEPENDENT = {("section_id", "not_found"), ("idempotency_key", "idempotency_key_reused")}


def _visible(body: Any) -> bool:
    text = body.get("text") if isinstance(body, dict) else None
    return isinstance(text, str) and re.search(VISIBLE_PATTERN, text) is not None


@schemathesis.check
def valid_data_is_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """``positive_data_acceptance`` (2xx, 404, 409, 429), and a 422 only for a state-dependent refusal."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code in (404, 409, 429):
        return None
    if response.status_code < 400:
        return None
    if response.status_code == 422:
        errors = json.loads(response.content)["errors"]
        if errors and {(e["field"], e["code"]) for e in errors} <= STATE_DEPENDENT:
            return None
        if {(e["field"], e["code"]) for e in errors} == {("text", "invisible_only")} and not _visible(case.body):
            # The generator's "valid" text broke the schema's own pattern (seen: a lone NUL byte): the data
            # was not schema-valid, and the refusal is the one the schema announces.
            return None
    raise AssertionError(f"Schema-valid request refused with {response.status_code}: {response.content[:300]!r}")


def in_thread_app() -> Any:
    """The WSGI application, closing the database connections of the engine's thread after each call
    (the thread outlives the test otherwise, and PostgreSQL would not drop the test database)."""
    django_app = get_wsgi_application()

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        response = django_app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()
            connections.close_all()

    return app


@pytest.mark.django_db(transaction=True)
def test_every_operation_matches_its_schema(world: Any, settings: Any) -> None:
    settings.COMMENT_RATE = "100000/h"
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    open_consultation(world, doc)
    config = SchemathesisConfig.from_dict(
        {
            "workers": 1,
            "generation": {"max-examples": MAX_EXAMPLES, "database": "none", "deterministic": True},
            # No operation links to another (nothing is created and then read), so there is no sequence
            # to explore; schemathesis 4.32's stateful phase also labels out-of-schema bodies as valid.
            "phases": {"stateful": {"enabled": False}},
            # Replaced by valid_data_is_accepted above; every other built-in check runs.
            "checks": {"positive_data_acceptance": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", in_thread_app(), config=config)
    failures: list[tuple[str, str, str, int | None, str]] = []
    cases = 0
    statuses: Counter[tuple[str, int]] = Counter()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, (events.NonFatalError, events.FatalError)):
            failures.append(("engine", type(event).__name__, repr(event)[:300], None, ""))
        if not isinstance(event, events.ScenarioFinished):
            continue
        cases += len(event.recorder.cases)
        for interaction in event.recorder.interactions.values():
            if interaction.response is not None:
                statuses[(event.recorder.label, interaction.response.status_code)] += 1
        for case_id, checks in event.recorder.checks.items():
            for check in checks:
                if check.failure_info is None:
                    continue
                found = event.recorder.interactions.get(case_id)
                response = found.response if found else None
                sent = repr(event.recorder.cases[case_id].value.body)[:400]
                answer = response.content[:300].decode("utf-8", "replace") if response else ""
                failures.append(
                    (
                        f"{event.phase} {event.recorder.label}",
                        check.name,
                        check.failure_info.failure.title,
                        response.status_code if response else None,
                        f"{sent} -> {answer}",
                    )
                )
    assert failures == [], "\n".join(map(repr, failures))
    assert cases >= 200, cases
    post = "POST /api/v1/consultations/{pk}/comments"
    # The run reached the real paths: comments accepted, refused per field, unknown consultations.
    assert statuses[(post, 201)] > 0 and statuses[(post, 422)] > 0 and statuses[(post, 404)] > 0
    assert not any(status >= 500 for _label, status in statuses)
