"""The coverage rule (coverage.py), its stored status (status.py), the sums (selectors.py) and the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from policycomm.communication import services as comm
from policycomm.communication.models import Activity, Material
from policycomm.consultation.models import Consultation
from policycomm.lawmaking import services as law
from policycomm.lawmaking.models import DraftPolicy, StageTransition
from policycomm.lawmaking.rules import Stage
from policycomm.monitoring.chart import chart_css
from policycomm.monitoring.coverage import coverage_report
from policycomm.monitoring.models import CoverageStatus, CoverageTally, CoverageTarget
from policycomm.monitoring.selectors import subtree_coverage, target_for
from policycomm.monitoring.status import coverage_refresh

from .factories import ROOT, advance, publish_material, register_document, screen_in_scope

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


def public_page(w: Any, doc: Any, *, days_ago: int) -> Consultation:
    """The document's consultation page on the portal, created ``days_ago`` days ago."""
    now = timezone.now()
    c = Consultation.objects.create(
        document=doc,
        phase=Consultation.Phase.PROPOSAL,
        title=f"Lấy ý kiến: {doc.title}",
        opens_at=now - dt.timedelta(days=days_ago),
        closes_at=now - dt.timedelta(days=days_ago - 5),
        created_by=w.drafter_a,
    )
    Consultation.objects.filter(pk=c.pk).update(created_at=now - dt.timedelta(days=days_ago))
    return c


def adopted_policy(
    w: Any, *, body: str = "b", title: str = "Chính sách", screen: bool = True, page: bool = True
) -> Any:
    """A policy whose document entered stage k of its path (100 - 10k) days ago (registered 110 days ago),
    with material published 101 days ago and (``page``) a consultation page created 102 days ago."""
    actor = w.officer_b if body == "b" else w.drafter_a
    leader = w.leader_b if body == "b" else w.leader_a
    doc = register_document(w, body=body, title=title)
    p = law.policy_add(actor=actor, document=doc, title=title)
    if screen:
        p = screen_in_scope(actor, p)
    m = publish_material(actor, leader, p)
    advance(
        actor, doc, *(PATH if body == "b" else [*PATH[:6], Stage.DRAFT_APPRAISAL, Stage.EXAMINATION, Stage.ADOPTED])
    )
    # Stage k entered (100 - 10k) days ago.
    now = timezone.now()
    for i, tr in enumerate(StageTransition.objects.filter(document=doc).order_by("pk")):
        StageTransition.objects.filter(pk=tr.pk).update(at=now - dt.timedelta(days=110 - 10 * i))
    Material.objects.filter(pk=m.pk).update(published_at=now - dt.timedelta(days=101))
    # The stage rules made ``advance`` open (and close) a window of each phase: today's pages. The story
    # wants the page ``days_ago=102`` or none at all (a document adopted before windows were required).
    doc.consultations.all().delete()
    if page:
        public_page(w, doc, days_ago=102)
    coverage_refresh([p.pk])  # the dates above were set with QuerySet.update, which sends no signal
    return p


def activity(w: Any, p: Any, days_ago: int, body: str = "b") -> Activity:
    return comm.activity_record(
        actor=w.officer_b if body == "b" else w.drafter_a,
        policy=p,
        form=Activity.Form.PORTAL,
        channel="Cổng",
        date=timezone.localdate() - dt.timedelta(days=days_ago),
        evidence_url="https://example.vn/",
    )


def stored(p: Any) -> CoverageStatus:
    return CoverageStatus.objects.get(policy=p)


# -- the rule -----------------------------------------------------------------------------------------------------


def test_covered_policy_counts(world: Any) -> None:
    p = adopted_policy(world)
    for d in (100, 90, 80, 70, 60, 50, 40):  # one per stage of the window
        activity(world, p, d)
    report = coverage_report(world.monitor)
    assert [r.policy for r in report.adopted] == [p]
    assert report.failing == [] and report.ratio == 1.0
    assert stored(p).state == CoverageStatus.State.COVERED and stored(p).reasons == []


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


