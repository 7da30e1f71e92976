"""Access functions for consultations and comments (house rule 2)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from policycomm.orgs.access import ALL_STAFF_ROLES, UserLike, org_filter, reaches
from policycomm.orgs.models import Role

from .models import Comment, Consultation

PROCESS_ROLES = frozenset({Role.DRAFTER, Role.ADMIN})
MODERATE_ROLES = frozenset({Role.MODERATOR, Role.DRAFTER, Role.ADMIN})


def consultations_for_user(user: UserLike) -> QuerySet[Consultation]:
    """Prefetch: document and its drafting body."""
    return Consultation.objects.filter(org_filter(user, "document__drafting_body", ALL_STAFF_ROLES)).select_related(
        "document__drafting_body"
    )


def get_consultation_for_user(user: UserLike, pk: int, *, write: bool = False) -> Consultation:
    try:
        c = consultations_for_user(user).get(pk=pk)
    except (Consultation.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy đợt lấy ý kiến.") from None
    if write and not reaches(user, c.document.drafting_body.path, PROCESS_ROLES):
        raise PermissionDenied("Vai trò của bạn chỉ được xem đợt lấy ý kiến này.")
    return c


def get_comment_for_user(
    user: UserLike, pk: int, *, write: bool = False, roles: frozenset[str] = PROCESS_ROLES
) -> Comment:
    try:
        c = (
            Comment.objects.filter(org_filter(user, "consultation__document__drafting_body", ALL_STAFF_ROLES))
            .select_related("consultation__document__drafting_body")
            .get(pk=pk)
        )
    except (Comment.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy ý kiến.") from None
    if write and not reaches(user, c.consultation.document.drafting_body.path, roles):
        raise PermissionDenied("Vai trò của bạn không được xử lý ý kiến này.")
    return c
