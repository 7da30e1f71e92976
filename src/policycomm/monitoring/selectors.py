"""Coverage figures by unit, body and period (from the tallies) and by subtree and date range (summed in
SQL over the stored status), ADR 0011.

A subtree is a prefix of the organisation's materialised path; a unit's figures are the sums over every
drafting body whose path starts with the unit's. Only counted, adopted policies enter the indicator
(``CoverageStatus.State.COVERED`` and ``FAILING``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict

from django.db import connection
from django.db.models import Count, F, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from policycomm.orgs.access import UserLike, is_superuser, scope_paths
from policycomm.orgs.models import Organisation

from .access import MONITOR_ROLES
from .coverage import Reason, reason_text
from .models import CoverageStatus, CoverageTally, CoverageTarget

S = CoverageStatus.State
COUNTED = (S.COVERED, S.FAILING)


class FailingRow(TypedDict):
    policy_id: int
    title: str
    document_id: int
    document: str
    body_id: int
    body: str
    adopted_on: dt.date | None
    reasons: list[str]


class SubtreeCoverage(TypedDict):
    in_scope: int
    covered: int
    ratio: float | None
    failing: list[FailingRow]


@dataclass
class Figures:
    """Counted (in scope or never screened) adopted policies and how many were covered."""

    counted: int
    covered: int

    @property
    def failing(self) -> int:
        return self.counted - self.covered

    @property
    def ratio(self) -> float | None:
        return self.covered / self.counted if self.counted else None

    @property
    def percent(self) -> int | None:
        return None if self.ratio is None else round(self.ratio * 100)


@dataclass
class Row:
    org: Organisation
    figures: Figures
    #: True for the unit's own bodies (documents drafted by the unit itself, not by a unit under it).
    own: bool = False
    #: Whether the unit has units under it to open.
    has_children: bool = False


@dataclass
class PeriodRow:
    key: str  # "2024" or "2024-1" (first half) / "2024-2"
    label: str
    year: int
    figures: Figures
    target: int | None


def under(field: str, prefix: str) -> Q:
    """``field`` (a materialised path) starts with ``prefix``. On SQLite, whose ``LIKE`` reads no index, the
    same test is also a range of the index: paths hold only digits and dots, which sort before ":"."""
    q = Q(**{f"{field}__startswith": prefix})
    if connection.vendor == "sqlite":
        q &= Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + ":"})
    return q


def _base(prefixes: list[str], *, year: int | None = None) -> QuerySet[CoverageStatus]:
    qs = CoverageStatus.objects.filter(state__in=COUNTED)
    if prefixes:
        qs = qs.filter(_prefix_q(prefixes))
    if year is not None:
        qs = qs.filter(adopted_year=year)
    return qs


def _sums() -> dict[str, Count]:
    return {"n": Count("pk"), "c": Count("pk", filter=Q(state=S.COVERED))}


def _tallies(prefixes: list[str], *, year: int | None = None) -> QuerySet[CoverageTally]:
    """The subtree rows of the user's prefixes (the roots for ``[]``), for ``year`` or every year."""
    qs = CoverageTally.objects.filter(own=False, year=year or 0, half=0)
    return qs.filter(path__in=prefixes) if prefixes else qs.filter(depth=1)


def totals(prefixes: list[str], *, year: int | None = None) -> Figures:
    agg = _tallies(prefixes, year=year).aggregate(n=Sum("counted"), c=Sum("covered"))
    return Figures(counted=agg["n"] or 0, covered=agg["c"] or 0)


def monitored_prefixes(user: UserLike) -> list[str]:
    """Path prefixes the user monitors; ``[]`` means the whole tree (a superuser)."""
    return [] if is_superuser(user) else scope_paths(user, MONITOR_ROLES)


def unit_rows(focus: Organisation | None, roots: list[Organisation], *, year: int | None = None) -> list[Row]:
    """One row per unit directly under ``focus`` (its subtree summed), and one for ``focus``'s own bodies.

    Without a focus, one row per root (the subtrees the user monitors). Three queries, from the tallies.
    """
    period = {"year": year or 0, "half": 0}
    if focus is not None:
        units = list(Organisation.objects.filter(parent=focus).order_by("path"))
        depth = len(focus.path) // 9
        tallies = CoverageTally.objects.filter(
            (Q(own=False, depth=depth + 1) & under("path", focus.path)) | Q(own=True, path=focus.path), **period
        )
    else:
        units = roots
        tallies = CoverageTally.objects.filter(own=False, path__in=[r.path for r in roots], **period)
    sub: dict[str, Figures] = {}
    own = Figures(0, 0)
    for t in tallies:
        if t.own:
            own = Figures(t.counted, t.covered)
        else:
            sub[t.path] = Figures(t.counted, t.covered)
    rows = [Row(org=focus, figures=own, own=True)] if focus is not None else []
    parents = set(
        Organisation.objects.filter(parent__in=units).order_by().values_list("parent_id", flat=True).distinct()
    )
    rows += [Row(org=u, figures=sub.get(u.path, Figures(0, 0)), has_children=u.pk in parents) for u in units]
    return rows


