from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.management import call_command

from .factories import ALL_TO_DRAFT_CONSULTATION, World, advance, make_world, open_consultation, register_document
from .oidc_provider.fixture import oidc_provider  # noqa: F401 — the real test OIDC provider (session scope)
from .s3_server import s3_server  # noqa: F401 — a real S3-compatible server (session scope)
from .twofactor import install_force_login_with_second_factor

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    # The cache (rate limits) lives in the database; each test's writes to it roll back with the test.
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(autouse=True)
def _force_login_passes_the_code_step(monkeypatch: Any) -> None:
    # Leaders, monitors and admins sign in with a second factor (staffauth). A test that is about something else
    # signs its users in with force_login, which then passes the code step as well; tests/test_staff_security.py
    # goes through the real login, code step and enrolment pages.
    install_force_login_with_second_factor(monkeypatch)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world(db: Any) -> World:
    return make_world()


@pytest.fixture
def consultation(world: World) -> Any:
    """A document of body A, taken to the draft-consultation stage, with a consultation open."""
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return open_consultation(world, doc)
