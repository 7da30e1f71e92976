"""A document's draft versions compared (the same comparison as the portal's) and its dossier (hồ sơ dự thảo):
upload, remove, download, for the drafters; read for every staff member who reaches the document."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policycomm.errors import DomainError
from policycomm.lawmaking import versions
from policycomm.lawmaking.access import can_manage_dossier, get_document_for_user, get_dossier_file_for_user
from policycomm.lawmaking.dossier import dossier_add, dossier_remove, download_name, human_size
from policycomm.lawmaking.models import DossierFile

from .base import StaffRequest, apply_errors, raise_if_forbidden, staff_required


class DossierForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại tài liệu"), choices=DossierFile.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Tên tài liệu"), max_length=300)
    file = forms.FileField(
        label=gettext_lazy("Tệp"),
        help_text=gettext_lazy("PDF, DOCX, DOC, XLSX hoặc ODT, tối đa 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.doc,.xlsx,.odt"}),
    )
    public = forms.BooleanField(label=gettext_lazy("Công khai trên cổng lấy ý kiến"), required=False, initial=True)


@staff_required
@require_GET
def document_compare(request: StaffRequest, pk: int) -> HttpResponse:
    doc = get_document_for_user(request.user, pk)
    pair = versions.resolve_pair(doc.pk, request.GET.get("tu"), request.GET.get("den"))
    if pair is None:
        raise Http404(_("Không tìm thấy lần dự thảo cần so sánh."))
    return render(request, "backoffice/versions_compare.html", {"doc": doc, "pair": pair})


@staff_required
@require_http_methods(["GET", "POST"])
def document_dossier(request: StaffRequest, pk: int) -> HttpResponse:
    doc = get_document_for_user(request.user, pk, write=request.method == "POST")
    form = DossierForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            d = form.cleaned_data
            try:
                dossier_add(
                    actor=request.user,
                    document=doc,
                    kind=d["kind"],
                    title=d["title"],
                    file=d["file"],
                    public=d["public"],
                )
            except DomainError as exc:
                raise_if_forbidden(exc)
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã thêm tài liệu vào hồ sơ dự thảo."))
                return redirect("backoffice:document_dossier", pk=doc.pk)
    files = [{"f": f, "size": human_size(f.size)} for f in doc.dossier_files.select_related("uploaded_by")]
    return render(
        request,
        "backoffice/dossier.html",
        {"doc": doc, "files": files, "form": form, "can_manage": can_manage_dossier(request.user, doc)},
        status=status,
    )


@staff_required
@require_POST
def dossier_file_remove(request: StaffRequest, pk: int, fid: int) -> HttpResponse:
    doc = get_document_for_user(request.user, pk, write=True)
    f = get_dossier_file_for_user(request.user, doc, fid)
    try:
        dossier_remove(actor=request.user, file=f)
    except DomainError as exc:
        raise_if_forbidden(exc)
        raise
    messages.success(request, _("Đã gỡ tài liệu khỏi hồ sơ dự thảo."))
    return redirect("backoffice:document_dossier", pk=doc.pk)


@staff_required
@require_GET
def dossier_file_download(request: StaffRequest, pk: int, fid: int) -> FileResponse:
    doc = get_document_for_user(request.user, pk)
    f = get_dossier_file_for_user(request.user, doc, fid)
    try:
        handle = f.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("Không tìm thấy tài liệu.")) from None
    return FileResponse(handle, as_attachment=True, filename=download_name(f), content_type=f.content_type)
