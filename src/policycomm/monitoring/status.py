"""Keeping each policy's stored coverage status equal to what the rule says (ADR 0011).

The facts the rule reads belong to lower apps (law-making, communication, consultation), which must not
import monitoring. So monitoring listens: ``connect()`` (called from ``MonitoringConfig.ready``) hooks
Django's model signals for every write that can change a policy's coverage, and recomputes the policies
concerned in the same transaction as the write. Writes that bypass signals (``QuerySet.update``,
``bulk_create``: data loads, the national bench) call ``coverage_refresh`` afterwards; the command
``policycomm coverage refresh`` recomputes everything.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Max, Q, Value, signals
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone

from policycomm.communication.models import Activity, Material
from policycomm.consultation.models import Consultation
from policycomm.lawmaking.models import DraftPolicy, LegalDocument, StageTransition
from policycomm.orgs.models import Organisation

from .coverage import PolicyCoverage, assess, with_coverage_facts
from .models import CoverageStatus, CoverageTally

S = CoverageStatus.State
BATCH = 2000
COUNTED = (S.COVERED, S.FAILING)
#: Above this many policies at once, the tallies are rebuilt in SQL rather than moved by deltas.
DELTA_MAX = 200
SEGMENT = 9  # one organisation in a path: eight digits and a dot

TallyKey = tuple[str, int, bool, int, int]  # path, depth, own, year, half


def _keys(path: str, year: int | None, half: int | None) -> list[TallyKey]:
    """The tally rows one counted policy adds to: each ancestor's subtree (the body included) and the
    body's own row, for every year, its year and its half."""
    periods = [(0, 0)] + ([(year, 0), (year, half or 0)] if year else [])
    depth = len(path) // SEGMENT
    keys: list[TallyKey] = [(path[: SEGMENT * d], d, False, y, h) for d in range(1, depth + 1) for y, h in periods]
    keys += [(path, depth, True, y, h) for y, h in periods]
    return keys


def _add(deltas: dict[TallyKey, list[int]], row: CoverageStatus | Mapping[str, Any], sign: int) -> None:
    """Count ``row`` (a status, or its values) into the tally moves, with ``sign`` +1 or -1."""
    v: Mapping[str, Any] = (
        row
        if isinstance(row, Mapping)
        else {k: getattr(row, k) for k in ("state", "body_path", "adopted_year", "adopted_half")}
    )
    if v["state"] not in COUNTED:
        return
    covered = 1 if v["state"] == S.COVERED else 0
    for key in _keys(str(v["body_path"]), v["adopted_year"], v["adopted_half"]):
        d = deltas.setdefault(key, [0, 0])
        d[0] += sign
        d[1] += sign * covered


def _apply(deltas: dict[TallyKey, list[int]]) -> None:
    moves = {k: v for k, v in deltas.items() if v != [0, 0]}
    if not moves:
        return
    CoverageTally.objects.bulk_create(
        [CoverageTally(path=p, depth=d, own=o, year=y, half=h) for p, d, o, y, h in moves],
        ignore_conflicts=True,
    )
    for (p, _d, o, y, h), (n, c) in moves.items():
        CoverageTally.objects.filter(path=p, own=o, year=y, half=h).update(
            counted=F("counted") + n, covered=F("covered") + c
        )


def tally_rebuild() -> int:
    """Recompute every tally from the stored status, in SQL. Returns the number of rows."""
    base = CoverageStatus.objects.filter(state__in=COUNTED)
    sums = {"n": Count("pk"), "c": Count("pk", filter=Q(state=S.COVERED))}
    longest = base.aggregate(m=Max(Length("body_path")))["m"] or 0
    rows: list[CoverageTally] = []
    levels: list[tuple[bool, int]] = [(True, 0)] + [(False, d) for d in range(1, longest // SEGMENT + 1)]
    for own, depth in levels:
        qs = base if own else base.annotate(length=Length("body_path")).filter(length__gte=SEGMENT * depth)
        key = F("body_path") if own else Substr("body_path", 1, SEGMENT * depth)
        for fields in ((), ("adopted_year",), ("adopted_year", "adopted_half")):
            for g in qs.annotate(k=key).values("k", *fields).annotate(**sums):
                path = g["k"]
                rows.append(
                    CoverageTally(
                        path=path,
                        depth=len(path) // SEGMENT,
                        own=own,
                        year=g.get("adopted_year") or 0,
                        half=g.get("adopted_half") or 0,
                        counted=g["n"],
                        covered=g["c"],
                    )
                )
    with transaction.atomic():
        CoverageTally.objects.all().delete()
        CoverageTally.objects.bulk_create(rows, batch_size=2000)
        if connection.vendor == "sqlite":
            # SQLite plans from statistics only once they are gathered: without them it takes the path
            # index for a national subtree (every row) over the one by depth. PostgreSQL's autovacuum does this.
            with connection.cursor() as cur:
                for model in (CoverageTally, CoverageStatus):
                    cur.execute(f'ANALYZE "{model._meta.db_table}"')
    return len(rows)


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
    by_delta = ids is not None and len(ids) <= DELTA_MAX
    deltas: dict[TallyKey, list[int]] = {}
    fields = ("state", "body_path", "adopted_year", "adopted_half")
    with transaction.atomic():
        pks = list(base.values_list("pk", flat=True)) if ids is None else ids
        for i in range(0, len(pks), BATCH):
            chunk = pks[i : i + BATCH]
            if by_delta:
                for old in CoverageStatus.objects.filter(policy_id__in=chunk).values(*fields):
                    _add(deltas, old, -1)
            rows = [_status(assess(p), now) for p in with_coverage_facts(base.filter(pk__in=chunk))]
            if by_delta:
                for row in rows:
                    _add(deltas, row, +1)
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
        if by_delta:
            _apply(deltas)
        else:
            tally_rebuild()
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
    deltas: dict[TallyKey, list[int]] = {}
    for old in CoverageStatus.objects.filter(policy_id=instance.pk).values(
        "state", "body_path", "adopted_year", "adopted_half"
    ):
        _add(deltas, old, -1)  # the status goes with the policy; so does its share of the tallies
    _apply(deltas)


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
        tally_rebuild()


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
