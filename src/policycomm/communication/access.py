"""Who may do what with communication material and activities (house rule 2).

Views use these to fetch objects and to show or hide buttons; the services in ``services.py``
use the same functions to enforce.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from policycomm.lawmaking.access import can_write_policy
from policycomm.lawmaking.models import DraftPolicy
from policycomm.orgs.access import ALL_STAFF_ROLES, UserLike, holds_role_in, org_filter, reaches
from policycomm.orgs.models import Organisation, Role

from .models import Activity, Material, MaterialTranslation, PlannedActivity

ACTIVITY_ROLES = frozenset({Role.DRAFTER, Role.COMMUNICATOR, Role.ADMIN})
PUBLISH_ROLES = frozenset({Role.DRAFTER, Role.LEADER, Role.ADMIN})


def _body(material: Material) -> Organisation:
    return material.policy.document.drafting_body


def can_edit_material(user: UserLike, material_or_policy: Material | DraftPolicy) -> bool:
    """Drafters of the drafting body's subtree write (and submit) the policy's material."""
    policy = material_or_policy.policy if isinstance(material_or_policy, Material) else material_or_policy
    return can_write_policy(user, policy)


def can_review_material(user: UserLike, material: Material) -> bool:
    """Approve or return: a leader of exactly the drafting body (a leader elsewhere in the subtree may not)."""
    return holds_role_in(user, _body(material).pk, {Role.LEADER})


def can_approve_material(user: UserLike, material: Material) -> bool:
    """Review rights, and not one's own submission (four eyes)."""
    return can_review_material(user, material) and material.submitted_by_id != user.pk


def can_publish_material(user: UserLike, material: Material) -> bool:
    return reaches(user, _body(material).path, PUBLISH_ROLES)


def can_translate_material(user: UserLike, material: Material) -> bool:
    """Write and submit a translation: whoever writes the material (its drafters)."""
    return can_edit_material(user, material)


def can_review_translation(user: UserLike, material: Material) -> bool:
    """Approve or return a translation: whoever reviews the material (a leader of exactly the drafting body)."""
    return can_review_material(user, material)


def can_record_activity(user: UserLike, policy: DraftPolicy) -> bool:
    return reaches(user, policy.document.drafting_body.path, ACTIVITY_ROLES)


def get_material_for_user(user: UserLike, pk: int) -> Material:
    """404 outside the user's subtree; what the user may do with it is asked of the ``can_*`` functions."""
    try:
        return (
            Material.objects.filter(org_filter(user, "policy__document__drafting_body", ALL_STAFF_ROLES))
            .select_related("policy__document__drafting_body", "policy__document__issuing_authority")
            .select_related("submitted_by", "approved_by")
            .get(pk=pk)
        )
    except (Material.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy tài liệu truyền thông.")) from None


def get_translation_for_user(user: UserLike, material_pk: int, language: str) -> MaterialTranslation:
    """The material's translation in ``language``: 404 outside the user's subtree or when there is none."""
    material = get_material_for_user(user, material_pk)
    try:
        t = MaterialTranslation.objects.select_related("submitted_by", "approved_by").get(
            material=material, language=language
        )
    except MaterialTranslation.DoesNotExist:
        raise Http404(_("Tài liệu chưa có bản dịch bằng ngôn ngữ này.")) from None
    t.material = material
    return t


def activities_for_user(user: UserLike) -> QuerySet[Activity]:
    return Activity.objects.filter(org_filter(user, "policy__document__drafting_body", ALL_STAFF_ROLES)).select_related(
        "policy__document__drafting_body"
    )


def get_activity_for_user(user: UserLike, pk: int, *, write: bool = False) -> Activity:
    """404 outside the subtree; 403 on write for a role that does not record activities."""
    try:
        activity = activities_for_user(user).get(pk=pk)
    except (Activity.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy hoạt động truyền thông.")) from None
    if write and not can_record_activity(user, activity.policy):
        raise PermissionDenied(_("Vai trò của bạn không sửa được hoạt động truyền thông này."))
    return activity


def activities_in_scope(organisation: Organisation) -> QuerySet[Activity]:
    """Activities of policies drafted by the organisation or a body below it (what its plan's budget paid for)."""
    return Activity.objects.filter(policy__document__drafting_body__path__startswith=organisation.path).select_related(
        "policy"
    )


def can_plan_communication(user: UserLike, policy: DraftPolicy) -> bool:
    """Add, correct and cancel the rows of a policy's communication plan: those who record its activities."""
    return can_record_activity(user, policy)


def get_planned_for_user(user: UserLike, pk: int, *, write: bool = False) -> PlannedActivity:
    """A planned activity: 404 outside the user's subtree; 403 on write for a role that does not plan."""
    try:
        planned = (
            PlannedActivity.objects.filter(org_filter(user, "policy__document__drafting_body", ALL_STAFF_ROLES))
            .select_related("policy__document__drafting_body", "lead_body")
            .get(pk=pk)
        )
    except (PlannedActivity.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy hoạt động truyền thông dự kiến.")) from None
    if write and not can_plan_communication(user, planned.policy):
        raise PermissionDenied(_("Vai trò của bạn không sửa được kế hoạch truyền thông này."))
    return planned
