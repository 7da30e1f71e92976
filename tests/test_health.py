"""/healthz and /readyz: 200 when all is well, 503 naming the failing check, each failure made for real."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from policycomm.health.checks import WORKER_SEEN_WITHIN
from policycomm.health.models import Heartbeat
from policycomm.health.tasks import HEARTBEAT_SECONDS, WORKER, worker_heartbeat
from policycomm.notifications.schedule import build_scheduler


def work() -> None:
    """Let the real worker run what is queued."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def beat_by_the_worker() -> None:
    worker_heartbeat.enqueue()
    work()


@contextmanager
def unreachable_database(tmp_path: Path) -> Iterator[None]:
    """The default alias swapped for a connection to a database that is not there (for real: SQLite in a
    missing folder, or PostgreSQL on a port nobody listens on)."""
    real = connections[DEFAULT_DB_ALIAS]
    settings_dict = dict(real.settings_dict)
    if real.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")
    else:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        settings_dict.update(HOST="127.0.0.1", PORT=str(port))
    broken = type(real)(settings_dict, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = broken
    try:
        yield
    finally:
        broken.close()
        connections[DEFAULT_DB_ALIAS] = real


def readyz() -> tuple[int, dict[str, Any]]:
    r = Client().get("/readyz")
    assert r["Content-Type"] == "application/json"
    assert "no-store" in r["Cache-Control"]
    return r.status_code, r.json()


def test_healthz_answers_even_without_a_database(db: Any, tmp_path: Path) -> None:
    with unreachable_database(tmp_path):
        r = Client().get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_ready_when_the_database_migrations_and_worker_are_fine(transactional_db: Any) -> None:
    beat_by_the_worker()
    status, body = readyz()
    assert status == 200
    assert body["status"] == "ready" and body["failing"] == []
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["migrations"] == {"status": "ok", "pending": 0}
    assert body["checks"]["worker"]["status"] == "ok"
    assert body["checks"]["worker"]["last_seen_seconds"] <= WORKER_SEEN_WITHIN


def test_503_when_no_worker_was_ever_seen(db: Any) -> None:
    status, body = readyz()
    assert status == 503
    assert body["status"] == "unavailable" and body["failing"] == ["worker"]
    assert body["checks"]["worker"] == {"status": "failing", "reason": "never_seen"}
    assert body["checks"]["database"]["status"] == "ok"


def test_503_when_the_worker_was_last_seen_more_than_a_minute_ago(db: Any) -> None:
    Heartbeat.objects.create(name=WORKER, seen_at=timezone.now() - dt.timedelta(seconds=WORKER_SEEN_WITHIN + 60))
    status, body = readyz()
    assert status == 503 and body["failing"] == ["worker"]
    assert body["checks"]["worker"]["reason"] == "not_seen_recently"
    assert body["checks"]["worker"]["last_seen_seconds"] >= WORKER_SEEN_WITHIN + 60


def test_503_when_a_migration_is_not_applied(transactional_db: Any) -> None:
    beat_by_the_worker()
    MigrationRecorder(connections[DEFAULT_DB_ALIAS]).record_unapplied("health", "0001_initial")
    status, body = readyz()
    assert status == 503 and body["failing"] == ["migrations"]
    assert body["checks"]["migrations"] == {"status": "failing", "reason": "not_applied", "pending": 1}
    assert body["checks"]["worker"]["status"] == "ok"


def test_503_when_the_database_is_unreachable(db: Any, tmp_path: Path) -> None:
    with unreachable_database(tmp_path):
        status, body = readyz()
    assert status == 503 and body["failing"] == ["database"]
    assert body["checks"] == {
        "database": {"status": "failing", "reason": "unreachable"},
        "migrations": {"status": "skipped", "reason": "database"},
        "worker": {"status": "skipped", "reason": "database"},
    }


def test_the_probes_read_only(db: Any) -> None:
    assert Client().post("/readyz").status_code == 405
    assert Client().head("/healthz").status_code == 200


def test_the_heartbeat_keeps_one_row_and_prunes_its_old_results(transactional_db: Any) -> None:
    beat_by_the_worker()
    first = Heartbeat.objects.get(name=WORKER).seen_at
    DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path).update(
        finished_at=timezone.now() - dt.timedelta(hours=1)
    )
    beat_by_the_worker()
    assert Heartbeat.objects.filter(name=WORKER).count() == 1
    assert Heartbeat.objects.get(name=WORKER).seen_at > first
    # The old result is gone, the one just run is kept.
    assert DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path).count() == 1


def test_the_scheduler_enqueues_the_heartbeat_at_start_and_then_every_20_seconds(transactional_db: Any) -> None:
    jobs = {job.id: job for job in build_scheduler().get_jobs()}
    job = jobs["worker-heartbeat"]
    assert isinstance(job.trigger, IntervalTrigger)
    assert job.trigger.interval == dt.timedelta(seconds=HEARTBEAT_SECONDS)
    assert HEARTBEAT_SECONDS * 3 <= WORKER_SEEN_WITHIN  # two beats may be missed before readiness drops
    job.func()  # what the scheduler does at each tick
    assert not Heartbeat.objects.exists()  # enqueued, not run
    work()
    assert Heartbeat.objects.filter(name=WORKER).exists()


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_probes_set_no_cookie(db: Any, path: str) -> None:
    r = Client().get(path)
    assert r.status_code in (200, 503)
    assert not r.cookies


def test_probes_are_not_redirected_to_https(db: Any, settings: Any) -> None:
    """Production redirects plain http to https; a load balancer's probe over http gets its answer."""
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code in (200, 503)
    home = client.get("/")
    assert home.status_code == 301 and home["Location"].startswith("https://")
