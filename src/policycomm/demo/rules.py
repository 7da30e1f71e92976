"""Demo: what the stage rules need on the way, built through the services as an officer would, then
dated into the past like the rest of the demo — windows of each phase, appraisal and examination records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F
from django.utils import timezone

from policycomm.consultation import services as cons
from policycomm.consultation.models import Consultation
from policycomm.lawmaking import reviews
from policycomm.lawmaking.models import LegalDocument
from policycomm.orgs.models import Organisation


def past_window(
    actor: Any,
    document: LegalDocument,
    *,
    phase: str,
    title: str,
    opened_days_ago: int,
    length_days: int,
    intro: str = "",
    shortened_ground: str = "",
) -> Consultation:
    """Open a window today through the service (the rules apply), then move it back ``opened_days_ago``
    days with its data: the story of a window that ran in the past."""
    now = timezone.now()
    c = cons.consultation_create(
        actor=actor,
        document=document,
        phase=phase,
        title=title,
        intro=intro,
        opens_at=now,
        closes_at=now + dt.timedelta(days=length_days),
        shortened_ground=shortened_ground,
    )
    shift_back(c, dt.timedelta(days=opened_days_ago))
    return c


def shift_back(c: Consultation, delta: dt.timedelta) -> None:
    """Let ``delta`` pass for a window: its dates and its page's creation move back together."""
    Consultation.objects.filter(pk=c.pk).update(
        opens_at=F("opens_at") - delta, closes_at=F("closes_at") - delta, created_at=F("created_at") - delta
    )
    c.refresh_from_db()


def appraisal(
    actor: Any,
    document: LegalDocument,
    *,
    phase: str,
    body: Organisation,
    days_ago: int,
    number: str,
    conclusion: str,
) -> None:
    reviews.appraisal_record_save(
        actor=actor,
        document=document,
        phase=phase,
        report=reviews.ReviewReport(
            body=body,
            body_name="",
            date=timezone.localdate() - dt.timedelta(days=days_ago),
            report_number=number,
            conclusion=conclusion,
            states_communicated=True,
        ),
    )
