"""Writes on periodic reports, good models and commendations: one keyword-only function per action.

Each checks its capability (``access.py``), owns its transaction, writes an audit event and raises
``DomainError`` with a Vietnamese message on refusal.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.orgs.access import Actor, display_name
from policycomm.orgs.models import Organisation
from policycomm.textclean import clean_line, clean_text

from . import access
from . import figures as fig
from .models import PARTS, Commendation, GoodModel, PeriodReport, ReportPeriod

S = PeriodReport.Status
EDITABLE = (S.DRAFT, S.RETURNED)


class ReportParts(TypedDict):
    results: str
    shortcomings: str
    directions: str
    proposals: str


def _forbidden(message: str) -> DomainError:
    return DomainError("forbidden", message, status=403)


# -- periods ----------------------------------------------------------------------------------------
def period_create(
    *,
    actor: Actor,
    organisation: Organisation,
    kind: str,
    title: str,
    start: dt.date,
    end: dt.date,
    due: dt.date,
    units: list[Organisation] | None = None,
    standing_body: Organisation | None = None,
) -> ReportPeriod:
    if not access.can_set_period(actor, organisation):
        raise _forbidden(_("Chỉ cơ quan thường trực hoặc người giám sát của cơ quan này được giao kỳ báo cáo."))
    if kind not in ReportPeriod.Kind.values:
        raise DomainError("bad_kind", _("Hãy chọn loại kỳ báo cáo."), field="kind")
    title = clean_line(title)
    errors: dict[str, tuple[str, str]] = {}
    if not title:
        errors["title"] = ("required", _("Hãy nhập tên kỳ báo cáo."))
    if end < start:
        errors["end"] = ("bad_range", _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu kỳ báo cáo."))
    if due < start:
        errors["due"] = ("bad_due", _("Hạn gửi báo cáo không được trước ngày bắt đầu kỳ báo cáo."))
    unit_list = access.default_units(organisation) if units is None else units
    outside = [u.name for u in unit_list if not u.path.startswith(organisation.path) or u.pk == organisation.pk]
    if outside:
        errors["units"] = (
            "bad_units",
            _("Đơn vị phải báo cáo phải trực thuộc cơ quan giao báo cáo: %(names)s.") % {"names": ", ".join(outside)},
        )
    if errors:
        field, (code, message) = next(iter(errors.items()))
        raise DomainError(code, message, field=field, errors=errors)
    standing = standing_body or access.default_standing_body(organisation)
    with transaction.atomic():
        period = ReportPeriod.objects.create(
            organisation=organisation,
            standing_body=standing,
            kind=kind,
            title=title,
            start=start,
            end=end,
            due=due,
            created_by=actor,
        )
        period.units.set(unit_list)
        audit_record(
            actor=actor,
            action="report_period.create",
            obj=period,
            organisation_id=organisation.pk,
            after={
                "kind": kind,
                "start": str(start),
                "end": str(end),
                "due": str(due),
                "units": [u.pk for u in unit_list],
            },
        )
    return period


def period_set_units(*, actor: Actor, period: ReportPeriod, units: list[Organisation]) -> ReportPeriod:
    if not access.can_review_period(actor, period):
        raise _forbidden(_("Chỉ cơ quan thường trực được sửa danh sách đơn vị phải báo cáo."))
    org = period.organisation
    outside = [u.name for u in units if not u.path.startswith(org.path) or u.pk == org.pk]
    if outside:
        raise DomainError(
            "bad_units",
            _("Đơn vị phải báo cáo phải trực thuộc cơ quan giao báo cáo: %(names)s.") % {"names": ", ".join(outside)},
            field="units",
        )
    with transaction.atomic():
        before = sorted(period.units.values_list("pk", flat=True))
        period.units.set(units)
        audit_record(
            actor=actor,
            action="report_period.units",
            obj=period,
            organisation_id=org.pk,
            before={"units": before},
            after={"units": sorted(u.pk for u in units)},
        )
    return period


# -- a unit's report ----------------------------------------------------------------------------------
def report_start(*, actor: Actor, period: ReportPeriod, organisation: Organisation) -> PeriodReport:
    """The unit's report for the period, created on first use (a double click gets the same one)."""
    is_own = organisation.pk == period.organisation_id
    if not is_own and not period.units.filter(pk=organisation.pk).exists():
        raise DomainError(
            "not_a_unit",
            _("%(org)s không thuộc danh sách đơn vị phải báo cáo của kỳ này.") % {"org": organisation.name},
            field="organisation",
        )
    if not access.can_start_report(actor, period, organisation):
        raise _forbidden(_("Bạn không được soạn báo cáo của %(org)s.") % {"org": organisation.name})
    symbol = "BC-STP" if is_own and period.standing_body and period.standing_body.short_name == "STP" else "BC-UBND"
    if organisation.kind != Organisation.Kind.PEOPLES_COMMITTEE and not is_own and organisation.short_name:
        symbol = f"BC-{organisation.short_name}"
    with transaction.atomic():
        report, created = PeriodReport.objects.get_or_create(
            organisation=organisation, period=period, defaults={"drafted_by": actor, "symbol": symbol}
        )
        if created:
            audit_record(actor=actor, action="period_report.start", obj=report, organisation_id=organisation.pk)
    return report


