"""Public consultation portal: read drafts, comment, see how comments were answered.

No business logic here: reads go through selectors, the write through ``comment_submit``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policycomm.consultation import outcome, selectors, visible
from policycomm.consultation.models import Comment, Consultation
from policycomm.consultation.reports import published_report
from policycomm.consultation.services import comment_submit, statement_vote
from policycomm.consultation.window import window_shut
from policycomm.errors import DomainError
from policycomm.identity.session import current_identity, current_tier
from policycomm.textclean import clean_line
from policycomm.throttle import limited

from . import search, translations, voters
from .forms import CommentForm

#: Long lists on the portal are cut in pages of this many rows (``?trang=N``).
PER_PAGE = 20


def paginate(request: HttpRequest, rows: Any, *, count: int | None = None, per_page: int = PER_PAGE) -> Page:
    """The page ``?trang=N`` of ``rows`` (the first for a wrong number, the last past the end). ``count``, when
    the caller already counted the rows, saves the COUNT query."""
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # the cached_property, filled from the caller's aggregate
    return paginator.get_page(request.GET.get("trang"))


def home(request: HttpRequest) -> HttpResponse:
    """The open drafts (paged) and the last closed ones, narrowed by the search form's filters (GET parameters)."""
    status = 200
    ctx = search.filters_context(request)
    try:
        filters, _raw = search.read_filters(request)
    except DomainError as exc:
        messages.error(request, exc.message)
        filters, status = search.sq.Filters(), exc.status
    open_page = paginate(request, search.sq.filter_consultations(selectors.public_consultations("open"), filters))
    closed = list(search.sq.filter_consultations(selectors.public_consultations("closed"), filters)[:10])
    return render(
        request,
        "portal/home.html",
        {"open_list": list(open_page), "open_page": open_page, "closed": closed, **ctx},
        status=status,
    )


def _visible_consultation(pk: int) -> Consultation:
    return get_object_or_404(selectors.public_consultations(), pk=pk)


def consultation_detail(request: HttpRequest, pk: int, *, status: int = 200) -> HttpResponse:
    """The draft page. Viewing it issues this browser's voter token for the consultation.

    A finished draft (closed, answers or synthesis published) shows its outcome first: the answers counted
    by disposition, the report, what changed, then the answers 20 a page; the draft and its material come
    after. Every list that grows is a page (``?trang=N``), so the cost does not grow with the comments."""
    c = _visible_consultation(pk)
    sections = list(selectors.public_sections(c.document))
    form = CommentForm(sections=[(s.pk, s.heading) for s in sections])
    token = voters.voter_token(request, c)
    mine = selectors.votes_of(c, token) if token else {}
    statements = [{"s": s, "mine": mine.get(s.pk)} for s in selectors.statements_with_tally(c)]
    materials = list(selectors.published_materials(c.document))
    report = published_report(c.document_id)
    summary = outcome.answer_summary(c)
    answers = (
        paginate(request, selectors.published_comments(c), count=summary["total"])
        if c.dispositions_published_at
        else None
    )
    shown = (
        paginate(request, visible.visible_comments(c)) if visible.shows_comments(c) and c.status != "upcoming" else None
    )
    response = render(
        request,
        "portal/consultation.html",
        {
            "c": c,
            "materials": materials,
            **translations.draft_page_context(request, c, materials),
            "sections": sections,
            "report": report,
            "finished": outcome.is_finished(c, report),
            "summary": summary,
            "answers": answers,
            "comments": list(answers) if answers is not None else [],
            "shown": shown,
            "statements": statements,
            "voted": len(mine),
            "form": form,
            "shut": window_shut(c),
        },
        status=status,
    )
    voters.issue(request, response, c)
    return response


