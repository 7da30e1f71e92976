"""Appraisal and examination records of a document (thẩm định, thẩm tra): record or correct them."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from policycomm.errors import DomainError
from policycomm.lawmaking import reviews
from policycomm.lawmaking.access import get_document_for_user
from policycomm.lawmaking.models import AppraisalRecord, ExaminationRecord, LegalDocument

from .. import forms as bf
from .base import StaffRequest, apply_errors, raise_if_forbidden, staff_required

#: The phase as it appears in the URL.
PHASES = {"de-nghi": AppraisalRecord.Phase.PROPOSAL, "du-thao": AppraisalRecord.Phase.DRAFT}


def _initial(record: AppraisalRecord | ExaminationRecord | None) -> dict[str, Any]:
    if record is None:
        return {}
    initial: dict[str, Any] = {
        "body": record.body_id,
        "body_name": record.body_name,
        "date": record.date,
        "report_number": record.report_number,
        "conclusion": record.conclusion,
        "states_communicated": record.states_communicated,
    }
    if isinstance(record, ExaminationRecord):
        initial.update(
            committee_checked_on=record.committee_checked_on,
            committee_confirms_communication=record.committee_confirms_communication,
            committee_note=record.committee_note,
        )
    return initial


def _bind(form: bf.ReviewForm, doc: LegalDocument) -> dict[int, Any]:
    bodies = {o.pk: o for o in reviews.review_bodies_for(doc)}
    cast(forms.ChoiceField, form.fields["body"]).choices = [
        ("", _("— Ghi tên cơ quan bên dưới —")),
        *((pk, o.name) for pk, o in bodies.items()),
    ]
    return bodies


def _report(form: bf.ReviewForm, bodies: dict[int, Any]) -> reviews.ReviewReport:
    d = form.cleaned_data
    return reviews.ReviewReport(
        body=bodies.get(d["body"]) if d["body"] is not None else None,
        body_name=d["body_name"],
        date=d["date"],
        report_number=d["report_number"],
        conclusion=d["conclusion"],
        states_communicated=d["states_communicated"],
    )


def _page(request: StaffRequest, doc: LegalDocument, form: bf.ReviewForm, title: str, status: int) -> HttpResponse:
    return render(request, "backoffice/review_form.html", {"doc": doc, "form": form, "title": title}, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def appraisal_edit(request: StaffRequest, pk: int, phase: str) -> HttpResponse:
    if phase not in PHASES:
        raise Http404
    doc = get_document_for_user(request.user, pk, write=True)
    value = PHASES[phase]
    title = str(AppraisalRecord.Phase(value).label)
    record = doc.appraisals.filter(phase=value).first()
    form = bf.ReviewForm(request.POST or None, initial=_initial(record))
    bodies = _bind(form, doc)
    if request.method == "POST":
        if form.is_valid():
            try:
                reviews.appraisal_record_save(
                    actor=request.user, document=doc, phase=value, report=_report(form, bodies)
                )
            except DomainError as exc:
                raise_if_forbidden(exc)
                apply_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu kết quả %(what)s.") % {"what": title.lower()})
                return redirect("backoffice:document", pk=doc.pk)
        return _page(request, doc, form, title, 422)
    return _page(request, doc, form, title, 200)


@staff_required
@require_http_methods(["GET", "POST"])
def examination_edit(request: StaffRequest, pk: int) -> HttpResponse:
    doc = get_document_for_user(request.user, pk, write=True)
    record = ExaminationRecord.objects.filter(document=doc).first()
    form = bf.ExaminationForm(request.POST or None, initial=_initial(record))
    bodies = _bind(form, doc)
    title = _("Thẩm tra")
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                reviews.examination_record_save(
                    actor=request.user,
                    document=doc,
                    report=_report(form, bodies),
                    check=reviews.CommitteeCheck(
                        checked_on=d["committee_checked_on"],
                        confirms_communication=d["committee_confirms_communication"],
                        note=d["committee_note"],
                    ),
                )
            except DomainError as exc:
                raise_if_forbidden(exc)
                apply_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu kết quả thẩm tra."))
                return redirect("backoffice:document", pk=doc.pk)
        return _page(request, doc, form, title, 422)
    return _page(request, doc, form, title, 200)
