"""Who sets report periods, drafts, submits, reviews and consolidates periodic reports (capabilities).

- A body's report is drafted by the drafters, leaders and monitors of the body, or of an office or
  department directly under it that advises it (the ward's report is written in the office of the
  HĐND & UBND); its leader there submits it.
- The period's standing body (Sở Tư pháp; at commune level the office of the HĐND & UBND) and the
  monitors who reach the setting body review the units' reports, see who is late and consolidate.
- The setting body's own (consolidated) report is reviewed by the body above it in the tree.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from policycomm.orgs.access import UserLike, is_superuser, memberships, org_filter, reaches
from policycomm.orgs.models import Organisation, Role
from policycomm.plans.access import ADVISERS

from .models import Commendation, GoodModel, PeriodReport, ReportPeriod

DRAFT_ROLES = frozenset({Role.DRAFTER, Role.LEADER, Role.MONITOR, Role.ADMIN})
SUBMIT_ROLES = frozenset({Role.LEADER, Role.ADMIN})
MONITORS = frozenset({Role.MONITOR, Role.ADMIN})


def _authenticated(user: UserLike) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def acts_for(user: UserLike, org: Organisation, roles: frozenset[str]) -> bool:
    """The user holds one of ``roles`` in ``org`` or in an advising body directly under it."""
    if is_superuser(user):
        return True
    return any(
        m.role in roles
        and (m.organisation_id == org.pk or (m.organisation.parent_id == org.pk and m.organisation.kind in ADVISERS))
        for m in memberships(user)
    )


def _acting_ids(user: UserLike) -> set[int]:
    ids: set[int] = set()
    for m in memberships(user):
        ids.add(m.organisation_id)
        if m.organisation.kind in ADVISERS and m.organisation.parent_id:
            ids.add(m.organisation.parent_id)
    return ids


def default_standing_body(org: Organisation) -> Organisation:
    """The body that compiles the reports of ``org``'s subtree: Sở Tư pháp under a province, the office of
    the HĐND & UBND under a commune, the body itself elsewhere (a ministry, a department)."""
    children = list(org.children.filter(is_active=True).order_by("path"))
    if org.level != "commune":
        for c in children:
            if c.kind == Organisation.Kind.DEPARTMENT and (c.short_name == "STP" or c.name.startswith("Sở Tư pháp")):
                return c
    for c in children:
        if c.kind == Organisation.Kind.OFFICE:
            return c
    return org


def default_units(org: Organisation) -> list[Organisation]:
    """The direct reporting units under a body: its active children except councils and residential groups."""
    skip = {Organisation.Kind.PBGDPL_COUNCIL, Organisation.Kind.RESIDENTIAL_GROUP}
    return list(org.children.filter(is_active=True).exclude(kind__in=skip).order_by("path"))


def can_set_period(user: UserLike, org: Organisation) -> bool:
    """Monitors reaching the body, and the staff of its standing body, set its report periods."""
    if not _authenticated(user):
        return False
    if is_superuser(user) or reaches(user, org.path, MONITORS):
        return True
    standing = default_standing_body(org)
    return any(m.organisation_id == standing.pk and m.role in DRAFT_ROLES for m in memberships(user))


def can_review_period(user: UserLike, period: ReportPeriod) -> bool:
    """Reviews, follows up and consolidates the units' reports of the period."""
    if not _authenticated(user):
        return False
    if is_superuser(user) or reaches(user, period.organisation.path, MONITORS):
        return True
    return period.standing_body_id is not None and any(
        m.organisation_id == period.standing_body_id and m.role in DRAFT_ROLES for m in memberships(user)
    )


def can_draft_report(user: UserLike, report: PeriodReport) -> bool:
    if not _authenticated(user):
        return False
    if report.organisation_id == report.period.organisation_id:
        return can_review_period(user, report.period)
    return acts_for(user, report.organisation, DRAFT_ROLES)


def can_start_report(user: UserLike, period: ReportPeriod, org: Organisation) -> bool:
    probe = PeriodReport(organisation=org, period=period)
    return can_draft_report(user, probe)


def can_submit_report(user: UserLike, report: PeriodReport) -> bool:
    """The leader approves and sends the report upward."""
    if not _authenticated(user):
        return False
    if acts_for(user, report.organisation, SUBMIT_ROLES):
        return True
    period = report.period
    return (
        report.organisation_id == period.organisation_id
        and period.standing_body_id is not None
        and any(m.organisation_id == period.standing_body_id and m.role in SUBMIT_ROLES for m in memberships(user))
    )


def can_review_report(user: UserLike, report: PeriodReport) -> bool:
    """Accepts or returns a submitted report: the period's reviewers, or for the consolidated report the body above."""
    if not _authenticated(user):
        return False
    if report.organisation_id != report.period.organisation_id:
        return can_review_period(user, report.period)
    parent = report.organisation.parent
    if parent is None:
        return is_superuser(user)
    return acts_for(user, parent, DRAFT_ROLES) or reaches(user, parent.path, MONITORS)


