"""The events of a consultation on its draft page, read once per page: ``{% consultation_events c as events %}``
(the page's head links their calendars, its body lists them; the list is kept on the consultation)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from policycomm.consultation.events import consultation_events as read_events
from policycomm.consultation.models import Consultation, Event

register = template.Library()


@register.simple_tag
def consultation_events(c: Consultation) -> dict[str, list[Event]]:
    """``all``, ``upcoming`` (not yet ended) and ``past`` events of the consultation."""
    cached: dict[str, list[Event]] | None = getattr(c, "_portal_events", None)
    if cached is None:
        now = timezone.now()
        events = read_events(c)
        cached = {
            "all": events,
            "upcoming": [e for e in events if e.ends_at > now],
            "past": [e for e in events if e.ends_at <= now],
        }
        c._portal_events = cached  # type: ignore[attr-defined]
    return cached
