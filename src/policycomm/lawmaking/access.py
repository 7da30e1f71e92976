"""Who may do what with documents and policies (house rule 2).

Views use these to fetch objects and to show or hide buttons; services use the same functions
to enforce.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from policycomm.orgs.access import ALL_STAFF_ROLES, UserLike, is_superuser, org_filter, reaches, scope_paths
from policycomm.orgs.models import Organisation, Role

from .models import DossierFile, DraftPolicy, LegalDocument

WRITE_ROLES = frozenset({Role.DRAFTER, Role.ADMIN})


def can_register_document(user: UserLike) -> bool:
    """Drafters register documents (for a body in their subtree)."""
    return is_superuser(user) or bool(scope_paths(user, WRITE_ROLES))


def drafting_bodies_for(user: UserLike) -> list[Organisation]:
    """Bodies the user may register a document for: every body of their drafting subtrees."""
    qs = Organisation.objects.all()
    if not is_superuser(user):
        qs = qs.filter(org_filter(user, "", WRITE_ROLES))
    return list(qs.order_by("path"))


def can_draft_for(user: UserLike, body: Organisation) -> bool:
    """Write documents, policies, sections, material and dispositions for a drafting body."""
    return reaches(user, body.path, WRITE_ROLES)


def can_write_document(user: UserLike, document: LegalDocument) -> bool:
    return can_draft_for(user, document.drafting_body)


def can_write_policy(user: UserLike, policy: DraftPolicy) -> bool:
    return can_draft_for(user, policy.document.drafting_body)


def documents_for_user(user: UserLike) -> QuerySet[LegalDocument]:
    """Documents whose drafting body lies in one of the user's subtrees.

    Prefetch: drafting body, issuing authority.
    """
    return LegalDocument.objects.filter(org_filter(user, "drafting_body", ALL_STAFF_ROLES)).select_related(
        "drafting_body", "issuing_authority"
    )


def get_document_for_user(user: UserLike, pk: int, *, write: bool = False) -> LegalDocument:
    try:
        doc = documents_for_user(user).get(pk=pk)
    except (LegalDocument.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy văn bản.")) from None
    if write and not can_write_document(user, doc):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem văn bản này."))
    return doc


def get_policy_for_user(user: UserLike, pk: int, *, write: bool = False) -> DraftPolicy:
    try:
        policy = (
            DraftPolicy.objects.filter(org_filter(user, "document__drafting_body", ALL_STAFF_ROLES))
            .select_related("document__drafting_body", "document__issuing_authority")
            .get(pk=pk)
        )
    except (DraftPolicy.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy chính sách.")) from None
    if write and not can_write_policy(user, policy):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem chính sách này."))
    return policy


def can_record_review(user: UserLike, document: LegalDocument) -> bool:
    """Record or correct the appraisal and examination reports a document received: its drafters."""
    return can_write_document(user, document)


def can_manage_dossier(user: UserLike, document: LegalDocument) -> bool:
    """Upload files to a document's dossier (hồ sơ dự thảo) or remove them: its drafters."""
    return can_write_document(user, document)


def get_dossier_file_for_user(user: UserLike, document: LegalDocument, pk: int) -> DossierFile:
    """A file of a document the user reaches (``get_document_for_user`` first); 404 for another document's."""
    try:
        return DossierFile.objects.get(pk=pk, document=document)
    except (DossierFile.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy tài liệu.")) from None