def periods_for_user(user: UserLike) -> QuerySet[ReportPeriod]:
    if is_superuser(user):
        return ReportPeriod.objects.all()
    if not _authenticated(user):
        return ReportPeriod.objects.none()
    ids = _acting_ids(user)
    q = (
        org_filter(user, "organisation")
        | Q(organisation_id__in=ids)
        | Q(standing_body_id__in=ids)
        | Q(units__in=ids)
        | Q(organisation__parent_id__in=ids)
    )
    return ReportPeriod.objects.filter(pk__in=ReportPeriod.objects.filter(q).values("pk"))


def reports_for_user(user: UserLike) -> QuerySet[PeriodReport]:
    if is_superuser(user):
        return PeriodReport.objects.all()
    if not _authenticated(user):
        return PeriodReport.objects.none()
    ids = _acting_ids(user)
    q = (
        org_filter(user, "organisation")
        | Q(organisation_id__in=ids)
        | Q(period__standing_body_id__in=ids)
        | org_filter(user, "period__organisation", MONITORS)
        | Q(organisation__parent_id__in=ids, period__organisation=F("organisation"))
    )
    return PeriodReport.objects.filter(q)


def get_period_for_user(user: UserLike, pk: int) -> ReportPeriod:
    try:
        return periods_for_user(user).select_related("organisation", "standing_body").get(pk=pk)
    except (ReportPeriod.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy kỳ báo cáo.")) from None


def get_report_for_user(user: UserLike, pk: int, *, write: bool = False) -> PeriodReport:
    """A periodic report the user reads (404 otherwise); ``write``: 403 unless they may act on it."""
    try:
        report = (
            reports_for_user(user)
            .select_related(
                "organisation__admin_unit", "organisation__parent", "period__organisation", "period__standing_body"
            )
            .get(pk=pk)
        )
    except (PeriodReport.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy báo cáo.")) from None
    if write and not (
        can_draft_report(user, report) or can_submit_report(user, report) or can_review_report(user, report)
    ):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem báo cáo này."))
    return report


def can_view_reports(user: UserLike) -> bool:
    """The menu entry: any staff member with a period in reach."""
    return is_superuser(user) or (_authenticated(user) and bool(memberships(user)))


# -- good models and commendations ----------------------------------------------------------------------
def can_record_good_model(user: UserLike, org: Organisation) -> bool:
    return _authenticated(user) and (acts_for(user, org, DRAFT_ROLES) or reaches(user, org.path, MONITORS))


def can_propose_commendation(user: UserLike, org: Organisation) -> bool:
    """The standing body of the level (and monitors reaching it) proposes commendations on its behalf."""
    return can_set_period(user, org)


def can_decide_commendation(user: UserLike, c: Commendation) -> bool:
    """A leader of the level or of its standing body decides; never the one who proposed it."""
    if not _authenticated(user) or c.proposed_by_id == getattr(user, "pk", None):
        return False
    if is_superuser(user):
        return True
    standing = default_standing_body(c.organisation)
    return any(
        m.role == Role.LEADER and m.organisation_id in (c.organisation_id, standing.pk) for m in memberships(user)
    )


def _recognition_scope(user: UserLike, field: str) -> Q:
    """The user's subtrees, the bodies they act for, and the subtrees of the levels whose standing body they staff."""
    q = org_filter(user, field) | Q(**{f"{field}_id__in": _acting_ids(user)})
    for org in period_setting_orgs(user):
        q |= Q(**{f"{field}__path__startswith": org.path})
    return q


def good_models_for_user(user: UserLike) -> QuerySet[GoodModel]:
    if is_superuser(user):
        return GoodModel.objects.all()
    return GoodModel.objects.filter(_recognition_scope(user, "organisation"))


def commendations_for_user(user: UserLike) -> QuerySet[Commendation]:
    if is_superuser(user):
        return Commendation.objects.all()
    return Commendation.objects.filter(_recognition_scope(user, "organisation"))


def get_commendation_for_user(user: UserLike, pk: int, *, write: bool = False) -> Commendation:
    try:
        c = commendations_for_user(user).select_related("organisation", "target_org", "person_org").get(pk=pk)
    except (Commendation.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy đề nghị khen thưởng.")) from None
    if write and not can_decide_commendation(user, c):
        raise PermissionDenied(_("Chỉ lãnh đạo (không phải người đề nghị) được quyết định khen thưởng."))
    return c


SETTING_KINDS = (Organisation.Kind.PEOPLES_COMMITTEE, Organisation.Kind.CENTRAL_AGENCY)


def period_setting_orgs(user: UserLike) -> list[Organisation]:
    """Bodies for which the user may set a report period (committees and central agencies)."""
    if not _authenticated(user):
        return []
    qs = Organisation.objects.filter(kind__in=SETTING_KINDS, is_active=True)
    if not is_superuser(user):
        near = _acting_ids(user) | {m.organisation.parent_id for m in memberships(user) if m.organisation.parent_id}
        qs = qs.filter(org_filter(user, "", MONITORS) | Q(pk__in=near))
    return [o for o in qs.order_by("path") if can_set_period(user, o)]


def recognition_orgs(user: UserLike) -> list[Organisation]:
    """Bodies whose good models the user may record."""
    if is_superuser(user):
        return list(Organisation.objects.filter(is_active=True).order_by("path"))
    qs = Organisation.objects.filter(org_filter(user, "") | Q(pk__in=_acting_ids(user)), is_active=True)
    return [o for o in qs.order_by("path") if can_record_good_model(user, o)]