@require_POST
def vote(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    """A citizen marks a statement agree / disagree / pass; voting again replaces the vote.

    The vote needs the voter token the draft page issued for this consultation; without one nothing is
    saved (the page shown with the refusal issues a token, so a person can simply vote again).
    """
    c = _visible_consultation(pk)
    voter = voters.voter_token(request, c)
    if voter is None:
        messages.error(
            request,
            _(
                "Chưa ghi nhận được phiếu: trình duyệt chưa có mã biểu quyết của trang này (trang mở từ lâu, "
                "hoặc cookie bị chặn). Vui lòng bật cookie và chọn lại."
            ),
        )
        return consultation_detail(request, pk, status=403)
    if limited(request, group="vote", rate=settings.VOTE_RATE) or limited(
        request, group="vote-token", rate=settings.VOTE_TOKEN_RATE, key=f"{c.pk}:{voter}"
    ):
        messages.error(request, _("Bạn đã biểu quyết quá nhanh. Vui lòng chờ ít phút rồi thử lại."))
        return consultation_detail(request, pk, status=429)
    try:
        statement_vote(
            consultation=c,
            statement_id=sid,
            voter=voter,
            vote=request.POST.get("vote"),
            tier=current_tier(request),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return consultation_detail(request, pk, status=exc.status)
    return redirect(f"{reverse('portal:consultation', kwargs={'pk': c.pk})}#nd-{sid}")


@require_http_methods(["GET", "POST"])
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    c = _visible_consultation(pk)
    sections = list(selectors.public_sections(c.document))
    choices = [(s.pk, s.heading) for s in sections]
    shut = window_shut(c, doing=_(", nên chưa gửi được ý kiến"))
    if shut is not None:
        # Say before the form whether it is not open yet or closed, and show no form that cannot be sent.
        # A POST (the window closed while the citizen typed) is refused with 409 and keeps their text.
        typed = request.POST.get("text", "") if request.method == "POST" else ""
        return render(
            request,
            "portal/comment_form.html",
            {"c": c, "form": None, "shut": shut, "typed": typed},
            status=409 if request.method == "POST" else 200,
        )
    if request.method == "GET":
        initial: dict[str, int | str] = {}
        if (sid := request.GET.get("dieu", "")).isdecimal() and len(sid) <= 18:
            initial["section"] = int(sid)
        if (identity := current_identity(request)) is not None and identity.name:
            initial["name"] = identity.name
        form = CommentForm(initial=initial, sections=choices)
        return render(request, "portal/comment_form.html", {"c": c, "form": form})

    form = CommentForm(request.POST, sections=choices)
    status = 200
    if limited(request, group="comment", rate=settings.COMMENT_RATE):
        form.add_error(
            None,
            _(
                "Bạn đã gửi quá nhiều ý kiến trong thời gian ngắn. Vui lòng thử lại sau ít phút; "
                "nội dung bạn nhập vẫn còn bên dưới."
            ),
        )
        status = 429
    elif form.is_valid():
        if form.cleaned_data["website"] != "":
            form.add_error(None, _("Không gửi được ý kiến. Vui lòng để trống ô “Để trống ô này”."))
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
                    tier=current_tier(request),
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


LOOKUP_LIMITED = gettext_lazy(
    "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng chờ ít phút rồi thử lại; mã bạn nhập vẫn còn trong ô."
)


@require_GET
def receipt(request: HttpRequest, pk: int, receipt: str) -> HttpResponse:
    c = _visible_consultation(pk)
    if limited(request, group="lookup", rate=settings.LOOKUP_RATE):
        return render(request, "portal/limited.html", {"reason": str(LOOKUP_LIMITED)}, status=429)
    comment = get_object_or_404(Comment, consultation=c, receipt=clean_line(receipt)[:32])
    return render(request, "portal/receipt.html", {"c": c, "comment": comment})


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """Find a comment by its receipt. Rate-limited per address, so receipts cannot be guessed by trying."""
    code = clean_line(request.GET.get("ma") or "").upper()[:32]
    comment = None
    error = ""
    status = 200
    if code and limited(request, group="lookup", rate=settings.LOOKUP_RATE):
        error, status = str(LOOKUP_LIMITED), 429
    elif code:
        comment = Comment.objects.select_related("consultation").filter(receipt=code).first()
        if comment is None:
            error = _("Không tìm thấy ý kiến với mã này. Vui lòng kiểm tra lại mã tiếp nhận (dạng GY-XXXX-XXXX).")
            status = 404
    return render(request, "portal/lookup.html", {"code": code, "comment": comment, "error": error}, status=status)
