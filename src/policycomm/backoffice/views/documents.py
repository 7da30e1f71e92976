"""Documents: register one, its page (stages, policies, sections, consultation windows), its actions."""

from __future__ import annotations

from typing import Any, TypedDict, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policycomm.consultation import selectors as csel
from policycomm.consultation import services as cons
from policycomm.consultation.periods import comment_periods
from policycomm.errors import DomainError
from policycomm.lawmaking import reviews
from policycomm.lawmaking import services as law
from policycomm.lawmaking.access import can_register_document, can_write_document, get_document_for_user
from policycomm.lawmaking.models import AppraisalRecord, ExaminationRecord, LegalDocument
from policycomm.lawmaking.rules import DOC_TYPE_RULES, STAGE_ORDER, Stage, allowed_next
from policycomm.lawmaking.selectors import document_org_choices
from policycomm.orgs.models import Organisation

from .. import forms as bf
from .base import StaffRequest, apply_errors, staff_required


@staff_required
def document_create(request: StaffRequest) -> HttpResponse:
    if not can_register_document(request.user):
        raise PermissionDenied(_("Chỉ chuyên viên soạn thảo được đăng ký văn bản."))
    issuers, bodies = document_org_choices(request.user)
    form = bf.DocumentForm(request.POST or None)
    cast(forms.ChoiceField, form.fields["issuing_authority"]).choices = issuers
    cast(forms.ChoiceField, form.fields["drafting_body"]).choices = bodies
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            doc = law.document_register(
                actor=request.user,
                title=d["title"],
                doc_type=d["doc_type"],
                issuing_authority=Organisation.objects.get(pk=d["issuing_authority"]),
                drafting_body=Organisation.objects.get(pk=d["drafting_body"]),
                simplified_procedure=d["simplified_procedure"],
                sectors=list(d["sectors"]),
            )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã đăng ký văn bản."))
            return redirect("backoffice:document", pk=doc.pk)
    return render(request, "backoffice/document_form.html", {"form": form}, status=422 if form.errors else 200)


class ReviewLink(TypedDict):
    label: str
    url: str
    record: AppraisalRecord | ExaminationRecord | None


def _review_links(doc: LegalDocument) -> list[ReviewLink]:
    """The review records the document has reached a stage for, each with the page that records it."""
    records = reviews.review_records(doc)
    reached = STAGE_ORDER.index(doc.stage)
    links: list[ReviewLink] = []
    if not doc.simplified_procedure and reached >= STAGE_ORDER.index(Stage.PROPOSAL_APPRAISAL):
        links.append(
            {
                "label": str(AppraisalRecord.Phase.PROPOSAL.label),
                "url": reverse("backoffice:appraisal", args=[doc.pk, "de-nghi"]),
                "record": records["proposal"],
            }
        )
    if reached >= STAGE_ORDER.index(Stage.DRAFT_APPRAISAL):
        links.append(
            {
                "label": str(AppraisalRecord.Phase.DRAFT.label),
                "url": reverse("backoffice:appraisal", args=[doc.pk, "du-thao"]),
                "record": records["draft"],
            }
        )
    if DOC_TYPE_RULES[doc.doc_type].examined and reached >= STAGE_ORDER.index(Stage.EXAMINATION):
        links.append(
            {
                "label": _("Thẩm tra"),
                "url": reverse("backoffice:examination", args=[doc.pk]),
                "record": records["examination"],
            }
        )
    return links


def _document_context(request: StaffRequest, doc: LegalDocument, **extra: Any) -> dict[str, Any]:
    nxt = allowed_next(doc.stage, doc_type=doc.doc_type, simplified=doc.simplified_procedure)
    tform = extra.pop("tform", None) or bf.TransitionForm()
    cast(forms.ChoiceField, tform.fields["to_stage"]).choices = [(s, Stage(s).label) for s in nxt]
    return {
        "doc": doc,
        "can_write": can_write_document(request.user, doc),
        "transitions": list(doc.transitions.select_related("actor")),
        "policies": list(doc.policies.all()),
        "sections": list(csel.public_sections(doc)),
        "consultations": list(doc.consultations.annotate(n_comments=Count("comments"))),
        "tform": tform,
        "pform": extra.pop("pform", None) or bf.PolicyForm(),
        "sform": extra.pop("sform", None) or bf.SectionsForm(),
        "cform": extra.pop("cform", None) or bf.ConsultationForm(),
        "secform": extra.pop("secform", None) or bf.SectorsForm(initial={"sectors": list(doc.sectors.all())}),
        "next_stages": nxt,
        "review_links": _review_links(doc),
        "minimum_periods": [p for p in comment_periods() if p.doc_type == doc.doc_type],
        **extra,
    }


@staff_required
def document_detail(request: StaffRequest, pk: int) -> HttpResponse:
    doc = get_document_for_user(request.user, pk)
    return render(request, "backoffice/document.html", _document_context(request, doc))


FORMS: dict[str, tuple[str, type[forms.Form]]] = {
    "transition": ("tform", bf.TransitionForm),
    "policy": ("pform", bf.PolicyForm),
    "sections": ("sform", bf.SectionsForm),
    "consultation": ("cform", bf.ConsultationForm),
    "sectors": ("secform", bf.SectorsForm),
}


@staff_required
@require_POST
def document_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    if action not in FORMS:
        raise Http404
    doc = get_document_for_user(request.user, pk, write=True)
    key, cls = FORMS[action]
    form = cls(request.POST)
    if action == "transition":
        # Offer every stage so that an illegal request reaches the service and gets its reason.
        cast(forms.ChoiceField, form.fields["to_stage"]).choices = Stage.choices
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "transition":
                law.document_transition(actor=request.user, document=doc, to_stage=d["to_stage"], note=d["note"])
                messages.success(
                    request, _("Đã chuyển sang giai đoạn “%(stage)s”.") % {"stage": Stage(d["to_stage"]).label}
                )
            elif action == "policy":
                law.policy_add(actor=request.user, document=doc, title=d["title"], summary=d["summary"])
                messages.success(request, _("Đã thêm chính sách."))
            elif action == "sections":
                counts = law.sections_replace(actor=request.user, document=doc, raw_text=d["raw_text"])
                messages.success(
                    request,
                    _("Đã cập nhật dự thảo: %(created)d mục mới, %(updated)d mục giữ nguyên mã, %(retired)d mục bị bỏ.")
                    % {"created": counts["created"], "updated": counts["updated"], "retired": counts["retired"]},
                )
            elif action == "sectors":
                law.document_set_sectors(actor=request.user, document=doc, sectors=list(d["sectors"]))
                messages.success(request, _("Đã cập nhật lĩnh vực của văn bản."))
            else:
                cons.consultation_create(
                    actor=request.user,
                    document=doc,
                    phase=d["phase"],
                    title=d["title"],
                    intro=d["intro"],
                    opens_at=d["opens_at"],
                    closes_at=d["closes_at"],
                    shortened_ground=d["shortened_ground"],
                )
                messages.success(request, _("Đã mở đợt lấy ý kiến."))
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            return redirect("backoffice:document", pk=doc.pk)
    return render(request, "backoffice/document.html", _document_context(request, doc, **{key: form}), status=422)
