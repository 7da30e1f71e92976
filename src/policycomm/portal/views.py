"""Public consultation portal: read drafts, comment, see how comments were answered.

No business logic here: reads go through selectors, the write through ``comment_submit``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from policycomm.consultation import selectors
from policycomm.consultation.models import Comment, Consultation
from policycomm.consultation.services import comment_submit, statement_vote
from policycomm.errors import DomainError

from .forms import CommentForm


def home(request: HttpRequest) -> HttpResponse:
    open_list = list(selectors.public_consultations("open"))
    closed = list(selectors.public_consultations("closed")[:10])
    return render(request, "portal/home.html", {"open_list": open_list, "closed": closed})


def _visible_consultation(pk: int) -> Consultation:
    return get_object_or_404(selectors.public_consultations(), pk=pk)


# An anonymous, signed token in the citizen's browser: one vote per person per statement.
VOTER_COOKIE = "pc_voter"
VOTER_MAX_AGE = 400 * 24 * 3600


def _voter(request: HttpRequest) -> str:
    return str(request.get_signed_cookie(VOTER_COOKIE, default="", salt="portal.voter") or "")


def consultation_detail(request: HttpRequest, pk: int, *, status: int = 200) -> HttpResponse:
    c = _visible_consultation(pk)
    sections = list(selectors.public_sections(c.document))
    form = CommentForm(sections=[(s.pk, s.heading) for s in sections])
    mine = selectors.votes_of(c, _voter(request))
    statements = [{"s": s, "mine": mine.get(s.pk)} for s in selectors.statements_with_tally(c)]
    return render(
        request,
        "portal/consultation.html",
        {
            "c": c,
            "materials": list(selectors.published_materials(c.document)),
            "sections": sections,
            "comments": list(selectors.published_comments(c)),
            "statements": statements,
            "voted": len(mine),
            "form": form,
        },
        status=status,
    )


@require_POST
def vote(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    """A citizen marks a statement agree / disagree / pass; voting again replaces the vote."""
    c = _visible_consultation(pk)
    voter = _voter(request) or secrets.token_hex(16)
    if is_ratelimited(request, group="vote", key="ip", rate=settings.VOTE_RATE, method="POST", increment=True):
        messages.error(request, "Bạn đã biểu quyết quá nhanh. Vui lòng chờ ít phút rồi thử lại.")
        return consultation_detail(request, pk, status=429)
    try:
        statement_vote(consultation=c, statement_id=sid, voter=voter, vote=request.POST.get("vote"))
    except DomainError as exc:
        messages.error(request, exc.message)
        return consultation_detail(request, pk, status=exc.status)
    response = redirect(f"{reverse('portal:consultation', kwargs={'pk': c.pk})}#nd-{sid}")
    response.set_signed_cookie(
        VOTER_COOKIE,
        voter,
        salt="portal.voter",
        max_age=VOTER_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@require_http_methods(["GET", "POST"])
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    c = _visible_consultation(pk)
    sections = list(selectors.public_sections(c.document))
    choices = [(s.pk, s.heading) for s in sections]
    if request.method == "GET":
        initial = {}
        if (sid := request.GET.get("dieu", "")).isdigit():
            initial["section"] = int(sid)
        form = CommentForm(initial=initial, sections=choices)
        return render(request, "portal/comment_form.html", {"c": c, "form": form})

    form = CommentForm(request.POST, sections=choices)
    status = 200
    if not c.is_open():
        form.add_error(None, "Đợt lấy ý kiến này đã hết hạn hoặc chưa mở, nên chưa gửi được ý kiến.")
        status = 409
    elif is_ratelimited(request, group="comment", key="ip", rate=settings.COMMENT_RATE, method="POST", increment=True):
        form.add_error(
            None,
            "Bạn đã gửi quá nhiều ý kiến trong thời gian ngắn. Vui lòng thử lại sau ít phút; "
            "nội dung bạn nhập vẫn còn bên dưới.",
        )
        status = 429
    elif form.is_valid():
        if form.cleaned_data["website"]:
            form.add_error(None, "Không gửi được ý kiến. Vui lòng để trống ô “Để trống ô này”.")
            status = 422
        else:
            try:
                comment, _created = comment_submit(
                    consultation=c,
                    text=form.cleaned_data["text"],
                    section_id=form.cleaned_data["section"],
                    submitter_type=form.cleaned_data["submitter_type"],
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    consent=form.cleaned_data["consent"],
                    channel=Comment.Channel.PORTAL,
                )
            except DomainError as exc:
                status = exc.status
                if exc.errors:
                    for field, (_code, message) in exc.errors.items():
                        name = {"section_id": "section"}.get(field, field)
                        form.add_error(name if name in form.fields else None, message)
                else:
                    form.add_error(None, exc.message)
            else:
                return redirect("portal:receipt", pk=c.pk, receipt=comment.receipt)
    else:
        status = 422
    return render(request, "portal/comment_form.html", {"c": c, "form": form}, status=status)


def receipt(request: HttpRequest, pk: int, receipt: str) -> HttpResponse:
    c = _visible_consultation(pk)
    comment = get_object_or_404(Comment, consultation=c, receipt=receipt)
    return render(request, "portal/receipt.html", {"c": c, "comment": comment})


def lookup(request: HttpRequest) -> HttpResponse:
    code = (request.GET.get("ma") or "").strip().upper()
    comment = None
    error = ""
    if code:
        comment = Comment.objects.select_related("consultation").filter(receipt=code).first()
        if comment is None:
            error = "Không tìm thấy ý kiến với mã này. Vui lòng kiểm tra lại mã tiếp nhận (dạng GY-XXXX-XXXX)."
    return render(
        request, "portal/lookup.html", {"code": code, "comment": comment, "error": error}, status=404 if error else 200
    )
