"""Periodic reports: periods, the unit's flow (draft → submit → return → correct → accept), frozen figures,
consolidation up the tree, the selectors other parts call, good models and commendations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from policycomm.audit.models import AuditEvent
from policycomm.communication import services as comm
from policycomm.communication.models import Activity
from policycomm.consultation import services as cons
from policycomm.errors import DomainError
from policycomm.lawmaking import services as law
from policycomm.orgs.models import Level, Organisation, Role
from policycomm.plans import services as psvc
from policycomm.reporting import figures as fig
from policycomm.reporting import services as rs
from policycomm.reporting.access import get_report_for_user, reports_for_user
from policycomm.reporting.models import Commendation, PeriodReport, ReportPeriod
from policycomm.reporting.selectors import late_reports, period_status, recognition_for, report_figures, reports_due

from .factories import (
    ALL_TO_DRAFT_CONSULTATION,
    World,
    advance,
    make_user,
    open_consultation,
    register_document,
    screen_in_scope,
)

S = PeriodReport.Status
TODAY = dt.date.today()
PARTS: rs.ReportParts = {
    "results": "Đã truyền thông 2 chính sách.",
    "shortcomings": "Kinh phí còn hạn chế.",
    "directions": "Tiếp tục truyền thông trên loa.",
    "proposals": "Đề nghị bố trí kinh phí.",
}


def make_period(w: World, **kw: Any) -> ReportPeriod:
    values: dict[str, Any] = {
        "kind": ReportPeriod.Kind.SIX_MONTH,
        "title": "Báo cáo 6 tháng",
        "start": TODAY - dt.timedelta(days=180),
        "end": TODAY,
        "due": TODAY + dt.timedelta(days=10),
        "units": [w.body_a, w.ward],
    }
    values.update(kw)
    return rs.period_create(actor=w.monitor, organisation=w.province, **values)


def ward_activity(w: World, *, reach: int = 300) -> Activity:
    doc = register_document(w, body="b", title="Quyết định về tổ dân phố")
    advance(w.officer_b, doc, *ALL_TO_DRAFT_CONSULTATION)
    policy = screen_in_scope(w.officer_b, law.policy_add(actor=w.officer_b, document=doc, title="Phụ cấp"))
    c = open_consultation(w, doc)
    cm, _ = cons.comment_submit(consultation=c, text="Đồng ý.", submitter_type="individual", consent=True)
    cons.comment_submit(
        consultation=c, text="Đề nghị sửa.", submitter_type="individual", consent=True, channel="meeting"
    )
    cons.comment_dispose(actor=w.officer_b, comment=cm, disposition="accepted", explanation="Tiếp thu.")
    return comm.activity_record(
        actor=w.officer_b,
        policy=policy,
        form=Activity.Form.GRASSROOTS,
        channel="Loa phường",
        date=TODAY,
        reach=reach,
        evidence_url="https://example.vn/bang-chung",
    )


def test_period_defaults_to_the_direct_units_and_the_standing_body(world: World) -> None:
    p = make_period(world, units=None)
    units = set(p.units.values_list("pk", flat=True))
    assert world.body_a.pk in units and world.ward.pk in units
    assert world.council.pk not in units  # the PBGDPL council compiles, it does not report
    assert p.standing_body == world.body_a  # Sở Tư pháp
    assert AuditEvent.objects.filter(action="report_period.create", object_id=str(p.pk)).exists()


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"title": "  "}, "title"),
        ({"end": TODAY - dt.timedelta(days=200)}, "end"),
        ({"due": TODAY - dt.timedelta(days=400)}, "due"),
    ],
)
def test_bad_period_is_refused_with_the_field(world: World, kw: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainError) as e:
        make_period(world, **kw)
    assert e.value.field == field or field in e.value.errors
    assert not ReportPeriod.objects.exists()


def test_unit_outside_the_setting_body_is_refused(world: World) -> None:
    other = Organisation.objects.create(name="Tỉnh khác", kind="peoples_committee", level=Level.PROVINCE)
    with pytest.raises(DomainError) as e:
        make_period(world, units=[other])
    assert e.value.code == "bad_units" and "Tỉnh khác" in e.value.message


def test_a_ward_officer_may_not_set_the_province_period(world: World) -> None:
    with pytest.raises(DomainError) as e:
        rs.period_create(
            actor=world.officer_b,
            organisation=world.province,
            kind="six_month",
            title="x",
            start=TODAY,
            end=TODAY,
            due=TODAY,
        )
    assert e.value.status == 403


def test_ward_flow_draft_submit_return_correct_accept(world: World) -> None:
    period = make_period(world)
    ward_activity(world, reach=300)
    report = rs.report_start(actor=world.officer_b, period=period, organisation=world.ward)
    assert rs.report_start(actor=world.officer_b, period=period, organisation=world.ward).pk == report.pk
    live = report_figures(report)
    assert live["activities_by_form"]["grassroots"]["reach"] == 300
    # The officer drafts; only the leader submits.
    rs.report_save(actor=world.officer_b, report=report, parts=PARTS, number="12", symbol="BC-UBND")
    with pytest.raises(DomainError) as e:
        rs.report_submit(actor=world.officer_b, report=report)
    assert e.value.status == 403
    rs.report_submit(actor=world.leader_b, report=report)
    report.refresh_from_db()
    assert report.status == S.SUBMITTED and report.figures is not None
    # Frozen: a new activity after submission does not change the stored figures.
    ward_activity(world, reach=5)
    assert report_figures(report)["activities_by_form"]["grassroots"]["reach"] == 300
    assert fig.for_subtree(world.ward, period.start, period.end)["activities_by_form"]["grassroots"]["reach"] == 305
    # Cannot edit while submitted; the ward cannot accept its own report.
    with pytest.raises(DomainError):
        rs.report_save(actor=world.officer_b, report=report, parts=PARTS)
    with pytest.raises(DomainError) as e:
        rs.report_accept(actor=world.leader_b, report=report)
    assert e.value.status == 403
    with pytest.raises(DomainError) as e:
        rs.report_return(actor=world.monitor, report=report, reason="   ")
    assert e.value.field == "reason"
    rs.report_return(actor=world.monitor, report=report, reason="Thiếu số liệu kinh phí.")
    report.refresh_from_db()
    assert report.status == S.RETURNED and report.return_reason == "Thiếu số liệu kinh phí."
    rs.report_save(actor=world.officer_b, report=report, parts={**PARTS, "results": "Đã bổ sung kinh phí."})
    rs.report_submit(actor=world.leader_b, report=report)
    report.refresh_from_db()
    assert report.figures["activities_by_form"]["grassroots"]["reach"] == 305  # re-frozen on re-submission
    rs.report_accept(actor=world.drafter_a, report=report)  # the standing body (Sở Tư pháp)
    report.refresh_from_db()
    assert report.status == S.ACCEPTED
    actions = list(
        AuditEvent.objects.filter(object_id=str(report.pk), object_type="reporting.periodreport").values_list(
            "action", flat=True
        )
    )
    for a in ("period_report.start", "period_report.submit", "period_report.return", "period_report.accept"):
        assert a in actions


def test_submit_needs_the_results_part(world: World) -> None:
    period = make_period(world)
    report = rs.report_start(actor=world.officer_b, period=period, organisation=world.ward)
    with pytest.raises(DomainError) as e:
        rs.report_submit(actor=world.leader_b, report=report)
    assert e.value.field == "results"
    report.refresh_from_db()
    assert report.status == S.DRAFT and report.figures is None


def test_hostile_number_is_refused(world: World) -> None:
    period = make_period(world)
    report = rs.report_start(actor=world.officer_b, period=period, organisation=world.ward)
    for number, symbol in (("12; DROP", "BC-UBND"), ("12", "KH-UBND")):
        with pytest.raises(DomainError):
            rs.report_save(actor=world.officer_b, report=report, parts=PARTS, number=number, symbol=symbol)
    report.refresh_from_db()
    assert report.results == ""


def test_report_of_a_body_not_owing_one_is_refused(world: World) -> None:
    period = make_period(world, units=[world.ward])
    with pytest.raises(DomainError) as e:
        rs.report_start(actor=world.drafter_a, period=period, organisation=world.body_a)
    assert e.value.code == "not_a_unit"


def test_access_ward_sees_its_report_not_the_department_s(world: World) -> None:
    period = make_period(world)
    ward = rs.report_start(actor=world.officer_b, period=period, organisation=world.ward)
    dept = rs.report_start(actor=world.drafter_a, period=period, organisation=world.body_a)
    assert get_report_for_user(world.officer_b, ward.pk, write=True) == ward
    with pytest.raises(Http404):
        get_report_for_user(world.officer_b, dept.pk)
    # The standing body and the monitor read every unit's report.
    assert set(reports_for_user(world.monitor)) == {ward, dept}
    assert ward in set(reports_for_user(world.drafter_a))
    with pytest.raises(PermissionDenied):
        get_report_for_user(world.communicator_a, dept.pk, write=True)


def _accepted_ward(world: World, period: ReportPeriod) -> PeriodReport:
    r = rs.report_start(actor=world.officer_b, period=period, organisation=world.ward)
    rs.report_save(actor=world.officer_b, report=r, parts=PARTS)
    rs.report_submit(actor=world.leader_b, report=r)
    return rs.report_accept(actor=world.monitor, report=r)


def test_consolidation_sums_accepted_reports_and_goes_to_the_body_above(world: World) -> None:
    ministry = Organisation.objects.create(
        name="Bộ Tư pháp", short_name="BTP", kind="central_agency", level=Level.CENTRAL
    )
    world.province.parent = ministry
    world.province.save()
    for o in (world.ward, world.body_a, world.body_b, world.council):
        o.refresh_from_db()
    for u in world.users.values():
        u.__dict__.pop("_policycomm_memberships", None)  # memberships cached with the old paths
    moj = make_user("moj", ministry, Role.DRAFTER)
    period = make_period(world)
    ward_activity(world, reach=300)
    ward = _accepted_ward(world, period)
    dept = rs.report_start(actor=world.drafter_a, period=period, organisation=world.body_a)
    rs.report_save(actor=world.drafter_a, report=dept, parts=PARTS)
    rs.report_submit(actor=world.leader_a, report=dept)  # submitted, not accepted: not summed
    status = period_status(period)
    assert [u["status"] for u in status["units"]] == ["submitted", "accepted"]
    own = rs.report_consolidate(actor=world.drafter_a, period=period)
    assert own.is_consolidated and list(own.consolidates.all()) == [ward]
    assert own.figures["activities_by_form"]["grassroots"]["reach"] == 300
    assert own.figures["comments"]["received"] == 2 and own.figures["comments"]["accepted"] == 1
    names = [u["name"] for u in own.breakdown]
    assert world.ward.name in names and world.body_a.name in names
    assert "Ủy ban nhân dân phường Phan Đình Phùng: Đã truyền thông 2 chính sách." in own.results
    assert own.symbol == "BC-STP"
    # The ward cannot read the province's consolidated report; the ministry can, and reviews it.
    with pytest.raises(Http404):
        get_report_for_user(world.officer_b, own.pk)
    with pytest.raises(DomainError):
        rs.report_accept(actor=world.monitor, report=own)
    rs.report_submit(actor=world.leader_a, report=own)
    assert get_report_for_user(moj, own.pk, write=True) == own
    rs.report_accept(actor=moj, report=own)
    own.refresh_from_db()
    assert own.status == S.ACCEPTED


def test_own_bodies_data_counts_once(world: World) -> None:
    """Data of a body no unit covers (the council) is the setting body's own; a unit's data is never counted twice."""
    period = make_period(world, units=[world.ward])
    psvc.training_record(
        actor=world.monitor,
        organisation=world.province,
        task=None,
        organiser="Sở Tư pháp",
        held_on=TODAY,
        topic="Kỹ năng",
        audiences=["legal_reporters"],
        participants=40,
    )
    ward_activity(world, reach=300)
    _accepted_ward(world, period)
    own = rs.report_consolidate(actor=world.drafter_a, period=period)
    assert own.figures["training"] == {"sessions": 1, "participants": 40}
    assert own.figures["activities_by_form"]["grassroots"]["reach"] == 300


def test_figures_keys_and_coverage_failing(world: World) -> None:
    f = fig.for_subtree(world.province, TODAY - dt.timedelta(days=30), TODAY)
    assert tuple(f) == fig.KEYS
    assert set(f["coverage"]) == {"in_scope", "covered", "ratio", "failing"}
    assert set(f["comments"]) == {"received", "by_channel", "accepted", "partly_accepted", "not_accepted"}
    assert set(f["tasks"]) == {"done", "overdue", "total"}
    assert set(f["training"]) == {"sessions", "participants"}
    assert set(f["budget"]) == {"allocated", "spent", "by_source"}


def test_add_sums_nested_figures() -> None:
    a, b = fig.empty(), fig.empty()
    a["activities_by_form"] = {"portal": {"count": 1, "reach": 10, "channels": {"Cổng": {"count": 1, "reach": 10}}}}
    b["activities_by_form"] = {"portal": {"count": 2, "reach": 5, "channels": {"Cổng": {"count": 2, "reach": 5}}}}
    a["coverage"].update({"in_scope": 2, "covered": 1})
    b["coverage"].update(
        {"in_scope": 2, "covered": 2, "failing": [{"policy": 1, "title": "T", "body": "VP", "reasons": ["r"]}]}
    )
    b["budget"] = {"allocated": 5, "spent": 3, "by_source": {"commune": {"allocated": 5, "spent": 3}}}
    t = fig.total_of([("A", a), ("Phường B", b)])
    assert t["activities_by_form"]["portal"]["channels"]["Cổng"] == {"count": 3, "reach": 15}
    assert t["coverage"]["ratio"] == 0.75
    assert t["coverage"]["failing"][0]["body"] == "Phường B — VP"
    assert t["budget"]["by_source"]["commune"]["spent"] == 3


def test_reports_due_and_late(world: World) -> None:
    late = make_period(world, title="Kỳ trễ", due=TODAY - dt.timedelta(days=1), start=TODAY - dt.timedelta(days=100))
    _accepted_ward(world, late)
    due = reports_due(today=TODAY)
    assert [(d["org"], d["late"]) for d in due if d["period"] == late.pk] == [(world.body_a.pk, True)]
    assert [d["org"] for d in late_reports(today=TODAY)] == [world.body_a.pk]
    assert late_reports(today=TODAY, org_ids=[world.ward.pk]) == []
    assert period_status(late, today=TODAY)["late"][0]["org"] == world.body_a.pk


def test_good_models_and_commendations(world: World) -> None:
    period = make_period(world)
    gm = rs.good_model_record(
        actor=world.officer_b,
        organisation=world.ward,
        title="Loa truyền thanh thông minh",
        description="Phát bản tin chính sách hai lần mỗi ngày.",
        recorded_on=TODAY,
        evidence_url="https://example.vn/mo-hinh",
        period=period,
    )
    with pytest.raises(DomainError) as e:
        rs.good_model_record(
            actor=world.officer_b,
            organisation=world.ward,
            title="X",
            description="Y",
            recorded_on=TODAY,
            evidence_url="javascript:alert(1)",
        )
    assert e.value.field == "evidence_url"
    with pytest.raises(DomainError) as e:
        rs.commendation_propose(
            actor=world.officer_b, organisation=world.province, reason="x", proposed_on=TODAY, target_org=world.ward
        )
    assert e.value.status == 403
    c = rs.commendation_propose(
        actor=world.drafter_a,
        organisation=world.province,
        reason="Mô hình hay.",
        proposed_on=TODAY,
        target_org=world.ward,
    )
    with pytest.raises(DomainError):
        rs.commendation_decide(actor=world.drafter_a, commendation=c, approve=True)  # not a leader, the proposer
    stale = Commendation.objects.get(pk=c.pk)  # a second leader's copy, still "proposed"
    rs.commendation_decide(actor=world.leader_a, commendation=c, approve=True)
    c.refresh_from_db()
    assert c.status == Commendation.Status.APPROVED
    with pytest.raises(DomainError):
        rs.commendation_decide(actor=world.leader_a, commendation=c, approve=False)
    with pytest.raises(DomainError):
        rs.commendation_decide(actor=world.leader_a, commendation=stale, approve=False)
    c.refresh_from_db()
    assert c.status == Commendation.Status.APPROVED
    rec = recognition_for([world.ward.pk], TODAY - dt.timedelta(days=1), TODAY)
    assert rec["good_models"][0]["id"] == gm.pk and rec["commendations"][0]["status"] == "approved"
    f = fig.for_subtree(world.ward, TODAY - dt.timedelta(days=1), TODAY)
    assert f["commendations"] == {"good_models": 1, "proposed": 1, "approved": 1}
    assert timezone.localdate() >= c.decided_on


def test_a_stale_second_decision_is_refused_and_changes_nothing(world: World) -> None:
    """Two reviewers holding the same submitted report: the first decides, the second is told it is decided."""
    period = make_period(world)
    report = rs.report_start(actor=world.officer_b, period=period, organisation=world.ward)
    rs.report_save(actor=world.officer_b, report=report, parts=PARTS)
    rs.report_submit(actor=world.leader_b, report=report)
    stale = PeriodReport.objects.get(pk=report.pk)  # the second reviewer's copy, still "submitted"
    rs.report_accept(actor=world.monitor, report=report)
    with pytest.raises(DomainError) as refused:
        rs.report_return(actor=world.monitor, report=stale, reason="Sai số liệu.")
    assert refused.value.status == 409
    fresh = PeriodReport.objects.get(pk=report.pk)
    assert fresh.status == PeriodReport.Status.ACCEPTED and fresh.return_reason == ""


def test_a_save_on_a_stale_copy_of_a_submitted_report_is_refused(world: World) -> None:
    period = make_period(world)
    report = rs.report_start(actor=world.officer_b, period=period, organisation=world.ward)
    rs.report_save(actor=world.officer_b, report=report, parts=PARTS)
    stale = PeriodReport.objects.get(pk=report.pk)  # the officer's page, loaded before the leader sends it
    rs.report_submit(actor=world.leader_b, report=report)
    with pytest.raises(DomainError) as refused:
        rs.report_save(actor=world.officer_b, report=stale, parts={**PARTS, "results": "Viết lại."})
    assert refused.value.status == 409
    fresh = PeriodReport.objects.get(pk=report.pk)
    assert fresh.status == PeriodReport.Status.SUBMITTED and fresh.results == PARTS["results"]
