"""The deadlines the system watches out of the box: each function is a reminder source (``sources.py``).

- consultations closing within ``CLOSING_SOON`` with comments still unanswered → the drafting
  body's drafters and leaders;
- documents in a stage past its usual time (``stages.USUAL_STAGE_DAYS``) → the same people;
- plan tasks past their due date (within ``OVERDUE_LOOKBACK``) → the drafters and leaders of the
  task's lead bodies (those linked to an organisation), or of the plan's body when none is, and of
  the office or department that advises such a body (a ward office for the ward's committee);
- material submitted and waiting for approval → each leader who may approve it
  (``communication.access.can_approve_material``: the drafting body's leaders, not the submitter);
  likewise a translation of material (``translation_awaiting_approval``, the same kind);
- planned communication activities past their date and not carried out (within ``OVERDUE_LOOKBACK``,
  ``communication.selectors.overdue_planned``) → the drafting body's drafters, communicators and leaders,
  and the drafters and leaders of the lead body when it is another one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import override

from policycomm.communication.access import can_approve_material, can_review_translation
from policycomm.communication.models import Material, MaterialTranslation
from policycomm.communication.selectors import overdue_planned
from policycomm.communication.translations import language_info
from policycomm.consultation.models import Consultation
from policycomm.lawmaking.models import LegalDocument, StageTransition
from policycomm.lawmaking.rules import Stage
from policycomm.orgs.models import Membership, Organisation, Role
from policycomm.plans.access import ADVISERS
from policycomm.plans.models import PlanTask, TaskBody

from .models import Kind
from .sources import ReminderEvent, register_reminder_source, reminder_sources
from .stages import USUAL_STAGE_DAYS

CLOSING_SOON = dt.timedelta(days=3)
OVERDUE_LOOKBACK = dt.timedelta(days=60)
RESPONSIBLE = (Role.DRAFTER, Role.LEADER)


def _members(org_ids: Iterable[int], roles: Iterable[str] = RESPONSIBLE) -> dict[int, list[int]]:
    """User ids holding one of ``roles`` in exactly each organisation (one query)."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(organisation_id__in=set(org_ids), role__in=list(roles)).values_list(
        "organisation_id", "user_id"
    )
    for org_id, user_id in rows.order_by("organisation_id", "user_id"):
        if user_id not in found[org_id]:
            found[org_id].append(user_id)
    return found


def responsible_people(org_ids: Iterable[int]) -> dict[int, list[int]]:
    """User ids who answer for each organisation: its drafters and leaders, then those of the office or
    department that advises it (``plans.access.ADVISERS`` directly under it), as a committee's work is
    done in its office. Two queries."""
    ids = set(org_ids)
    advisers: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in Organisation.objects.filter(parent_id__in=ids, kind__in=ADVISERS).values_list(
        "pk", "parent_id"
    ):
        advisers[parent_id].append(pk)
    people = _members(ids | {a for found in advisers.values() for a in found})
    return {o: list(dict.fromkeys(u for body in (o, *advisers.get(o, [])) for u in people.get(body, []))) for o in ids}


