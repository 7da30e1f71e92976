"""A policy's communication plan: the activities planned before they happen (writes).

A planned row is added, corrected and cancelled here; it is carried out by recording an activity with
``planned`` set (``services.activity_record``). Reads are in ``selectors.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.lawmaking.models import DraftPolicy
from policycomm.orgs.access import Actor
from policycomm.orgs.models import Organisation
from policycomm.textclean import clean_line, clean_text

from .access import can_plan_communication
from .models import Activity, PlannedActivity

NOTE_MAX = 2000
#: How far from today a plan may reach, either way (a plan is for the policy's life, not for decades).
HORIZON = dt.timedelta(days=5 * 366)


class PlannedFields(TypedDict):
    """What an officer writes on a row of the plan, cleaned."""

    form: str
    channel: str
    audience: str
    area: str
    lead_body: Organisation
    co_bodies: str
    planned_on: dt.date
    budget_line: str
    note: str


def lead_bodies(policy: DraftPolicy) -> QuerySet[Organisation]:
    """The bodies that may lead a planned activity: those of the drafting body's tree (its province or
    ministry), the press and the Fatherland Front included when they are in the tree."""
    root = policy.document.drafting_body.path[:9]
    return Organisation.objects.filter(path__startswith=root).order_by("path")


def _fields(
    *,
    policy: DraftPolicy,
    form: str,
    channel: str,
    audience: str,
    area: str,
    lead_body: Organisation | None,
    co_bodies: str,
    planned_on: dt.date | None,
    budget_line: str,
    note: str,
) -> PlannedFields:
    if policy.state_secret:
        raise DomainError(
            "state_secret", _("Chính sách có nội dung bí mật nhà nước, không truyền thông công khai."), status=409
        )
    channel, audience, area = clean_line(channel or ""), clean_line(audience or ""), clean_line(area or "")
    co_bodies, budget_line, note = clean_line(co_bodies or ""), clean_line(budget_line or ""), clean_text(note or "")
    errors: dict[str, tuple[str, str]] = {}
    if form not in Activity.Form.values:
        errors["form"] = ("invalid", _("Hình thức truyền thông không hợp lệ."))
    if not channel:
        errors["channel"] = ("required", _("Vui lòng nhập tên kênh."))
    for key, value, limit in (
        ("channel", channel, 200),
        ("audience", audience, 200),
        ("area", area, 200),
        ("co_bodies", co_bodies, 500),
        ("budget_line", budget_line, 300),
        ("note", note, NOTE_MAX),
    ):
        if len(value) > limit and key not in errors:
            errors[key] = ("too_long", _("Dài quá %(limit)d ký tự.") % {"limit": limit})
    if lead_body is None or not lead_bodies(policy).filter(pk=lead_body.pk).exists():
        errors["lead_body"] = ("invalid", _("Vui lòng chọn cơ quan chủ trì trong danh sách."))
    if planned_on is None:
        errors["planned_on"] = ("required", _("Vui lòng nhập ngày dự kiến."))
    elif abs(planned_on - timezone.localdate()) > HORIZON:
        errors["planned_on"] = ("out_of_range", _("Ngày dự kiến phải trong vòng 5 năm kể từ hôm nay."))
    if errors:
        raise DomainError(
            "invalid", _("Hoạt động dự kiến chưa lưu được, vui lòng sửa các mục được đánh dấu."), errors=errors
        )
    assert lead_body is not None and planned_on is not None
    return {
        "form": form,
        "channel": channel,
        "audience": audience,
        "area": area,
        "lead_body": lead_body,
        "co_bodies": co_bodies,
        "planned_on": planned_on,
        "budget_line": budget_line,
        "note": note,
    }


def _state(p: PlannedActivity) -> dict[str, Any]:
    return {
        "form": p.form,
        "channel": p.channel,
        "audience": p.audience,
        "area": p.area,
        "lead_body": p.lead_body_id,
        "co_bodies": p.co_bodies,
        "planned_on": p.planned_on.isoformat(),
        "budget_line": p.budget_line,
        "note": p.note,
        "cancelled": p.cancelled,
    }


def planned_save(
    *,
    actor: Actor,
    policy: DraftPolicy,
    planned: PlannedActivity | None = None,
    form: str,
    channel: str,
    lead_body: Organisation | None,
    planned_on: dt.date | None,
    audience: str = "",
    area: str = "",
    co_bodies: str = "",
    budget_line: str = "",
    note: str = "",
) -> PlannedActivity:
    """Add a row to the policy's communication plan, or correct one (``planned``) that is not cancelled."""
    if not can_plan_communication(actor, policy):
        raise DomainError(
            "forbidden", _("Bạn không có quyền lập kế hoạch truyền thông cho chính sách này."), status=403
        )
    if planned is not None and planned.policy_id != policy.pk:
        raise DomainError("not_found", _("Không tìm thấy hoạt động truyền thông dự kiến."), status=404)
    fields = _fields(
        policy=policy,
        form=form,
        channel=channel,
        audience=audience,
        area=area,
        lead_body=lead_body,
        co_bodies=co_bodies,
        planned_on=planned_on,
        budget_line=budget_line,
        note=note,
    )
    with transaction.atomic():
        if planned is None:
            row = PlannedActivity.objects.create(policy=policy, created_by=actor, **fields)
            before = None
        else:
            row = PlannedActivity.objects.select_for_update().get(pk=planned.pk)
            if row.cancelled:
                raise DomainError("cancelled", _("Hoạt động dự kiến này đã hủy, không sửa được."), status=409)
            before = _state(row)
            for key, value in fields.items():
                setattr(row, key, value)
            row.save()
        audit_record(
            actor=actor,
            action="planned_activity.save",
            obj=row,
            organisation_id=policy.document.drafting_body_id,
            before=before,
            after=_state(row),
        )
    return row


def planned_cancel(*, actor: Actor, planned: PlannedActivity, reason: str = "") -> PlannedActivity:
    """Cancel a planned activity that will not take place; one already carried out cannot be cancelled."""
    policy = planned.policy
    if not can_plan_communication(actor, policy):
        raise DomainError("forbidden", _("Bạn không có quyền sửa kế hoạch truyền thông này."), status=403)
    reason = clean_line(reason or "")
    if len(reason) > 300:
        raise DomainError("too_long", _("Lý do hủy dài quá 300 ký tự."), field="reason")
    with transaction.atomic():
        row = PlannedActivity.objects.select_for_update().get(pk=planned.pk)
        if row.cancelled:
            return row
        if row.done_activities.exists():
            raise DomainError("already_done", _("Hoạt động dự kiến này đã được thực hiện, không hủy được."), status=409)
        row.cancelled = True
        if reason:
            row.note = f"{row.note}\n{_('Lý do hủy')}: {reason}".strip()
        row.save(update_fields=["cancelled", "note"])
        audit_record(
            actor=actor,
            action="planned_activity.cancel",
            obj=row,
            organisation_id=policy.document.drafting_body_id,
            before={"cancelled": False},
            after={"cancelled": True},
            note=reason,
        )
    return row