def report_save(
    *, actor: Actor, report: PeriodReport, parts: ReportParts, number: str = "", symbol: str = ""
) -> PeriodReport:
    if not access.can_draft_report(actor, report):
        raise _forbidden(_("Bạn không được soạn báo cáo này."))
    if report.status not in EDITABLE:
        raise DomainError("not_editable", _("Báo cáo đã gửi, không sửa được; chỉ sửa khi bị trả lại."), status=409)
    number, symbol = clean_line(number), clean_line(symbol) or report.symbol
    if (number and not (number.isascii() and number.isdigit())) or len(number) > 20:
        raise DomainError("bad_number", _("Số báo cáo chỉ gồm chữ số, ví dụ 12."), field="number")
    if len(symbol) > 40 or not symbol.upper().startswith("BC-"):
        raise DomainError("bad_symbol", _("Ký hiệu báo cáo bắt đầu bằng “BC-”, ví dụ BC-UBND."), field="symbol")
    with transaction.atomic():
        # Locked and checked again: a save racing the leader's submission must not write into a sent report.
        locked = PeriodReport.objects.select_for_update().get(pk=report.pk)
        if locked.status not in EDITABLE:
            raise DomainError("not_editable", _("Báo cáo đã gửi, không sửa được; chỉ sửa khi bị trả lại."), status=409)
        before = {k: getattr(locked, k) for k in PARTS}
        for k in PARTS:
            setattr(report, k, clean_text(parts[k]))  # type: ignore[literal-required]
        report.number, report.symbol = number, symbol
        report.save(update_fields=[*PARTS, "number", "symbol", "updated_at"])
        audit_record(
            actor=actor,
            action="period_report.save",
            obj=report,
            organisation_id=report.organisation_id,
            before=before,
            after={k: getattr(report, k) for k in PARTS},
        )
    return report


def _own_ids(period: ReportPeriod, unit_paths: list[str]) -> list[int]:
    """Bodies of the setting body's subtree that no reporting unit covers (its own bodies)."""
    units = set(unit_paths)
    out = []
    for pk, path in Organisation.objects.filter(path__startswith=period.organisation.path).values_list("pk", "path"):
        parts = path.split(".")[:-1]
        prefixes = {".".join(parts[: i + 1]) + "." for i in range(len(parts))}
        if not prefixes & units:
            out.append(pk)
    return out


def _consolidate(report: PeriodReport) -> None:
    """Fill the consolidated report from the frozen figures of accepted reports below plus own bodies' data."""
    period = report.period
    units = list(period.units.order_by("path").values_list("pk", "name", "path"))
    children = {
        r.organisation_id: r
        for r in PeriodReport.objects.filter(period=period)
        .exclude(organisation_id=period.organisation_id)
        .only("id", "organisation_id", "status", "figures", *PARTS)
    }
    accepted = [r for r in children.values() if r.status == S.ACCEPTED and r.figures]
    own = fig.compute(_own_ids(period, [p for _i, _n, p in units]), period.start, period.end)
    total = fig.empty()
    breakdown: list[fig.UnitRow] = [
        fig.unit_row(
            period.organisation_id,
            str(_("Các cơ quan của %(org)s") % {"org": period.organisation.name}),
            None,
            "own",
            own,
        )
    ]
    fig.add(total, own)
    quotes: dict[str, list[str]] = {k: [] for k in PARTS}
    for pk, name, _path in units:
        r = children.get(pk)
        if r is not None and r.status == S.ACCEPTED and r.figures:
            fig.add(total, r.figures, unit=name)
            breakdown.append(fig.unit_row(pk, name, r.pk, r.status, r.figures))
            for k in PARTS:
                text = getattr(r, k).strip()
                if text:
                    quotes[k].append(f"{name}: {text}")
        else:
            breakdown.append(fig.unit_row(pk, name, r.pk if r else None, r.status if r else "missing", fig.empty()))
    report.figures = total
    report.breakdown = breakdown
    for k in PARTS:
        if not getattr(report, k).strip() and quotes[k]:
            setattr(report, k, "\n".join(quotes[k]))
    report.save()
    report.consolidates.set(accepted)


