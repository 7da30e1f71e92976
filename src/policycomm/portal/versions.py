"""The draft's versions, the comparison of two of them, and the dossier's files, on the portal.

``/gop-y/<pk>/du-thao/<n>/`` one version; ``/gop-y/<pk>/so-sanh/?tu=1&den=2`` a comparison (the last two by
default; a number that is not a version answers 404); ``/gop-y/<pk>/ho-so/<fid>/`` a public file of the dossier,
served through the consultation's visibility, as an attachment.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from policycomm.lawmaking import versions
from policycomm.lawmaking.dossier import download_name, public_dossier

from .views import _visible_consultation


@require_GET
def version_detail(request: HttpRequest, pk: int, n: int) -> HttpResponse:
    c = _visible_consultation(pk)
    numbers = versions.version_numbers(c.document_id)
    v = versions.get_version(c.document_id, n)
    if v is None:
        raise Http404(_("Không tìm thấy lần dự thảo này."))
    return render(request, "portal/version.html", {"c": c, "v": v, "numbers": numbers, "latest": numbers[-1]})


@require_GET
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    c = _visible_consultation(pk)
    pair = versions.resolve_pair(c.document_id, request.GET.get("tu"), request.GET.get("den"))
    if pair is None:
        raise Http404(_("Không tìm thấy lần dự thảo cần so sánh."))
    return render(request, "portal/compare.html", {"c": c, "pair": pair})


@require_GET
def dossier_download(request: HttpRequest, pk: int, fid: int) -> FileResponse:
    c = _visible_consultation(pk)
    f = public_dossier(c.document_id).filter(pk=fid).first()
    if f is None or not f.file:
        raise Http404(_("Không tìm thấy tài liệu."))
    try:
        handle = f.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tài liệu.")) from None
    return FileResponse(handle, as_attachment=True, filename=download_name(f), content_type=f.content_type)