def test_one_activity_on_a_transition_day_covers_one_stage_not_two(world: Any) -> None:
    p = adopted_policy(world)
    # Day 80 ends "appraisal" and begins "approved"; no other activity lies in either stage. Under a rule
    # that lets one activity count for every stage it touches, all seven stages would be covered.
    for d in (100, 80, 70, 60, 50, 40):
        activity(world, p, d)
    row = coverage_report(world.monitor).failing[0]
    gaps = [x for x in row.problems if x.startswith("Gián đoạn")]
    assert len(gaps) == 1 and "Thẩm định dự thảo" in gaps[0]  # the greedy match shifts one stage each
    assert stored(p).state == CoverageStatus.State.FAILING
    activity(world, p, 35)  # one more activity, inside the last stage: now every stage has its own
    assert coverage_report(world.monitor).failing == []
    assert stored(p).state == CoverageStatus.State.COVERED


def test_two_activities_on_the_same_transition_day_cover_both_stages(world: Any) -> None:
    p = adopted_policy(world)
    for d in (100, 80, 80, 60, 50, 40, 35):
        activity(world, p, d)
    assert coverage_report(world.monitor).failing == []


def test_an_adopted_policy_never_screened_fails_instead_of_dropping_out(world: Any) -> None:
    covered = adopted_policy(world, title="Đã rà soát")
    unscreened = adopted_policy(world, title="Chưa rà soát", screen=False)
    for p in (covered, unscreened):
        for d in (100, 90, 80, 70, 60, 50, 40):
            activity(world, p, d)
    report = coverage_report(world.monitor)
    assert {r.policy.title for r in report.adopted} == {"Đã rà soát", "Chưa rà soát"}
    assert report.ratio == 0.5
    assert [r.policy for r in report.failing] == [unscreened]
    assert report.failing[0].problems == [
        "Chưa rà soát phạm vi: chính sách đã thông qua nhưng chưa được đánh giá có thuộc phạm vi phải truyền "
        "thông hay không."
    ]
    assert stored(unscreened).state == CoverageStatus.State.FAILING
    # Screened and found out of scope, it leaves the indicator (and the stored status follows).
    law.policy_screen(
        actor=world.officer_b,
        policy=DraftPolicy.objects.get(pk=unscreened.pk),
        criteria={"c1": True, "c2": False, "c3": True, "c4": True},
        reasons={"c1": "Có.", "c2": "Không phát sinh quyền, nghĩa vụ.", "c3": "Có.", "c4": "Có."},
        state_secret=False,
    )
    assert stored(unscreened).state == CoverageStatus.State.EXCLUDED
    assert coverage_report(world.monitor).ratio == 1.0


def test_material_counts_only_where_the_public_could_see_it(world: Any) -> None:
    p = adopted_policy(world, page=False)
    for d in (100, 90, 80, 70, 60, 50, 40):
        activity(world, p, d)
    # Published, but the document has no page on the portal: nobody could read it.
    assert coverage_report(world.monitor).failing[0].problems == [
        "Tài liệu truyền thông đã công khai nhưng người dân chưa xem được: văn bản chưa có trang lấy ý kiến trên cổng."
    ]
    assert stored(p).reasons == [{"code": "not_visible"}]
    # The page appears after the window opened: the material was seen from then, late.
    c = public_page(world, p.document, days_ago=95)
    coverage_refresh([p.pk])
    problems = coverage_report(world.monitor).failing[0].problems
    assert len(problems) == 1 and problems[0].startswith("Công khai muộn")
    assert (timezone.localdate() - dt.timedelta(days=95)).strftime("%d/%m/%Y") in problems[0]
    Consultation.objects.filter(pk=c.pk).update(created_at=timezone.now() - dt.timedelta(days=105))
    coverage_refresh([p.pk])
    assert coverage_report(world.monitor).failing == []
    # Withdrawn (flagged as a state secret), it no longer counts.
    m = Material.objects.get(policy=p)
    comm.material_save(actor=world.officer_b, policy=p, material=m, title=m.title, state_secret=True)
    assert Material.objects.get(pk=m.pk).status == Material.Status.WITHDRAWN
    assert coverage_report(world.monitor).failing[0].problems == ["Chưa có tài liệu truyền thông được công khai."]
    assert stored(p).reasons == [{"code": "no_material"}]


