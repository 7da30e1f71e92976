from __future__ import annotations

from typing import Any

from django.db import models

from policycomm.orgs.access import Actor

from .models import AuditEvent


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organisation_id: int | None = None,
    note: str = "",
) -> AuditEvent:
    """Write one audit event. Call inside the service's transaction."""
    actor_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    label = getattr(actor, "username", "") if actor_id else "công dân"
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_label=label,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        organisation_id=organisation_id,
        before=before,
        after=after,
        note=note,
    )