def report_consolidate(*, actor: Actor, period: ReportPeriod) -> PeriodReport:
    """The standing body builds (or rebuilds) the setting body's own report from the accepted reports."""
    if not access.can_review_period(actor, period):
        raise _forbidden(_("Chỉ cơ quan thường trực được tổng hợp báo cáo của kỳ này."))
    report = report_start(actor=actor, period=period, organisation=period.organisation)
    if report.status not in EDITABLE:
        raise DomainError(
            "not_editable", _("Báo cáo tổng hợp đã gửi lên cấp trên, không tổng hợp lại được."), status=409
        )
    with transaction.atomic():
        _consolidate(report)
        audit_record(
            actor=actor,
            action="period_report.consolidate",
            obj=report,
            organisation_id=report.organisation_id,
            after={"consolidates": sorted(report.consolidates.values_list("pk", flat=True))},
        )
    return report


def report_submit(*, actor: Actor, report: PeriodReport) -> PeriodReport:
    """The leader approves the report and sends it upward; its figures freeze now."""
    if not access.can_submit_report(actor, report):
        raise _forbidden(_("Chỉ lãnh đạo cơ quan được duyệt và gửi báo cáo."))
    if report.status not in EDITABLE:
        raise DomainError("not_editable", _("Báo cáo đã được gửi rồi."), status=409)
    if not report.results.strip():
        raise DomainError(
            "results_required", _("Hãy viết phần “Kết quả đạt được” trước khi gửi báo cáo."), field="results"
        )
    with transaction.atomic():
        locked = PeriodReport.objects.select_for_update().get(pk=report.pk)
        if locked.status not in EDITABLE:
            raise DomainError("not_editable", _("Báo cáo đã được gửi rồi."), status=409)
        if report.is_consolidated:
            _consolidate(report)
        else:
            report.figures = fig.for_subtree(report.organisation, report.period.start, report.period.end)
        report.status = S.SUBMITTED
        report.submitted_by, report.submitted_at = actor, timezone.now()
        report.return_reason = ""
        report.save()
        audit_record(
            actor=actor,
            action="period_report.submit",
            obj=report,
            organisation_id=report.organisation_id,
            after={"figures": report.figures},
        )
    return report


def _check_still_submitted(report: PeriodReport, message: str) -> None:
    """Lock the report's row for this transaction and check it is still submitted: of two reviewers who
    accept and return at once (or one who clicks twice), the second is told it is already decided."""
    if PeriodReport.objects.select_for_update().get(pk=report.pk).status != S.SUBMITTED:
        raise DomainError("not_submitted", message, status=409)


def report_return(*, actor: Actor, report: PeriodReport, reason: str) -> PeriodReport:
    if not access.can_review_report(actor, report):
        raise _forbidden(_("Chỉ cơ quan cấp trên tiếp nhận báo cáo mới được trả lại báo cáo."))
    if report.status != S.SUBMITTED:
        raise DomainError("not_submitted", _("Chỉ trả lại được báo cáo đã gửi và chưa tiếp nhận."), status=409)
    reason = clean_text(reason)
    if not reason:
        raise DomainError("reason_required", _("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."), field="reason")
    with transaction.atomic():
        _check_still_submitted(report, _("Chỉ trả lại được báo cáo đã gửi và chưa tiếp nhận."))
        report.status = S.RETURNED
        report.return_reason = reason
        report.reviewed_by, report.reviewed_at = actor, timezone.now()
        report.save(update_fields=["status", "return_reason", "reviewed_by", "reviewed_at", "updated_at"])
        audit_record(
            actor=actor, action="period_report.return", obj=report, organisation_id=report.organisation_id, note=reason
        )
    return report


