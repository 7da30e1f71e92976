"""When the background tasks run: cron expressions, read by the ``scheduler`` command (APScheduler).

ADR 0009: APScheduler's blocking scheduler keeps the time and enqueues each task on the database
queue; the worker (``db_worker``) runs it. Another app adds a scheduled task of its own with
``register_schedule`` (a cron expression) or ``register_interval`` (every so many seconds, for what a
cron minute is too coarse for: the worker's heartbeat, ``health/tasks.py``) in its ``AppConfig.ready``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Scheduled:
    name: str
    #: A django-tasks ``Task`` (``@task()``): the scheduler calls its ``enqueue``.
    task: Any
    #: Standard crontab, five fields; the day of the week as a name (mon…sun) or ``*``. Empty for an interval.
    cron: str
    #: Instead of a cron expression: every so many seconds, the first run at the scheduler's start.
    every_seconds: int = 0

    @property
    def when(self) -> str:
        return f"every {self.every_seconds}s" if self.every_seconds else self.cron


_SCHEDULE: dict[str, Scheduled] = {}


def register_schedule(name: str, task: Any, cron: str) -> None:
    """Run ``task`` on the ``cron`` schedule (server time zone, ``TIME_ZONE``)."""
    trigger(cron)  # refuse a bad expression at start-up, not at the first tick
    _SCHEDULE[name] = Scheduled(name=name, task=task, cron=cron)


def register_interval(name: str, task: Any, seconds: int) -> None:
    """Run ``task`` every ``seconds`` seconds, the first time as soon as the scheduler starts."""
    if seconds < 1:
        raise ValueError(f"An interval is at least one second, not {seconds}")
    _SCHEDULE[name] = Scheduled(name=name, task=task, cron="", every_seconds=seconds)


def trigger(cron: str) -> CronTrigger:
    day_of_week = cron.split()[-1] if cron.split() else ""
    if any(ch.isdigit() for ch in day_of_week):
        # APScheduler counts weekdays from Monday = 0, crontab from Sunday = 0: names avoid the trap.
        raise ValueError(f"Use a weekday name (mon…sun) or * in {cron!r}")
    return CronTrigger.from_crontab(cron, timezone=timezone.get_default_timezone())


def schedule() -> dict[str, Scheduled]:
    from . import tasks

    register_schedule("reminders", tasks.run_reminders, settings.REMINDER_CRON)
    register_schedule("digests", tasks.send_daily_digests, settings.DIGEST_CRON)
    return dict(_SCHEDULE)


def build_scheduler() -> BlockingScheduler:
    """A scheduler with one job per scheduled task; a missed tick runs once, never twice at a time."""
    scheduler = BlockingScheduler(timezone=timezone.get_default_timezone())
    for item in schedule().values():
        if item.every_seconds:
            scheduler.add_job(
                item.task.enqueue,
                trigger=IntervalTrigger(seconds=item.every_seconds, timezone=timezone.get_default_timezone()),
                next_run_time=timezone.now(),
                id=item.name,
                name=item.name,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=item.every_seconds,
            )
            continue
        scheduler.add_job(
            item.task.enqueue,
            trigger=trigger(item.cron),
            id=item.name,
            name=item.name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=300,
        )
    return scheduler
