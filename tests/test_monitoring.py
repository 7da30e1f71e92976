from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from policycomm.communication import services as comm
from policycomm.communication.models import Activity, Material
from policycomm.lawmaking import services as law
from policycomm.lawmaking.models import StageTransition
from policycomm.lawmaking.rules import Stage
from policycomm.monitoring.coverage import coverage_report

from .factories import advance, publish_material, register_document, screen_in_scope

PATH = [
    Stage.PROPOSAL_CONSULTATION,
    Stage.PROPOSAL_APPRAISAL,
    Stage.PROPOSAL_APPROVED,
    Stage.DRAFTING,
    Stage.DRAFT_CONSULTATION,
    Stage.SYNTHESIS_PUBLISHED,
    Stage.DRAFT_APPRAISAL,
    Stage.ADOPTED,
]


def adopted_policy(w: Any, *, body: str = "b", title: str = "Chính sách") -> Any:
    actor = w.officer_b if body == "b" else w.drafter_a
    leader = w.leader_b if body == "b" else w.leader_a
    doc = register_document(w, body=body, title=title)
    p = screen_in_scope(actor, law.policy_add(actor=actor, document=doc, title=title))
    m = publish_material(actor, leader, p)
    advance(
        actor, doc, *(PATH if body == "b" else [*PATH[:6], Stage.DRAFT_APPRAISAL, Stage.EXAMINATION, Stage.ADOPTED])
    )
    # Stage k entered (100 - 10k) days ago.
    now = timezone.now()
    for i, tr in enumerate(StageTransition.objects.filter(document=doc).order_by("pk")):
        StageTransition.objects.filter(pk=tr.pk).update(at=now - dt.timedelta(days=110 - 10 * i))
    Material.objects.filter(pk=m.pk).update(published_at=now - dt.timedelta(days=101))
    return p


def activity(w: Any, p: Any, days_ago: int, body: str = "b") -> None:
    comm.activity_record(
        actor=w.officer_b if body == "b" else w.drafter_a,
        policy=p,
        form=Activity.Form.PORTAL,
        channel="Cổng",
        date=timezone.localdate() - dt.timedelta(days=days_ago),
        evidence_url="https://example.vn/",
    )


def test_covered_policy_counts(world: Any) -> None:
    p = adopted_policy(world)
    for d in (100, 90, 80, 70, 60, 50, 40):  # one inside each stage of the window
        activity(world, p, d)
    report = coverage_report(world.monitor)
    assert [r.policy for r in report.adopted] == [p]
    assert report.failing == [] and report.ratio == 1.0


def test_failures_name_their_reasons(world: Any) -> None:
    p = adopted_policy(world)
    activity(world, p, 100)
    Material.objects.filter(policy=p).update(published_at=timezone.now() - dt.timedelta(days=85))
    report = coverage_report(world.monitor)
    assert report.ratio == 0.0
    problems = report.failing[0].problems
    assert problems[0].startswith("Công khai muộn")
    gaps = [x for x in problems if x.startswith("Gián đoạn")]
    # Proposal consultation has the day-100 activity, appraisal the day-85 publication; 5 stages are silent.
    assert len(gaps) == 5 and "Thẩm định đề nghị" not in " ".join(gaps)
    Material.objects.filter(policy=p).delete()
    assert coverage_report(world.monitor).failing[0].problems[0] == "Chưa có tài liệu truyền thông được công khai."


def test_scope_of_the_monitor_and_exclusions(world: Any) -> None:
    pb = adopted_policy(world, body="b", title="Phường")
    pa = adopted_policy(world, body="a", title="Sở")
    secret = adopted_policy(world, body="a", title="Mật")
    secret.state_secret = True
    secret.save()
    assert {r.policy.title for r in coverage_report(world.monitor).rows} == {"Phường", "Sở"}
    # A ward-level drafter has no monitoring scope; the ward leader sees only the ward's office.
    assert coverage_report(world.officer_b).rows == []
    assert [r.policy for r in coverage_report(world.leader_b).rows] == [pb]
    assert pa.in_scope