def test_the_target_is_per_year_and_editable(world: Any, client: Client) -> None:
    assert dict(CoverageTarget.objects.values_list("year", "percent")) == {2022: 70, 2023: 100}
    assert (target_for(2021), target_for(2022), target_for(2023), target_for(2026)) == (None, 70, 100, 100)
    p = adopted_policy(world)
    activity(world, p, 100)
    year = timezone.localdate().year
    client.force_login(world.monitor)
    page = client.get(f"/can-bo/giam-sat/?nam={year}").content.decode()
    assert f"Mục tiêu năm {year}: 100%." in page and "Chưa đạt mục tiêu." in page
    # The admin edits the year's target.
    admin = Client()
    admin.force_login(world.admin)
    r = admin.post("/admin/monitoring/coveragetarget/add/", {"year": year, "percent": 0, "basis": "Kế hoạch"})
    assert r.status_code == 302
    page = client.get(f"/can-bo/giam-sat/?nam={year}").content.decode()
    assert f"Mục tiêu năm {year}: 0%." in page and "Chưa đạt mục tiêu." not in page
    r = admin.post("/admin/monitoring/coveragetarget/add/", {"year": year + 1, "percent": 120})
    assert r.status_code == 200 and CoverageTarget.objects.filter(year=year + 1).count() == 0


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
    assert stored(secret).state == CoverageStatus.State.EXCLUDED


# -- the stored status follows every write ------------------------------------------------------------------------


def test_the_stored_status_follows_the_writes_that_change_coverage(world: Any) -> None:
    w = world
    doc = register_document(w, body="b", title="Quyết định về chợ")
    p = screen_in_scope(w.officer_b, law.policy_add(actor=w.officer_b, document=doc, title="Sắp xếp chợ"))
    assert stored(p).state == CoverageStatus.State.PENDING
    m = publish_material(w.officer_b, w.leader_b, p)
    advance(w.officer_b, doc, *PATH)  # with the windows and records each stage needs
    s = stored(p)
    # Seven stages in one day: the material's first public day covers one, six are silent.
    assert s.state == CoverageStatus.State.FAILING and s.adopted_on == timezone.localdate()
    assert [r["code"] for r in s.reasons] == ["gap"] * 6
    acts = [activity(w, p, 0) for _ in range(6)]
    assert stored(p).state == CoverageStatus.State.COVERED
    comm.activity_delete(actor=w.officer_b, activity=acts[0])
    assert stored(p).state == CoverageStatus.State.FAILING
    comm.activity_update(
        actor=w.officer_b,
        activity=acts[1],
        form=Activity.Form.PORTAL,
        channel="Cổng",
        date=timezone.localdate() - dt.timedelta(days=3),
        evidence_url="https://example.vn/",
    )
    assert [r["code"] for r in stored(p).reasons] == ["gap", "gap"]
    comm.material_save(actor=w.officer_b, policy=p, material=m, title=m.title, state_secret=True)
    assert stored(p).reasons[0] == {"code": "no_material"}
    # The stored status is what the rule says, for every policy, and the tallies moved by each write
    # equal the sums rebuilt from scratch.
    before = {(x.policy_id, x.state, str(x.reasons)) for x in CoverageStatus.objects.all()}
    tallies = nonzero_tallies()
    assert tallies and tallies[(w.body_b.path, True, timezone.localdate().year, 0)] == (1, 0)
    coverage_refresh()
    assert before == {(x.policy_id, x.state, str(x.reasons)) for x in CoverageStatus.objects.all()}
    assert nonzero_tallies() == tallies
    # Deleting the document deletes the policy and its status (and its share of the sums), and recreates nothing.
    doc.delete()
    assert not CoverageStatus.objects.filter(policy_id=p.pk).exists()
    assert nonzero_tallies() == {}