def _fmt(value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def consultations_closing(now: dt.datetime) -> Iterator[ReminderEvent]:
    rows = list(
        Consultation.objects.filter(opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + CLOSING_SOON)
        .annotate(n_open=Count("comments", filter=Q(comments__disposition="", comments__hidden=False)))
        .filter(n_open__gt=0)
        .select_related("document")
    )
    people = _members(c.document.drafting_body_id for c in rows)
    for c in rows:
        recipients = tuple(people.get(c.document.drafting_body_id, []))
        if not recipients:
            continue
        yield ReminderEvent(
            key=f"consultation-closing:{c.pk}:{c.closes_at.isoformat()}",
            kind=Kind.CONSULTATION_CLOSING,
            recipients=recipients,
            title=_("Đợt lấy ý kiến “%(title)s” kết thúc lúc %(when)s") % {"title": c.title, "when": _fmt(c.closes_at)},
            body=_("Còn %(n)d ý kiến chưa được tiếp thu, giải trình.") % {"n": c.n_open},
            link=reverse("backoffice:consultation", args=[c.pk]),
        )


def documents_past_usual_time(now: dt.datetime) -> Iterator[ReminderEvent]:
    entered = (
        StageTransition.objects.filter(document=OuterRef("pk"), to_stage=OuterRef("stage"))
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    docs = list(LegalDocument.objects.filter(stage__in=list(USUAL_STAGE_DAYS)).annotate(entered_at=Subquery(entered)))
    late = [
        d
        for d in docs
        if d.entered_at is not None and now - d.entered_at > dt.timedelta(days=USUAL_STAGE_DAYS[d.stage])
    ]
    people = _members(d.drafting_body_id for d in late)
    for d in late:
        recipients = tuple(people.get(d.drafting_body_id, []))
        if not recipients:
            continue
        entered_at: dt.datetime = d.entered_at
        days = (now - entered_at).days
        yield ReminderEvent(
            key=f"stage-overdue:{d.pk}:{d.stage}:{entered_at.date().isoformat()}",
            kind=Kind.STAGE_OVERDUE,
            recipients=recipients,
            title=_("“%(title)s” đã ở giai đoạn “%(stage)s” %(days)d ngày")
            % {"title": d.title, "stage": Stage(d.stage).label, "days": days},
            body=_("Thời gian thường lệ của giai đoạn này là %(usual)d ngày (từ %(since)s).")
            % {"usual": USUAL_STAGE_DAYS[d.stage], "since": _fmt(entered_at)},
            link=reverse("backoffice:document", args=[d.pk]),
        )


def plan_tasks_overdue(now: dt.datetime) -> Iterator[ReminderEvent]:
    today = timezone.localdate(now)
    tasks = list(
        PlanTask.objects.filter(due_on__lt=today, due_on__gte=today - OVERDUE_LOOKBACK)
        .exclude(status=PlanTask.Status.DONE)
        .select_related("plan")
        .order_by("due_on", "pk")
    )
    leads: dict[int, list[int]] = defaultdict(list)
    for task_id, org_id in TaskBody.objects.filter(
        task__in=tasks, role=TaskBody.Role.LEAD, organisation__isnull=False
    ).values_list("task_id", "organisation_id"):
        leads[task_id].append(org_id)
    orgs = {t.plan.organisation_id for t in tasks} | {o for ids in leads.values() for o in ids}
    people = responsible_people(orgs)
    for t in tasks:
        bodies = leads.get(t.pk) or [t.plan.organisation_id]
        recipients = tuple(dict.fromkeys(u for o in bodies for u in people.get(o, [])))
        if not recipients:
            continue
        assert t.due_on is not None
        label = f"{t.number} " if t.number else ""
        yield ReminderEvent(
            key=f"task-overdue:{t.pk}:{t.due_on.isoformat()}",
            kind=Kind.TASK_OVERDUE,
            recipients=recipients,
            title=_("Nhiệm vụ %(label)squá hạn từ %(due)s") % {"label": label, "due": _fmt(t.due_on)},
            body=_("%(text)s — Kế hoạch: %(plan)s")
            % {"text": Truncator(t.text).words(30), "plan": Truncator(t.plan.title).words(20)},
            link=reverse("backoffice:task_report", args=[t.pk]),
        )


def material_awaiting_approval(now: dt.datetime) -> Iterator[ReminderEvent]:
    waiting = list(
        Material.objects.filter(status=Material.Status.SUBMITTED, submitted_at__isnull=False).select_related(
            "policy__document__drafting_body"
        )
    )
    leaders = _members((m.policy.document.drafting_body_id for m in waiting), [Role.LEADER])
    users = get_user_model().objects.in_bulk({u for ids in leaders.values() for u in ids})
    for m in waiting:
        candidates = [users[u] for u in leaders.get(m.policy.document.drafting_body_id, []) if u in users]
        recipients = tuple(u.pk for u in candidates if can_approve_material(u, m))
        if not recipients:
            continue
        assert m.submitted_at is not None
        yield ReminderEvent(
            key=f"material-approval:{m.pk}:{m.submitted_at.isoformat()}",
            kind=Kind.MATERIAL_APPROVAL,
            recipients=recipients,
            title=_("Tài liệu truyền thông “%(title)s” chờ phê duyệt") % {"title": m.title},
            body=_("Gửi phê duyệt lúc %(when)s; chính sách: %(policy)s.")
            % {"when": _fmt(m.submitted_at), "policy": m.policy.title},
            link=reverse("backoffice:material", args=[m.pk]),
        )


def planned_activities_overdue(now: dt.datetime) -> Iterator[ReminderEvent]:
    today = timezone.localdate(now)
    rows = list(overdue_planned(None, today=today).filter(planned_on__gte=today - OVERDUE_LOOKBACK))
    bodies = {p.policy.document.drafting_body_id for p in rows}
    communicators = _members(bodies, [Role.COMMUNICATOR])
    people = responsible_people(bodies | {p.lead_body_id for p in rows})
    for p in rows:
        body = p.policy.document.drafting_body_id
        recipients = tuple(
            dict.fromkeys([*people.get(body, []), *communicators.get(body, []), *people.get(p.lead_body_id, [])])
        )
        if not recipients:
            continue
        yield ReminderEvent(
            key=f"planned-overdue:{p.pk}:{p.planned_on.isoformat()}",
            kind=Kind.OTHER,
            recipients=recipients,
            title=_("Hoạt động truyền thông dự kiến ngày %(due)s chưa được thực hiện: %(activity)s")
            % {"due": _fmt(p.planned_on), "activity": p.channel},
            body=_(
                "Chính sách: %(policy)s. Cơ quan chủ trì: %(lead)s. Đã thực hiện thì ghi nhận hoạt động; không "
                "thực hiện nữa thì hủy trong kế hoạch."
            )
            % {"policy": p.policy.title, "lead": p.lead_body.name},
            link=f"{reverse('backoffice:policy', args=[p.policy_id])}#du-kien-{p.pk}",
        )


def translation_awaiting_approval(now: dt.datetime) -> Iterator[ReminderEvent]:
    waiting = list(
        MaterialTranslation.objects.filter(
            status=MaterialTranslation.Status.SUBMITTED, submitted_at__isnull=False
        ).select_related("material__policy__document__drafting_body")
    )
    leaders = _members((t.material.policy.document.drafting_body_id for t in waiting), [Role.LEADER])
    users = get_user_model().objects.in_bulk({u for ids in leaders.values() for u in ids})
    for t in waiting:
        body = t.material.policy.document.drafting_body_id
        candidates = [users[u] for u in leaders.get(body, []) if u in users]
        recipients = tuple(
            u.pk for u in candidates if can_review_translation(u, t.material) and u.pk != t.submitted_by_id
        )
        if not recipients:
            continue
        assert t.submitted_at is not None
        yield ReminderEvent(
            key=f"translation-approval:{t.pk}:{t.submitted_at.isoformat()}",
            kind=Kind.MATERIAL_APPROVAL,
            recipients=recipients,
            title=_("Bản dịch %(lang)s của tài liệu “%(title)s” chờ phê duyệt")
            % {"lang": language_info(t.language)["name_translated"], "title": t.material.title},
            body=_("Gửi phê duyệt lúc %(when)s; chính sách: %(policy)s.")
            % {"when": _fmt(t.submitted_at), "policy": t.material.policy.title},
            link=reverse("backoffice:translation", args=[t.material_id, t.language]),
        )


BUILTIN_SOURCES = {
    "consultation_closing": consultations_closing,
    "stage_overdue": documents_past_usual_time,
    "task_overdue": plan_tasks_overdue,
    "material_approval": material_awaiting_approval,
    "planned_overdue": planned_activities_overdue,
    "translation_approval": translation_awaiting_approval,
}


def register_builtin_sources() -> None:
    for name, source in BUILTIN_SOURCES.items():
        register_reminder_source(name, source)


def collect(now: dt.datetime) -> list[ReminderEvent]:
    """Every registered source's events, in Vietnamese."""
    events: list[ReminderEvent] = []
    with override("vi"):
        for source in reminder_sources().values():
            events.extend(source(now))
    return events
