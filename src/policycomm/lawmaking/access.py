"""Access functions for documents and policies (house rule 2)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from policycomm.orgs.access import ALL_STAFF_ROLES, UserLike, org_filter, reaches
from policycomm.orgs.models import Role

from .models import DraftPolicy, LegalDocument

WRITE_ROLES = frozenset({Role.DRAFTER, Role.ADMIN})


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
        raise Http404("Không tìm thấy văn bản.") from None
    if write and not reaches(user, doc.drafting_body.path, WRITE_ROLES):
        raise PermissionDenied("Vai trò của bạn chỉ được xem văn bản này.")
    return doc


def get_policy_for_user(user: UserLike, pk: int, *, write: bool = False) -> DraftPolicy:
    try:
        policy = (
            DraftPolicy.objects.filter(org_filter(user, "document__drafting_body", ALL_STAFF_ROLES))
            .select_related("document__drafting_body", "document__issuing_authority")
            .get(pk=pk)
        )
    except (DraftPolicy.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy chính sách.") from None
    if write and not reaches(user, policy.document.drafting_body.path, WRITE_ROLES):
        raise PermissionDenied("Vai trò của bạn chỉ được xem chính sách này.")
    return policy
