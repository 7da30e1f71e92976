"""Staff screens for periodic reports: periods and who reported, a report's page (figures, written parts,
submit / accept / return), the standing body's consolidation, downloads, good models and commendations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policycomm.documents.pdf import PdfUnavailableError
from policycomm.errors import DomainError
from policycomm.orgs.models import Organisation
from policycomm.reporting import access as ra
from policycomm.reporting import services as rs
from policycomm.reporting.export import (
    STATUS_LABELS,
    channel_rows,
    figure_rows,
    form_rows,
    report_docx,
    report_pdf,
    report_xlsx,
    source_rows,
)
from policycomm.reporting.models import Commendation, PeriodReport, ReportPeriod
from policycomm.reporting.selectors import period_status, period_summaries, report_figures, report_history

from .. import report_forms as rf
from .base import StaffRequest, apply_errors, plain_int, raise_if_forbidden, staff_required

EDITABLE = (PeriodReport.Status.DRAFT, PeriodReport.Status.RETURNED)
SCREEN_ROWS = 300


def _period_url(period: ReportPeriod) -> str:
    return reverse("backoffice:report_period", args=[period.pk])


def _report_url(report: PeriodReport) -> str:
    return reverse("backoffice:report", args=[report.pk])


@staff_required
def report_list(request: StaffRequest) -> HttpResponse:
    periods = list(
        ra.periods_for_user(request.user).select_related("organisation", "standing_body").order_by("-end", "-pk")
    )
    summaries = period_summaries(periods)
    rows = [(p, summaries[p.pk]) for p in periods]
    orgs = ra.period_setting_orgs(request.user)
    form = rf.PeriodForm(orgs=[(o.pk, o.name) for o in orgs]) if orgs else None
    return render(request, "backoffice/reports/list.html", {"rows": rows, "form": form})


@staff_required
def period_create(request: StaffRequest) -> HttpResponse:
    orgs = ra.period_setting_orgs(request.user)
    if not orgs:
        raise PermissionDenied(_("Bạn không giao kỳ báo cáo cho cơ quan nào."))
    form = rf.PeriodForm(request.POST or None, orgs=[(o.pk, o.name) for o in orgs])
    if request.method == "POST" and form.is_valid():
        org = next(o for o in orgs if o.pk == form.cleaned_data["organisation"])
        try:
            period = rs.period_create(
                actor=request.user,
                organisation=org,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                due=form.cleaned_data["due"],
            )
        except DomainError as exc:
            raise_if_forbidden(exc)
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Đã giao kỳ báo cáo; các đơn vị trực thuộc đã được đưa vào danh sách phải báo cáo.")
            )
            return redirect(_period_url(period))
    return render(request, "backoffice/reports/period_form.html", {"form": form}, status=422 if form.is_bound else 200)


@staff_required
def period_detail(request: StaffRequest, pk: int) -> HttpResponse:
    period = ra.get_period_for_user(request.user, pk)
    status = period_status(period)
    can_review = ra.can_review_period(request.user, period)
    units = {o.pk: o for o in period.units.all()}
    startable = [
        units[u["org"]]
        for u in status["units"]
        if u["report"] is None and ra.acts_for(request.user, units[u["org"]], ra.DRAFT_ROLES)
    ]
    units_form = None
    if can_review:
        choices = [
            (o.pk, o.name)
            for o in Organisation.objects.filter(parent=period.organisation, is_active=True).order_by("path")
        ]
        units_form = rf.UnitsForm(initial={"units": [u["org"] for u in status["units"]]}, choices=choices)
    return render(
        request,
        "backoffice/reports/period.html",
        {
            "period": period,
            "status": status,
            "can_review": can_review,
            "startable": startable,
            "units_form": units_form,
            "labels": STATUS_LABELS,
            "today": timezone.localdate(),
        },
    )


@staff_required
@require_POST
def period_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    period = ra.get_period_for_user(request.user, pk)
    try:
        if action == "start":
            org_id = plain_int(request.POST.get("organisation"))
            org = period.units.filter(pk=org_id).first() if org_id else None
            if org is None:
                raise DomainError("not_a_unit", _("Hãy chọn một đơn vị phải báo cáo của kỳ này."), field="organisation")
            report = rs.report_start(actor=request.user, period=period, organisation=org)
            return redirect(_report_url(report))
        if action == "consolidate":
            report = rs.report_consolidate(actor=request.user, period=period)
            messages.success(request, _("Đã tổng hợp từ các báo cáo đã tiếp nhận và số liệu của các cơ quan cấp mình."))
            return redirect(_report_url(report))
        if action == "units":
            if not ra.can_review_period(request.user, period):
                raise PermissionDenied(_("Chỉ cơ quan thường trực được sửa danh sách đơn vị phải báo cáo."))
            choices = list(Organisation.objects.filter(parent=period.organisation, is_active=True))
            form = rf.UnitsForm(request.POST, choices=[(o.pk, o.name) for o in choices])
            if not form.is_valid():
                raise DomainError("bad_units", _("Danh sách đơn vị không hợp lệ."), field="units")
            chosen = set(form.cleaned_data["units"])
            rs.period_set_units(actor=request.user, period=period, units=[o for o in choices if o.pk in chosen])
            messages.success(request, _("Đã cập nhật danh sách đơn vị phải báo cáo."))
            return redirect(_period_url(period))
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
        return redirect(_period_url(period))
    raise PermissionDenied(_("Thao tác không hợp lệ."))


def _figure_context(report: PeriodReport) -> dict[str, Any]:
    f = report_figures(report)
    return {
        "figures": f,
        "figure_rows": [(_(label), value) for label, value in figure_rows(f)],
        "form_rows": form_rows(f),
        "channel_rows": channel_rows(f),
        "source_rows": source_rows(f),
    }


def _report_page(
    request: StaffRequest,
    report: PeriodReport,
    *,
    parts_form: rf.PartsForm | None = None,
    return_form: rf.ReturnForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    editable = report.status in EDITABLE
    can_draft = editable and ra.can_draft_report(user, report)
    can_submit = editable and ra.can_submit_report(user, report)
    can_review = report.status == PeriodReport.Status.SUBMITTED and ra.can_review_report(user, report)
    if parts_form is None and can_draft:
        parts_form = rf.PartsForm(
            initial={
                "number": report.number,
                "symbol": report.symbol,
                "results": report.results,
                "shortcomings": report.shortcomings,
                "directions": report.directions,
                "proposals": report.proposals,
            }
        )
    ctx: dict[str, Any] = {
        "report": report,
        "period": report.period,
        "parts_form": parts_form if can_draft else None,
        "return_form": return_form or (rf.ReturnForm() if can_review else None),
        "can_submit": can_submit,
        "can_review": can_review,
        "can_consolidate": report.is_consolidated and editable and ra.can_review_period(user, report.period),
        "history": report_history(report),
        "labels": STATUS_LABELS,
        "parts": [
            (_("Kết quả đạt được"), report.results),
            (_("Tồn tại, hạn chế và nguyên nhân"), report.shortcomings),
            (_("Phương hướng, nhiệm vụ"), report.directions),
            (_("Đề xuất, kiến nghị"), report.proposals),
        ],
        "live": report.status in EDITABLE and not report.is_consolidated,
        **_figure_context(report),
    }
    # A national report lists thousands of units: the page shows the first ones, the XLSX has them all.
    breakdown = report.breakdown or []
    ctx["breakdown"] = breakdown[:SCREEN_ROWS]
    ctx["breakdown_more"] = max(0, len(breakdown) - SCREEN_ROWS)
    failing = ctx["figures"]["coverage"]["failing"]
    ctx["failing"] = failing[:SCREEN_ROWS]
    ctx["failing_more"] = max(0, len(failing) - SCREEN_ROWS)
    return render(request, "backoffice/reports/report.html", ctx, status=status)


@staff_required
def report_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return _report_page(request, ra.get_report_for_user(request.user, pk))


@staff_required
@require_POST
def report_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    report = ra.get_report_for_user(request.user, pk, write=True)
    try:
        if action == "save":
            form = rf.PartsForm(request.POST)
            if not form.is_valid():
                return _report_page(request, report, parts_form=form, status=422)
            d = form.cleaned_data
            try:
                rs.report_save(
                    actor=request.user,
                    report=report,
                    parts={
                        "results": d["results"],
                        "shortcomings": d["shortcomings"],
                        "directions": d["directions"],
                        "proposals": d["proposals"],
                    },
                    number=d["number"],
                    symbol=d["symbol"],
                )
            except DomainError as exc:
                raise_if_forbidden(exc)
                if exc.status == 409:
                    raise
                apply_errors(form, exc)
                return _report_page(request, report, parts_form=form, status=422)
            messages.success(request, _("Đã lưu báo cáo."))
        elif action == "submit":
            rs.report_submit(actor=request.user, report=report)
            messages.success(request, _("Đã duyệt và gửi báo cáo lên cấp trên."))
        elif action == "accept":
            rs.report_accept(actor=request.user, report=report)
            messages.success(request, _("Đã tiếp nhận báo cáo."))
        elif action == "return":
            rform = rf.ReturnForm(request.POST)
            if not rform.is_valid():
                return _report_page(request, report, return_form=rform, status=422)
            try:
                rs.report_return(actor=request.user, report=report, reason=rform.cleaned_data["reason"])
            except DomainError as exc:
                raise_if_forbidden(exc)
                if exc.status == 409:
                    raise
                apply_errors(rform, exc)
                return _report_page(request, report, return_form=rform, status=422)
            messages.success(request, _("Đã trả lại báo cáo kèm lý do."))
        else:
            raise PermissionDenied(_("Thao tác không hợp lệ."))
    except DomainError as exc:
        raise_if_forbidden(exc)
        if exc.status == 409:
            raise
        messages.error(request, exc.message)
    return redirect(_report_url(report))


MIMES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@staff_required
def report_download(request: StaffRequest, pk: int, fmt: str) -> HttpResponseBase:
    report = ra.get_report_for_user(request.user, pk)
    if fmt == "pdf":
        try:
            data = report_pdf(report)
        except PdfUnavailableError as exc:
            raise DomainError("pdf_unavailable", str(exc), status=503) from None
    else:
        data = report_docx(report) if fmt == "docx" else report_xlsx(report)
    name = f"bao-cao-{report.number or report.pk}-{report.symbol}".replace("/", "-")
    resp = HttpResponse(data, content_type=MIMES[fmt])
    resp["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp


# -- good models and commendations ------------------------------------------------------------------------
def _recognition_page(
    request: StaffRequest,
    *,
    gm_form: rf.GoodModelForm | None = None,
    c_form: rf.CommendationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    gm_orgs = ra.recognition_orgs(user)
    c_orgs = ra.period_setting_orgs(user)
    today = timezone.localdate()
    models = list(ra.good_models_for_user(user).select_related("organisation")[:200])
    commendations = list(
        ra.commendations_for_user(user).select_related("organisation", "target_org", "person_org")[:200]
    )
    targets: list[tuple[int, str]] = []
    if c_orgs:
        paths = [o.path for o in c_orgs]
        targets = [
            (o.pk, o.name)
            for o in Organisation.objects.filter(is_active=True).order_by("path")
            if any(o.path.startswith(p) for p in paths)
        ]
    ctx = {
        "models": models,
        "commendations": [(c, ra.can_decide_commendation(user, c)) for c in commendations],
        "gm_form": gm_form
        or (
            rf.GoodModelForm(orgs=[(o.pk, o.name) for o in gm_orgs], initial={"recorded_on": today})
            if gm_orgs
            else None
        ),
        "c_form": c_form
        or (
            rf.CommendationForm(orgs=[(o.pk, o.name) for o in c_orgs], targets=targets, initial={"proposed_on": today})
            if c_orgs
            else None
        ),
    }
    return render(request, "backoffice/reports/recognition.html", ctx, status=status)


@staff_required
def recognition(request: StaffRequest) -> HttpResponse:
    return _recognition_page(request)


@staff_required
@require_POST
def good_model_create(request: StaffRequest) -> HttpResponse:
    orgs = ra.recognition_orgs(request.user)
    if not orgs:
        raise PermissionDenied(_("Bạn không ghi nhận được mô hình của cơ quan nào."))
    form = rf.GoodModelForm(request.POST, request.FILES, orgs=[(o.pk, o.name) for o in orgs])
    if not form.is_valid():
        return _recognition_page(request, gm_form=form, status=422)
    d = form.cleaned_data
    try:
        rs.good_model_record(
            actor=request.user,
            organisation=next(o for o in orgs if o.pk == d["organisation"]),
            title=d["title"],
            description=d["description"],
            recorded_on=d["recorded_on"],
            evidence_url=d["evidence_url"],
            evidence_file=d["evidence_file"],
        )
    except DomainError as exc:
        raise_if_forbidden(exc)
        apply_errors(form, exc)
        return _recognition_page(request, gm_form=form, status=422)
    messages.success(request, _("Đã ghi nhận mô hình hay, cách làm hiệu quả."))
    return redirect(reverse("backoffice:recognition"))


@staff_required
@require_POST
def commendation_create(request: StaffRequest) -> HttpResponse:
    orgs = ra.period_setting_orgs(request.user)
    if not orgs:
        raise PermissionDenied(_("Chỉ cơ quan thường trực được đề nghị khen thưởng."))
    paths = [o.path for o in orgs]
    targets = [
        o
        for o in Organisation.objects.filter(is_active=True).order_by("path")
        if any(o.path.startswith(p) for p in paths)
    ]
    form = rf.CommendationForm(
        request.POST, orgs=[(o.pk, o.name) for o in orgs], targets=[(o.pk, o.name) for o in targets]
    )
    if not form.is_valid():
        return _recognition_page(request, c_form=form, status=422)
    d = form.cleaned_data
    try:
        rs.commendation_propose(
            actor=request.user,
            organisation=next(o for o in orgs if o.pk == d["organisation"]),
            target_org=next((o for o in targets if o.pk == d["target_org"]), None),
            person_name=d["person_name"],
            reason=d["reason"],
            proposed_on=d["proposed_on"],
        )
    except DomainError as exc:
        raise_if_forbidden(exc)
        apply_errors(form, exc)
        return _recognition_page(request, c_form=form, status=422)
    messages.success(request, _("Đã gửi đề nghị khen thưởng để lãnh đạo quyết định."))
    return redirect(reverse("backoffice:recognition"))


@staff_required
@require_POST
def commendation_decide(request: StaffRequest, pk: int) -> HttpResponse:
    c: Commendation = ra.get_commendation_for_user(request.user, pk, write=True)
    choice = request.POST.get("decision")
    if choice not in ("approve", "reject"):
        messages.error(request, _("Hãy chọn khen thưởng hoặc không khen thưởng."))
        return redirect(reverse("backoffice:recognition"))
    try:
        rs.commendation_decide(
            actor=request.user, commendation=c, approve=choice == "approve", note=request.POST.get("note", "")[:4000]
        )
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã ghi quyết định khen thưởng."))
    return redirect(reverse("backoffice:recognition"))
