"""The Đề án 407 coverage indicator.

A policy in scope is covered when its communication ran over the whole window, from the day the
proposal went out for opinions (or, under the simplified procedure, the draft) to adoption:
- published material exists, and was published no later than the day the window opened;
- every stage inside the window has at least one communication activity dated within it (the
  material's publication counts for the stage in which it happened).
The indicator = covered / in-scope policies whose document was adopted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.communication.models import Activity, Material
from policycomm.lawmaking.models import DraftPolicy, StageTransition
from policycomm.lawmaking.rules import Stage
from policycomm.orgs.access import UserLike

from .access import monitored

WINDOW_START = (Stage.PROPOSAL_CONSULTATION, Stage.DRAFT_CONSULTATION)


@dataclass
class PolicyCoverage:
    policy: DraftPolicy
    adopted_on: dt.date | None
    problems: list[str] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return not self.problems


@dataclass
class CoverageReport:
    rows: list[PolicyCoverage]

    @property
    def adopted(self) -> list[PolicyCoverage]:
        return [r for r in self.rows if r.adopted_on is not None]

    @property
    def in_progress(self) -> list[PolicyCoverage]:
        return [r for r in self.rows if r.adopted_on is None]

    @property
    def covered_count(self) -> int:
        return sum(1 for r in self.adopted if r.covered)

    @property
    def ratio(self) -> float | None:
        return self.covered_count / len(self.adopted) if self.adopted else None

    @property
    def failing(self) -> list[PolicyCoverage]:
        return [r for r in self.adopted if not r.covered]


def _d(value: dt.datetime) -> dt.date:
    return timezone.localdate(value)


def _fmt(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def assess(policy: DraftPolicy, now: dt.datetime | None = None) -> PolicyCoverage:
    """Check one policy. Uses prefetched transitions, materials and activities."""
    now = now or timezone.now()
    transitions: list[StageTransition] = list(policy.document.transitions.all())
    adopted_at = next((t.at for t in transitions if t.to_stage == Stage.ADOPTED), None)
    row = PolicyCoverage(policy=policy, adopted_on=_d(adopted_at) if adopted_at else None)
    start_idx = next((i for i, t in enumerate(transitions) if t.to_stage in WINDOW_START), None)
    if start_idx is None:
        return row  # the window has not opened yet: nothing to judge
    window_start = _d(transitions[start_idx].at)
    published = sorted(
        _d(m.published_at) for m in policy.materials.all() if m.status == Material.Status.PUBLISHED and m.published_at
    )
    if not published:
        row.problems.append(_("Chưa có tài liệu truyền thông được công khai."))
    elif published[0] > window_start:
        row.problems.append(
            _(
                "Công khai muộn: tài liệu truyền thông công khai ngày %(published)s, "
                "sau ngày bắt đầu lấy ý kiến %(start)s."
            )
            % {"published": _fmt(published[0]), "start": _fmt(window_start)}
        )
    dates = sorted({a.date for a in policy.activities.all()} | set(published))
    for i in range(start_idx, len(transitions)):
        t = transitions[i]
        if t.to_stage == Stage.ADOPTED:
            break
        begin = _d(t.at)
        end = _d(transitions[i + 1].at) if i + 1 < len(transitions) else _d(now)
        if not any(begin <= d <= end for d in dates):
            row.problems.append(
                _("Gián đoạn ở giai đoạn “%(stage)s” (%(begin)s – %(end)s): không có hoạt động truyền thông nào.")
                % {"stage": Stage(t.to_stage).label, "begin": _fmt(begin), "end": _fmt(end)}
            )
    return row


def policies_in_scope(user: UserLike) -> QuerySet[DraftPolicy]:
    """In-scope policies of the user's monitored subtrees. Prefetch: transitions, materials, activities."""
    qs = DraftPolicy.objects.filter(monitored(user, "document__drafting_body"))
    qs = qs.filter(DraftPolicy.in_scope_q())
    return (
        qs.select_related("document__drafting_body")
        .prefetch_related(
            Prefetch("document__transitions", queryset=StageTransition.objects.order_by("at", "pk")),
            Prefetch("materials", queryset=Material.objects.only("id", "policy_id", "status", "published_at")),
            Prefetch("activities", queryset=Activity.objects.only("id", "policy_id", "date")),
        )
        .order_by("document__drafting_body__path", "document_id", "pk")
    )


def coverage_report(user: UserLike, *, year: int | None = None) -> CoverageReport:
    rows = [assess(p) for p in policies_in_scope(user)]
    if year is not None:
        rows = [r for r in rows if r.adopted_on is None or r.adopted_on.year == year]
    return CoverageReport(rows=rows)
