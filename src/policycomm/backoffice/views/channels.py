"""The channel kit of a consultation: preview, download, make again, the announcer's recording, and "Đã sử
dụng" (record the communication activity from an output, with the output as its evidence)."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from policycomm.channels import services as chs
from policycomm.channels.access import can_manage_channels, get_output_for_user
from policycomm.channels.kit import kit_languages
from policycomm.channels.selectors import kit_outputs
from policycomm.channels.source import secret_reason
from policycomm.communication.access import can_record_activity
from policycomm.communication.translations import SOURCE_LANGUAGE, language_info
from policycomm.consultation.access import get_consultation_for_user
from policycomm.consultation.models import Consultation
from policycomm.errors import DomainError

from .base import StaffRequest, raise_if_forbidden, staff_required


def _lang(request: StaffRequest) -> str:
    """The kit's language asked for (``?lang=``, or a form's ``lang``), Vietnamese by default."""
    value = request.POST.get("lang") or request.GET.get("lang") or SOURCE_LANGUAGE
    return value if value.isascii() and len(value) <= 12 else SOURCE_LANGUAGE


def _page(request: StaffRequest, c: Consultation, *, error: str = "", status: int = 200) -> HttpResponse:
    langs = kit_languages(c)
    lang = _lang(request)
    if lang not in langs:
        raise Http404(_("Tài liệu truyền thông chưa có bản dịch công khai bằng ngôn ngữ này."))
    outputs = kit_outputs(c, lang=lang)
    policies = list(c.document.policies.select_related("document__drafting_body").order_by("pk"))
    return render(
        request,
        "backoffice/channels.html",
        {
            "c": c,
            "outputs": outputs,
            "lang": lang,
            "lang_query": "" if lang == SOURCE_LANGUAGE else f"lang={lang}",
            "languages": [
                {
                    "code": code,
                    "name": _("Tiếng Việt") if code == SOURCE_LANGUAGE else language_info(code)["name_translated"],
                }
                for code in langs
            ],
            "secret": secret_reason(c),
            "can_manage": can_manage_channels(request.user, c),
            "can_use": bool(policies) and all(can_record_activity(request.user, p) for p in policies),
            "token": secrets.token_hex(16),
            "error": error,
            "max_mb": chs.MAX_RECORDING_BYTES // (1024 * 1024),
        },
        status=status,
    )


def _back(c: Consultation, lang: str) -> HttpResponse:
    url = reverse("backoffice:channel_kit", kwargs={"pk": c.pk})
    return redirect(url if lang == SOURCE_LANGUAGE else f"{url}?lang={lang}")


@staff_required
@require_GET
def channel_kit(request: StaffRequest, pk: int) -> HttpResponse:
    return _page(request, get_consultation_for_user(request.user, pk))


@staff_required
@require_GET
def channel_download(request: StaffRequest, pk: int, kind: str) -> HttpResponseBase:
    """The output's file (``?xem=anh``: its preview image), or its text as a .txt file."""
    out = get_output_for_user(request.user, pk, kind, lang=_lang(request))
    if request.GET.get("xem") == "anh":
        f = out.preview if out.preview else (out.file if out.media_type.startswith("image/") else None)
        if not f:
            raise Http404(_("Sản phẩm này không có ảnh xem trước."))
        return FileResponse(f.open("rb"), content_type="image/png")
    if not out.file:
        response = HttpResponse(out.text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{kind.replace("_", "-")}-{pk}.txt"'
        return response
    try:
        fh = out.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp của sản phẩm này không còn; hãy bấm “Tạo lại”.")) from None
    return FileResponse(fh, content_type=out.media_type, filename=Path(out.file.name).name)


def _write(request: StaffRequest, pk: int) -> Consultation:
    c = get_consultation_for_user(request.user, pk)
    if not can_manage_channels(request.user, c):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem bộ sản phẩm truyền thông này."))
    return c


@staff_required
@require_POST
def channel_rebuild(request: StaffRequest, pk: int) -> HttpResponse:
    c = _write(request, pk)
    try:
        chs.kit_request(
            actor=request.user,
            consultation=c,
            force=request.POST.get("tat-ca") == "1",
            lang=request.POST.get("lang", ""),
        )
    except DomainError as exc:
        raise_if_forbidden(exc)
        return _page(request, c, error=exc.message, status=exc.status)
    messages.success(request, _("Đã yêu cầu tạo bộ sản phẩm; các sản phẩm mới sẽ hiện ra sau ít giây."))
    return _back(c, _lang(request))


#: Room in a request for the form around the recording.
_FORM_OVERHEAD = 64 * 1024


@csrf_exempt
def channel_recording(request: StaffRequest, pk: int) -> HttpResponseBase:
    """An oversized upload is refused from its Content-Length, before its body is read (the CSRF check would
    read it); the refusal changes nothing. Any other request is checked for CSRF as usual."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if request.method == "POST" and length > chs.MAX_RECORDING_BYTES + _FORM_OVERHEAD:
        return _recording_too_large(request, pk)
    return _recording_upload(request, pk)


@staff_required
def _recording_too_large(request: StaffRequest, pk: int) -> HttpResponse:
    c = _write(request, pk)
    message = _("Tệp ghi âm lớn quá %(mb)d MB; vui lòng nén lại (MP3 hoặc Ogg) rồi tải lên.") % {
        "mb": chs.MAX_RECORDING_BYTES // (1024 * 1024)
    }
    response = _page(request, c, error=message, status=413)
    response["Connection"] = "close"  # the body was not read
    return response


@csrf_protect
@staff_required
@require_POST
def _recording_upload(request: StaffRequest, pk: int) -> HttpResponse:
    c = _write(request, pk)
    upload = request.FILES.get("recording")
    if upload is None:
        return _page(request, c, error=_("Vui lòng chọn tệp ghi âm (MP3, Ogg hoặc WAV)."), status=422)
    try:
        chs.recording_upload(actor=request.user, consultation=c, upload=upload, lang=_lang(request))
    except DomainError as exc:
        raise_if_forbidden(exc)
        return _page(request, c, error=exc.message, status=exc.status)
    messages.success(request, _("Đã thay âm thanh tổng hợp bằng bản thu của phát thanh viên."))
    return _back(c, _lang(request))


@staff_required
@require_POST
def channel_recording_remove(request: StaffRequest, pk: int) -> HttpResponse:
    c = _write(request, pk)
    try:
        chs.recording_remove(actor=request.user, consultation=c, lang=_lang(request))
    except DomainError as exc:
        raise_if_forbidden(exc)
        return _page(request, c, error=exc.message, status=exc.status)
    messages.success(request, _("Đã gỡ bản thu; âm thanh tổng hợp sẽ được tạo lại."))
    return _back(c, _lang(request))


@staff_required
@require_POST
def channel_use(request: StaffRequest, pk: int, kind: str) -> HttpResponse:
    out = get_output_for_user(request.user, pk, kind, lang=_lang(request))
    c = out.consultation
    try:
        activities = chs.output_use(actor=request.user, output=out, token=request.POST.get("token", ""))
    except DomainError as exc:
        raise_if_forbidden(exc)
        return _page(request, c, error=exc.message, status=exc.status)
    messages.success(
        request,
        _("Đã ghi nhận hoạt động “%(channel)s” (%(n)d chính sách), kèm sản phẩm làm minh chứng.")
        % {"channel": activities[0].channel, "n": len(activities)},
    )
    return _back(c, _lang(request))
