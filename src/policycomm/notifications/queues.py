"""The work queue on the staff home: per role, what waits for this person, each with where it is dealt with.

Sections (each one or two queries, whatever the number of rows):
- leader: material and translations of it waiting for their approval (``communication.access.can_approve_material``);
- drafter: consultations with comments to answer, nearest deadline first; documents past the
  usual time of their stage (``stages.USUAL_STAGE_DAYS``);
- drafter and communicator: planned communication activities past their date and not carried out;
- moderator: comments received in open consultations in the last ``MODERATION_DAYS``;
- monitor: recently adopted policies failing the coverage rule (``monitoring.coverage``);
- drafters and leaders: plan tasks led by their body or by the committee it advises, due within
  ``TASKS_AHEAD`` or overdue.

Other apps add sections with ``register_queue_section(name, builder)`` from their
``AppConfig.ready``: ``builder(user)`` returns a ``QueueSection`` or None. The periodic-reports
app adds the monitor's late reports this way (section ``late_reports``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypedDict

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.communication.models import Material, MaterialTranslation
from policycomm.communication.selectors import overdue_planned
from policycomm.communication.translations import language_info
from policycomm.consultation.models import Consultation
from policycomm.lawmaking.models import LegalDocument, StageTransition
from policycomm.lawmaking.rules import Stage
from policycomm.monitoring.coverage import assess, policies_in_scope
from policycomm.orgs.access import UserLike, is_superuser, memberships, org_filter, scope_paths
from policycomm.orgs.models import Role
from policycomm.plans.access import ADVISERS
from policycomm.plans.models import PlanTask, TaskBody

from .stages import USUAL_STAGE_DAYS

LIMIT = 10
MODERATION_DAYS = 7
TASKS_AHEAD = dt.timedelta(days=30)
RECENT_ADOPTED = 100


class QueueItem(TypedDict):
    label: str
    detail: str
    url: str
    due: dt.date | None
    overdue: bool


class QueueSection(TypedDict):
    key: str
    title: str
    items: list[QueueItem]
    #: How many there are in all (the list shows ``LIMIT``), or ``LIMIT`` when ``capped``.
    total: int
    #: More than ``LIMIT`` and not counted: shown as "10+".
    capped: bool
    #: Where the whole list is (empty when the items are all there is).
    more_url: str


QueueBuilder = Callable[[UserLike], "QueueSection | None"]

_EXTRA: dict[str, QueueBuilder] = {}


def register_queue_section(name: str, builder: QueueBuilder) -> None:
    """Add a section to the work queue (another app's, e.g. late periodic reports for monitors)."""
    _EXTRA[name] = builder


def _roles(user: UserLike) -> set[str]:
    return {m.role for m in memberships(user)}


def _section(key: str, title: str, items: list[QueueItem], total: int | None = None, more: str = "") -> QueueSection:
    """A section; lists fetched with ``LIMIT + 1`` rows say "10+" rather than count the rest."""
    capped = total is None and len(items) > LIMIT
    return {
        "key": key,
        "title": title,
        "items": items[:LIMIT],
        "total": min(len(items), LIMIT) if total is None else total,
        "capped": capped,
        "more_url": more,
    }


def approvals(user: UserLike) -> QueueSection:
    bodies = [m.organisation_id for m in memberships(user) if m.role == Role.LEADER]
    rows = (
        Material.objects.filter(status=Material.Status.SUBMITTED, policy__document__drafting_body_id__in=bodies)
        .exclude(submitted_by_id=user.pk)
        .select_related("policy")
        .order_by("submitted_at", "pk")[: LIMIT + 1]
    )
    items: list[QueueItem] = [
        {
            "label": m.title,
            "detail": _("Chính sách: %(p)s") % {"p": m.policy.title},
            "url": reverse("backoffice:material", args=[m.pk]),
            "due": None,
            "overdue": False,
        }
        for m in rows
    ]
    translations = (
        MaterialTranslation.objects.filter(
            status=MaterialTranslation.Status.SUBMITTED, material__policy__document__drafting_body_id__in=bodies
        )
        .exclude(submitted_by_id=user.pk)
        .select_related("material")
        .order_by("submitted_at", "pk")[: LIMIT + 1]
    )
    items += [
        {
            "label": t.title,
            "detail": _("Bản dịch (%(lang)s) của tài liệu: %(m)s")
            % {"lang": language_info(t.language)["name_translated"], "m": t.material.title},
            "url": reverse("backoffice:translation", args=[t.material_id, t.language]),
            "due": None,
            "overdue": False,
        }
        for t in translations
    ]
    return _section("approvals", _("Tài liệu chờ bạn phê duyệt"), items)


def comments_to_answer(user: UserLike) -> QueueSection:
    rows = (
        Consultation.objects.filter(org_filter(user, "document__drafting_body", {Role.DRAFTER}))
        .annotate(n_open=Count("comments", filter=Q(comments__disposition="", comments__hidden=False)))
        .filter(n_open__gt=0, dispositions_published_at__isnull=True)
        .order_by("closes_at", "pk")[: LIMIT + 1]
    )
    now = timezone.now()
    items: list[QueueItem] = [
        {
            "label": c.title,
            "detail": _("%(n)d ý kiến chưa tiếp thu, giải trình") % {"n": c.n_open},
            "url": reverse("backoffice:consultation", args=[c.pk]),
            "due": timezone.localdate(c.closes_at),
            "overdue": c.closes_at <= now,
        }
        for c in rows
    ]
    return _section("comments", _("Ý kiến cần tiếp thu, giải trình"), items)


def stage_deadlines(user: UserLike) -> QueueSection:
    entered = (
        StageTransition.objects.filter(document=OuterRef("pk"), to_stage=OuterRef("stage"))
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    docs = (
        LegalDocument.objects.filter(
            org_filter(user, "drafting_body", {Role.DRAFTER}), stage__in=list(USUAL_STAGE_DAYS)
        )
        .annotate(entered_at=Subquery(entered))
        .order_by("entered_at", "pk")[:200]
    )
    now = timezone.now()
    items: list[QueueItem] = []
    for d in docs:
        entered_at = d.entered_at
        if entered_at is None:
            continue
        due_at = entered_at + dt.timedelta(days=USUAL_STAGE_DAYS[d.stage])
        if due_at - now > dt.timedelta(days=7):
            continue
        items.append(
            {
                "label": d.title,
                "detail": _("Giai đoạn “%(stage)s”, thường lệ %(days)d ngày")
                % {"stage": Stage(d.stage).label, "days": USUAL_STAGE_DAYS[d.stage]},
                "url": reverse("backoffice:document", args=[d.pk]),
                "due": timezone.localdate(due_at),
                "overdue": due_at <= now,
            }
        )
    return _section("deadlines", _("Hạn của văn bản"), items)


def moderation(user: UserLike) -> QueueSection:
    now = timezone.now()
    rows = (
        Consultation.objects.filter(
            org_filter(user, "document__drafting_body", {Role.MODERATOR}), opens_at__lte=now, closes_at__gt=now
        )
        .annotate(
            n_new=Count(
                "comments",
                filter=Q(comments__hidden=False, comments__created_at__gte=now - dt.timedelta(days=MODERATION_DAYS)),
            )
        )
        .filter(n_new__gt=0)
        .order_by("closes_at", "pk")[: LIMIT + 1]
    )
    items: list[QueueItem] = [
        {
            "label": c.title,
            "detail": _("%(n)d ý kiến mới trong %(d)d ngày qua") % {"n": c.n_new, "d": MODERATION_DAYS},
            "url": reverse("backoffice:consultation", args=[c.pk]),
            "due": timezone.localdate(c.closes_at),
            "overdue": False,
        }
        for c in rows
    ]
    return _section("moderation", _("Ý kiến mới cần kiểm duyệt"), items)


def failing_policies(user: UserLike) -> QueueSection:
    """Adopted policies failing the coverage rule, among the ``RECENT_ADOPTED`` adopted last (the home page
    stays cheap at any size; the monitoring page has them all)."""
    recent = (
        policies_in_scope(user)
        .filter(document__stage=Stage.ADOPTED)
        .order_by("-document__updated_at", "-pk")[:RECENT_ADOPTED]
    )
    failing = [r for r in (assess(p) for p in recent) if r.adopted_on is not None and not r.covered]
    items: list[QueueItem] = [
        {
            "label": r.policy.title,
            "detail": r.problems[0] if r.problems else "",
            "url": reverse("backoffice:policy", args=[r.policy.pk]),
            "due": None,
            "overdue": True,
        }
        for r in failing[:LIMIT]
    ]
    return _section(
        "failing",
        _("Chính sách mới thông qua chưa đạt yêu cầu truyền thông"),
        items,
        len(failing),
        reverse("backoffice:monitoring"),
    )


def answered_bodies(user: UserLike) -> set[int]:
    """The bodies whose plan tasks this person answers for: their own (as drafter or leader), and the
    committee an office, department or council of theirs advises (``plans.access.ADVISERS``)."""
    own = [m for m in memberships(user) if m.role in (Role.DRAFTER, Role.LEADER)]
    bodies = {m.organisation_id for m in own}
    bodies |= {m.organisation.parent_id for m in own if m.organisation.kind in ADVISERS and m.organisation.parent_id}
    return bodies


def tasks_due(user: UserLike) -> QueueSection:
    bodies = answered_bodies(user)
    today = timezone.localdate()
    leading = TaskBody.objects.filter(role=TaskBody.Role.LEAD, organisation_id__in=bodies).values("task_id")
    rows = (
        PlanTask.objects.filter(pk__in=leading, due_on__isnull=False, due_on__lte=today + TASKS_AHEAD)
        .exclude(status=PlanTask.Status.DONE)
        .select_related("plan")
        .order_by("due_on", "pk")[: LIMIT + 1]
    )
    items: list[QueueItem] = [
        {
            "label": (f"{t.number} " if t.number else "") + t.text[:160],
            "detail": t.plan.title[:160],
            "url": reverse("backoffice:task_report", args=[t.pk]),
            "due": t.due_on,
            "overdue": t.due_on is not None and t.due_on < today,
        }
        for t in rows
    ]
    return _section("tasks", _("Nhiệm vụ kế hoạch đến hạn"), items)


def planned_overdue(user: UserLike) -> QueueSection:
    """Planned communication activities past their date, of the policies drafted in the user's subtree."""
    prefixes = None if is_superuser(user) else scope_paths(user, {Role.DRAFTER, Role.COMMUNICATOR})
    rows = overdue_planned(prefixes)[: LIMIT + 1]
    items: list[QueueItem] = [
        {
            "label": p.channel,
            "detail": _("%(form)s — chính sách: %(policy)s") % {"form": p.get_form_display(), "policy": p.policy.title},
            "url": f"{reverse('backoffice:policy', args=[p.policy_id])}#du-kien-{p.pk}",
            "due": p.planned_on,
            "overdue": True,
        }
        for p in rows
    ]
    return _section("planned_overdue", _("Hoạt động truyền thông dự kiến đã quá hạn"), items)


def work_queue(user: UserLike) -> list[QueueSection]:
    """The sections for this person's roles, each possibly empty (the page says so)."""
    roles = _roles(user)
    admin = is_superuser(user)
    sections: list[QueueSection] = []
    if Role.LEADER in roles:
        sections.append(approvals(user))
    if Role.DRAFTER in roles or admin:
        sections.append(comments_to_answer(user))
        sections.append(stage_deadlines(user))
    if roles & {Role.DRAFTER, Role.COMMUNICATOR} or admin:
        sections.append(planned_overdue(user))
    if Role.MODERATOR in roles:
        sections.append(moderation(user))
    if Role.MONITOR in roles:
        sections.append(failing_policies(user))
    for builder in _EXTRA.values():
        extra = builder(user)
        if extra is not None:
            sections.append(extra)
    if roles & {Role.DRAFTER, Role.LEADER}:
        sections.append(tasks_due(user))
    return sections
