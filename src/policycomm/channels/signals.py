"""The kit follows its sources: published material, the consultation, its meetings, a policy's secrecy.

Each change enqueues a build once the writer's transaction commits; the build makes only the outputs
whose fingerprint changed, so a save that changes nothing the kit shows makes nothing. Closed
consultations are left as they are (their kit can still be made from the staff screen).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import signals
from django.utils import timezone

from policycomm.communication.models import Material, MaterialTranslation
from policycomm.consultation.models import Consultation, Event
from policycomm.lawmaking.models import DraftPolicy

from .tasks import build_channel_kit

WATCHED = (Material.Status.PUBLISHED, Material.Status.WITHDRAWN)


def _schedule(consultation_ids: list[int]) -> None:
    for cid in consultation_ids:
        transaction.on_commit(lambda cid=cid: build_channel_kit.enqueue(cid))  # type: ignore[misc]


def _live(document_id: int) -> list[int]:
    return list(
        Consultation.objects.filter(document_id=document_id, closes_at__gt=timezone.now()).values_list("pk", flat=True)
    )


def _on_material(sender: Any, instance: Material, raw: bool = False, **kwargs: Any) -> None:
    if raw or not (instance.status in WATCHED or instance.state_secret):
        return
    _schedule(_live(instance.policy.document_id))


def _on_translation(sender: Any, instance: MaterialTranslation, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    _schedule(_live(instance.material.policy.document_id))


def _on_policy(sender: Any, instance: DraftPolicy, raw: bool = False, created: bool = False, **kwargs: Any) -> None:
    if raw or created:
        return
    _schedule(_live(instance.document_id))


def _on_consultation(sender: Any, instance: Consultation, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.closes_at <= timezone.now():
        return
    _schedule([instance.pk])


def _on_event(sender: Any, instance: Event, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    _schedule([instance.consultation_id])


def connect() -> None:
    uid = "policycomm.channels"
    signals.post_save.connect(_on_material, sender=Material, dispatch_uid=f"{uid}.material")
    signals.post_save.connect(_on_translation, sender=MaterialTranslation, dispatch_uid=f"{uid}.translation")
    signals.post_save.connect(_on_policy, sender=DraftPolicy, dispatch_uid=f"{uid}.policy")
    signals.post_save.connect(_on_consultation, sender=Consultation, dispatch_uid=f"{uid}.consultation")
    signals.post_save.connect(_on_event, sender=Event, dispatch_uid=f"{uid}.event")
