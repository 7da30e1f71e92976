"""The Đề án 407 coverage indicator: the rule, for one policy.

A policy counts in the indicator once its document is adopted, when it is in scope or was never screened
(an adopted policy nobody screened fails with "chưa rà soát phạm vi"; it is not left out). It is covered when
its communication ran over the whole window, from the day the proposal went out for opinions (or, under the
simplified procedure, the draft) to adoption:

- material the public could see existed no later than the day the window opened. Material is seen by the
  public on the portal's consultation page of its document: it counts from the later of its publication and
  the creation of the document's first consultation page, while it is published (not withdrawn) and neither
  it nor its policy is a state secret;
- every stage inside the window has its own communication activity dated within it. One dated item covers
  one stage: an activity on the day one stage ends and the next begins covers one of them, not both (the
  material's first public day counts as one such item).

The rule gives reasons as data (``Reason``), so that they can be stored (``status.py``) and shown in the
reader's language later. The indicator = covered / counted policies, against the year's target (``targets``).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import NotRequired, TypedDict

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.communication.models import Activity, Material
from policycomm.consultation.models import Consultation
from policycomm.lawmaking.models import DraftPolicy, StageTransition
from policycomm.lawmaking.rules import Stage
from policycomm.orgs.access import UserLike

from .access import monitored

WINDOW_START = (Stage.PROPOSAL_CONSULTATION, Stage.DRAFT_CONSULTATION)


class Reason(TypedDict):
    """Why a policy is not covered, as data: ``code`` and the dates (ISO) the message needs."""

    code: str  # unscreened | no_material | not_visible | late | gap | gap_open
    stage: NotRequired[str]
    begin: NotRequired[str]
    end: NotRequired[str]
    published: NotRequired[str]
    start: NotRequired[str]


def _fmt(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def reason_text(r: Reason) -> str:
    """The Vietnamese (or chosen-language) sentence for a reason."""
    code = r["code"]
    if code == "unscreened":
        return _(
            "Chưa rà soát phạm vi: chính sách đã thông qua nhưng chưa được đánh giá có thuộc phạm vi "
            "phải truyền thông hay không."
        )
    if code == "no_material":
        return _("Chưa có tài liệu truyền thông được công khai.")
    if code == "not_visible":
        return _(
            "Tài liệu truyền thông đã công khai nhưng người dân chưa xem được: văn bản chưa có trang lấy ý kiến "
            "trên cổng."
        )
    if code == "late":
        return _(
            "Công khai muộn: tài liệu truyền thông công khai ngày %(published)s, sau ngày bắt đầu lấy ý kiến %(start)s."
        ) % {"published": _fmt(r["published"]), "start": _fmt(r["start"])}
    label = Stage(r["stage"]).label
    if code == "gap_open":
        return _("Giai đoạn “%(stage)s” (từ %(begin)s): chưa có hoạt động truyền thông nào.") % {
            "stage": label,
            "begin": _fmt(r["begin"]),
        }
    return _("Gián đoạn ở giai đoạn “%(stage)s” (%(begin)s – %(end)s): không có hoạt động truyền thông nào.") % {
        "stage": label,
        "begin": _fmt(r["begin"]),
        "end": _fmt(r["end"]),
    }


@dataclass
class PolicyCoverage:
    policy: DraftPolicy
    adopted_on: dt.date | None
    problems: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    #: Counts in the indicator once adopted: in scope, or never screened.
    counted: bool = True

    @property
    def covered(self) -> bool:
        return not self.problems

    def add(self, reason: Reason) -> None:
        self.reasons.append(reason)
        self.problems.append(reason_text(reason))


@dataclass
class CoverageReport:
    rows: list[PolicyCoverage]

    @property
    def adopted(self) -> list[PolicyCoverage]:
        return [r for r in self.rows if r.adopted_on is not None and r.counted]

    @property
    def in_progress(self) -> list[PolicyCoverage]:
        return [r for r in self.rows if r.adopted_on is None and r.counted]

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


def first_public_day(policy: DraftPolicy) -> tuple[dt.date | None, bool]:
    """The first day the public could see material of the policy, and whether any material is published.

    Uses prefetched ``materials`` and ``document.consultations``.
    """
    published = [
        _d(m.published_at)
        for m in policy.materials.all()
        if m.status == Material.Status.PUBLISHED and m.published_at and not m.state_secret
    ]
    if not published or policy.state_secret:
        return None, False
    pages = [_d(c.created_at) for c in policy.document.consultations.all()]
    if not pages:
        return None, True
    return max(min(published), min(pages)), True


def counted(policy: DraftPolicy) -> bool:
    """Whether the policy counts in the indicator: in scope, or never screened."""
    return policy.in_scope or not policy.screened


def assess(policy: DraftPolicy, now: dt.datetime | None = None) -> PolicyCoverage:
    """Check one policy. Uses prefetched transitions, materials, activities and consultations.

    ``now`` is accepted for callers of the first version; the rule does not depend on it (the current
    stage is judged on any activity dated from its first day).
    """
    del now
    transitions: list[StageTransition] = sorted(policy.document.transitions.all(), key=lambda t: (t.at, t.pk))
    adopted_at = next((t.at for t in transitions if t.to_stage == Stage.ADOPTED), None)
    row = PolicyCoverage(policy=policy, adopted_on=_d(adopted_at) if adopted_at else None, counted=counted(policy))
    if not policy.screened and row.adopted_on is not None:
        row.add({"code": "unscreened"})
    start_idx = next((i for i, t in enumerate(transitions) if t.to_stage in WINDOW_START), None)
    if start_idx is None:
        if row.adopted_on is not None and not row.problems:
            # Adopted without ever taking opinions: nothing was communicated over a window.
            row.add({"code": "no_material"})
        return row  # otherwise the window has not opened yet: nothing to judge
    window_start = _d(transitions[start_idx].at)
    public, any_published = first_public_day(policy)
    if public is None:
        row.add({"code": "not_visible" if any_published else "no_material"})
    elif public > window_start:
        row.add({"code": "late", "published": public.isoformat(), "start": window_start.isoformat()})
    # Each dated item covers at most one stage. The stages are consecutive intervals sharing their end
    # days, so taking for each stage in turn the earliest unused item inside it covers as many stages
    # as any assignment can.
    items = sorted([a.date for a in policy.activities.all()] + ([public] if public else []))
    used = [False] * len(items)
    for i in range(start_idx, len(transitions)):
        t = transitions[i]
        if t.to_stage == Stage.ADOPTED:
            break
        begin = _d(t.at)
        end = _d(transitions[i + 1].at) if i + 1 < len(transitions) else None
        k = bisect.bisect_left(items, begin)
        while k < len(items) and used[k]:
            k += 1
        if k < len(items) and (end is None or items[k] <= end):
            used[k] = True
            continue
        if end is None:
            row.add({"code": "gap_open", "stage": t.to_stage, "begin": begin.isoformat()})
        else:
            row.add({"code": "gap", "stage": t.to_stage, "begin": begin.isoformat(), "end": end.isoformat()})
    return row


def counted_q() -> Q:
    """The policies the indicator counts (once adopted): in scope, or never screened."""
    return DraftPolicy.in_scope_q() | Q(screened_at__isnull=True)


def with_coverage_facts(qs: QuerySet[DraftPolicy]) -> QuerySet[DraftPolicy]:
    """Prefetch what ``assess`` reads."""
    return qs.select_related("document__drafting_body").prefetch_related(
        Prefetch("document__transitions", queryset=StageTransition.objects.order_by("at", "pk")),
        Prefetch("document__consultations", queryset=Consultation.objects.only("id", "document_id", "created_at")),
        Prefetch(
            "materials",
            queryset=Material.objects.only("id", "policy_id", "status", "published_at", "state_secret"),
        ),
        Prefetch("activities", queryset=Activity.objects.only("id", "policy_id", "date")),
    )


def policies_in_scope(user: UserLike) -> QuerySet[DraftPolicy]:
    """Counted policies (in scope, or never screened) of the user's monitored subtrees, prefetched for
    ``assess``."""
    qs = DraftPolicy.objects.filter(monitored(user, "document__drafting_body")).filter(counted_q())
    return with_coverage_facts(qs).order_by("document__drafting_body__path", "document_id", "pk")


def coverage_report(user: UserLike, *, year: int | None = None) -> CoverageReport:
    """Every counted policy of the user's subtrees, assessed now (the per-request form; the page reads
    the stored status instead, see ``status.py``)."""
    rows = [assess(p) for p in policies_in_scope(user)]
    if year is not None:
        rows = [r for r in rows if r.adopted_on is None or r.adopted_on.year == year]
    return CoverageReport(rows=rows)
