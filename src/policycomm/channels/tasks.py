"""Background jobs of the channel kit (Django's tasks API, database worker)."""

from __future__ import annotations

from django_tasks import task

from policycomm.consultation.models import Consultation

from .kit import kit_build


@task()
def build_channel_kit(consultation_id: int, lang: str = "vi", force: bool = False) -> list[str]:
    """Make the outputs of one consultation's kit that are not current. Safe to run twice: the second run
    finds every fingerprint current and makes nothing."""
    c = Consultation.objects.filter(pk=consultation_id).first()
    if c is None:
        return []
    return kit_build(consultation=c, lang=lang, force=force).made
