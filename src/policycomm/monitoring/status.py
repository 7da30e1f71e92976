"""Keeping each policy's stored coverage status equal to what the rule says (ADR 0008).

The facts the rule reads belong to lower apps (law-making, communication, consultation), which must not
import monitoring. So monitoring listens: ``connect()`` (called from ``MonitoringConfig.ready``) hooks
Django's model signals for every write that can change a policy's coverage, and recomputes the policies
concerned in the same transaction as the write. Writes that bypass signals (``QuerySet.update``,
``bulk_create``: data loads, the national bench) call ``coverage_refresh`` afterwards; the command
``policycomm coverage refresh`` recomputes everything.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Value, signals
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from policycomm.communication.models import Activity, Material
from policycomm.consultation.models import Consultation
from policycomm.lawmaking.models import DraftPolicy, LegalDocument, StageTransition
from policycomm.orgs.models import Organisation

from .coverage import PolicyCoverage, assess, with_coverage_facts
from .models import CoverageStatus

S = CoverageStatus.State
BATCH = 2000


def state_of(row: PolicyCoverage) -> str:
    if not row.counted:
        return S.EXCLUDED
    if row.adopted_on is None:
        return S.PENDING
    return S.COVERED if row.covered else S.FAILING


def _status(row: PolicyCoverage, now: Any) -> CoverageStatus:
    p = row.policy
    adopted = row.adopted_on
    return CoverageStatus(
        policy_id=p.pk,
        body_id=p.document.drafting_body_id,
        body_path=p.document.drafting_body.path,
        state=state_of(row),
        adopted_on=adopted,
        adopted_year=adopted.year if adopted else None,
        adopted_half=(1 if adopted.month <= 6 else 2) if adopted else None,
        reasons=list(row.reasons),
        computed_at=now,
    )


def coverage_refresh(policy_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored status of these policies (all of them with ``None``). Returns how many."""
    now = timezone.now()
    ids = None if policy_ids is None else sorted(set(policy_ids))
    base = DraftPolicy.objects.order_by("pk")
    done = 0
    with transaction.atomic():
        pks = list(base.values_list("pk", flat=True)) if ids is None else ids
        for i in range(0, len(pks), BATCH):
            chunk = pks[i : i + BATCH]
            rows = [_status(assess(p), now) for p in with_coverage_facts(base.filter(pk__in=chunk))]
            CoverageStatus.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["policy"],
                update_fields=[
                    "body",
                    "body_path",
                    "state",
                    "adopted_on",
                    "adopted_year",
                    "adopted_half",
                    "reasons",
                    "computed_at",
                ],
                batch_size=500,
            )
            done += len(rows)
    return done


# -- the hooks --------------------------------------------------------------------------------------------------

_local = threading.local()


def _deleting() -> set[int]:
    """Policies being deleted in this thread: their children's deletions must not recreate a status."""
    s: set[int] | None = getattr(_local, "deleting", None)
    if s is None:
        s = _local.deleting = set()
    return s


def _refresh_policies(ids: Iterable[int]) -> None:
    live = [i for i in ids if i not in _deleting()]
    if live:
        coverage_refresh(live)


def _refresh_document(document_id: int) -> None:
    _refresh_policies(DraftPolicy.objects.filter(document_id=document_id).values_list("pk", flat=True))


def _on_policy(sender: Any, instance: DraftPolicy, **kwargs: Any) -> None:
    _refresh_policies([instance.pk])


def _on_policy_pre_delete(sender: Any, instance: DraftPolicy, **kwargs: Any) -> None:
    _deleting().add(instance.pk)


def _on_policy_post_delete(sender: Any, instance: DraftPolicy, **kwargs: Any) -> None:
    _deleting().discard(instance.pk)


def _on_policy_child(sender: Any, instance: Material | Activity, **kwargs: Any) -> None:
    _refresh_policies([instance.policy_id])


def _on_document_child(sender: Any, instance: StageTransition | Consultation, **kwargs: Any) -> None:
    _refresh_document(instance.document_id)


def _on_document(sender: Any, instance: LegalDocument, created: bool = False, **kwargs: Any) -> None:
    if not created:  # the drafting body is kept on the status rows
        stale = CoverageStatus.objects.filter(policy__document_id=instance.pk)
        stale = stale.exclude(body_id=instance.drafting_body_id)
        if stale.exists():
            _refresh_document(instance.pk)


def _on_org_pre_save(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    """Remember where the organisation stood: ``Organisation.save`` rewrites its subtree's paths after."""
    if instance.pk is not None:
        instance.__dict__["_coverage_old_path"] = (
            Organisation.objects.filter(pk=instance.pk).values_list("path", flat=True).first() or ""
        )


def _on_org_saved(sender: Any, instance: Organisation, created: bool = False, **kwargs: Any) -> None:
    """An organisation moved: its subtree's status rows take the new prefix, as ``Organisation.save`` gives
    its descendants (the new path is the parent's path and the organisation's own number)."""
    old = instance.__dict__.pop("_coverage_old_path", "")
    new = (instance.parent.path if instance.parent else "") + f"{instance.pk:08d}."
    if old and old != new:
        CoverageStatus.objects.filter(body_path__startswith=old).update(
            body_path=Concat(Value(new), Substr("body_path", len(old) + 1))
        )


def connect() -> None:
    uid = "policycomm.monitoring.status"
    signals.post_save.connect(_on_policy, sender=DraftPolicy, dispatch_uid=f"{uid}.policy")
    signals.pre_delete.connect(_on_policy_pre_delete, sender=DraftPolicy, dispatch_uid=f"{uid}.policy.pre")
    signals.post_delete.connect(_on_policy_post_delete, sender=DraftPolicy, dispatch_uid=f"{uid}.policy.post")
    signals.post_save.connect(_on_document, sender=LegalDocument, dispatch_uid=f"{uid}.document")
    signals.pre_save.connect(_on_org_pre_save, sender=Organisation, dispatch_uid=f"{uid}.org.pre")
    signals.post_save.connect(_on_org_saved, sender=Organisation, dispatch_uid=f"{uid}.org.post")
    for child in (Material, Activity):
        signals.post_save.connect(_on_policy_child, sender=child, dispatch_uid=f"{uid}.{child.__name__}.save")
        signals.post_delete.connect(_on_policy_child, sender=child, dispatch_uid=f"{uid}.{child.__name__}.delete")
    for fact in (StageTransition, Consultation):
        signals.post_save.connect(_on_document_child, sender=fact, dispatch_uid=f"{uid}.{fact.__name__}.save")
        signals.post_delete.connect(_on_document_child, sender=fact, dispatch_uid=f"{uid}.{fact.__name__}.delete")
