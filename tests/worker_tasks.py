"""A task for tests/test_remote_workers.py: each run leaves one row, keyed by the run's number.

The row's primary key is the number: a task run twice fails on the second insert. The first runs wait until
rows from two worker processes exist, so that the test sees both workers take tasks whatever their start-up
times; a single worker would only be held for ``WAIT_SECONDS`` and the test then fails on its assertion.
"""

from __future__ import annotations

import os
import time

from django.db import connection
from django_tasks import task

TABLE = "test_remote_worker_run"
WAIT_SECONDS = 60


def create_table() -> None:
    with connection.cursor() as cur:
        cur.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (n integer PRIMARY KEY, pid integer NOT NULL)")


def drop_table() -> None:
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {TABLE}")


@task()
def record_run(n: int) -> int:
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {TABLE} (n, pid) VALUES (%s, %s)", [n, os.getpid()])  # noqa: S608 — a constant
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        with connection.cursor() as cur:
            cur.execute(f"SELECT COUNT(DISTINCT pid) FROM {TABLE}")  # noqa: S608 — a constant
            if cur.fetchone()[0] >= 2:
                break
        time.sleep(0.05)
    return os.getpid()
