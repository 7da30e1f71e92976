"""Model signals keeping the search index current, in the writer's transaction."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from policycomm.communication.models import Material
from policycomm.consultation.models import Comment, Consultation
from policycomm.lawmaking.models import DraftPolicy, LegalDocument, Section

from . import index
from .models import SearchEntry

K = SearchEntry.Kind


@receiver(post_save, sender=Consultation, dispatch_uid="search_consultation_saved")
def _consultation_saved(sender: Any, instance: Consultation, **kwargs: Any) -> None:
    index.reindex_consultation(instance)


@receiver(post_save, sender=LegalDocument, dispatch_uid="search_document_saved")
def _document_saved(sender: Any, instance: LegalDocument, created: bool, **kwargs: Any) -> None:
    if not created:
        index.sync_document(instance)


@receiver(post_save, sender=Section, dispatch_uid="search_section_saved")
def _section_saved(sender: Any, instance: Section, **kwargs: Any) -> None:
    index.sync_section(instance)


@receiver(post_save, sender=Material, dispatch_uid="search_material_saved")
def _material_saved(sender: Any, instance: Material, **kwargs: Any) -> None:
    index.sync_material(instance)


@receiver(post_save, sender=DraftPolicy, dispatch_uid="search_policy_saved")
def _policy_saved(sender: Any, instance: DraftPolicy, created: bool, **kwargs: Any) -> None:
    if not created:
        index.sync_policy_materials(instance.pk)


@receiver(post_save, sender=Comment, dispatch_uid="search_comment_saved")
def _comment_saved(sender: Any, instance: Comment, created: bool, **kwargs: Any) -> None:
    index.sync_comment(instance, created=created)


@receiver(post_delete, sender=Section, dispatch_uid="search_section_deleted")
def _section_deleted(sender: Any, instance: Section, **kwargs: Any) -> None:
    index.drop(K.SECTION, instance.pk)


@receiver(post_delete, sender=Material, dispatch_uid="search_material_deleted")
def _material_deleted(sender: Any, instance: Material, **kwargs: Any) -> None:
    index.drop(K.MATERIAL, instance.pk)


@receiver(post_delete, sender=Comment, dispatch_uid="search_comment_deleted")
def _comment_deleted(sender: Any, instance: Comment, **kwargs: Any) -> None:
    index.drop(K.ANSWER, instance.pk)