def nonzero_tallies() -> dict[tuple[str, bool, int, int], tuple[int, int]]:
    return {
        (t.path, t.own, t.year, t.half): (t.counted, t.covered)
        for t in CoverageTally.objects.all()
        if t.counted or t.covered
    }


# -- sums over the tree ---------------------------------------------------------------------------------------------


def test_roll_up_per_body_and_per_unit(world: Any, client: Client) -> None:
    w = world
    pb = adopted_policy(w, body="b", title="Phường")
    for d in (100, 90, 80, 70, 60, 50, 40):
        activity(w, pb, d)
    adopted_policy(w, body="a", title="Sở 1")
    pa2 = adopted_policy(w, body="a", title="Sở 2")
    for d in (100, 90, 80, 70, 60, 50, 40, 25):  # eight stages: the Council's resolution is examined
        activity(w, pa2, d, body="a")
    adopted_policy(w, body="a", title="Sở 3", screen=False)
    start, end = dt.date(2000, 1, 1), dt.date(2100, 1, 1)
    province = subtree_coverage(w.province, start=start, end=end)
    assert (province["in_scope"], province["covered"]) == (4, 2) and province["ratio"] == 0.5
    assert {f["title"] for f in province["failing"]} == {"Sở 1", "Sở 3"}
    assert any(r.startswith("Chưa rà soát phạm vi") for f in province["failing"] for r in f["reasons"])
    ward = subtree_coverage(w.ward, start=start, end=end)
    assert (ward["in_scope"], ward["covered"], ward["failing"]) == (1, 1, [])
    assert subtree_coverage(w.province, start=start, end=timezone.localdate() - dt.timedelta(days=31))["in_scope"] == 0

    client.force_login(w.monitor)
    page = client.get("/can-bo/giam-sat/").content.decode()
    assert '<p class="kpi" id="ty-le">50%</p>' in page
    units = page[page.index('id="bang-don-vi"') : page.index('id="h-cq"')]
    # The ward's row sums its office's policy; the department has its own row; the ward opens.
    assert (
        f'<a href="?don-vi={w.ward.pk}">Ủy ban nhân dân phường Phan Đình Phùng</a></th>\n<td class="num">1/1</td>'
        in units
    )
    assert f'<a href="?don-vi={w.body_a.pk}"' not in units  # a body with nothing under it does not open
    assert f"chua-dat/?don-vi={w.body_a.pk}" in units and ">2</a>" in units
    bodies = page[page.index('id="bang-co-quan"') : page.index('id="h-prog"')]
    assert bodies.index("Sở Tư pháp") < bodies.index("Văn phòng HĐND và UBND phường")  # lowest ratio first
    # Opening the ward shows its office; the failing list of the department names the reasons.
    ward_page = client.get(f"/can-bo/giam-sat/?don-vi={w.ward.pk}").content.decode()
    assert '<p class="kpi" id="ty-le">100%</p>' in ward_page and "Văn phòng HĐND và UBND phường" in ward_page
    failing = client.get(f"/can-bo/giam-sat/chua-dat/?co-quan={w.body_a.pk}").content.decode()
    assert "Sở 1" in failing and "Sở 3" in failing and "Sở 2" not in failing
    assert "Chưa rà soát phạm vi" in failing and "Gián đoạn ở giai đoạn" in failing


