"""The report screens over HTTP: the ward's flow by buttons, hostile form values re-rendered with a Vietnamese
message and nothing saved, and query budgets that do not grow with the number of units or periods."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from policycomm.orgs.models import Level, Organisation
from policycomm.reporting import services as rs
from policycomm.reporting.models import PeriodReport, ReportPeriod

from .factories import World
from .test_reporting import make_period


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_ward_flow_by_the_buttons(world: World) -> None:
    period = make_period(world)
    officer, leader, monitor = client_for(world.officer_b), client_for(world.leader_b), client_for(world.monitor)
    r = officer.post(f"/can-bo/bao-cao/ky/{period.pk}/start/", {"organisation": world.ward.pk})
    report = PeriodReport.objects.get(period=period, organisation=world.ward)
    assert r.status_code == 302 and r["Location"] == f"/can-bo/bao-cao/{report.pk}/"
    page = officer.get(f"/can-bo/bao-cao/{report.pk}/").content.decode()
    assert "Lưu báo cáo" in page and "Duyệt và gửi cấp trên" not in page  # the officer drafts, does not submit
    officer.post(f"/can-bo/bao-cao/{report.pk}/save/", {"symbol": "BC-UBND", "number": "7", "results": "Đã làm."})
    page = leader.get(f"/can-bo/bao-cao/{report.pk}/").content.decode()
    assert "Duyệt và gửi cấp trên" in page
    leader.post(f"/can-bo/bao-cao/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.status == PeriodReport.Status.SUBMITTED and report.number == "7"
    r = monitor.post(f"/can-bo/bao-cao/{report.pk}/return/", {"reason": ""})
    assert r.status_code == 422 and "Lý do trả lại" in r.content.decode()
    monitor.post(f"/can-bo/bao-cao/{report.pk}/return/", {"reason": "Bổ sung số liệu tập huấn."})
    page = officer.get(f"/can-bo/bao-cao/{report.pk}/").content.decode()
    assert "Bị trả lại: Bổ sung số liệu tập huấn." in page
    officer.post(f"/can-bo/bao-cao/{report.pk}/save/", {"symbol": "BC-UBND", "number": "7", "results": "Đã bổ sung."})
    leader.post(f"/can-bo/bao-cao/{report.pk}/submit/")
    monitor.post(f"/can-bo/bao-cao/{report.pk}/accept/")
    report.refresh_from_db()
    assert report.status == PeriodReport.Status.ACCEPTED
    page = monitor.get(f"/can-bo/bao-cao/{report.pk}/").content.decode()
    for step in ("lập báo cáo", "duyệt và gửi", "trả lại", "tiếp nhận"):
        assert step in page


def test_hostile_period_form_is_re_rendered_and_saves_nothing(world: World) -> None:
    c = client_for(world.monitor)
    data = {
        "organisation": world.province.pk,
        "kind": "six_month",
        "title": "Kỳ sai",
        "start": "2026-06-30",
        "end": "2026-01-01",
        "due": "2026-07-10",
    }
    r = c.post("/can-bo/bao-cao/ky-moi/", data)
    assert r.status_code == 422
    assert "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu kỳ báo cáo." in r.content.decode()
    r = c.post("/can-bo/bao-cao/ky-moi/", {**data, "organisation": "1 OR 1=1", "end": "2026-12-31"})
    assert r.status_code == 422
    other = Organisation.objects.create(name="Tỉnh khác", kind="peoples_committee", level=Level.PROVINCE)
    r = c.post("/can-bo/bao-cao/ky-moi/", {**data, "organisation": other.pk, "end": "2026-12-31"})
    assert r.status_code == 422  # not a body the user may set periods for: not a choice
    assert not ReportPeriod.objects.exists()


def test_hostile_parts_are_refused_and_nothing_saved(world: World) -> None:
    period = make_period(world)
    report = rs.report_start(actor=world.officer_b, period=period, organisation=world.ward)
    c = client_for(world.officer_b)
    r = c.post(f"/can-bo/bao-cao/{report.pk}/save/", {"symbol": "BC-UBND", "number": "12/../../x", "results": "A"})
    assert r.status_code == 422 and "Số báo cáo chỉ gồm chữ số" in r.content.decode()
    r = c.post(f"/can-bo/bao-cao/{report.pk}/save/", {"symbol": "B" * 500, "results": "A"})
    assert r.status_code == 422
    report.refresh_from_db()
    assert report.results == "" and report.number == ""


def test_downloads_are_real_files(world: World) -> None:
    period = make_period(world)
    report = rs.report_start(actor=world.officer_b, period=period, organisation=world.ward)
    c = client_for(world.officer_b)
    r = c.get(f"/can-bo/bao-cao/{report.pk}/tai-ve.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK" and "attachment" in r["Content-Disposition"]
    r = c.get(f"/can-bo/bao-cao/{report.pk}/tai-ve.xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def _grow(world: World, n: int) -> ReportPeriod:
    units = [
        Organisation.objects.create(
            name=f"Xã {i}", kind="peoples_committee", level=Level.COMMUNE, parent=world.province
        )
        for i in range(n)
    ]
    p = make_period(world, units=units, title=f"Kỳ {n}")
    for u in units[: n // 2]:
        rs.report_start(actor=world.admin, period=p, organisation=u)
    return p


def test_report_pages_within_budget_at_any_size(world: World, django_assert_max_num_queries: Any) -> None:
    c = client_for(world.monitor)
    small = _grow(world, 2)
    budgets: dict[str, int] = {}
    for url in ("/can-bo/bao-cao/", f"/can-bo/bao-cao/ky/{small.pk}/"):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        budgets[url] = len(ctx)
    big = _grow(world, 30)
    with django_assert_max_num_queries(budgets["/can-bo/bao-cao/"]):
        assert c.get("/can-bo/bao-cao/").status_code == 200
    with django_assert_max_num_queries(budgets[f"/can-bo/bao-cao/ky/{small.pk}/"]):
        assert c.get(f"/can-bo/bao-cao/ky/{big.pk}/").status_code == 200
    own = rs.report_consolidate(actor=world.monitor, period=big)
    with django_assert_max_num_queries(40):
        assert c.get(f"/can-bo/bao-cao/{own.pk}/").status_code == 200


def test_standing_body_edits_the_units_and_the_ward_cannot(world: World) -> None:
    period = make_period(world)
    r = client_for(world.drafter_a).post(f"/can-bo/bao-cao/ky/{period.pk}/units/", {"units": [world.ward.pk]})
    assert r.status_code == 302
    assert list(period.units.values_list("pk", flat=True)) == [world.ward.pk]
    r = client_for(world.officer_b).post(f"/can-bo/bao-cao/ky/{period.pk}/units/", {"units": [world.body_a.pk]})
    assert r.status_code == 403
    r = client_for(world.drafter_a).post(f"/can-bo/bao-cao/ky/{period.pk}/units/", {"units": ["x"]})
    assert r.status_code == 302  # refused with a message, list unchanged
    assert list(period.units.values_list("pk", flat=True)) == [world.ward.pk]


def test_recognition_screens(world: World) -> None:
    officer = client_for(world.officer_b)
    r = officer.post(
        "/can-bo/bao-cao/khen-thuong/mo-hinh/",
        {
            "organisation": world.ward.pk,
            "title": "Loa phường nói chính sách",
            "description": "Bản tin 3 phút mỗi sáng.",
            "recorded_on": "2026-11-01",
            "evidence_url": "javascript:alert(1)",
        },
    )
    assert r.status_code == 422 and "https://" in r.content.decode()
    r = officer.post(
        "/can-bo/bao-cao/khen-thuong/mo-hinh/",
        {
            "organisation": world.ward.pk,
            "title": "Loa phường nói chính sách",
            "description": "Bản tin 3 phút mỗi sáng.",
            "recorded_on": "2026-11-01",
            "evidence_url": "https://example.vn/mo-hinh",
        },
    )
    assert r.status_code == 302
    stp = client_for(world.drafter_a)
    r = stp.post(
        "/can-bo/bao-cao/khen-thuong/de-nghi/",
        {
            "organisation": world.province.pk,
            "target_org": world.ward.pk,
            "reason": "Mô hình hay.",
            "proposed_on": "2026-11-02",
        },
    )
    assert r.status_code == 302
    page = client_for(world.leader_a).get("/can-bo/bao-cao/khen-thuong/").content.decode()
    assert "Loa phường nói chính sách" in page and 'value="approve"' in page
    c = world.ward.commendations.get()
    assert (
        client_for(world.leader_a)
        .post(f"/can-bo/bao-cao/khen-thuong/{c.pk}/quyet-dinh/", {"decision": "approve"})
        .status_code
        == 302
    )
    c.refresh_from_db()
    assert c.status == "approved"
