"""The machine's suggestions for a consultation (campaigns, themes, sections, filtered comments), the
decisions taken for a whole group, and the statements put to the vote."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policycomm.consultation import insights
from policycomm.consultation import selectors as csel
from policycomm.consultation import services as cons
from policycomm.consultation.access import (
    can_process_consultation,
    can_run_analysis,
    get_analysis_run_for_user,
    get_consultation_for_user,
    get_statement_for_user,
)
from policycomm.consultation.analysis_job import method_note
from policycomm.consultation.models import Comment, CommentAnalysis
from policycomm.errors import DomainError

from .base import StaffRequest, plain_int, raise_if_forbidden, staff_required

VIEWS = ("chien-dich", "chu-de", "dieu-khoan", "y-kien", "tranh-luan")
FILTERS = ("q", "thai_do", "chu_de", "nhom", "dieu")


def analysis_url(pk: int, view: str) -> str:
    return f"{reverse('backoffice:analysis', kwargs={'pk': pk})}?xem={view}"


@staff_required
def analysis(request: StaffRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk)
    run = csel.latest_run(c)
    view = request.GET.get("xem", "chien-dich")
    view = view if view in VIEWS else "chien-dich"
    ctx: dict[str, Any] = {
        "c": c,
        "run": run,
        "active": csel.active_run(c),
        "view": view,
        "can_run": can_run_analysis(request.user, c),
        "can_process": can_process_consultation(request.user, c),
        "dispositions": Comment.Disposition.choices,
        "stances": CommentAnalysis.Stance.choices,
        "method_note": method_note(run.method) if run is not None else [],
    }
    if view == "tranh-luan":
        ctx["statements"] = list(csel.statements_with_tally(c, include_hidden=True))
    elif run is not None:
        ctx["stale"] = csel.unanalysed_count(c, run)
        themes = csel.run_themes(run)
        ctx["themes"] = themes
        if view == "chien-dich":
            ctx["campaigns"] = csel.campaigns(run)
        elif view == "chu-de":
            csel.attach_theme_samples(run, themes)
        elif view == "dieu-khoan":
            ctx["per_section"] = csel.comments_per_section(run, c.document)
        else:
            f = {k: request.GET.get(k, "").strip() for k in FILTERS}
            items = csel.analysed_comments(
                run,
                stance=f["thai_do"],
                theme=plain_int(f["chu_de"]),
                group=f["nhom"],
                text=f["q"],
                section=f["dieu"],
            )
            ctx.update(f=f, total=items.count(), items=list(items[:200]))
    return render(request, "backoffice/analysis.html", ctx)


@staff_required
def analysis_status(request: StaffRequest, pk: int, rpk: int) -> HttpResponse:
    run = get_analysis_run_for_user(request.user, pk, rpk)
    return render(request, "backoffice/analysis.html#run", {"r": run, "c": run.consultation})


@staff_required
@require_POST
def analysis_dispose(request: StaffRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk, write=True)
    kind, key = request.POST.get("kind", ""), request.POST.get("key", "")
    seen = request.POST.get("run", "")
    try:
        updated, kept = insights.group_dispose(
            actor=request.user,
            consultation=c,
            kind=kind,
            key=key,
            disposition=request.POST.get("disposition", ""),
            explanation=request.POST.get("explanation", ""),
            run_id=plain_int(seen),
        )
        if kept:
            done = _(
                "Đã áp dụng kết quả xử lý cho %(updated)d ý kiến; %(kept)d ý kiến đã xử lý riêng được giữ nguyên."
            ) % {"updated": updated, "kept": kept}
        else:
            done = _("Đã áp dụng kết quả xử lý cho %(updated)d ý kiến.") % {"updated": updated}
        messages.success(request, done)
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    return redirect(analysis_url(c.pk, "chien-dich" if kind == "campaign" else "chu-de"))


@staff_required
@require_POST
def statement_add(request: StaffRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk, write=True)
    try:
        cons.statement_add(actor=request.user, consultation=c, text=request.POST.get("text", ""))
        messages.success(request, _("Đã thêm nhận định. Người dân có thể biểu quyết ngay trên Cổng lấy ý kiến."))
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    return redirect(analysis_url(c.pk, "tranh-luan"))


@staff_required
@require_POST
def statement_hide(request: StaffRequest, pk: int, sid: int) -> HttpResponse:
    st = get_statement_for_user(request.user, pk, sid, write=True)
    hidden = request.POST.get("hidden") == "1"
    cons.statement_hide(actor=request.user, statement=st, hidden=hidden)
    messages.success(request, _("Đã ẩn nhận định.") if hidden else _("Đã hiện lại nhận định."))
    return redirect(analysis_url(st.consultation_id, "tranh-luan"))
