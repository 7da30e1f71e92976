"""Background tasks of the follow feature (Django's tasks API, database worker; ADR 0009's scheduler)."""

from __future__ import annotations

from django_tasks import task

from . import alerts, jobs
from .models import Subscription


@task()
def send_confirmation(subscription_id: int) -> bool:
    return jobs.send_confirmation_now(subscription_id)


@task()
def send_immediate() -> int:
    return jobs.send_immediate()


@task()
def version_published(version_id: int) -> int:
    from policycomm.lawmaking.models import DraftVersion

    version = DraftVersion.objects.filter(pk=version_id).first()
    made = alerts.version_alerts(version) if version else 0
    jobs.send_immediate()
    return made


@task()
def answers_published(consultation_id: int) -> int:
    from policycomm.consultation.models import Consultation

    c = Consultation.objects.select_related("document").filter(pk=consultation_id).first()
    made = alerts.answers_alerts(c) if c else 0
    jobs.send_immediate()
    return made


@task()
def follow_scan() -> dict[str, int]:
    return jobs.scan()


@task()
def follow_daily() -> int:
    return jobs.send_digests(Subscription.Frequency.DAILY)


@task()
def follow_weekly() -> int:
    return jobs.send_digests(Subscription.Frequency.WEEKLY)
