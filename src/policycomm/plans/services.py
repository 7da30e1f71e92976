"""Writes on plans: save an imported (reviewed) plan, derive a lower level's plan, confirm bodies,
report progress, revise with history, record training sessions and budget lines."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.documents.orgs import issuer_lines, signer_for
from policycomm.errors import DomainError
from policycomm.orgs.access import Actor
from policycomm.orgs.models import Organisation
from policycomm.textclean import clean_text

from .access import DERIVING_KINDS, can_report, can_write_plan
from .matching import (
    above,
    adapt_wording,
    candidates_for,
    changes_level,
    is_department,
    is_plural,
    level_name,
    match_body,
    propose_for,
)
from .models import BudgetLine, Plan, PlanGroup, PlanRevision, PlanTask, TaskBody, TaskUpdate, TrainingSession
from .parser import empty_plan
from .schema import BodyChoices, GroupData, NewTask, PlanData, PlanEdit, SignerData, TaskData, TaskEdit
from .timeframe import due, parse_period, parse_timeframe

_TEXT_FIELDS = ("legal_basis", "purposes", "requirements", "targets", "scope", "closing")
T = TypeVar("T")


def _require_writer(actor: Actor, org: Organisation) -> None:
    if not can_write_plan(actor, org):
        raise DomainError(
            "plan_forbidden",
            _("Bạn không có quyền lập hoặc sửa kế hoạch của cơ quan này."),
            status=403,
        )


def _date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(
            "plan_date_invalid", _("Ngày ban hành không hợp lệ; hãy ghi theo dạng năm-tháng-ngày."), field="date"
        ) from None


_SYMBOL = re.compile(r"^[0-9A-Za-zĐđ]+(?:-[0-9A-Za-zĐđ]+)*$")
_LIMITS = {"symbol": 40, "issuer": 255, "issuer_name": 255, "place": 120, "period": 200}


def _header_errors(values: PlanData | PlanEdit) -> dict[str, tuple[str, str]]:
    """Number, symbol and the short header fields, as the document and Decree 30 allow them."""
    errors: dict[str, tuple[str, str]] = {}
    number = str(values.get("number") or "")
    if number and not re.fullmatch(r"[0-9]{1,6}", number):
        errors["number"] = ("plan_number_invalid", _("Số văn bản chỉ gồm chữ số, ví dụ 01 hoặc 192."))
    symbol = str(values.get("symbol") or "")
    if symbol and not _SYMBOL.fullmatch(symbol):
        errors["symbol"] = ("plan_symbol_invalid", _("Ký hiệu gồm chữ và số nối bằng dấu gạch ngang, ví dụ KH-UBND."))
    for key, limit in _LIMITS.items():
        if len(str(values.get(key) or "")) > limit:
            errors[key] = ("field_too_long", _("Nội dung quá dài (tối đa %(limit)d ký tự).") % {"limit": limit})
    return errors


def _validate(data: PlanData) -> None:
    errors = _header_errors(data)
    if not (data.get("title") or "").strip():
        errors["title"] = ("plan_title_missing", _("Kế hoạch phải có trích yếu (tên kế hoạch)."))
    for g in data.get("groups") or []:
        if not (g.get("title") or "").strip():
            errors[f"group-{g.get('index')}"] = (
                "group_title_missing",
                _("Nhóm %(group)s chưa có tên.") % {"group": g.get("index")},
            )
        for t in g.get("tasks") or []:
            if not (t.get("text") or "").strip():
                errors[f"group-{g.get('index')}"] = (
                    "task_text_missing",
                    _("Nhóm %(group)s có nhiệm vụ chưa có nội dung.") % {"group": g.get("index")},
                )
    for t in data.get("duties") or []:
        if not (t.get("text") or "").strip():
            errors["duties"] = ("task_text_missing", _("Phần Tổ chức thực hiện có nhiệm vụ chưa có nội dung."))
    if errors:
        field, (code, message) = next(iter(errors.items()))
        raise DomainError(code, message, field=field, errors=errors)


def _clean(value: T) -> T:
    """The same data with every text in its stored form (``textclean.clean_text``: line ends as "\\n",
    so a browser's "\\r\\n" is no change of the text, no control or invisible characters, NFC)."""
    if isinstance(value, str):
        return clean_text(value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [_clean(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}  # type: ignore[return-value]
    return value


def _add_task(
    plan: Plan,
    group: PlanGroup,
    order: int,
    t: TaskData,
    orgs: BodyChoices,
    candidates: list[Organisation],
    parent_task: PlanTask | None = None,
    *,
    confirmed: bool = True,
) -> PlanTask:
    parsed = t.get("timeframe_parsed") or parse_timeframe(t.get("timeframe"))
    task = PlanTask.objects.create(
        plan=plan,
        group=group,
        order=order,
        number=t.get("number") or "",
        text=t["text"].strip(),
        timeframe=t.get("timeframe") or "",
        timeframe_parsed=parsed,
        due_on=due(parsed),
        product=t.get("product") or "",
        parent_task=parent_task,
    )
    by_id = {o.pk: o for o in candidates}
    bodies = []
    for role, names in (
        (TaskBody.Role.LEAD, t.get("lead") or []),
        (TaskBody.Role.COOPERATING, t.get("cooperating") or []),
    ):
        for i, name in enumerate(names):
            if name in orgs:
                org_id = orgs[name]
                org = by_id.get(org_id) if org_id else None
            else:
                org = match_body(name, candidates)
            bodies.append(TaskBody(task=task, role=role, order=i, name=name, organisation=org, confirmed=confirmed))
    TaskBody.objects.bulk_create(bodies)
    return task


def _fill(plan: Plan, data: PlanData, orgs: BodyChoices) -> None:
    candidates = candidates_for(plan.organisation)
    for g in data.get("groups") or []:
        group = PlanGroup.objects.create(plan=plan, index=g["index"], title=g["title"], intro=g.get("intro") or "")
        for i, t in enumerate(g.get("tasks") or []):
            _add_task(plan, group, i, t, orgs, candidates)
    if data.get("duties"):
        group = PlanGroup.objects.create(plan=plan, index=0, title="Tổ chức thực hiện", is_duties=True)
        for i, t in enumerate(data["duties"]):
            _add_task(plan, group, i, t, orgs, candidates)


def _header_fields(data: PlanData) -> dict[str, Any]:
    """The plan model's fields from the structure (the keyword arguments of ``Plan.objects.create``)."""
    signer: SignerData | dict[str, str] = data.get("signer") or {}
    period = parse_period(data.get("period"))
    return {
        "number": str(data.get("number") or ""),
        "symbol": data.get("symbol") or "KH-UBND",
        "issuer_name": data.get("issuer") or "",
        "place": data.get("place") or "",
        "issued_on": _date(data.get("date")),
        "title": (data.get("title") or "").strip(),
        "period": data.get("period") or "",
        "start_year": period["start_year"] if period else None,
        "end_year": period["end_year"] if period else None,
        "legal_basis": data.get("legal_basis") or "",
        "purposes": data.get("purposes") or "",
        "requirements": data.get("requirements") or "",
        "targets": data.get("targets") or "",
        "scope": data.get("scope") or "",
        "closing": data.get("closing") or "",
        "budget_text": data.get("budget") or "",
        "recipients": list(data.get("recipients") or []),
        "signer_authority": signer.get("authority") or "",
        "signer_deputy": signer.get("deputy") or "",
        "signer_position": signer.get("position") or "",
        "signer_name": signer.get("name") or "",
        "unparsed": list(data.get("unparsed") or []),
    }


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    organisation: Organisation,
    data: PlanData,
    orgs: BodyChoices | None = None,
    source_name: str = "",
) -> Plan:
    """Save a plan from its structure (an import, after review). ``orgs`` maps each body name to the
    organisation staff chose (None: keep as text); names not in it are matched automatically."""
    _require_writer(actor, organisation)
    data = _clean(data)
    _validate(data)
    plan = Plan.objects.create(
        organisation=organisation, source_name=source_name[:255], created_by=actor, **_header_fields(data)
    )
    _fill(plan, data, orgs or {})
    audit_record(
        actor=actor,
        action="plan.create",
        obj=plan,
        organisation_id=organisation.pk,
        after={"reference": plan.reference, "tasks": plan.tasks.count()},
        note=source_name,
    )
    return plan


def _task_data(t: PlanTask) -> TaskData:
    return {
        "id": t.pk,
        "number": t.number or None,
        "text": t.text,
        "lead": [b.name for b in t.leads],
        "cooperating": [b.name for b in t.cooperating],
        "timeframe": t.timeframe or None,
        "timeframe_parsed": t.timeframe_parsed,
        "product": t.product or None,
    }


def plan_data(plan: Plan) -> PlanData:
    """The plan in the shape the importer gives (the JSON of ``policycomm plan import``)."""
    data = empty_plan()
    tasks = list(plan.tasks.prefetch_related("bodies").order_by("order", "pk"))
    groups: list[GroupData] = []
    for g in plan.groups.all():
        g_tasks = [_task_data(t) for t in tasks if t.group_id == g.pk]
        if g.is_duties:
            data["duties"] = g_tasks
        else:
            groups.append({"index": g.index, "title": g.title, "intro": g.intro or None, "tasks": g_tasks})
    signer: SignerData = {
        "authority": plan.signer_authority or None,
        "deputy": plan.signer_deputy or None,
        "position": plan.signer_position or None,
        "name": plan.signer_name or None,
    }
    data.update(
        {
            "number": plan.number or None,
            "symbol": plan.symbol or None,
            "issuer": plan.issuer_name or None,
            "place": plan.place or None,
            "date": plan.issued_on.isoformat() if plan.issued_on else None,
            "kind": "KẾ HOẠCH",
            "title": plan.title,
            "legal_basis": plan.legal_basis or None,
            "purposes": plan.purposes or None,
            "requirements": plan.requirements or None,
            "targets": plan.targets or None,
            "scope": plan.scope or None,
            "closing": plan.closing or None,
            "budget": plan.budget_text or None,
            "period": plan.period or None,
            "period_parsed": parse_period(plan.period),
            "groups": groups,
            "recipients": list(plan.recipients),
            "signer": signer if any(signer.values()) else None,
            "unparsed": list(plan.unparsed),
        }
    )
    return data


def _derived_already() -> DomainError:
    return DomainError(
        "derive_exists",
        _("Cơ quan này đã có kế hoạch lập từ kế hoạch cấp trên này; hãy sửa kế hoạch đã có."),
        status=409,
    )


def _basis(parent: Plan) -> str:
    """ "Thực hiện Kế hoạch số 01/KH-UBND ngày 10/09/2025 của … về triển khai …;" (no number when it has none)."""
    number = f" {parent.reference}" if parent.number else ""
    date_part = f" ngày {parent.issued_on.strftime('%d/%m/%Y')}" if parent.issued_on else ""
    title = parent.title.strip()
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        title = title[0].lower() + title[1:]  # "về triển khai …", not "về Triển khai …"
    return f"Thực hiện Kế hoạch{number}{date_part} của {parent.organisation.name} về {title};"


_Body = tuple[str, int, str, Organisation | None]  # role, order, name as written, organisation


def _derived_task(
    source: PlanTask, parent: Plan, child: Organisation, tree: list[Organisation]
) -> tuple[str, list[_Body]]:
    """A derived task's text and bodies. Each lead is proposed among the child's own bodies (a set of
    bodies stays a name, in the child's wording). Where the plan passes down a level, a department of
    the level above that led the task, or the one body that led it, gives its place in the text to the
    body proposed ("Sở Tư pháp chủ trì…" → "UBND phường chủ trì…"): a ward's plan never names a
    province's department as the ward's duty holder. A partner department of the level above becomes
    the child's counterpart when it has one. Staff confirm all of it."""
    src = parent.organisation
    down = changes_level(src, child)
    text = source.text
    leads = source.leads
    bodies: list[_Body] = []
    seen: set[int | str] = set()
    for i, b in enumerate(leads):
        if is_plural(b.name):
            name = adapt_wording(b.name, src, child)
            if name not in seen:
                seen.add(name)
                bodies.append((TaskBody.Role.LEAD, i, name, None))
            continue
        proposed = propose_for(b.organisation, b.name, src, child, tree)
        takes_over = is_department(b.name, b.organisation) or len(leads) == 1
        if down and takes_over and above(b.name, b.organisation, src, child):
            text = text.replace(b.name, level_name(proposed, child), 1)
        if proposed.pk not in seen:
            seen.add(proposed.pk)
            bodies.append((TaskBody.Role.LEAD, i, proposed.name, proposed))
    for i, b in enumerate(source.cooperating):
        name = adapt_wording(b.name, src, child)
        org = match_body(name, tree)
        if down and is_department(b.name, b.organisation) and above(b.name, b.organisation, src, child):
            counterpart = propose_for(b.organisation, b.name, src, child, tree)
            if counterpart.pk != child.pk:
                text = text.replace(b.name, counterpart.name, 1)
                name, org = counterpart.name, counterpart
        bodies.append((TaskBody.Role.COOPERATING, i, name, org))
    if not any(role == TaskBody.Role.LEAD for role, *_ in bodies):
        bodies.append((TaskBody.Role.LEAD, 0, child.name, child))
    return adapt_wording(text, src, child), bodies


@transaction.atomic
def plan_derive(*, actor: Actor, parent: Plan, organisation: Organisation) -> Plan:
    """A lower level's plan from its parent's: groups and tasks copied with links to the parent tasks,
    wording adapted to the level, lead bodies proposed from the lower level's own bodies
    (unconfirmed until staff confirm them)."""
    _require_writer(actor, organisation)
    if organisation.pk == parent.organisation_id or not organisation.path.startswith(parent.organisation.path):
        raise DomainError(
            "derive_not_below",
            _("Chỉ cơ quan cấp dưới của cơ quan ban hành mới lập được kế hoạch từ kế hoạch này."),
            field="organisation",
        )
    if organisation.kind not in DERIVING_KINDS:
        raise DomainError(
            "derive_kind",
            _("Chỉ Ủy ban nhân dân cấp dưới hoặc cơ quan chuyên môn mới lập kế hoạch từ kế hoạch cấp trên."),
            field="organisation",
        )
    if Plan.objects.filter(parent=parent, organisation=organisation).exists():
        raise _derived_already()
    src = parent.organisation

    def adapt(text: str) -> str:
        return adapt_wording(text, src, organisation)

    _parent_line, issuer = issuer_lines(organisation)
    signer = signer_for(organisation)
    if not signer.name and organisation.kind == Organisation.Kind.PEOPLES_COMMITTEE:
        # No leader on record yet: the usual block of a committee's plan, the name left to fill in.
        signer.authority, signer.position = "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    fields: dict[str, Any] = {
        "organisation": organisation,
        "parent": parent,
        "symbol": parent.symbol or "KH-UBND",
        "issuer_name": " ".join(issuer.split("\n")).upper(),
        "place": organisation.place_name,
        "title": adapt(parent.title),
        "period": parent.period,
        "start_year": parent.start_year,
        "end_year": parent.end_year,
        "legal_basis": _basis(parent),
        "purposes": adapt(parent.purposes),
        "requirements": adapt(parent.requirements),
        "targets": adapt(parent.targets),
        "scope": adapt(parent.scope),
        "budget_text": adapt(parent.budget_text),
        "recipients": [parent.organisation.name, "Lưu: VT"],
        "signer_authority": signer.authority or "",
        "signer_deputy": signer.deputy or "",
        "signer_position": signer.position,
        "signer_name": signer.name,
        "created_by": actor,
    }
    try:
        with transaction.atomic():
            plan = Plan.objects.create(**fields)
    except IntegrityError:  # the same body derived it at the same moment
        raise _derived_already() from None
    tree = candidates_for(organisation)
    for g in parent.groups.all():
        group = PlanGroup.objects.create(
            plan=plan, index=g.index, title=adapt(g.title), intro=adapt(g.intro), is_duties=g.is_duties
        )
        for t in g.tasks.prefetch_related("bodies__organisation").all():
            text, bodies = _derived_task(t, parent, organisation, tree)
            parsed = t.timeframe_parsed or parse_timeframe(t.timeframe or None)
            task = PlanTask.objects.create(
                plan=plan,
                group=group,
                order=t.order,
                number=t.number,
                text=text,
                timeframe=t.timeframe,
                timeframe_parsed=parsed,
                due_on=due(parsed),
                product=t.product,
                parent_task=t,
            )
            TaskBody.objects.bulk_create(
                TaskBody(task=task, role=role, order=order, name=name, organisation=org, confirmed=False)
                for role, order, name, org in bodies
            )
    audit_record(
        actor=actor,
        action="plan.derive",
        obj=plan,
        organisation_id=organisation.pk,
        after={"parent": parent.pk, "tasks": plan.tasks.count()},
    )
    return plan


@transaction.atomic
def bodies_confirm(*, actor: Actor, plan: Plan, choices: dict[int, int | None]) -> int:
    """Staff confirm (or change) the organisation of each body; ``choices`` maps TaskBody id → org id
    (None: a body kept as text). Returns how many bodies were confirmed."""
    _require_writer(actor, plan.organisation)
    allowed = {o.pk: o for o in candidates_for(plan.organisation)}
    bodies = {b.pk: b for b in TaskBody.objects.filter(task__plan=plan)}
    unknown = [pk for pk in choices if pk not in bodies]
    if unknown:
        raise DomainError("body_unknown", _("Có cơ quan không thuộc kế hoạch này."), field="bodies")
    for pk, org_id in choices.items():
        if org_id is not None and org_id not in allowed:
            raise DomainError(
                "body_org_outside",
                _("Chỉ chọn được cơ quan trong phạm vi của cơ quan ban hành kế hoạch."),
                field=f"body-{pk}",
            )
        b = bodies[pk]
        b.organisation = allowed.get(org_id) if org_id else None
        if b.organisation is not None and b.role == TaskBody.Role.LEAD and b.name != b.organisation.name:
            b.name = b.organisation.name
        b.confirmed = True
        b.save(update_fields=["organisation", "name", "confirmed"])
    audit_record(actor=actor, action="plan.bodies_confirm", obj=plan, organisation_id=plan.organisation_id)
    return len(choices)


@transaction.atomic
def task_report(*, actor: Actor, task: PlanTask, status: str, progress: int, evidence: str = "") -> PlanTask:
    if not can_report(actor, task):
        raise DomainError("task_forbidden", _("Bạn không có quyền báo cáo tiến độ nhiệm vụ này."), status=403)
    if status not in PlanTask.Status.values:
        raise DomainError("task_status_invalid", _("Tình trạng không hợp lệ."), field="status")
    if not 0 <= progress <= 100:
        raise DomainError("task_progress_invalid", _("Tiến độ là số phần trăm từ 0 đến 100."), field="progress")
    if status == PlanTask.Status.DONE:
        progress = 100
        if not evidence.strip() and not task.evidence.strip():
            raise DomainError(
                "task_evidence_missing",
                _("Nhiệm vụ hoàn thành cần có kết quả, minh chứng (văn bản, đường dẫn, số liệu)."),
                field="evidence",
            )
    before = {"status": task.status, "progress": task.progress}
    task.status, task.progress = status, progress
    if evidence.strip():
        task.evidence = evidence.strip()
    task.save(update_fields=["status", "progress", "evidence", "updated_at"])
    TaskUpdate.objects.create(task=task, status=status, progress=progress, evidence=evidence.strip(), author=actor)
    audit_record(
        actor=actor,
        action="plan.task_report",
        obj=task,
        organisation_id=task.plan.organisation_id,
        before=before,
        after={"status": status, "progress": progress},
    )
    return task


REVISABLE = ("number", "symbol", "issuer_name", "place", "issued_on", "title", "period", *_TEXT_FIELDS, "budget_text")


@transaction.atomic
def plan_revise(
    *,
    actor: Actor,
    plan: Plan,
    fields: PlanEdit,
    tasks: dict[int, TaskEdit] | None = None,
    new_tasks: list[NewTask] | None = None,
    removed: list[int] | None = None,
    note: str = "",
) -> Plan:
    """Change a plan; the plan as it stood is kept as a revision (version N), the plan becomes N+1.

    ``tasks`` edits existing tasks (text, time frame, product); ``new_tasks`` adds tasks to a group;
    ``removed`` drops tasks, unless a lower level already derived a task from them. Only what differs
    counts as a change: a text sent back with other line ends (a browser's "\\r\\n") is the same text."""
    _require_writer(actor, plan.organisation)
    if not note.strip():
        raise DomainError("revision_note_missing", _("Hãy ghi lý do sửa đổi kế hoạch."), field="note")
    fields, tasks, new_tasks = _clean(fields), _clean(tasks or {}), _clean(new_tasks or [])
    errors = _header_errors(fields)
    if errors:
        field, (code, message) = next(iter(errors.items()))
        raise DomainError(code, message, field=field, errors=errors)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    snapshot = plan_data(plan)
    changed = []
    for key, raw in fields.items():
        if key not in REVISABLE:
            raise DomainError(
                "revision_field_unknown", _("Không sửa được trường «%(field)s».") % {"field": key}, field=key
            )
        value = _date(raw) if key == "issued_on" else str(raw or "").strip()
        if key == "title" and not value:
            raise DomainError("plan_title_missing", _("Kế hoạch phải có trích yếu (tên kế hoạch)."), field="title")
        current = getattr(plan, key)
        if (_clean(current) if isinstance(current, str) else current) != value:
            setattr(plan, key, value)
            changed.append(key)
    if "period" in changed:
        period = parse_period(plan.period)
        plan.start_year, plan.end_year = (period["start_year"], period["end_year"]) if period else (None, None)
    own = {t.pk: t for t in plan.tasks.all()}
    for pk, values in tasks.items():
        t = own.get(pk)
        if t is None:
            raise DomainError("task_unknown", _("Nhiệm vụ không thuộc kế hoạch này."), field=f"task-{pk}")
        text = (values.get("text") or "").strip()
        if not text:
            raise DomainError("task_text_missing", _("Nhiệm vụ phải có nội dung."), field=f"task-{pk}")
        timeframe = (values.get("timeframe") or "").strip()
        product = (values.get("product") or "").strip()
        if (_clean(t.text), _clean(t.timeframe), _clean(t.product)) != (text, timeframe, product):
            t.text, t.timeframe, t.product = text, timeframe, product
            t.timeframe_parsed = parse_timeframe(timeframe or None)
            t.due_on = due(t.timeframe_parsed)
            t.save(update_fields=["text", "timeframe", "product", "timeframe_parsed", "due_on", "updated_at"])
            changed.append(f"task-{pk}")
    for pk in removed or []:
        t = own.get(pk)
        if t is None:
            raise DomainError("task_unknown", _("Nhiệm vụ không thuộc kế hoạch này."), field=f"task-{pk}")
        if t.derived.exists():
            message = (
                _("Nhiệm vụ %(number)s đã được cấp dưới triển khai nên không bỏ được; hãy sửa nội dung thay vì bỏ.")
                % {"number": t.number}
                if t.number
                else _("Nhiệm vụ này đã được cấp dưới triển khai nên không bỏ được; hãy sửa nội dung thay vì bỏ.")
            )
            raise DomainError(
                "task_derived",
                message,
                field=f"task-{pk}",
            )
        t.delete()
        changed.append(f"task-{pk}-removed")
    groups = {g.pk: g for g in plan.groups.all()}
    candidates = candidates_for(plan.organisation) if new_tasks else []
    for new in new_tasks:
        group = groups.get(new.get("group") or 0)
        if group is None:
            raise DomainError("group_unknown", _("Hãy chọn nhóm giải pháp cho nhiệm vụ mới."), field="new-group")
        if not (new.get("text") or "").strip():
            raise DomainError("task_text_missing", _("Nhiệm vụ mới phải có nội dung."), field="new-text")
        if len(new.get("number") or "") > 12:
            raise DomainError(
                "task_number_invalid", _("Số hiệu nhiệm vụ tối đa 12 ký tự, ví dụ 6.3."), field="new-number"
            )
        order = (group.tasks.aggregate(m=Max("order"))["m"] or 0) + 1
        added: TaskData = {
            "number": new.get("number"),
            "text": new["text"],
            "lead": list(new.get("lead") or []),
            "cooperating": list(new.get("cooperating") or []),
            "timeframe": new.get("timeframe"),
            "timeframe_parsed": None,
            "product": new.get("product"),
        }
        task = _add_task(plan, group, order, added, {}, candidates)
        changed.append(f"task-{task.pk}-added")
    if not changed:
        raise DomainError("revision_empty", _("Không có thay đổi nào để lưu."), status=409)
    PlanRevision.objects.create(plan=plan, version=plan.version, snapshot=snapshot, note=note.strip(), author=actor)
    plan.version += 1
    plan.save()
    audit_record(
        actor=actor,
        action="plan.revise",
        obj=plan,
        organisation_id=plan.organisation_id,
        after={"version": plan.version, "changed": changed},
        note=note.strip(),
    )
    return plan


def _task_in(plan_org: Organisation, task: PlanTask | None) -> None:
    if (
        task is not None
        and not task.plan.organisation.path.startswith(plan_org.path)
        and not plan_org.path.startswith(task.plan.organisation.path)
    ):
        raise DomainError("task_outside", _("Nhiệm vụ không thuộc kế hoạch của cơ quan này."), field="task")


@transaction.atomic
def training_record(
    *, actor: Actor, organisation: Organisation, task: PlanTask | None, **values: Any
) -> TrainingSession:
    _require_writer(actor, organisation)
    _task_in(organisation, task)
    audiences = [a for a in values.get("audiences") or [] if a in TrainingSession.Audience.values]
    if not audiences:
        raise DomainError("training_audience_missing", _("Hãy chọn ít nhất một đối tượng tập huấn."), field="audiences")
    session = TrainingSession.objects.create(
        organisation=organisation,
        task=task,
        organiser=values["organiser"],
        held_on=values["held_on"],
        topic=values["topic"],
        audiences=audiences,
        participants=values["participants"],
        materials=values.get("materials") or "",
        created_by=actor,
    )
    audit_record(actor=actor, action="plan.training", obj=session, organisation_id=organisation.pk)
    return session


@transaction.atomic
def budget_record(*, actor: Actor, organisation: Organisation, task: PlanTask | None, **values: Any) -> BudgetLine:
    _require_writer(actor, organisation)
    _task_in(organisation, task)
    if values["spent"] > values["allocated"] > 0 or (values["allocated"] == 0 and values["spent"] > 0):
        raise DomainError("budget_overspent", _("Số đã chi không được vượt số kinh phí được giao."), field="spent")
    activity = values.get("activity")
    if activity is not None and not activity.policy.document.drafting_body.path.startswith(organisation.path):
        raise DomainError(
            "activity_outside", _("Hoạt động truyền thông không thuộc phạm vi của cơ quan này."), field="activity"
        )
    line = BudgetLine.objects.create(organisation=organisation, task=task, created_by=actor, **values)
    audit_record(actor=actor, action="plan.budget", obj=line, organisation_id=organisation.pk)
    return line