def test_the_chart_is_svg_with_the_figures_and_no_script(world: Any, client: Client) -> None:
    p = adopted_policy(world)
    for d in (100, 90, 80, 70, 60, 50, 40):
        activity(world, p, d)
    adopted_policy(world, title="Chưa đạt")
    client.force_login(world.monitor)
    r = client.get("/can-bo/giam-sat/")
    page = r.content.decode()
    chart = page[page.index('<figure class="chart"') : page.index("</figure>")]
    year = timezone.localdate().year
    assert "<svg" in chart and 'role="img"' in chart and "<script" not in chart and "style=" not in chart
    assert "Tỷ lệ chính sách được truyền thông đầy đủ theo năm" in chart
    assert f"{year}: 1/2 chính sách đạt (50%), mục tiêu 100%" in chart  # the accessible description
    assert ">50%</text>" in chart and ">100%</text>" in chart  # the bars carry their values
    # No inline style (the CSP allows none): pygal's rules for our style are the static chart.css.
    assert "<style" not in chart and 'id="coverage-chart"' in chart and "/static/css/chart.css" in page
    assert (ROOT / "src/policycomm/static/css/chart.css").read_text() == chart_css()
    # The same figures as a table, and per six months on request.
    table = page[page.index('id="bang-ky"') : page.index('id="h-dv"')]
    assert f'<th scope="row">{year}</th><td class="num">1/2</td>' in table
    half = client.get("/can-bo/giam-sat/?ky=6-thang").content.decode()
    assert "theo 6 tháng" in half and ("6 tháng đầu" in half or "6 tháng cuối" in half)


def test_bad_filters_get_a_page_or_a_404_never_an_error(world: Any, client: Client) -> None:
    client.force_login(world.leader_b)
    for q in ("nam=abc", "nam=99999", "trang=-1", "trang=٣", "ky=<script>"):
        assert client.get(f"/can-bo/giam-sat/?{q}").status_code == 200, q
    for q in ("don-vi=abc", "don-vi=99999999999999999999999", f"don-vi={world.body_a.pk}", "don-vi=1%00"):
        assert client.get(f"/can-bo/giam-sat/?{q}").status_code == 404, q
        assert client.get(f"/can-bo/giam-sat/chua-dat/?{q}").status_code == 404, q
    assert client.get(f"/can-bo/giam-sat/chua-dat/?co-quan={world.body_a.pk}").status_code == 404
    assert client.get(f"/can-bo/giam-sat/chua-dat/?co-quan={world.body_b.pk}").status_code == 200


def test_a_moved_unit_takes_its_policies_along(world: Any) -> None:
    from policycomm.orgs.models import Level, Organisation

    p = adopted_policy(world)  # drafted by the ward's office
    district = Organisation.objects.create(
        name="Cụm phường phía Bắc", kind=Organisation.Kind.PEOPLES_COMMITTEE, level=Level.COMMUNE, parent=world.province
    )
    ward = Organisation.objects.get(pk=world.ward.pk)
    ward.parent = district
    ward.save()  # the ward and its office move under the new unit
    office = Organisation.objects.get(pk=world.body_b.pk)
    assert office.path.startswith(district.path) and stored(p).body_path == office.path
    start, end = dt.date(2000, 1, 1), dt.date(2100, 1, 1)
    assert subtree_coverage(district, start=start, end=end)["in_scope"] == 1
    assert subtree_coverage(world.province, start=start, end=end)["in_scope"] == 1
    assert CoverageTally.objects.get(path=district.path, own=False, year=0, half=0).counted == 1


def test_the_monitoring_page_shows_the_good_models_and_commendations_of_its_subtree(world: Any) -> None:
    from policycomm.reporting import services as rs

    today = timezone.localdate()
    rs.good_model_record(
        actor=world.officer_b,
        organisation=world.ward,
        title="Loa phát thanh theo tổ dân phố",
        description="Phát bản tin chính sách mỗi sáng thứ Hai.",
        recorded_on=today,
    )
    rs.commendation_propose(
        actor=world.drafter_a,
        organisation=world.province,
        target_org=world.ward,
        reason="Mô hình hay.",
        proposed_on=today,
    )
    client = Client()
    client.force_login(world.monitor)
    page = client.get(f"/can-bo/giam-sat/?nam={today.year}").content.decode()
    assert "Loa phát thanh theo tổ dân phố" in page
    assert world.ward.name in page.split('id="khen-thuong"')[1].split("</ul>")[0]
    # Another year shows neither.
    other = client.get(f"/can-bo/giam-sat/?nam={today.year - 3}").content.decode()
    assert "Loa phát thanh theo tổ dân phố" not in other
    assert "Chưa có đề nghị khen thưởng nào." in other
