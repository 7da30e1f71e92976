"""The portal's search and filters: /tim-kiem/?q=…&status=…&level=…&body=…&area=…&sector=…&doc_type=….

With words: ranked pieces (titles, material, sections, published answers) with highlighted excerpts.
Without words but with filters: the filtered list of drafts. Bad input: 400 with a Vietnamese message.
"""

from __future__ import annotations

from typing import Any, TypedDict
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from policycomm.consultation import selectors
from policycomm.errors import DomainError
from policycomm.lawmaking.rules import DocType
from policycomm.orgs.models import AdminUnit, Level, Organisation
from policycomm.search import query as sq

PER_PAGE = 20
PARAMS = ("q", "status", "level", "body", "area", "sector", "doc_type")


def filter_choices() -> dict[str, Any]:
    """The options of the filter form: three queries whatever the number of drafts."""
    with_consultation = Q(issued_documents__consultations__isnull=False) | Q(
        drafted_documents__consultations__isnull=False
    )
    bodies = Organisation.objects.filter(with_consultation).distinct().order_by("name").only("pk", "name")
    # Units where a body sits (a department takes its committee's unit), and the provinces above them.
    areas = (
        AdminUnit.objects.filter(
            Q(organisation__isnull=False) | Q(children__organisation__isnull=False), is_legacy=False
        )
        .distinct()
        .order_by("code")
        .only("pk", "code", "name", "parent_id")
    )
    return {
        "statuses": [
            ("open", _("Đang lấy ý kiến")),
            ("upcoming", _("Sắp lấy ý kiến")),
            ("closed", _("Đã kết thúc")),
            ("answered", _("Đã công khai tiếp thu, giải trình")),
        ],
        "levels": Level.choices,
        "doc_types": DocType.choices,
        "bodies": list(bodies),
        "areas": list(areas),
        "sectors": sq.sector_choices(),
    }


class AreaFeedLink(TypedDict):
    """The Atom feed of the area a page is filtered by, announced in its head and linked near the filter."""

    name: str
    href: str


def area_feed(areas: list[AdminUnit], chosen: str) -> AreaFeedLink | None:
    """The feed of the area ``chosen`` (the raw ``area`` value), taken from the filter's choices: no query."""
    for unit in areas:
        if str(unit.pk) == chosen:
            return {"name": unit.name, "href": reverse("portal:feed_area", args=[unit.code])}
    return None


def read_filters(request: HttpRequest) -> tuple[sq.Filters, dict[str, str]]:
    """The filters of a request (DomainError 400 for a bad value) and the raw values for the form."""
    raw = {k: request.GET.get(k, "")[:300] for k in PARAMS}
    return sq.parse_filters(raw), raw


def filters_context(request: HttpRequest) -> dict[str, Any]:
    """For a page showing the filter form (the home page): the choices and the values chosen."""
    raw = {k: request.GET.get(k, "")[:300] for k in PARAMS}
    choices = filter_choices()
    return {"search_form": {**choices, "values": raw}, "area_feed": area_feed(choices["areas"], raw["area"])}


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    raw = {k: request.GET.get(k, "")[:300] for k in PARAMS}
    choices = filter_choices()
    ctx: dict[str, Any] = {"search_form": {**choices, "values": raw}, "q": "", "error": "", "field": ""}
    try:
        q = sq.parse_query(request.GET.get("q"))
        filters = sq.parse_filters(raw)
    except DomainError as exc:
        ctx.update(error=exc.message, field=exc.field or "")
        return render(request, "portal/search.html", ctx, status=exc.status)
    ctx.update(q=q, area_feed=area_feed(choices["areas"], raw["area"]))
    consultations = sq.filter_consultations(selectors.public_consultations(), filters)
    if q and not sq.terms(q):
        ctx["error"], ctx["field"] = _("Từ khóa cần có ít nhất một chữ hoặc số."), "q"
        return render(request, "portal/search.html", ctx, status=400)
    if not q and not filters.any():
        ctx["prompt"] = True
        return render(request, "portal/search.html", ctx)
    number = request.GET.get("trang", "1")
    page: Page[Any]
    if q:
        entries = sq.matching_entries(q, consultations).select_related("consultation__document__drafting_body")
        page = Paginator(entries, PER_PAGE).get_page(number)
        ctx["hits"] = sq.hits(list(page.object_list), q)
    else:
        page = Paginator(consultations, PER_PAGE).get_page(number)
        ctx["drafts"] = list(page.object_list)
    keep = {k: v for k, v in raw.items() if v}
    ctx.update(page=page, searched=True, query_string=urlencode(keep))
    return render(request, "portal/search.html", ctx)
