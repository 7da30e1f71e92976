"""Background jobs of the channel kit (Django's tasks API, database worker)."""

from __future__ import annotations

from django_tasks import task

from policycomm.consultation.models import Consultation

from .kit import kit_build, kit_build_all


@task()
def build_channel_kit(consultation_id: int, lang: str = "", force: bool = False) -> list[str]:
    """Make the outputs of one consultation's kit that are not current: in ``lang``, or (empty) in every
    language the kit is made in. Safe to run twice: the second run finds every fingerprint current and makes
    nothing. Returns the kinds made, as ``<lang>:<kind>`` when every language is built."""
    c = Consultation.objects.filter(pk=consultation_id).first()
    if c is None:
        return []
    if lang:
        return kit_build(consultation=c, lang=lang, force=force).made
    reports = kit_build_all(consultation=c, force=force)
    return [f"{code}:{kind}" for code, report in reports.items() for kind in report.made]
