"""The channel kit on the public side: the short link printed on posters and SMS, and the kit's files."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from policycomm.channels.selectors import public_kit
from policycomm.consultation import selectors


@require_GET
def short_link(request: HttpRequest, pk: int) -> HttpResponse:
    """/p/<id>/ → the draft's page (the link an SMS or a LED screen has room for)."""
    c = get_object_or_404(selectors.public_consultations(), pk=pk)
    return redirect("portal:consultation", pk=c.pk)


@require_GET
def channel_file(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    """One output of the public kit, with its own Content-Type (no login: a radio or a newspaper pulls it)."""
    c = get_object_or_404(selectors.public_consultations(), pk=pk)
    lang = request.GET.get("lang", "vi")
    found = [o for o in public_kit(c, lang=lang) if o.kind == kind]
    if not found:
        raise Http404(_("Không tìm thấy sản phẩm truyền thông này."))
    out = found[0]
    if not out.file:
        response = HttpResponse(out.text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{kind.replace("_", "-")}-{c.pk}.txt"'
        return response
    try:
        fh = out.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp của sản phẩm này không còn, vui lòng thử lại sau.")) from None
    return FileResponse(fh, content_type=out.media_type, filename=Path(out.file.name).name)
