"""Background tasks of the notifications app (Django's tasks API, database worker).

The scheduler (``schedule.py``, command ``scheduler``) enqueues them on their cron schedule;
the worker runs them. Running one twice sends nothing twice (``delivery.py``).
"""

from __future__ import annotations

from django_tasks import task

from .jobs import digests_run, reminders_run


@task()
def run_reminders() -> dict[str, int]:
    result = reminders_run()
    return {"created": result.created, "mailed": result.mailed, "citizens": result.citizens}


@task()
def send_daily_digests() -> int:
    return digests_run()
