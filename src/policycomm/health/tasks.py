"""The worker's heartbeat, read by ``/readyz`` (``health/checks.py``).

django-tasks-db records no worker liveness: a worker writes a row only when it claims a task
(``DBTaskResult.worker_ids``), so an idle worker and a dead one look the same. So the scheduler
enqueues this task every ``HEARTBEAT_SECONDS`` (``notifications.schedule.register_interval``) and
whichever worker runs it stamps ``Heartbeat(name="worker")``. A fresh stamp proves what readiness
needs: a worker takes tasks from the queue, and the scheduler feeds it. The task has the highest
priority, so that a backlog (the demo's channel kits at the first start) does not hold it back: a worker
busy with one task for more than ``checks.WORKER_SEEN_WITHIN`` seconds is seen as not running.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.base import TASK_MAX_PRIORITY
from django_tasks_db.models import DBTaskResult

from .models import Heartbeat

WORKER = "worker"
HEARTBEAT_SECONDS = 20
#: Finished heartbeat results older than this are removed (three a minute would pile up in the queue table).
KEEP_RESULTS = dt.timedelta(minutes=5)


def beat(name: str) -> Heartbeat:
    now = timezone.now()
    heartbeat, _ = Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": now})
    return heartbeat


@task(priority=TASK_MAX_PRIORITY)
def worker_heartbeat() -> str:
    heartbeat = beat(WORKER)
    DBTaskResult.objects.filter(
        task_path=worker_heartbeat.module_path,
        status=TaskResultStatus.SUCCESSFUL,
        finished_at__lt=heartbeat.seen_at - KEEP_RESULTS,
    ).delete()
    return heartbeat.seen_at.isoformat()