def report_accept(*, actor: Actor, report: PeriodReport) -> PeriodReport:
    if not access.can_review_report(actor, report):
        raise _forbidden(_("Chỉ cơ quan cấp trên tiếp nhận báo cáo mới được tiếp nhận báo cáo."))
    if report.status != S.SUBMITTED:
        raise DomainError("not_submitted", _("Chỉ tiếp nhận được báo cáo đã gửi."), status=409)
    with transaction.atomic():
        _check_still_submitted(report, _("Chỉ tiếp nhận được báo cáo đã gửi."))
        report.status = S.ACCEPTED
        report.reviewed_by, report.reviewed_at = actor, timezone.now()
        report.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        audit_record(actor=actor, action="period_report.accept", obj=report, organisation_id=report.organisation_id)
    return report


# -- good models and commendations ----------------------------------------------------------------------
def good_model_record(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    description: str,
    recorded_on: dt.date,
    evidence_url: str = "",
    evidence_file: object | None = None,
    period: ReportPeriod | None = None,
) -> GoodModel:
    if not access.can_record_good_model(actor, organisation):
        raise _forbidden(_("Bạn không được ghi nhận mô hình của cơ quan này."))
    title, description = clean_line(title), clean_text(description)
    if not title:
        raise DomainError("required", _("Hãy nhập tên mô hình."), field="title")
    if not description:
        raise DomainError("required", _("Hãy mô tả mô hình, cách làm."), field="description")
    evidence_url = clean_line(evidence_url)
    if evidence_url and not evidence_url.startswith(("https://", "http://")):
        raise DomainError(
            "bad_url", _("Đường dẫn minh chứng phải bắt đầu bằng https:// hoặc http://."), field="evidence_url"
        )
    with transaction.atomic():
        gm = GoodModel(
            organisation=organisation,
            title=title,
            description=description,
            recorded_on=recorded_on,
            evidence_url=evidence_url,
            period=period,
            created_by=actor,
        )
        if evidence_file is not None:
            gm.evidence_file = evidence_file
        gm.save()
        audit_record(actor=actor, action="good_model.record", obj=gm, organisation_id=organisation.pk)
    return gm


def commendation_propose(
    *,
    actor: Actor,
    organisation: Organisation,
    reason: str,
    proposed_on: dt.date,
    target_org: Organisation | None = None,
    person_name: str = "",
    person_org: Organisation | None = None,
    period: ReportPeriod | None = None,
) -> Commendation:
    if not access.can_propose_commendation(actor, organisation):
        raise _forbidden(_("Chỉ cơ quan thường trực được đề nghị khen thưởng."))
    person_name, reason = clean_line(person_name), clean_text(reason)
    if target_org is None and not person_name:
        raise DomainError(
            "required", _("Hãy chọn tập thể hoặc ghi tên cá nhân được đề nghị khen thưởng."), field="target_org"
        )
    for o in (target_org, person_org):
        if o is not None and not o.path.startswith(organisation.path):
            raise DomainError("bad_org", _("Tập thể, cá nhân được đề nghị phải thuộc cấp này."), field="target_org")
    if not reason:
        raise DomainError("required", _("Hãy ghi thành tích được đề nghị khen thưởng."), field="reason")
    with transaction.atomic():
        c = Commendation.objects.create(
            organisation=organisation,
            target_org=target_org,
            person_name=person_name,
            person_org=person_org,
            reason=reason,
            proposed_on=proposed_on,
            proposed_by=actor,
            period=period,
        )
        audit_record(actor=actor, action="commendation.propose", obj=c, organisation_id=organisation.pk)
    return c


def commendation_decide(*, actor: Actor, commendation: Commendation, approve: bool, note: str = "") -> Commendation:
    if not access.can_decide_commendation(actor, commendation):
        raise _forbidden(_("Chỉ lãnh đạo (không phải người đề nghị) được quyết định khen thưởng."))
    if commendation.status != Commendation.Status.PROPOSED:
        raise DomainError("decided", _("Đề nghị này đã được quyết định."), status=409)
    with transaction.atomic():
        commendation = Commendation.objects.select_for_update().get(pk=commendation.pk)
        if commendation.status != Commendation.Status.PROPOSED:  # decided meanwhile by another leader
            raise DomainError("decided", _("Đề nghị này đã được quyết định."), status=409)
        commendation.status = Commendation.Status.APPROVED if approve else Commendation.Status.REJECTED
        commendation.decided_by, commendation.decided_on = actor, timezone.localdate()
        commendation.decision_note = clean_text(note)
        commendation.save()
        audit_record(
            actor=actor,
            action="commendation.decide",
            obj=commendation,
            organisation_id=commendation.organisation_id,
            after={"status": commendation.status, "by": display_name(actor)},
        )
    return commendation
