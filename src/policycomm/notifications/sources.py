"""The registry of reminder sources: the deadlines the system watches.

A *reminder source* is a function ``source(now) -> Iterable[ReminderEvent]``. Each event names
the people to tell and carries a stable ``key``; the reminder job (``tasks.run_reminders``) turns
each (person, key) into at most one inbox message and at most one mail, however often it runs.

The built-in sources (``reminders.py``) cover consultations, documents, plans and material.
An app above this one adds its own in its ``AppConfig.ready``, without this app importing it::

    from policycomm.notifications.sources import ReminderEvent, register_reminder_source

    def reports_due(now):
        for period in ...:
            yield ReminderEvent(key=f"report-due:{period.pk}:{org.pk}", kind="report_due", ...)

    register_reminder_source("report_due", reports_due)

The periodic-reports app registers its report due dates this way (kind ``report_due``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReminderEvent:
    """One thing to tell some people about, once."""

    #: Stable across runs: the same fact gives the same key (``material-approval:7:2026-03-02T08:00``).
    key: str
    #: One of ``models.Kind`` (a source may use ``other``).
    kind: str
    #: The users (ids) to tell.
    recipients: tuple[int, ...]
    title: str
    body: str = ""
    #: A site-relative URL where the matter is dealt with (``/can-bo/tai-lieu/7/``).
    link: str = ""
    extra: dict[str, str] = field(default_factory=dict)


ReminderSource = Callable[[dt.datetime], Iterable[ReminderEvent]]

_SOURCES: dict[str, ReminderSource] = {}


def register_reminder_source(name: str, source: ReminderSource) -> None:
    """Add (or replace, under the same name) a source of reminders. Call from ``AppConfig.ready``."""
    _SOURCES[name] = source


def reminder_sources() -> dict[str, ReminderSource]:
    return dict(_SOURCES)
