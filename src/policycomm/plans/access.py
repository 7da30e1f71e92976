"""Who sees and who writes plans.

A plan is written by drafters, leaders and monitors reaching its issuing body, or by those of an
advising body directly under it (the office, department or council that drafts the committee's
plans; a lower committee does not write its parent's plans). It is
read by everyone reaching the issuing body, and by the bodies below it: a plan issued above you
applies to you.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from policycomm.orgs.access import UserLike, is_superuser, memberships, org_filter, reaches
from policycomm.orgs.models import Organisation, Role

from .models import Plan, PlanTask

WRITERS = frozenset({Role.DRAFTER, Role.LEADER, Role.MONITOR, Role.ADMIN})
# Bodies that advise the committee above them and draft its plans (not a lower committee).
ADVISERS = frozenset({Organisation.Kind.DEPARTMENT, Organisation.Kind.OFFICE, Organisation.Kind.PBGDPL_COUNCIL})
REPORTERS = WRITERS | {Role.COMMUNICATOR}


def can_write_plan(user: UserLike, org: Organisation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if reaches(user, org.path, WRITERS):
        return True
    return any(
        m.role in WRITERS and m.organisation.parent_id == org.pk and m.organisation.kind in ADVISERS
        for m in memberships(user)
    )


def writable_organisations(user: UserLike) -> list[Organisation]:
    """Bodies on whose behalf the user may issue a plan."""
    if is_superuser(user):
        return list(Organisation.objects.filter(kind=Organisation.Kind.PEOPLES_COMMITTEE, is_active=True))
    orgs = {
        m.organisation.parent
        for m in memberships(user)
        if m.role in WRITERS and m.organisation.parent and m.organisation.kind in ADVISERS
    }
    orgs |= {m.organisation for m in memberships(user) if m.role in WRITERS}
    orgs |= set(Organisation.objects.filter(org_filter(user, "", WRITERS), kind=Organisation.Kind.PEOPLES_COMMITTEE))
    return sorted((o for o in orgs if o is not None and can_write_plan(user, o)), key=lambda o: o.path)


def plans_for_user(user: UserLike) -> QuerySet[Plan]:
    if is_superuser(user):
        return Plan.objects.all()
    above: set[int] = set()
    for m in memberships(user):
        above.update(int(p) for p in m.organisation.path.split(".") if p)
    return Plan.objects.filter(org_filter(user, "organisation") | Q(organisation_id__in=above))


def get_plan_for_user(user: UserLike, pk: int, *, write: bool = False) -> Plan:
    try:
        plan = plans_for_user(user).select_related("organisation__admin_unit", "parent").get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy kế hoạch.")) from None
    if write and not can_write_plan(user, plan.organisation):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem kế hoạch này."))
    return plan


def can_report(user: UserLike, task: PlanTask) -> bool:
    """The plan's writers, and the staff of a task's lead body, report its progress."""
    if can_write_plan(user, task.plan.organisation):
        return True
    return any(b.organisation is not None and reaches(user, b.organisation.path, REPORTERS) for b in task.leads)


# Bodies that issue a plan of their own under a higher one: a lower committee, or a department.
DERIVING_KINDS = frozenset({Organisation.Kind.PEOPLES_COMMITTEE, Organisation.Kind.DEPARTMENT})


def derivable_organisations(user: UserLike, plan: Plan) -> list[Organisation]:
    """Bodies below the plan's issuer for which the user may derive a plan now (those without one yet)."""
    qs = (
        Organisation.objects.filter(path__startswith=plan.organisation.path, kind__in=DERIVING_KINDS, is_active=True)
        .exclude(pk=plan.organisation_id)
        .exclude(pk__in=plan.children.values("organisation_id"))
        .order_by("path")
    )
    if not is_superuser(user):
        qs = qs.filter(pk__in=[o.pk for o in writable_organisations(user)])
    return list(qs)


def get_task_for_user(user: UserLike, pk: int) -> PlanTask:
    """A task of a plan the user may read (404 otherwise); ``can_report`` says whether they may report on it."""
    try:
        return PlanTask.objects.select_related("plan__organisation", "group").get(pk=pk, plan__in=plans_for_user(user))
    except (PlanTask.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy nhiệm vụ.")) from None


def can_see_derived_progress(user: UserLike, plan: Plan) -> bool:
    """The lower levels' progress shows to those who reach the issuing body, not to one ward about another."""
    return reaches(user, plan.organisation.path)
