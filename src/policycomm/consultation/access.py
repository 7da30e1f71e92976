"""Who may do what in a consultation (house rule 2).

Views use these to fetch objects and to show or hide buttons and menu items; the services use
the same functions to enforce.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from policycomm.orgs.access import ALL_STAFF_ROLES, UserLike, is_superuser, org_filter, reaches, scope_paths
from policycomm.orgs.models import Role

from .models import AnalysisRun, Comment, Consultation, Event, Outreach, SocialCriticism, Statement, SynthesisReport

M = TypeVar("M", bound=Model)

PROCESS_ROLES = frozenset({Role.DRAFTER, Role.ADMIN})
MODERATE_ROLES = frozenset({Role.MODERATOR, Role.DRAFTER, Role.ADMIN})
REPORT_ROLES = PROCESS_ROLES | {Role.LEADER}


def _path(consultation: Consultation) -> str:
    return consultation.document.drafting_body.path


def can_process_consultation(user: UserLike, consultation: Consultation) -> bool:
    """Open windows, decide on comments, publish the answers, manage the statements put to the vote."""
    return reaches(user, _path(consultation), PROCESS_ROLES)


def can_dispose_comment(user: UserLike, comment: Comment) -> bool:
    return can_process_consultation(user, comment.consultation)


def can_moderate_comment(user: UserLike, comment_or_consultation: Comment | Consultation) -> bool:
    """Hide an abusive comment (never delete it), or show it again."""
    c = comment_or_consultation
    consultation = c.consultation if isinstance(c, Comment) else c
    return reaches(user, _path(consultation), MODERATE_ROLES)


def can_set_comment_visibility(user: UserLike, consultation: Consultation) -> bool:
    """Choose whether the consultation's comments show while the window is open (visible.py): the drafters."""
    return can_process_consultation(user, consultation)


def can_see_moderation_queue(user: UserLike) -> bool:
    """The moderator screen of visible comments: anyone holding a moderating role somewhere."""
    return is_superuser(user) or bool(scope_paths(user, MODERATE_ROLES))


def moderation_scope(user: UserLike) -> Q:
    """A ``Q`` on Comment: the comments of consultations the user may moderate."""
    return org_filter(user, "consultation__document__drafting_body", MODERATE_ROLES)


def can_request_report(user: UserLike, consultation: Consultation) -> bool:
    """Build the synthesis & explanation report: the drafters, and the leader who signs it."""
    return reaches(user, _path(consultation), REPORT_ROLES)


def can_publish_report(user: UserLike, consultation: Consultation) -> bool:
    """Publish a built synthesis report on the portal: whoever may build it (drafters, the signing leader)."""
    return reaches(user, _path(consultation), REPORT_ROLES)


def can_run_analysis(user: UserLike, consultation: Consultation) -> bool:
    return reaches(user, _path(consultation), REPORT_ROLES)


def can_manage_statements(user: UserLike, consultation: Consultation) -> bool:
    return can_process_consultation(user, consultation)


def consultations_for_user(user: UserLike) -> QuerySet[Consultation]:
    """Prefetch: document and its drafting body."""
    return Consultation.objects.filter(org_filter(user, "document__drafting_body", ALL_STAFF_ROLES)).select_related(
        "document__drafting_body"
    )


def get_consultation_for_user(user: UserLike, pk: int, *, write: bool = False) -> Consultation:
    try:
        c = consultations_for_user(user).get(pk=pk)
    except (Consultation.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy đợt lấy ý kiến.")) from None
    if write and not can_process_consultation(user, c):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem đợt lấy ý kiến này."))
    return c


def get_comment_for_user(user: UserLike, pk: int) -> Comment:
    """404 outside the subtree; ``can_dispose_comment`` / ``can_moderate_comment`` say what may be done."""
    try:
        return (
            Comment.objects.filter(org_filter(user, "consultation__document__drafting_body", ALL_STAFF_ROLES))
            .select_related("consultation__document__drafting_body")
            .get(pk=pk)
        )
    except (Comment.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy ý kiến.")) from None


def _of_consultation(model: type[M], user: UserLike, consultation_pk: int, pk: int, not_found: str) -> M:
    """An object of a consultation the user reaches (404 for either outside the subtree)."""
    c = get_consultation_for_user(user, consultation_pk)
    try:
        return model._default_manager.select_related("consultation__document__drafting_body").get(pk=pk, consultation=c)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(not_found) from None


def get_report_for_user(user: UserLike, consultation_pk: int, pk: int) -> SynthesisReport:
    return _of_consultation(SynthesisReport, user, consultation_pk, pk, _("Không tìm thấy báo cáo."))


def get_analysis_run_for_user(user: UserLike, consultation_pk: int, pk: int) -> AnalysisRun:
    return _of_consultation(AnalysisRun, user, consultation_pk, pk, _("Không tìm thấy lượt phân tích."))


def get_statement_for_user(user: UserLike, consultation_pk: int, pk: int, *, write: bool = False) -> Statement:
    st = _of_consultation(Statement, user, consultation_pk, pk, _("Không tìm thấy nhận định."))
    if write and not can_manage_statements(user, st.consultation):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem nhận định này."))
    return st


def can_manage_events(user: UserLike, consultation: Consultation) -> bool:
    """Create, correct and cancel the consultation's conferences and dialogues, record their attendance,
    minutes and the opinions voiced: the drafting body's drafters (as for every comment of the window)."""
    return can_process_consultation(user, consultation)


def get_event_for_user(user: UserLike, consultation_pk: int, pk: int, *, write: bool = False) -> Event:
    """An event of a consultation the user reaches (404 for either outside the subtree); 403 on write for a
    role that may only read. Registrations are read through it, so they stay inside the subtree too."""
    event = _of_consultation(Event, user, consultation_pk, pk, _("Không tìm thấy sự kiện."))
    if write and not can_manage_events(user, event.consultation):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem sự kiện này."))
    return event


def can_enter_comments(user: UserLike, consultation: Consultation) -> bool:
    """Record opinions received outside the portal (letters, calls, meetings, press, the Fatherland Front),
    import a spreadsheet of them, record the draft's outreach and the Front's social criticism: the drafters."""
    return can_process_consultation(user, consultation)


def get_criticism_for_user(user: UserLike, consultation_pk: int, pk: int, *, write: bool = False) -> SocialCriticism:
    sc = _of_consultation(SocialCriticism, user, consultation_pk, pk, _("Không tìm thấy văn bản phản biện xã hội."))
    if write and not can_enter_comments(user, sc.consultation):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem văn bản phản biện này."))
    return sc


def get_outreach_for_user(user: UserLike, consultation_pk: int, pk: int, *, write: bool = False) -> Outreach:
    o = _of_consultation(Outreach, user, consultation_pk, pk, _("Không tìm thấy nơi gửi lấy ý kiến."))
    if write and not can_enter_comments(user, o.consultation):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem nơi gửi lấy ý kiến này."))
    return o
