"""Material workflow (draft → submitted → approved → published), its translations, and activity records."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.lawmaking.models import DraftPolicy
from policycomm.orgs.access import Actor
from policycomm.textclean import clean_line, clean_text

from .access import (
    can_edit_material,
    can_publish_material,
    can_record_activity,
    can_review_material,
    can_review_translation,
    can_translate_material,
)
from .models import Activity, Material, MaterialTranslation, PlannedActivity
from .translations import language_info, language_or_error

S = Material.Status


def _secret_refusal(material: Material) -> None:
    if material.state_secret or material.policy.state_secret:
        raise DomainError(
            "state_secret",
            _("Nội dung thuộc bí mật nhà nước không được công khai hay trình duyệt để công khai."),
            status=409,
        )


def _lock(material: Material) -> Material:
    return Material.objects.select_for_update().select_related("policy__document__drafting_body").get(pk=material.pk)


def _snapshot(m: Material) -> dict[str, Any]:
    return {"status": m.status, "state_secret": m.state_secret}


def material_save(
    *,
    actor: Actor,
    policy: DraftPolicy,
    material: Material | None = None,
    title: str,
    audience: str = "",
    part_need: str = "",
    part_content: str = "",
    part_changes: str = "",
    part_other: str = "",
    state_secret: bool = False,
) -> Material:
    if not can_edit_material(actor, policy):
        raise DomainError("forbidden", _("Bạn không có quyền soạn tài liệu cho chính sách này."), status=403)
    title, audience = clean_line(title), clean_line(audience)
    part_need, part_content = clean_text(part_need), clean_text(part_content)
    part_changes, part_other = clean_text(part_changes), clean_text(part_other)
    if not title:
        raise DomainError("title_required", _("Vui lòng nhập tiêu đề tài liệu."), field="title")
    with transaction.atomic():
        if material is None:
            material = Material(policy=policy, created_by=actor)
            before = None
        else:
            material = _lock(material)
            if not material.editable and not (state_secret and not material.state_secret):
                raise DomainError("not_editable", _("Tài liệu đã trình hoặc đã phê duyệt, không sửa được."), status=409)
            before = _snapshot(material)
        if state_secret and material.status == S.PUBLISHED:
            # Flagging published content as secret withdraws it at once.
            material.status = S.WITHDRAWN
            material.published_at = None
        if material.editable or material.pk is None:
            material.title = title
            material.audience = audience
            material.part_need, material.part_content = part_need, part_content
            material.part_changes, material.part_other = part_changes, part_other
        material.state_secret = state_secret
        material.save()
        audit_record(
            actor=actor,
            action="material.save",
            obj=material,
            organisation_id=policy.document.drafting_body_id,
            before=before,
            after=_snapshot(material),
        )
    return material


def material_submit(*, actor: Actor, material: Material) -> Material:
    if not can_edit_material(actor, material):
        raise DomainError("forbidden", _("Bạn không có quyền trình tài liệu này."), status=403)
    with transaction.atomic():
        m = _lock(material)
        _secret_refusal(m)
        if not m.editable:
            raise DomainError(
                "bad_status",
                _("Tài liệu đang ở trạng thái “%(status)s”, không trình được.") % {"status": m.get_status_display()},
                status=409,
            )
        missing = [str(label) for f, label, req in Material.PARTS if req and not getattr(m, f).strip()]
        if missing:
            raise DomainError(
                "part_missing",
                _("Chưa đủ nội dung bắt buộc: %(parts)s.") % {"parts": "; ".join(missing)},
                field=next(f for f, _l, req in Material.PARTS if req and not getattr(m, f).strip()),
            )
        before = _snapshot(m)
        m.status, m.submitted_by, m.submitted_at = S.SUBMITTED, actor, timezone.now()
        m.review_note = ""
        m.save()
        audit_record(
            actor=actor,
            action="material.submit",
            obj=m,
            organisation_id=m.policy.document.drafting_body_id,
            before=before,
            after=_snapshot(m),
        )
    return m


def _require_leader(actor: Actor, m: Material) -> None:
    if not can_review_material(actor, m):
        raise DomainError(
            "forbidden", _("Chỉ lãnh đạo của cơ quan chủ trì soạn thảo được phê duyệt tài liệu."), status=403
        )


def material_review(*, actor: Actor, material: Material, approve: bool, note: str = "") -> Material:
    with transaction.atomic():
        m = _lock(material)
        _require_leader(actor, m)
        if m.status != S.SUBMITTED:
            raise DomainError("bad_status", _("Tài liệu chưa được trình phê duyệt."), status=409)
        if approve:
            _secret_refusal(m)
        if approve and m.submitted_by_id == actor.pk:
            raise DomainError("four_eyes", _("Người trình tài liệu không tự phê duyệt được."), status=403)
        note = clean_text(note)
        if not approve and not note:
            raise DomainError("note_required", _("Vui lòng ghi lý do trả lại."), field="note")
        before = _snapshot(m)
        if approve:
            m.status, m.approved_by, m.approved_at = S.APPROVED, actor, timezone.now()
        else:
            m.status = S.RETURNED
        m.review_note = note
        m.save()
        audit_record(
            actor=actor,
            action="material.approve" if approve else "material.return",
            obj=m,
            organisation_id=m.policy.document.drafting_body_id,
            before=before,
            after=_snapshot(m),
            note=note,
        )
    return m


def material_publish(*, actor: Actor, material: Material) -> Material:
    if not can_publish_material(actor, material):
        raise DomainError("forbidden", _("Bạn không có quyền công khai tài liệu này."), status=403)
    with transaction.atomic():
        m = _lock(material)
        _secret_refusal(m)
        if m.status != S.APPROVED:
            raise DomainError("bad_status", _("Chỉ công khai được tài liệu đã được lãnh đạo phê duyệt."), status=409)
        before = _snapshot(m)
        m.status, m.published_at = S.PUBLISHED, timezone.now()
        m.save()
        audit_record(
            actor=actor,
            action="material.publish",
            obj=m,
            organisation_id=m.policy.document.drafting_body_id,
            before=before,
            after=_snapshot(m),
        )
    return m


T = MaterialTranslation.Status
#: The material's text no longer changes: a translation of it can be submitted and approved.
_FROZEN = (S.APPROVED, S.PUBLISHED)
_TEXT_FIELDS = ("title", "part_need", "part_content", "part_changes", "part_other")


def _translation_snapshot(t: MaterialTranslation) -> dict[str, Any]:
    return {"status": t.status, "language": t.language}


def _lock_translation(t: MaterialTranslation) -> MaterialTranslation:
    return (
        MaterialTranslation.objects.select_for_update()
        .select_related("material__policy__document__drafting_body")
        .get(pk=t.pk)
    )


def _source_frozen(m: Material) -> None:
    if m.status not in _FROZEN:
        raise DomainError(
            "material_not_approved",
            _("Chỉ trình và phê duyệt được bản dịch của tài liệu đã được phê duyệt: bản gốc không còn thay đổi."),
            status=409,
        )


def translation_save(
    *,
    actor: Actor,
    material: Material,
    language: str,
    translation: MaterialTranslation | None = None,
    title: str,
    part_need: str = "",
    part_content: str = "",
    part_changes: str = "",
    part_other: str = "",
) -> MaterialTranslation:
    """Write a translation (``translation`` None: add one in ``language``) or correct one not yet submitted.

    A material has one translation per language (a unique constraint): the same add form sent twice saves
    it once; adding a language that already has a different translation is refused.
    """
    if not can_translate_material(actor, material):
        raise DomainError("forbidden", _("Bạn không có quyền dịch tài liệu này."), status=403)
    lang = translation.language if translation is not None else language_or_error(language)
    _secret_refusal(material)
    fields = {
        "title": clean_line(title),
        "part_need": clean_text(part_need),
        "part_content": clean_text(part_content),
        "part_changes": clean_text(part_changes),
        "part_other": clean_text(part_other),
    }
    if not fields["title"]:
        raise DomainError("title_required", _("Vui lòng nhập tiêu đề bản dịch."), field="title")
    if len(fields["title"]) > MaterialTranslation._meta.get_field("title").max_length:  # type: ignore[operator]
        raise DomainError("title_too_long", _("Tiêu đề bản dịch dài quá 300 ký tự."), field="title")
    with transaction.atomic():
        if translation is None:
            t, created = MaterialTranslation.objects.get_or_create(
                material=material, language=lang, defaults={**fields, "created_by": actor}
            )
            if not created:
                if all(getattr(t, k) == v for k, v in fields.items()):
                    return t  # the same form sent again: already saved
                raise DomainError(
                    "translation_exists",
                    _("Tài liệu đã có bản dịch %(language)s; mở bản dịch đó để sửa.")
                    % {"language": language_info(lang)["name_local"]},
                    field="language",
                    status=409,
                )
            before = None
        else:
            t = _lock_translation(translation)
            if not t.editable:
                raise DomainError("not_editable", _("Bản dịch đã trình hoặc đã phê duyệt, không sửa được."), status=409)
            before = _translation_snapshot(t)
            for k, v in fields.items():
                setattr(t, k, v)
            t.save()
        audit_record(
            actor=actor,
            action="translation.save",
            obj=t,
            organisation_id=material.policy.document.drafting_body_id,
            before=before,
            after=_translation_snapshot(t),
        )
    return t


def translation_submit(*, actor: Actor, translation: MaterialTranslation) -> MaterialTranslation:
    """Send a translation to the leader; every part the original has must be translated."""
    if not can_translate_material(actor, translation.material):
        raise DomainError("forbidden", _("Bạn không có quyền trình bản dịch này."), status=403)
    with transaction.atomic():
        t = _lock_translation(translation)
        _secret_refusal(t.material)
        _source_frozen(t.material)
        if not t.editable:
            raise DomainError(
                "bad_status",
                _("Bản dịch đang ở trạng thái “%(status)s”, không trình được.") % {"status": t.get_status_display()},
                status=409,
            )
        missing = [f for f, _label, _req in Material.PARTS if getattr(t.material, f).strip() and not getattr(t, f)]
        if missing:
            labels = {f: label for f, label, _req in Material.PARTS}
            raise DomainError(
                "part_missing",
                _("Bản gốc có phần này nhưng bản dịch chưa có: %(parts)s.")
                % {"parts": "; ".join(str(labels[f]) for f in missing)},
                field=missing[0],
            )
        before = _translation_snapshot(t)
        t.status, t.submitted_by, t.submitted_at, t.review_note = T.SUBMITTED, actor, timezone.now(), ""
        t.save()
        audit_record(
            actor=actor,
            action="translation.submit",
            obj=t,
            organisation_id=t.material.policy.document.drafting_body_id,
            before=before,
            after=_translation_snapshot(t),
        )
    return t


def translation_review(
    *, actor: Actor, translation: MaterialTranslation, approve: bool, note: str = ""
) -> MaterialTranslation:
    """The leader approves (four eyes) or returns a translation; approved, it is public with its material."""
    with transaction.atomic():
        t = _lock_translation(translation)
        if not can_review_translation(actor, t.material):
            raise DomainError(
                "forbidden", _("Chỉ lãnh đạo của cơ quan chủ trì soạn thảo được phê duyệt bản dịch."), status=403
            )
        if t.status != T.SUBMITTED:
            raise DomainError("bad_status", _("Bản dịch chưa được trình phê duyệt."), status=409)
        if approve:
            _secret_refusal(t.material)
            _source_frozen(t.material)
            if t.submitted_by_id == actor.pk:
                raise DomainError("four_eyes", _("Người trình bản dịch không tự phê duyệt được."), status=403)
        note = clean_text(note)
        if not approve and not note:
            raise DomainError("note_required", _("Vui lòng ghi lý do trả lại."), field="note")
        before = _translation_snapshot(t)
        if approve:
            t.status, t.approved_by, t.approved_at = T.APPROVED, actor, timezone.now()
        else:
            t.status = T.RETURNED
        t.review_note = note
        t.save()
        audit_record(
            actor=actor,
            action="translation.approve" if approve else "translation.return",
            obj=t,
            organisation_id=t.material.policy.document.drafting_body_id,
            before=before,
            after=_translation_snapshot(t),
            note=note,
        )
    return t


class ActivityFields(TypedDict):
    """What an officer records about an activity (the evidence file apart)."""

    form: str
    channel: str
    date: dt.date
    audience: str
    area: str
    evidence_url: str
    reach: int
    comments_received: int


def _activity_fields(
    *,
    policy: DraftPolicy,
    form: str,
    channel: str,
    date: dt.date,
    audience: str,
    area: str,
    evidence_url: str,
    has_file: bool,
    reach: int,
    comments_received: int,
) -> ActivityFields:
    """The rules an activity meets, whether recorded or corrected; the cleaned fields."""
    if policy.state_secret:
        raise DomainError(
            "state_secret", _("Chính sách có nội dung bí mật nhà nước, không truyền thông công khai."), status=409
        )
    if form not in Activity.Form.values:
        raise DomainError("form_invalid", _("Hình thức truyền thông không hợp lệ."), field="form")
    channel, audience, area = clean_line(channel), clean_line(audience), clean_line(area)
    if not channel:
        raise DomainError("channel_required", _("Vui lòng nhập tên kênh."), field="channel")
    if not (0 <= reach <= 2_000_000_000) or not (0 <= comments_received <= 2_000_000_000):
        raise DomainError("out_of_range", _("Số lượt tiếp cận và số ý kiến phải từ 0 đến 2 tỷ."), field="reach")
    if not evidence_url and not has_file:
        raise DomainError(
            "evidence_required", _("Vui lòng đính kèm đường dẫn hoặc tệp minh chứng."), field="evidence_url"
        )
    return {
        "form": form,
        "channel": channel.strip(),
        "date": date,
        "audience": audience.strip(),
        "area": area.strip(),
        "evidence_url": evidence_url,
        "reach": reach,
        "comments_received": comments_received,
    }


def _activity_state(a: Activity) -> dict[str, Any]:
    return {
        "form": a.form,
        "channel": a.channel,
        "date": a.date.isoformat(),
        "audience": a.audience,
        "area": a.area,
        "evidence_url": a.evidence_url,
        "evidence_file": a.evidence_file.name or "",
        "reach": a.reach,
        "comments_received": a.comments_received,
    }


def activity_record(
    *,
    actor: Actor,
    policy: DraftPolicy,
    form: str,
    channel: str,
    date: dt.date,
    audience: str = "",
    area: str = "",
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
    reach: int = 0,
    comments_received: int = 0,
    idempotency_token: str | None = None,
    planned: PlannedActivity | None = None,
) -> Activity:
    """Record an activity. The same form sent twice (same ``idempotency_token``) records it once.

    ``planned``: the row of the policy's communication plan it carries out (not a cancelled one).
    """
    if not can_record_activity(actor, policy):
        raise DomainError("forbidden", _("Bạn không có quyền ghi nhận hoạt động truyền thông."), status=403)
    if planned is not None and (planned.policy_id != policy.pk or planned.cancelled):
        raise DomainError(
            "planned_invalid", _("Hoạt động dự kiến này không thuộc kế hoạch của chính sách hoặc đã hủy."), status=409
        )
    fields = _activity_fields(
        policy=policy,
        form=form,
        channel=channel,
        date=date,
        audience=audience,
        area=area,
        evidence_url=evidence_url,
        has_file=bool(evidence_file),
        reach=reach,
        comments_received=comments_received,
    )
    token = idempotency_token or None
    if token is not None and len(token) > 64:
        raise DomainError("token_invalid", _("Biểu mẫu không hợp lệ, vui lòng tải lại trang."), status=400)
    with transaction.atomic():
        if token is None:
            act, created = Activity.objects.create(policy=policy, recorded_by=actor, planned=planned, **fields), True
        else:
            act, created = Activity.objects.get_or_create(
                policy=policy, idempotency_token=token, defaults={**fields, "recorded_by": actor, "planned": planned}
            )
        if not created:
            if any(getattr(act, k) != v for k, v in fields.items()):
                raise DomainError(
                    "already_submitted",
                    _(
                        "Biểu mẫu này đã được gửi và hoạt động đã được ghi nhận. Muốn sửa hoạt động đó, bấm "
                        "“Sửa” trong danh sách; muốn ghi nhận hoạt động khác, tải lại trang."
                    ),
                    status=409,
                )
            return act  # the same form sent again: already recorded
        if evidence_file is not None:
            act.evidence_file.save(evidence_file.name or "minh-chung", evidence_file, save=False)
            act.save(update_fields=["evidence_file"])
        audit_record(
            actor=actor,
            action="activity.record",
            obj=act,
            organisation_id=policy.document.drafting_body_id,
            after={
                "form": form,
                "channel": act.channel,
                "date": date.isoformat(),
                "reach": reach,
                "planned": planned.pk if planned is not None else None,
            },
        )
    return act


def activity_update(
    *,
    actor: Actor,
    activity: Activity,
    form: str,
    channel: str,
    date: dt.date,
    audience: str = "",
    area: str = "",
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
    clear_file: bool = False,
    reach: int = 0,
    comments_received: int = 0,
) -> Activity:
    """Correct a recorded activity; a new file replaces the old one, ``clear_file`` drops it."""
    policy = activity.policy
    if not can_record_activity(actor, policy):
        raise DomainError("forbidden", _("Bạn không có quyền sửa hoạt động truyền thông này."), status=403)
    keeps_file = bool(activity.evidence_file) and not clear_file
    fields = _activity_fields(
        policy=policy,
        form=form,
        channel=channel,
        date=date,
        audience=audience,
        area=area,
        evidence_url=evidence_url,
        has_file=bool(evidence_file) or keeps_file,
        reach=reach,
        comments_received=comments_received,
    )
    with transaction.atomic():
        act = Activity.objects.select_for_update().get(pk=activity.pk)
        before = _activity_state(act)
        old_file = act.evidence_file.name if act.evidence_file and (evidence_file or clear_file) else ""
        for k, v in fields.items():
            setattr(act, k, v)
        if evidence_file is not None:
            act.evidence_file.save(evidence_file.name or "minh-chung", evidence_file, save=False)
        elif clear_file:
            act.evidence_file = None
        act.save()
        after = _activity_state(act)
        audit_record(
            actor=actor,
            action="activity.update",
            obj=act,
            organisation_id=policy.document.drafting_body_id,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
        if old_file:
            storage = act.evidence_file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return act


def activity_delete(*, actor: Actor, activity: Activity) -> None:
    """Delete an activity recorded by mistake; the audit trail keeps what it said."""
    policy = activity.policy
    if not can_record_activity(actor, policy):
        raise DomainError("forbidden", _("Bạn không có quyền xoá hoạt động truyền thông này."), status=403)
    with transaction.atomic():
        act = Activity.objects.select_for_update().get(pk=activity.pk)
        before = _activity_state(act)
        file_name, storage = act.evidence_file.name, act.evidence_file.storage
        audit_record(
            actor=actor,
            action="activity.delete",
            obj=act,
            organisation_id=policy.document.drafting_body_id,
            before=before,
        )
        act.delete()
        if file_name:
            transaction.on_commit(lambda: storage.delete(file_name))
