"""Readiness: what ``/readyz`` checks, each on its own, so that a failure names its check.

- ``database``: a ``SELECT 1`` on the default database.
- ``migrations``: Django's migration executor has nothing left to apply.
- ``worker``: a background worker ran the heartbeat task in the last ``WORKER_SEEN_WITHIN`` seconds
  (``tasks.py`` says why a task, not the worker's own records).
When the database is unreachable the other two cannot be asked, and say ``skipped``.
Reasons are short machine words; details go to the log, never to the answer.
"""

from __future__ import annotations

import logging
from typing import Literal, NotRequired, TypedDict

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .models import Heartbeat
from .tasks import WORKER

logger = logging.getLogger(__name__)

#: The worker counts as running when its heartbeat is at most this old (three beats fit in it).
WORKER_SEEN_WITHIN = 60


class CheckResult(TypedDict):
    status: Literal["ok", "failing", "skipped"]
    reason: NotRequired[str]
    #: ``migrations``: how many are not applied.
    pending: NotRequired[int]
    #: ``worker``: seconds since its last heartbeat (absent when never seen).
    last_seen_seconds: NotRequired[int]


class Readiness(TypedDict):
    status: Literal["ready", "unavailable"]
    failing: list[str]
    checks: dict[str, CheckResult]


def database() -> CheckResult:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("readiness: the database is unreachable", exc_info=True)
        return {"status": "failing", "reason": "unreachable"}
    return {"status": "ok"}


def migrations() -> CheckResult:
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        logger.warning("readiness: the migration state cannot be read", exc_info=True)
        return {"status": "failing", "reason": "unreadable"}
    if plan:
        return {"status": "failing", "reason": "not_applied", "pending": len(plan)}
    return {"status": "ok", "pending": 0}


def worker() -> CheckResult:
    try:
        seen_at = Heartbeat.objects.filter(name=WORKER).values_list("seen_at", flat=True).first()
    except DatabaseError:
        logger.warning("readiness: the worker's heartbeat cannot be read", exc_info=True)
        return {"status": "failing", "reason": "unreadable"}
    if seen_at is None:
        return {"status": "failing", "reason": "never_seen"}
    age = max(0, int((timezone.now() - seen_at).total_seconds()))
    if age > WORKER_SEEN_WITHIN:
        return {"status": "failing", "reason": "not_seen_recently", "last_seen_seconds": age}
    return {"status": "ok", "last_seen_seconds": age}


def readiness() -> Readiness:
    checks: dict[str, CheckResult] = {"database": database()}
    if checks["database"]["status"] == "ok":
        checks["migrations"] = migrations()
        checks["worker"] = worker()
    else:
        checks["migrations"] = {"status": "skipped", "reason": "database"}
        checks["worker"] = {"status": "skipped", "reason": "database"}
    failing = [name for name, result in checks.items() if result["status"] == "failing"]
    return {"status": "unavailable" if failing else "ready", "failing": failing, "checks": checks}
