"""Events the follow feature listens for, from the apps below it (which never call it).

A new ``DraftVersion`` row, and a consultation saved with its answers published
(``consultation.services.dispositions_publish`` sets ``dispositions_published_at``): once the writer's
transaction commits, a task makes the alerts and sends what is due at once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save


def _version_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        from .tasks import version_published

        transaction.on_commit(lambda pk=instance.pk: version_published.enqueue(pk))  # type: ignore[misc]


def _consultation_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if kwargs.get("raw") or instance.dispositions_published_at is None:
        return
    if fields is not None and "dispositions_published_at" not in fields:
        return
    from .tasks import answers_published

    transaction.on_commit(lambda pk=instance.pk: answers_published.enqueue(pk))  # type: ignore[misc]


def connect() -> None:
    from policycomm.consultation.models import Consultation
    from policycomm.lawmaking.models import DraftVersion

    post_save.connect(_version_saved, sender=DraftVersion, dispatch_uid="follow-version")
    post_save.connect(_consultation_saved, sender=Consultation, dispatch_uid="follow-answers")
