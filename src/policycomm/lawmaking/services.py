"""Writes for documents, policies, stages and sections. Each owns its transaction and audit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.orgs.access import Actor
from policycomm.orgs.models import Organisation
from policycomm.textclean import clean_line, clean_text

from .access import can_draft_for
from .guards import check_transition_guards
from .models import DraftPolicy, LegalDocument, Section, Sector, StageTransition
from .preconditions import check_stage_preconditions
from .rules import DOC_TYPE_RULES, SCOPE_CRITERIA, DocType, Stage, allowed_next, issues_for
from .sections import split_sections
from .versions import version_keep


def _require_writer(actor: Actor, org: Organisation) -> None:
    if not can_draft_for(actor, org):
        raise DomainError("forbidden", _("Bạn không có quyền soạn thảo cho cơ quan này."), status=403)


def document_register(
    *,
    actor: Actor,
    title: str,
    doc_type: str,
    issuing_authority: Organisation,
    drafting_body: Organisation,
    simplified_procedure: bool = False,
    sectors: Sequence[Sector] = (),
) -> LegalDocument:
    _require_writer(actor, drafting_body)
    title = clean_line(title)
    if not title:
        raise DomainError("title_required", _("Vui lòng nhập tên văn bản."), field="title")
    rule = DOC_TYPE_RULES.get(doc_type)
    if rule is None:
        raise DomainError("doc_type_invalid", _("Loại văn bản không hợp lệ."), field="doc_type")
    if issuing_authority.level != rule.level or issuing_authority.kind not in rule.issuer_kinds:
        raise DomainError(
            "doc_type_not_allowed",
            _("%(issuer)s không có thẩm quyền ban hành %(doc_type)s.")
            % {"issuer": issuing_authority.name, "doc_type": DocType(doc_type).label},
            field="doc_type",
        )
    if not issues_for(issuing_authority, drafting_body):
        raise DomainError(
            "issuer_not_related",
            _("%(issuer)s không phải cơ quan ban hành của %(body)s.")
            % {"issuer": issuing_authority.name, "body": drafting_body.name},
            field="issuing_authority",
        )
    with transaction.atomic():
        doc = LegalDocument.objects.create(
            title=title,
            doc_type=doc_type,
            issuing_authority=issuing_authority,
            drafting_body=drafting_body,
            simplified_procedure=simplified_procedure,
            created_by=actor,
        )
        StageTransition.objects.create(document=doc, from_stage="", to_stage=doc.stage, actor=actor, at=timezone.now())
        audit_record(
            actor=actor,
            action="document.register",
            obj=doc,
            organisation_id=drafting_body.pk,
            after={"title": title, "doc_type": doc_type, "stage": doc.stage},
        )
        if sectors:
            doc.sectors.set(sectors)
    return doc


def document_set_sectors(*, actor: Actor, document: LegalDocument, sectors: Sequence[Sector]) -> LegalDocument:
    """The fields (lĩnh vực) a document belongs to, which the portal filters by. Writers of its body only."""
    _require_writer(actor, document.drafting_body)
    with transaction.atomic():
        before = sorted(document.sectors.values_list("slug", flat=True))
        document.sectors.set(sectors)
        audit_record(
            actor=actor,
            action="document.sectors",
            obj=document,
            organisation_id=document.drafting_body_id,
            before={"sectors": before},
            after={"sectors": sorted(s.slug for s in sectors)},
        )
    return document


def document_transition(*, actor: Actor, document: LegalDocument, to_stage: str, note: str = "") -> StageTransition:
    _require_writer(actor, document.drafting_body)
    with transaction.atomic():
        doc = LegalDocument.objects.select_for_update().get(pk=document.pk)
        allowed = allowed_next(doc.stage, doc_type=doc.doc_type, simplified=doc.simplified_procedure)
        if to_stage not in allowed:
            names = ", ".join(str(Stage(s).label) for s in allowed) or _("không còn giai đoạn nào")
            raise DomainError(
                "transition_not_allowed",
                _("Không thể chuyển từ “%(from)s” sang “%(to)s”. Giai đoạn tiếp theo hợp lệ: %(next)s.")
                % {"from": Stage(doc.stage).label, "to": Stage(to_stage).label, "next": names},
                field="to_stage",
            )
        check_stage_preconditions(doc, to_stage)
        check_transition_guards(doc, to_stage)
        before = doc.stage
        doc.stage = to_stage
        doc.save(update_fields=["stage", "updated_at"])
        tr = StageTransition.objects.create(
            document=doc, from_stage=before, to_stage=to_stage, actor=actor, at=timezone.now(), note=clean_text(note)
        )
        audit_record(
            actor=actor,
            action="document.transition",
            obj=doc,
            organisation_id=doc.drafting_body_id,
            before={"stage": before},
            after={"stage": to_stage},
            note=note,
        )
    document.stage = to_stage
    return tr


def policy_add(*, actor: Actor, document: LegalDocument, title: str, summary: str = "") -> DraftPolicy:
    _require_writer(actor, document.drafting_body)
    title, summary = clean_line(title), clean_text(summary)
    if not title:
        raise DomainError("title_required", _("Vui lòng nhập tên chính sách."), field="title")
    with transaction.atomic():
        policy = DraftPolicy.objects.create(document=document, title=title, summary=summary)
        audit_record(
            actor=actor,
            action="policy.add",
            obj=policy,
            organisation_id=document.drafting_body_id,
            after={"title": title},
        )
    return policy


def _screening_state(p: DraftPolicy) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for c in SCOPE_CRITERIA:
        state[c.field] = getattr(p, c.field)
        state[c.field[:2] + "_reason"] = getattr(p, c.field[:2] + "_reason")
    state.update(state_secret=p.state_secret, voluntary=p.voluntary, in_scope=p.in_scope)
    return state


def policy_screen(
    *,
    actor: Actor,
    policy: DraftPolicy,
    criteria: dict[str, bool],
    reasons: dict[str, str],
    state_secret: bool,
    state_secret_reason: str = "",
    voluntary: bool = False,
    voluntary_reason: str = "",
) -> DraftPolicy:
    """Record the four scope criteria and the exclusions; every fault is reported at once.

    The criteria are cumulative (legal reference §1.3), so the reasons asked for follow what each
    conclusion rests on (ADR 0004): every criterion ticked needs its reason; a policy found out of
    scope rests on the criteria it fails, so at least one of them needs a reason (one failing
    criterion is enough to leave the scope), unless a state secret already excludes it.
    """
    _require_writer(actor, policy.document.drafting_body)
    reasons = {k: clean_text(v or "") for k, v in reasons.items()}
    state_secret_reason, voluntary_reason = clean_text(state_secret_reason), clean_text(voluntary_reason)
    errors: dict[str, tuple[str, str]] = {}
    failing: list[tuple[int, str]] = []
    failing_explained = False
    for number, c in enumerate(SCOPE_CRITERIA, start=1):
        prefix = c.field[:2]
        reason = (reasons.get(prefix) or "").strip()
        if criteria.get(prefix):
            if not reason:
                errors[f"{prefix}_reason"] = (
                    "reason_required",
                    _("Vui lòng nêu lý do chính sách đáp ứng tiêu chí %(n)d.") % {"n": number},
                )
        else:
            failing.append((number, prefix))
            failing_explained = failing_explained or bool(reason)
    if failing and not failing_explained and not state_secret:
        number, prefix = failing[0]
        errors[f"{prefix}_reason"] = (
            "exclusion_reason_required",
            _(
                "Chính sách không đáp ứng tiêu chí %(n)d nên không thuộc phạm vi bắt buộc truyền thông: vui lòng "
                "nêu lý do (chỉ cần cho một tiêu chí không đáp ứng)."
            )
            % {"n": number},
        )
    if state_secret and not state_secret_reason.strip():
        errors["state_secret_reason"] = (
            "reason_required",
            _("Vui lòng nêu căn cứ xác định nội dung thuộc bí mật nhà nước."),
        )
    if voluntary and failing and not voluntary_reason.strip():
        errors["voluntary_reason"] = ("reason_required", _("Vui lòng nêu lý do chủ động truyền thông."))
    if errors:
        raise DomainError(
            "invalid",
            _("Kết quả đánh giá phạm vi chưa lưu được, vui lòng sửa các mục được đánh dấu."),
            field=next(iter(errors)),
            errors=errors,
        )
    with transaction.atomic():
        before = _screening_state(policy)
        for c in SCOPE_CRITERIA:
            prefix = c.field[:2]
            setattr(policy, c.field, bool(criteria.get(prefix)))
            setattr(policy, f"{prefix}_reason", (reasons.get(prefix) or "").strip())
        policy.state_secret = state_secret
        policy.state_secret_reason = state_secret_reason
        policy.voluntary = voluntary and not policy.in_scope
        policy.voluntary_reason = voluntary_reason if policy.voluntary else ""
        policy.screened_by = actor
        policy.screened_at = timezone.now()
        policy.save()
        audit_record(
            actor=actor,
            action="policy.screen",
            obj=policy,
            organisation_id=policy.document.drafting_body_id,
            before=before,
            after=_screening_state(policy),
        )
    return policy


def sections_replace(*, actor: Actor, document: LegalDocument, raw_text: str) -> dict[str, int]:
    """Replace the draft text. Headings that keep their key keep their identity (and comments).

    The new text is kept as the document's next version (``versions.version_keep``) in the same transaction;
    a text equal to the latest version keeps no new one (``counts["version"]`` is then 0)."""
    _require_writer(actor, document.drafting_body)
    parsed = split_sections(clean_text(raw_text))
    if not parsed:
        raise DomainError("text_required", _("Vui lòng dán nội dung dự thảo."), field="raw_text")
    for p in parsed:
        if len(p.heading) > 500 or len(p.key) > 64 or len(p.number) > 16:
            raise DomainError(
                "heading_too_long",
                _("Tiêu đề “%(heading)s…” quá dài hoặc số hiệu không hợp lệ; vui lòng kiểm tra lại dòng này.")
                % {"heading": p.heading[:80]},
                field="raw_text",
            )
    with transaction.atomic():
        existing = {s.key: s for s in Section.objects.select_for_update().filter(document=document)}
        counts = {"created": 0, "updated": 0, "retired": 0}
        seen = set()
        for pos, p in enumerate(parsed):
            seen.add(p.key)
            sec = existing.get(p.key)
            if sec is None:
                Section.objects.create(
                    document=document,
                    key=p.key,
                    kind=p.kind,
                    number=p.number,
                    heading=p.heading,
                    text=p.text,
                    position=pos,
                    depth=p.depth,
                )
                counts["created"] += 1
            else:
                sec.kind, sec.number, sec.heading, sec.text = p.kind, p.number, p.heading, p.text
                sec.position, sec.depth, sec.retired = pos, p.depth, False
                sec.save()
                counts["updated"] += 1
        for key, sec in existing.items():
            if key not in seen and not sec.retired:
                sec.retired = True
                sec.save(update_fields=["retired"])
                counts["retired"] += 1
        kept = version_keep(
            actor=actor,
            document=document,
            sections=[
                {
                    "key": p.key,
                    "kind": p.kind,
                    "number": p.number,
                    "heading": p.heading,
                    "text": p.text,
                    "depth": p.depth,
                }
                for p in parsed
            ],
        )
        counts["version"] = kept.number if kept is not None else 0
        audit_record(
            actor=actor,
            action="document.sections",
            obj=document,
            organisation_id=document.drafting_body_id,
            after=counts,
        )
    return counts
