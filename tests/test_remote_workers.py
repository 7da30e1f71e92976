"""Background workers on other machines (docs/deployment.md, "Workers on other machines").

Two ``manage.py db_worker`` processes, each started as its own OS process with nothing but the database in
common, as on two machines, take the tasks of one queue. The database backend claims a task inside a
transaction with ``SELECT … FOR UPDATE SKIP LOCKED``: every task runs exactly once (its side-effect row has a
primary key, so a second run would fail), and both workers take some.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import worker_tasks

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("DATABASE_URL", "")
N = 24

pytestmark = pytest.mark.skipif(
    not PG_URL.startswith(("postgres://", "postgresql://")),
    reason="workers on several machines share a PostgreSQL database (make test-postgres)",
)


@pytest.fixture
def side_table(transactional_db: Any) -> Iterator[None]:
    worker_tasks.create_table()
    try:
        yield
    finally:
        worker_tasks.drop_table()


def start_worker(worker_id: str, log: Path) -> subprocess.Popen[bytes]:
    """``db_worker`` as a machine of its own would run it: its own process, the database named by DATABASE_URL."""
    url = urlunsplit(urlsplit(PG_URL)._replace(path="/" + str(connection.settings_dict["NAME"])))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="policycomm.config.settings_test",
        PYTHONPATH=str(ROOT / "src"),
    )
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1", "--worker-id", worker_id],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def test_two_worker_processes_run_every_task_exactly_once_and_share_the_queue(side_table: None, tmp_path: Path) -> None:
    results = [worker_tasks.record_run.enqueue(n) for n in range(N)]
    workers = [start_worker(name, tmp_path / f"{name}.log") for name in ("machine-a", "machine-b")]
    try:
        deadline = time.monotonic() + 180
        ids = [r.id for r in results]
        while DBTaskResult.objects.filter(id__in=ids, finished_at__isnull=True).exists():
            assert all(w.poll() is None for w in workers), "a worker stopped"
            assert time.monotonic() < deadline, "the workers did not finish the queue"
            time.sleep(0.2)
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            w.wait(timeout=30)
    logs = "\n".join((tmp_path / f"{n}.log").read_text() for n in ("machine-a", "machine-b"))
    rows = DBTaskResult.objects.filter(id__in=[r.id for r in results])
    assert {r.status for r in rows} == {TaskResultStatus.SUCCESSFUL}, logs
    # Each task was claimed by one worker, once.
    assert all(len(r.worker_ids) == 1 for r in rows)
    taken = {r.worker_ids[0] for r in rows}
    assert taken == {"machine-a", "machine-b"}
    with connection.cursor() as cur:
        cur.execute(f"SELECT n, pid FROM {worker_tasks.TABLE} ORDER BY n")  # noqa: S608 — a constant
        runs = cur.fetchall()
    assert [n for n, _pid in runs] == list(range(N)), "one side-effect row per task"
    assert len({pid for _n, pid in runs}) == 2
    assert {r.return_value for r in rows} == {pid for _n, pid in runs}
