"""Searching the index and filtering the public list of consultations.

``parse_filters`` and ``parse_query`` refuse bad input with a ``DomainError`` (400, a code per field);
``filter_consultations`` narrows any consultation queryset; ``search`` returns ranked hits with excerpts.
A page of results costs a fixed number of queries (count, the page's rows with their consultation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from policycomm.consultation.models import Consultation
from policycomm.errors import DomainError
from policycomm.lawmaking.models import Sector
from policycomm.lawmaking.rules import DocType
from policycomm.orgs.models import Level
from policycomm.textclean import clean_line

from .fold import fold, terms
from .models import SearchEntry

QUERY_MAX = 200
STATUSES = ("open", "upcoming", "closed", "answered")
EXCERPT_CHARS = 220
TITLE_CHARS = 500
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ID = re.compile(r"^[0-9]{1,12}$")
_SLUG = re.compile(r"^[a-z0-9-]{1,60}$")


@dataclass(frozen=True)
class Filters:
    status: str = ""
    level: str = ""
    body: int | None = None
    area: int | None = None
    sector: str = ""
    doc_type: str = ""

    def any(self) -> bool:
        return bool(self.status or self.level or self.body or self.area or self.sector or self.doc_type)


@dataclass
class Hit:
    consultation: Consultation
    kind: str
    kind_label: str
    anchor: str
    title: str
    title_html: SafeString
    excerpt: SafeString
    score: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)


def _bad(code: str, message: str, name: str) -> DomainError:
    return DomainError(code, message, field=name, status=400)


def parse_query(raw: str | None) -> str:
    """The cleaned query ("" when none). Too long or with control characters: 400."""
    raw = raw or ""
    if len(raw) > QUERY_MAX:
        raise _bad("query_too_long", _("Từ khóa tìm kiếm dài quá %(n)d ký tự.") % {"n": QUERY_MAX}, "q")
    if _CONTROL.search(raw):
        raise _bad("query_invalid", _("Từ khóa tìm kiếm có ký tự điều khiển không hợp lệ."), "q")
    return clean_line(raw).strip()


def parse_filters(get: dict[str, str]) -> Filters:
    """Filters from GET parameters; an unknown value is a 400 naming its parameter."""
    status = (get.get("status") or "").strip()
    if status and status not in STATUSES:
        raise _bad("bad_status", _("Trạng thái không hợp lệ."), "status")
    level = (get.get("level") or "").strip()
    if level and level not in Level.values:
        raise _bad("bad_level", _("Cấp ban hành không hợp lệ."), "level")
    doc_type = (get.get("doc_type") or "").strip()
    if doc_type and doc_type not in DocType.values:
        raise _bad("bad_doc_type", _("Loại văn bản không hợp lệ."), "doc_type")
    sector = (get.get("sector") or "").strip()
    if sector and not _SLUG.match(sector):
        raise _bad("bad_sector", _("Lĩnh vực không hợp lệ."), "sector")
    ids: dict[str, int | None] = {}
    for name, message in (("body", _("Cơ quan không hợp lệ.")), ("area", _("Địa bàn không hợp lệ."))):
        value = (get.get(name) or "").strip()
        if value and not _ID.match(value):
            raise _bad(f"bad_{name}", message, name)
        ids[name] = int(value) if value else None
    return Filters(status, level, ids["body"], ids["area"], sector, doc_type)


def filter_consultations(qs: QuerySet[Consultation], f: Filters) -> QuerySet[Consultation]:
    now = timezone.now()
    if f.status == "open":
        qs = qs.filter(opens_at__lte=now, closes_at__gt=now)
    elif f.status == "upcoming":
        qs = qs.filter(opens_at__gt=now)
    elif f.status == "closed":
        qs = qs.filter(closes_at__lte=now)
    elif f.status == "answered":
        qs = qs.filter(dispositions_published_at__isnull=False)
    if f.level:
        qs = qs.filter(document__issuing_authority__level=f.level)
    if f.body:
        qs = qs.filter(Q(document__issuing_authority_id=f.body) | Q(document__drafting_body_id=f.body))
    if f.area:
        qs = qs.filter(in_area("document__drafting_body", f.area))
    if f.sector:
        qs = qs.filter(document__sectors__slug=f.sector)
    if f.doc_type:
        qs = qs.filter(document__doc_type=f.doc_type)
    return qs


def _unit_in(unit: str, area: int) -> Q:
    # The unit itself, a commune of it, or (legacy map) a commune of one of its districts.
    return Q(**{f"{unit}_id": area}) | Q(**{f"{unit}__parent_id": area}) | Q(**{f"{unit}__parent__parent_id": area})


def in_area(body: str, area: int) -> Q:
    """A document's area is its drafting body's unit; a body without one (a department) takes its parent's
    (``Organisation.area_id``); the area is the unit or any unit below it."""
    own = _unit_in(f"{body}__admin_unit", area)
    inherited = Q(**{f"{body}__admin_unit__isnull": True}) & _unit_in(f"{body}__parent__admin_unit", area)
    return own | inherited


def _fts_match(words: list[str]) -> str:
    # Every word must occur (AND); each is quoted, so no word is read as FTS5 syntax.
    return " ".join(f'"{w}"' for w in words)


def matching_entries(q: str, consultations: QuerySet[Consultation]) -> QuerySet[SearchEntry]:
    """Index rows matching every word of ``q`` in ``consultations``, best first (annotated ``score``)."""
    words = terms(q)
    qs = SearchEntry.objects.filter(consultation__in=consultations.values("pk"))
    if not words:
        return qs.none()
    if connection.vendor == "postgresql":
        # The weighted vector of the folded title and body, stored by the database (migration 0002).
        vector = "search_searchentry.fts"
        tsq = "plainto_tsquery('simple', unaccent(%s))"
        text = " ".join(words)
        # The SQL is constant text; the words are bound parameters.
        qs = qs.extra(  # noqa: S610
            select={"score": f"ts_rank({vector}, {tsq})"},
            select_params=[text],
            where=[f"{vector} @@ {tsq}"],
            params=[text],
        )
    else:
        qs = qs.extra(
            select={"score": "-bm25(search_fts, 5.0, 1.0)"},
            tables=["search_fts"],
            where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
            params=[_fts_match(words)],
        )
    return qs.order_by("-score", "consultation_id", "pk")


def excerpt(text: str, words: list[str], width: int = EXCERPT_CHARS) -> SafeString:
    """A window of ``text`` around the first match, every whole-word match wrapped in <mark>, the rest escaped."""
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    if words:
        pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
        spans = [(m.start(), m.end()) for m in pattern.finditer(folded)]
    start = 0
    if spans and spans[0][0] > width // 3:
        start = spans[0][0] - width // 3
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + width)
    while end < len(text) and not text[end - 1].isspace() and end - start < width + 30:
        end += 1
    parts: list[str] = ["… " if start > 0 else ""]
    pos = start
    for a, b in spans:
        if a < pos or b > end:
            continue
        parts.append(escape(text[pos:a]))
        parts.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    parts.append(escape(text[pos:end]))
    if end < len(text):
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def hits(entries: list[SearchEntry], q: str) -> list[Hit]:
    words = terms(q)
    labels = dict(SearchEntry.Kind.choices)
    out = []
    for e in entries:
        body = e.body or e.title
        out.append(
            Hit(
                consultation=e.consultation,
                kind=e.kind,
                kind_label=str(labels.get(e.kind, e.kind)),
                anchor=e.anchor,
                title=e.title,
                title_html=excerpt(e.title or e.consultation.document.title, words, TITLE_CHARS),
                excerpt=excerpt(body, words),
                score=float(getattr(e, "score", 0.0) or 0.0),
            )
        )
    return out


def sector_choices() -> list[Sector]:
    return list(Sector.objects.order_by("name"))
