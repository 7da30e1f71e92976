"""Intake from every channel: an officer records an opinion received by letter, phone, at a meeting, from the
press, social networks or the Fatherland Front (with OCR of a scan), imports a spreadsheet of opinions after a
preview, records the Front's social criticism and answers it point by point, and records to whom the draft was
sent and their replies. Views translate HTTP to the services in ``consultation.intake`` and ``.feedback``."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policycomm.consultation import feedback
from policycomm.consultation import intake as svc
from policycomm.consultation.access import (
    can_enter_comments,
    get_comment_for_user,
    get_consultation_for_user,
    get_criticism_for_user,
    get_outreach_for_user,
)
from policycomm.consultation.intake_selectors import criticisms_for_report, outreach_rows, outreach_summary
from policycomm.consultation.models import Comment, Consultation, CriticismPoint, Outreach
from policycomm.consultation.ocr import read_scan
from policycomm.consultation.sheets import MAX_BYTES as MAX_SHEET_BYTES
from policycomm.errors import DomainError
from policycomm.lawmaking.models import Section
from policycomm.orgs.models import Organisation

from .. import intake_forms as f
from .base import StaffRequest, apply_errors, raise_if_forbidden, staff_required

_SCAN = "intake-scan-"
_IMPORT = "intake-import-"
_TOKEN = re.compile(r"[0-9a-f]{32}")


def _writable(request: StaffRequest, pk: int) -> Consultation:
    c = get_consultation_for_user(request.user, pk)
    if not can_enter_comments(request.user, c):
        raise PermissionDenied(_("Vai trò của bạn không được ghi nhận ý kiến cho đợt lấy ý kiến này."))
    return c


def _section_choices(c: Consultation) -> list[tuple[Any, str]]:
    sections = Section.objects.filter(document_id=c.document_id, retired=False).order_by("position")
    return [("", _("— Góp ý chung, không gắn điều, khoản —"))] + [
        (s.pk, ("\u2003" * s.depth) + s.heading[:120]) for s in sections
    ]


# -- one opinion, typed or read from a scan ---------------------------------------------------------------------


def _stash_scan(request: StaffRequest, c: Consultation, upload: Any) -> str:
    token = uuid.uuid4().hex
    name = svc.safe_filename(upload.name or "")
    path = default_storage.save(f"intake/pending/{token}-{name}", upload)
    request.session[_SCAN + token] = {"path": path, "name": upload.name or name, "consultation": c.pk}
    return token


def _stashed(request: StaffRequest, c: Consultation, token: str) -> dict[str, Any] | None:
    if not _TOKEN.fullmatch(token or ""):
        return None
    stash = request.session.get(_SCAN + token)
    return stash if stash and stash.get("consultation") == c.pk else None


def _entry_form(c: Consultation, outreach: Outreach | None, *args: Any, **kwargs: Any) -> f.EntryForm:
    form = f.EntryForm(*args, **kwargs)
    form.fields["section"].choices = _section_choices(c)  # type: ignore[attr-defined]
    if outreach is not None:
        form.fields["channel"].required = False  # a reply to the draft sent by letter is a letter
    return form


def _entry(request: StaffRequest, c: Consultation, outreach: Outreach | None) -> HttpResponse:
    initial: dict[str, Any] = {"received_on": timezone.localdate()}
    if outreach is not None:
        initial.update(
            {
                "channel": Comment.Channel.LETTER,
                "organisation": outreach.recipient,
                "submitter_type": Comment.SubmitterType.AGENCY
                if outreach.recipient_org_id
                else Comment.SubmitterType.ORGANISATION,
            }
        )
    form = _entry_form(c, outreach, request.POST or None, request.FILES or None, initial=initial)
    status, ocr = 200, None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        upload = d["attachment"]
        stash = _stashed(request, c, d["scan_token"])
        if "ocr" in request.POST:
            # Read the scan, keep it, and show the text to correct; nothing is saved yet.
            status = 422
            if upload is None and stash is None:
                form.add_error("attachment", _("Vui lòng chọn ảnh chụp hoặc tệp PDF quét để đọc chữ."))
            elif upload is not None and (message := svc.check_upload(upload)):
                form.add_error("attachment", message)
            else:
                try:
                    if upload is not None:
                        data, name = upload.read(), upload.name or ""
                        upload.seek(0)
                    else:
                        assert stash is not None
                        with default_storage.open(stash["path"], "rb") as fh:
                            data, name = fh.read(), stash["name"]
                    ocr = read_scan(data, name)
                except DomainError as exc:
                    apply_errors(form, exc)
                else:
                    status = 200
                    token = _stash_scan(request, c, upload) if upload is not None else d["scan_token"]
                    data_copy = request.POST.copy()
                    data_copy["text"] = ocr["text"]
                    data_copy["scan_token"] = token
                    form = _entry_form(c, outreach, data_copy, initial=initial)
                    form.is_valid()
        else:
            attachment: File | None = upload
            fh = None
            if attachment is None and stash is not None:
                fh = default_storage.open(stash["path"], "rb")
                attachment = File(fh, name=stash["name"])
            try:
                comment, created = svc.comment_enter(
                    actor=request.user,
                    consultation=c,
                    channel=Comment.Channel.LETTER if outreach is not None else d["channel"],
                    text=d["text"],
                    submitter_type=d["submitter_type"],
                    received_on=d["received_on"],
                    name=d["name"],
                    organisation=d["organisation"],
                    section_id=d["section"],
                    attachment=attachment,
                    idempotency_key=d["idempotency_token"] or None,
                    outreach=outreach,
                )
            except DomainError as exc:
                raise_if_forbidden(exc)
                apply_errors(form, exc)
                status = exc.status
            else:
                if stash is not None:
                    default_storage.delete(stash["path"])
                    request.session.pop(_SCAN + d["scan_token"], None)
                if created:
                    messages.success(
                        request,
                        _("Đã ghi nhận ý kiến %(receipt)s; ý kiến được xử lý như ý kiến gửi qua cổng.")
                        % {"receipt": comment.receipt},
                    )
                else:
                    messages.info(
                        request, _("Ý kiến %(receipt)s đã được ghi nhận trước đó.") % {"receipt": comment.receipt}
                    )
                if outreach is not None:
                    return redirect("backoffice:outreach", pk=c.pk)
                return redirect(f"{reverse('backoffice:consultation', kwargs={'pk': c.pk})}#y-{comment.pk}")
            finally:
                if fh is not None:
                    fh.close()
    elif request.method == "POST":
        status = 422
    stash = _stashed(request, c, str(form["scan_token"].value() or ""))
    return render(
        request,
        "backoffice/intake/entry.html",
        {"c": c, "form": form, "ocr": ocr, "outreach": outreach, "scan_name": stash["name"] if stash else ""},
        status=status,
    )


@staff_required
def intake_enter(request: StaffRequest, pk: int) -> HttpResponse:
    return _entry(request, _writable(request, pk), None)


@staff_required
def outreach_reply(request: StaffRequest, pk: int, oid: int) -> HttpResponse:
    o = get_outreach_for_user(request.user, pk, oid, write=True)
    return _entry(request, o.consultation, o)


@staff_required
def intake_attachment(request: StaffRequest, pk: int) -> HttpResponseBase:
    comment = get_comment_for_user(request.user, pk)
    if not comment.attachment:
        raise Http404(_("Ý kiến này không có tệp kèm theo."))
    return FileResponse(
        comment.attachment.open("rb"), as_attachment=True, filename=comment.attachment.name.rsplit("/", 1)[-1]
    )


# -- spreadsheet import: upload, preview, confirm -----------------------------------------------------------------


@staff_required
def intake_import(request: StaffRequest, pk: int) -> HttpResponse:
    c = _writable(request, pk)
    form = f.ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_SHEET_BYTES:
                form.add_error("file", _("Tệp lớn hơn 10 MB; vui lòng chia thành nhiều tệp."))
            else:
                data = upload.read()
                try:
                    svc.comments_import(
                        actor=request.user,
                        consultation=c,
                        channel=form.cleaned_data["channel"],
                        data=data,
                        filename=upload.name or "",
                        dry_run=True,
                    )
                except DomainError as exc:
                    raise_if_forbidden(exc)
                    apply_errors(form, exc)
                else:
                    token = uuid.uuid4().hex
                    path = default_storage.save(f"intake/imports/{token}", ContentFile(data))
                    request.session[_IMPORT + token] = {
                        "path": path,
                        "name": upload.name or "",
                        "channel": form.cleaned_data["channel"],
                        "consultation": c.pk,
                    }
                    return redirect("backoffice:intake_import_preview", pk=c.pk, token=token)
    return render(request, "backoffice/intake/import.html", {"c": c, "form": form}, status=status)


@staff_required
def intake_import_preview(request: StaffRequest, pk: int, token: str) -> HttpResponse:
    c = _writable(request, pk)
    stash = request.session.get(_IMPORT + token) if _TOKEN.fullmatch(token) else None
    if not stash or stash.get("consultation") != c.pk:
        raise Http404(_("Phiên nhập tệp đã hết hạn; vui lòng tải tệp lên lại."))
    with default_storage.open(stash["path"], "rb") as fh:
        data = fh.read()
    confirm = request.method == "POST"
    try:
        result = svc.comments_import(
            actor=request.user,
            consultation=c,
            channel=stash["channel"],
            data=data,
            filename=stash["name"],
            dry_run=not confirm,
        )
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
        return redirect("backoffice:intake_import", pk=c.pk)
    if confirm and not result["errors"]:
        default_storage.delete(stash["path"])
        del request.session[_IMPORT + token]
        messages.success(
            request,
            _("Đã nhập %(created)d ý kiến từ tệp %(name)s; bỏ qua %(skipped)d ý kiến đã nhập trước đó.")
            % {"created": result["created"], "name": stash["name"], "skipped": result["skipped_duplicates"]},
        )
        return redirect("backoffice:consultation", pk=c.pk)
    rows = result["rows"]
    bad = [r for r in rows if r["errors"]]
    types = {k: str(v) for k, v in Comment.SubmitterType.choices}
    return render(
        request,
        "backoffice/intake/preview.html",
        {
            "c": c,
            "token": token,
            "name": stash["name"],
            "channel": dict(Comment.Channel.choices)[stash["channel"]],
            "result": result,
            "rows": [{**r, "type_label": types.get(r["submitter_type"], "")} for r in (bad or rows)[:500]],
            "shown_only_errors": bool(bad),
            "total": len(rows),
            "bad": len(bad),
            "to_create": sum(1 for r in rows if not r["duplicate"] and not r["errors"]),
        },
        status=422 if result["errors"] else 200,
    )


# -- the Fatherland Front's social criticism -----------------------------------------------------------------------

_NUMBERED = re.compile(r"^\s*(?:[0-9]+|[a-zđ])\s*[.)/:-]\s*", re.IGNORECASE)


def _points(c: Consultation, raw: str) -> list[feedback.PointIn]:
    by_key, by_heading = svc.section_index(c)
    out: list[feedback.PointIn] = []
    for line in raw.splitlines():
        text = _NUMBERED.sub("", line).strip()
        if not text:
            continue
        section = svc.resolve_section(text, by_key, by_heading) if svc.mentions_section(text) else None
        out.append({"text": text, "section_id": section.pk if section else None})
    return out


@staff_required
def criticisms(request: StaffRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk)
    can_write = can_enter_comments(request.user, c)
    form = f.CriticismForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem phản biện xã hội của đợt này."))
        status = 422
        if form.is_valid():
            d = form.cleaned_data
            try:
                sc, created = feedback.criticism_record(
                    actor=request.user,
                    consultation=c,
                    issuer=d["issuer"],
                    reference=d["reference"],
                    issued_on=d["issued_on"],
                    received_on=d["received_on"],
                    summary=d["summary"],
                    points=_points(c, d["points"]),
                    file=d["file"],
                )
            except DomainError as exc:
                raise_if_forbidden(exc)
                apply_errors(form, exc)
                status = exc.status
            else:
                if created:
                    messages.success(
                        request, _("Đã ghi nhận văn bản phản biện với %(n)d nội dung.") % {"n": sc.points.count()}
                    )
                return redirect("backoffice:criticism", pk=c.pk, cid=sc.pk)
    return render(
        request,
        "backoffice/intake/criticisms.html",
        {"c": c, "form": form, "can_write": can_write, "items": criticisms_for_report(c)},
        status=status,
    )


@staff_required
def criticism(request: StaffRequest, pk: int, cid: int) -> HttpResponse:
    sc = get_criticism_for_user(request.user, pk, cid)
    return _criticism_page(request, sc.consultation, sc.pk)


def _criticism_page(
    request: StaffRequest, c: Consultation, cid: int, failed: tuple[int, Any] | None = None, status: int = 200
) -> HttpResponse:
    data = next(x for x in criticisms_for_report(c) if x["id"] == cid)
    return render(
        request,
        "backoffice/intake/criticism.html",
        {
            "c": c,
            "sc": data,
            "can_write": can_enter_comments(request.user, c) and c.dispositions_published_at is None,
            "dispositions": Comment.Disposition.choices,
            "failed": failed,
        },
        status=status,
    )


@staff_required
@require_POST
def criticism_answer(request: StaffRequest, pk: int, cid: int, number: int) -> HttpResponse:
    sc = get_criticism_for_user(request.user, pk, cid, write=True)
    point = CriticismPoint.objects.filter(criticism=sc, number=number).select_related("criticism__consultation").first()
    if point is None:
        raise Http404(_("Không tìm thấy nội dung phản biện."))
    form = f.PointAnswerForm(request.POST)
    form.is_valid()
    try:
        feedback.criticism_point_answer(
            actor=request.user,
            point=point,
            disposition=form.cleaned_data.get("disposition", ""),
            explanation=form.cleaned_data.get("explanation", ""),
        )
    except DomainError as exc:
        raise_if_forbidden(exc)
        apply_errors(form, exc)
        return _criticism_page(request, sc.consultation, sc.pk, failed=(number, form), status=exc.status)
    messages.success(request, _("Đã lưu trả lời nội dung phản biện số %(n)d.") % {"n": number})
    return redirect(f"{reverse('backoffice:criticism', kwargs={'pk': pk, 'cid': cid})}#d-{number}")


# -- outreach: the draft sent to the bodies it affects ---------------------------------------------------------------


@staff_required
def outreach(request: StaffRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk)
    can_write = can_enter_comments(request.user, c)
    form = f.OutreachForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    orgs = list(Organisation.objects.order_by("path").only("pk", "name", "path"))
    form.fields["organisations"].choices = [(o.pk, o.name) for o in orgs]  # type: ignore[attr-defined]
    status = 200
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem nơi gửi lấy ý kiến của đợt này."))
        status = 422
        if form.is_valid():
            d = form.cleaned_data
            recipients: list[feedback.RecipientIn] = [{"name": "", "organisation_id": o} for o in d["organisations"]]
            recipients += [{"name": line, "organisation_id": None} for line in d["others"].splitlines() if line.strip()]
            try:
                result = feedback.outreach_record(
                    actor=request.user,
                    consultation=c,
                    recipients=recipients,
                    sent_on=d["sent_on"],
                    reference=d["reference"],
                )
            except DomainError as exc:
                raise_if_forbidden(exc)
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã ghi nhận gửi dự thảo tới %(n)d nơi.") % {"n": len(result["created"])})
                if result["already"]:
                    messages.info(
                        request, _("Đã ghi nhận từ trước: %(names)s.") % {"names": "; ".join(result["already"])}
                    )
                return redirect("backoffice:outreach", pk=c.pk)
    return render(
        request,
        "backoffice/intake/outreach.html",
        {"c": c, "form": form, "can_write": can_write, "rows": list(outreach_rows(c)), "summary": outreach_summary(c)},
        status=status,
    )