def body_rows(
    prefixes: list[str],
    *,
    year: int | None = None,
    offset: int = 0,
    limit: int = 50,
    max_depth: int | None = None,
) -> tuple[list[Row], int]:
    """Drafting bodies of the subtree that have counted adopted policies, lowest ratio first; and how many.

    ``max_depth`` keeps the bodies down to that depth of the tree (the page lists a level at a time)."""
    qs = CoverageTally.objects.filter(own=True, year=year or 0, half=0, counted__gt=0)
    if max_depth is not None:
        qs = qs.filter(depth__lte=max_depth)
    if prefixes:
        q = Q()
        for p in prefixes:
            q |= under("path", p)
        qs = qs.filter(q)
    total = qs.count()
    page = list(
        qs.annotate(r=Cast(F("covered"), FloatField()) / Cast(F("counted"), FloatField())).order_by(
            "r", "-counted", "path"
        )[offset : offset + limit]
    )
    orgs = {o.path: o for o in Organisation.objects.filter(path__in=[t.path for t in page])}
    return [Row(org=orgs[t.path], figures=Figures(t.counted, t.covered)) for t in page if t.path in orgs], total


def targets() -> dict[int, int]:
    return dict(CoverageTarget.objects.values_list("year", "percent"))


def target_for(year: int, table: dict[int, int] | None = None) -> int | None:
    """The target of ``year``: its own row, else the latest earlier year's; ``None`` before any."""
    table = targets() if table is None else table
    earlier = [y for y in table if y <= year]
    return table[max(earlier)] if earlier else None


def period_rows(prefixes: list[str], *, half: bool = False) -> list[PeriodRow]:
    """Coverage per year of adoption, or per six months; each with the year's target. Two queries."""
    qs = CoverageTally.objects.filter(own=False, year__gt=0)
    qs = qs.filter(half__gt=0) if half else qs.filter(half=0)
    qs = qs.filter(path__in=prefixes) if prefixes else qs.filter(depth=1)
    groups = qs.values("year", "half").annotate(n=Sum("counted"), c=Sum("covered")).order_by("year", "half")
    table = targets()
    rows = []
    for g in groups:
        year = int(g["year"])
        if half:
            key = f"{year}-{g['half']}"
            label = (
                _("6 tháng đầu %(year)d") % {"year": year}
                if g["half"] == 1
                else _("6 tháng cuối %(year)d") % {"year": year}
            )
        else:
            key, label = str(year), str(year)
        rows.append(
            PeriodRow(key=key, label=label, year=year, figures=Figures(g["n"], g["c"]), target=target_for(year, table))
        )
    return rows


def failing_statuses(
    prefixes: list[str], *, body_id: int | None = None, year: int | None = None
) -> QuerySet[CoverageStatus]:
    qs = _base(prefixes, year=year).filter(state=S.FAILING)
    if body_id is not None:
        qs = qs.filter(body_id=body_id)
    # In the order of the covering index (by unit, then year and half): no sort, whatever the size.
    return qs.select_related("policy__document", "body").order_by("state", "body_path", "adopted_year", "adopted_half")


def failing_count(prefixes: list[str], *, body_path: str | None = None, year: int | None = None) -> int:
    """How many counted policies fail, from the tallies (a body's own documents with ``body_path``)."""
    if body_path is not None:
        qs = CoverageTally.objects.filter(own=True, path=body_path, year=year or 0, half=0)
    else:
        qs = _tallies(prefixes, year=year)
    agg = qs.aggregate(n=Sum("counted"), c=Sum("covered"))
    return (agg["n"] or 0) - (agg["c"] or 0)


def failing_row(s: CoverageStatus) -> FailingRow:
    reasons: list[Reason] = s.reasons
    return {
        "policy_id": s.policy_id,
        "title": s.policy.title,
        "document_id": s.policy.document_id,
        "document": s.policy.document.title,
        "body_id": s.body_id,
        "body": s.body.name,
        "adopted_on": s.adopted_on,
        "reasons": [reason_text(r) for r in reasons],
    }


def subtree_coverage(org: Organisation, *, start: dt.date, end: dt.date) -> SubtreeCoverage:
    """Coverage of the policies adopted from ``start`` to ``end`` (inclusive) by the bodies of ``org``'s
    subtree: counts summed in SQL over the stored status, and the failing policies with their reasons.
    Three queries whatever the size. For the periodic reports."""
    return _coverage_of(under("body_path", org.path), start=start, end=end)


def bodies_coverage(body_ids: Iterable[int], *, start: dt.date, end: dt.date) -> SubtreeCoverage:
    """The same for the documents of exactly these drafting bodies (a report's own bodies)."""
    return _coverage_of(Q(body_id__in=list(body_ids)), start=start, end=end)


def _coverage_of(where: Q, *, start: dt.date, end: dt.date) -> SubtreeCoverage:
    qs = CoverageStatus.objects.filter(where, state__in=COUNTED, adopted_on__gte=start, adopted_on__lte=end)
    agg = qs.aggregate(**_sums())
    figures = Figures(counted=agg["n"] or 0, covered=agg["c"] or 0)
    failing = [
        failing_row(s)
        for s in qs.filter(state=S.FAILING)
        .select_related("policy__document", "body")
        .order_by("body_path", "policy_id")
    ]
    return {"in_scope": figures.counted, "covered": figures.covered, "ratio": figures.ratio, "failing": failing}


def pending_statuses(prefixes: list[str]) -> QuerySet[CoverageStatus]:
    """Counted policies whose document is not adopted yet, in the order of the tree."""
    qs = CoverageStatus.objects.filter(state=S.PENDING)
    if prefixes:
        qs = qs.filter(_prefix_q(prefixes))
    return qs.select_related("policy__document", "body").order_by("state", "body_path")  # the index's order


def _prefix_q(prefixes: list[str]) -> Q:
    q = Q()
    for p in prefixes:
        q |= under("body_path", p)
    return q
