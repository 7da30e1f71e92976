"""Follow a draft, an area or a sector by e-mail (double opt-in), from the portal.

The request page answers the same whether the address was known (no one learns who follows what);
the confirm, manage and unsubscribe pages act on the signed link in the mail, never on an id alone.
The unsubscribe view is CSRF-exempt: a mail program's one-click POST (RFC 8058,
``List-Unsubscribe=One-Click``) carries no cookie and no token; the signed URL is the authority.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from policycomm.consultation import selectors
from policycomm.errors import DomainError
from policycomm.lawmaking.models import Sector
from policycomm.orgs.models import AdminUnit
from policycomm.subscriptions import services
from policycomm.subscriptions.mail import label
from policycomm.subscriptions.models import Subscription
from policycomm.textclean import clean_line
from policycomm.throttle import limited

TARGET_FIELDS = ("consultation", "area", "sector")


def provinces() -> list[AdminUnit]:
    """The areas offered on the home page: provinces and centrally-run cities (not every commune)."""
    kinds = [AdminUnit.Kind.PROVINCE, AdminUnit.Kind.CITY]
    return list(AdminUnit.objects.filter(kind__in=kinds, is_legacy=False).order_by("name").only("pk", "name"))


def sectors() -> list[Sector]:
    return list(Sector.objects.order_by("name").only("pk", "name"))


def _pk(raw: object) -> int | None:
    value = clean_line(str(raw or ""))
    return int(value) if value.isdecimal() and len(value) <= 18 else None


def _target(data: Any) -> services.FollowTarget:
    """The one thing to follow; an id that is not public (or not there) is refused like a wrong choice."""
    given = [f for f in TARGET_FIELDS if clean_line(str(data.get(f, "") or ""))]
    if len(given) != 1:
        raise DomainError("target_required", _("Vui lòng chọn một dự thảo, một địa bàn hoặc một lĩnh vực."))
    name = given[0]
    pk = _pk(data.get(name))
    if name == "consultation":
        c = None if pk is None else selectors.public_consultations().filter(pk=pk).first()
        if c is None:
            raise DomainError("target_gone", _("Không tìm thấy dự thảo này."), status=404)
        return services.FollowTarget(consultation=c)
    if name == "area":
        unit = None
        if pk is not None:
            kinds = [AdminUnit.Kind.PROVINCE, AdminUnit.Kind.CITY]
            unit = AdminUnit.objects.filter(Q(kind__in=kinds), pk=pk, is_legacy=False).first()
        if unit is None:
            raise DomainError("area_invalid", _("Vui lòng chọn một địa bàn trong danh sách."), field="area")
        return services.FollowTarget(admin_unit=unit)
    sector = None if pk is None else Sector.objects.filter(pk=pk).first()
    if sector is None:
        raise DomainError("sector_invalid", _("Vui lòng chọn một lĩnh vực trong danh sách."), field="sector")
    return services.FollowTarget(sector=sector)


def _form_page(request: HttpRequest, *, error: DomainError, status: int) -> HttpResponse:
    email = clean_line(str(request.POST.get("email", "")))[:300]
    errors = error.errors or {"form": (error.code, error.message)}
    return render(
        request,
        "portal/follow_form.html",
        {
            "email": email,
            "errors": {k: m for k, (_c, m) in errors.items()},
            "consultation_pk": _pk(request.POST.get("consultation")),
            "area_pk": _pk(request.POST.get("area")),
            "sector_pk": _pk(request.POST.get("sector")),
            "provinces": provinces(),
            "sectors": sectors(),
        },
        status=status,
    )


@require_POST
def follow_request(request: HttpRequest) -> HttpResponse:
    """The follow form's POST: the same "check your mail" answer whether or not the address was known."""
    if limited(request, group="follow", rate=settings.COMMENT_RATE):
        msg = _("Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút.")
        return _form_page(request, error=DomainError("limited", msg, status=429), status=429)
    try:
        target = _target(request.POST)
        services.follow_request(email=request.POST.get("email", ""), target=target)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return _form_page(request, error=exc, status=exc.status)
    return render(request, "portal/follow_sent.html", {})


@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the choice of how often (and changes nothing: mail scanners open links); POST confirms."""
    sub = services.confirm_claim(token)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            sub = services.follow_confirm(token=token, frequency=request.POST.get("frequency"))
        except DomainError as exc:
            if exc.field != "frequency":
                raise
            error, status = exc.message, exc.status
        else:
            from policycomm.subscriptions.mail import manage_url

            return render(
                request,
                "portal/follow_confirmed.html",
                {"sub": sub, "what": label(sub), "manage_url": manage_url(sub.email)},
            )
    return render(
        request,
        "portal/follow_confirm.html",
        {
            "sub": sub,
            "what": label(sub),
            "token": token,
            "choices": Subscription.Frequency.choices,
            "error": error,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def follow_manage(request: HttpRequest, token: str) -> HttpResponse:
    """This address's follows: change how often, or stop one (the link names the address, not an id)."""
    email = services.manage_claim(token)
    notice = ""
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        sid = request.POST.get("subscription")
        try:
            if request.POST.get("action") == "stop":
                _stop_one(email, sid)
                notice = _("Đã hủy theo dõi.")
            else:
                services.follow_set_frequency(token=token, subscription_id=sid, frequency=request.POST.get("frequency"))
                notice = _("Đã lưu cách nhận thư.")
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors[str(_pk(sid) or "")] = exc.message
            status = exc.status
    rows = [{"sub": s, "what": label(s), "error": errors.get(str(s.pk), "")} for s in services.follows_of(email)]
    return render(
        request,
        "portal/follow_manage.html",
        {"email": email, "rows": rows, "token": token, "choices": Subscription.Frequency.choices, "notice": notice},
        status=status,
    )


def _stop_one(email: str, sid: object) -> None:
    """Stop one follow of the address, through the same signed-link service as the mail's link."""
    from policycomm.subscriptions import tokens

    pk = _pk(sid)
    if pk is None or not Subscription.objects.filter(pk=pk, email=email, unsubscribed_at__isnull=True).exists():
        raise DomainError("follow_gone", _("Không tìm thấy đăng ký theo dõi này."), status=404)
    services.follow_unsubscribe(token=tokens.unsubscribe_token(email, pk))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def follow_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link stops and a button; POST (the button or the mail program) stops it."""
    claim = services.unsubscribe_claim(token)
    if request.method == "POST":
        done = services.follow_unsubscribe(token=token)
        return render(request, "portal/follow_unsubscribed.html", {"email": done.email})
    sub = None
    if claim.subscription_id is not None:
        sub = (
            Subscription.objects.select_related("consultation__document", "admin_unit", "sector")
            .filter(pk=claim.subscription_id, email=claim.email)
            .first()
        )
    return render(
        request,
        "portal/follow_unsubscribe.html",
        {"email": claim.email, "what": label(sub) if sub else "", "token": token},
    )
