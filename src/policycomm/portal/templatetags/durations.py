"""Durations in the active language: ``{{ c.closes_at|time_left }}`` gives "2 tuần 5 ngày" in Vietnamese,
"2 weeks, 5 days" in English; ``{{ delta|duration }}`` does the same for a ``timedelta``.

Django's ``timeuntil`` picks the units. Two things are ours:

- ``DJANGO_TIME_UNITS`` repeats the msgids of ``django.utils.timesince.TIME_STRINGS``. Django's own vi
  catalogue still has only the older ``"%d week"`` msgids, so its ``timeuntil`` fell back to English
  ("2 weeks, 5 days"). Listed here, the current msgids are extracted into ``locale/vi`` and translated
  there, which mends every duration Django formats, ``|timeuntil`` and ``|timesince`` included. The dict is
  not used at run time (Django looks the same msgids up); a test checks that it still matches Django's.
- Vietnamese writes no comma between the units ("2 tuần 5 ngày"). Django joins them with ``gettext(", ")``,
  the same msgid as its list separator, which must keep its comma; so the units' separator is a msgid of its
  own, with a context.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext, ngettext_lazy, pgettext

register = template.Library()

DJANGO_TIME_UNITS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}


def _units(text: str) -> str:
    # The units never contain the separator: Django binds each number to its unit with a no-break space.
    return text.replace(gettext(", "), pgettext("between the units of a duration", ", "))


@register.filter
def time_left(value: dt.datetime | None) -> str:
    """Time from now until ``value`` ("0 phút" once it has passed)."""
    if value is None:
        return ""
    return _units(timeuntil(value))


@register.filter
def duration(value: dt.timedelta | None) -> str:
    """A length of time, to the two largest units ("1 giờ 30 phút")."""
    if value is None:
        return ""
    now = timezone.now()
    return _units(timeuntil(now + value, now))
