"""What the scheduled tasks do, callable without the worker (the demo and the command use it)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .delivery import RunResult, deliver_events, send_digests, send_pending_mail, tell_citizens
from .reminders import collect


def reminders_collect(now: dt.datetime | None = None) -> int:
    """Put every event of every reminder source in the inboxes (no mail yet). Returns the new messages."""
    return deliver_events(collect(now or timezone.now()))


def reminders_run(now: dt.datetime | None = None) -> RunResult:
    """The whole run: events to inboxes, the mails of people who want them at once, the citizens' answers."""
    now = now or timezone.now()
    result = RunResult()
    result.created = deliver_events(collect(now))
    result.mailed = send_pending_mail(now)
    result.citizens = tell_citizens(now)
    return result


def digests_run(now: dt.datetime | None = None) -> int:
    return send_digests(now or timezone.now())
