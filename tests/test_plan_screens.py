"""The plan screens over HTTP: upload, review and fix, save; derive a ward plan in the UI; report at the
ward and see it at the province; revise; export; training and budget; refusals."""

from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from policycomm.orgs.models import Level, Organisation, Role
from policycomm.plans.models import Plan, PlanTask, TaskBody
from policycomm.plans.parser import parse_bytes

from .factories import ROOT, World, make_user

SEED = ROOT.parent / "shared" / "seeds" / "thainguyen-01-KH-UBND-2025.txt"


def _upload(client: Client, world: World, content: bytes | None = None, name: str = "kh-01.txt") -> Any:
    f = SimpleUploadedFile(name, content if content is not None else SEED.read_bytes(), "text/plain")
    return client.post("/can-bo/ke-hoach/nhap/", {"organisation": world.province.pk, "file": f})


def _review_form(page: str) -> dict[str, str]:
    """What the browser would send back from the review screen, untouched."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name is None or ('type="checkbox"' in tag and " checked" not in tag):
            continue  # an unticked box is not sent
        data[name.group(1)] = value.group(1) if value else ""
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = value
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        data[name] = chosen.group(1) if chosen else ""
    data.pop("csrfmiddlewaretoken", None)
    return {k: v.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&") for k, v in data.items()}


def _import(client: Client, world: World, **changes: str) -> Plan:
    resp = _upload(client, world)
    assert resp.status_code == 302
    review = client.get(resp["Location"])
    form = _review_form(review.content.decode())
    form.update(changes)
    saved = client.post(resp["Location"], form)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    return Plan.objects.get()


def test_review_screen_shows_groups_bodies_and_unparsed_text(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    resp = _upload(client, world)
    page = client.get(resp["Location"]).content.decode()
    assert "Nhóm 7" in page
    assert "Sở Tài chính chủ trì, phối hợp với Sở Tư pháp" in page
    assert "Vandt *[Signature]*" in page  # kept and shown, never dropped
    assert f'<option value="{world.body_a.pk}" selected>Sở Tư pháp</option>' in page


def test_saving_the_reviewed_plan_keeps_the_reviewers_fixes(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world, **{"t-5-1-lead": "Sở Tư pháp", "title": "Kế hoạch đã sửa khi xem lại"})
    assert plan.title == "Kế hoạch đã sửa khi xem lại"
    task = plan.tasks.get(number="6.2")
    assert [b.name for b in task.leads] == ["Sở Tư pháp"]
    assert plan.tasks.count() == 24
    assert plan.source_name == "kh-01.txt"


def test_reviewer_can_unlink_a_body(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    resp = _upload(client, world)
    page = client.get(resp["Location"]).content.decode()
    form = _review_form(page)
    body_field = re.search(r'<label for="(body-\d+)">Sở Tư pháp</label>', page).group(1)  # type: ignore[union-attr]
    form[body_field] = ""
    client.post(resp["Location"], form)
    assert not TaskBody.objects.filter(name="Sở Tư pháp", organisation__isnull=False).exists()


def test_a_bad_upload_gets_a_vietnamese_message_and_saves_nothing(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    resp = _upload(client, world, b"not a zip", "kh.docx")
    assert resp.status_code == 200
    assert "Tệp .docx bị hỏng" in resp.content.decode()
    resp = _upload(client, world, b"x", "kh.odt")
    assert "Chỉ nhận tệp .docx, .txt hoặc .pdf." in resp.content.decode()
    assert not Plan.objects.exists()


def test_review_without_title_is_refused_and_saves_nothing(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    resp = _upload(client, world)
    form = _review_form(client.get(resp["Location"]).content.decode())
    form["title"] = ""
    page = client.post(resp["Location"], form)
    assert page.status_code == 200
    assert "Trường này là bắt buộc." in page.content.decode()
    assert not Plan.objects.exists()


def test_a_communicator_cannot_import(client: Client, world: World) -> None:
    client.force_login(world.communicator_a)
    assert client.get("/can-bo/ke-hoach/nhap/").status_code == 403


def test_ward_plan_derived_in_the_ui_and_its_progress_shows_at_the_province(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    province = _import(client, world)
    ward_client = Client()
    ward_client.force_login(world.officer_b)
    page = ward_client.get(f"/can-bo/ke-hoach/{province.pk}/").content.decode()
    assert "Lập kế hoạch cấp dưới từ kế hoạch này" in page
    resp = ward_client.post(f"/can-bo/ke-hoach/{province.pk}/lap-cap-duoi/", {"organisation": world.ward.pk})
    ward = Plan.objects.get(parent=province)
    assert resp["Location"] == f"/can-bo/ke-hoach/{ward.pk}/co-quan/"
    confirm = ward_client.get(resp["Location"]).content.decode()
    ward_client.post(resp["Location"], _review_form(confirm))  # the proposals, as the browser sends them
    assert not TaskBody.objects.filter(task__plan=ward, confirmed=False).exists()
    task = ward.tasks.get(number="6.2")
    ward_client.post(
        f"/can-bo/ke-hoach/nhiem-vu/{task.pk}/tien-do/",
        {"status": "done", "progress": "100", "evidence": "Tập huấn tuyên truyền viên ngày 20/11"},
    )
    assert PlanTask.objects.get(pk=task.pk).status == "done"
    page = client.get(f"/can-bo/ke-hoach/{province.pk}/").content.decode()
    row = page[page.index(f'id="nv-{province.tasks.get(number="6.2").pk}"') :]
    row = row[: row.index("</tr>")]
    assert "1/1 đơn vị hoàn thành · 100%" in row
    assert "Tập huấn tuyên truyền viên ngày 20/11" in row


def test_progress_out_of_range_is_refused(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    task = plan.tasks.first()
    assert task is not None
    client.post(f"/can-bo/ke-hoach/nhiem-vu/{task.pk}/tien-do/", {"status": "in_progress", "progress": "140"})
    task.refresh_from_db()
    assert task.progress == 0


def test_revision_through_the_screen_keeps_history(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    page = client.get(f"/can-bo/ke-hoach/{plan.pk}/sua/").content.decode()
    form = _review_form(page)
    form.update({"title": "Kế hoạch (sửa đổi lần 1)", "note": "Theo Công văn số 45/STP"})
    resp = client.post(f"/can-bo/ke-hoach/{plan.pk}/sua/", form)
    assert resp.status_code == 302
    detail = client.get(f"/can-bo/ke-hoach/{plan.pk}/").content.decode()
    assert "Theo Công văn số 45/STP" in detail
    assert "Bản sửa lần 2" in detail
    assert "→ «Kế hoạch (sửa đổi lần 1)»" in detail
    assert plan.tasks.count() == 24  # nothing ticked for removal, nothing removed


def test_downloads_are_official_documents_that_read_back(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    docx = client.get(f"/can-bo/ke-hoach/{plan.pk}/tai-ve.docx")
    assert docx["Content-Disposition"] == 'attachment; filename="ke-hoach-01-KH-UBND.docx"'
    again = parse_bytes(docx.content, "x.docx")
    assert (again["number"], again["symbol"], again["date"]) == ("01", "KH-UBND", "2025-09-10")
    assert len(again["groups"]) == 7
    pdf = client.get(f"/can-bo/ke-hoach/{plan.pk}/tai-ve.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert parse_bytes(pdf.content, "x.pdf")["signer"]["name"] == "Nông Quang Nhất"


def test_training_and_budget_recorded_on_the_plan_page(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    task = plan.tasks.get(number="6.2")
    client.post(
        f"/can-bo/ke-hoach/{plan.pk}/tap-huan/",
        {
            "task": task.pk,
            "organiser": "Sở Tư pháp",
            "held_on": "2025-10-28",
            "topic": "Kỹ năng truyền thông dự thảo chính sách",
            "audiences": ["legal_reporters", "propagandists"],
            "participants": "96",
        },
    )
    client.post(
        f"/can-bo/ke-hoach/{plan.pk}/kinh-phi/",
        {
            "task": task.pk,
            "year": "2025",
            "source": "province",
            "description": "Hai lớp tập huấn",
            "estimate": "60000000",
            "allocated": "50000000",
            "spent": "24800000",
        },
    )
    page = client.get(f"/can-bo/ke-hoach/{plan.pk}/").content.decode()
    assert "Báo cáo viên pháp luật, Tuyên truyền viên pháp luật cấp xã" in page
    assert "24.800.000 đ" in page
    assert "1</strong> lớp tập huấn, 96 lượt người" in page


def test_training_without_audience_is_refused_with_a_message(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    resp = client.post(
        f"/can-bo/ke-hoach/{plan.pk}/tap-huan/",
        {
            "task": plan.tasks.first().pk,
            "organiser": "Sở Tư pháp",
            "held_on": "2025-10-28",
            "topic": "T",
            "participants": "5",
        },
        follow=True,
    )
    assert "Chưa ghi được lớp tập huấn: Đối tượng" in resp.content.decode()
    assert not plan.tasks.filter(trainings__isnull=False).exists()


def test_plans_of_other_provinces_are_not_found(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    other_province = Organisation.objects.create(
        name="Ủy ban nhân dân tỉnh Bắc Ninh", kind=Organisation.Kind.PEOPLES_COMMITTEE, level=Level.PROVINCE
    )
    council = Organisation.objects.create(
        name="Hội đồng phối hợp PBGDPL tỉnh Bắc Ninh",
        kind=Organisation.Kind.PBGDPL_COUNCIL,
        level=Level.PROVINCE,
        parent=other_province,
    )
    stranger = Client()
    stranger.force_login(make_user("other_monitor", council, Role.MONITOR))
    assert stranger.get(f"/can-bo/ke-hoach/{plan.pk}/").status_code == 404
    assert stranger.get(f"/can-bo/ke-hoach/{plan.pk}/tai-ve.docx").status_code == 404


def test_monitoring_page_shows_plans_training_and_money(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    client.post(
        f"/can-bo/ke-hoach/{plan.pk}/kinh-phi/",
        {
            "task": plan.tasks.get(number="7.3").pk,
            "year": "2025",
            "source": "sponsorship",
            "description": "Tài trợ hội nghị",
            "estimate": "5000000",
            "allocated": "5000000",
            "spent": "3000000",
        },
    )
    page = client.get("/can-bo/giam-sat/?nam=2025").content.decode()
    assert page.count('id="thuc-hien"') == 1  # in the page, not also in its <title>
    assert "<title>Giám sát truyền thông dự thảo chính sách" in page
    section = page[page.index('id="thuc-hien"') :]
    assert "<strong>1</strong> kế hoạch (0 lập từ kế hoạch cấp trên)" in section
    assert "<strong>0/24</strong> nhiệm vụ hoàn thành" in section
    assert "Tài trợ, đóng góp</td><td>5.000.000 đ</td><td>5.000.000 đ</td><td>3.000.000 đ" in section


# -- bad input and access, as a user could send them ------------------------------------------------------------


def test_odd_ids_and_oversized_numbers_get_messages_not_errors(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    resp = client.post(f"/can-bo/ke-hoach/{plan.pk}/lap-cap-duoi/", {"organisation": "²"}, follow=True)
    assert "Hãy chọn cơ quan cấp dưới lập kế hoạch." in resp.content.decode()
    resp = client.post(
        f"/can-bo/ke-hoach/{plan.pk}/kinh-phi/",
        {
            "task": plan.tasks.first().pk,
            "year": "2025",
            "source": "province",
            "description": "X",
            "estimate": "9" * 25,
            "allocated": "1",
            "spent": "0",
        },
        follow=True,
    )
    assert "Chưa ghi được kinh phí: Dự toán (đồng)" in resp.content.decode()
    assert client.get("/can-bo/giam-sat/?nam=99999").status_code == 200


def test_long_values_control_characters_and_bad_symbols(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    long_time = "Theo tiến độ xây dựng văn bản " * 20
    plan = _import(client, world, **{"t-0-0-timeframe": long_time, "t-0-0-text": "Nội dung\x00 có ký tự lạ"})
    task = plan.tasks.get(number="1.1")
    assert task.timeframe == long_time.strip()
    assert task.text == "Nội dung có ký tự lạ"
    page = client.get(f"/can-bo/ke-hoach/{plan.pk}/sua/").content.decode()
    form = _review_form(page)
    form.update({"symbol": "KH\r\nUBND", "note": "Thử"})
    resp = client.post(f"/can-bo/ke-hoach/{plan.pk}/sua/", form)
    assert "Ký hiệu gồm chữ và số nối bằng dấu gạch ngang" in resp.content.decode()
    assert client.get(f"/can-bo/ke-hoach/{plan.pk}/tai-ve.docx").status_code == 200


def test_a_duty_left_empty_is_refused(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    resp = _upload(client, world)
    form = _review_form(client.get(resp["Location"]).content.decode())
    form["d-0-text"] = "  "
    page = client.post(resp["Location"], form).content.decode()
    assert "Phần Tổ chức thực hiện có nhiệm vụ chưa có nội dung." in page
    assert not Plan.objects.exists()


def test_a_ward_committee_does_not_write_the_province_plan(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    ward_staff = Client()
    ward_staff.force_login(make_user("ward_committee_drafter", world.ward, Role.DRAFTER))
    assert ward_staff.get(f"/can-bo/ke-hoach/{plan.pk}/sua/").status_code == 403
    assert ward_staff.get(f"/can-bo/ke-hoach/{plan.pk}/").status_code == 200  # it applies to them: they read it


def test_one_ward_does_not_see_another_wards_evidence(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    province = _import(client, world)
    other = Organisation.objects.create(
        name="Ủy ban nhân dân phường Tân Thịnh",
        kind=Organisation.Kind.PEOPLES_COMMITTEE,
        level=Level.COMMUNE,
        parent=world.province,
    )
    from policycomm.plans import services as psvc

    child = psvc.plan_derive(actor=world.monitor, parent=province, organisation=other)
    psvc.task_report(
        actor=world.monitor, task=child.tasks.get(number="6.2"), status="done", progress=100, evidence="Bí mật phường"
    )
    ward_staff = Client()
    ward_staff.force_login(world.officer_b)
    assert "Bí mật phường" not in ward_staff.get(f"/can-bo/ke-hoach/{province.pk}/").content.decode()
    assert "Bí mật phường" in client.get(f"/can-bo/ke-hoach/{province.pk}/").content.decode()


def test_confirming_with_fields_missing_keeps_the_links(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    province = _import(client, world)
    ward_staff = Client()
    ward_staff.force_login(world.officer_b)
    ward_staff.post(f"/can-bo/ke-hoach/{province.pk}/lap-cap-duoi/", {"organisation": world.ward.pk})
    ward = Plan.objects.get(parent=province)
    linked = TaskBody.objects.filter(task__plan=ward, organisation__isnull=False).count()
    ward_staff.post(f"/can-bo/ke-hoach/{ward.pk}/co-quan/", {})
    assert TaskBody.objects.filter(task__plan=ward, organisation__isnull=False).count() == linked > 0


def test_a_budget_line_pays_for_a_communication_activity(client: Client, world: World, consultation: Any) -> None:
    import datetime as dt

    from policycomm.communication import services as comm
    from policycomm.lawmaking import services as law
    from policycomm.plans.models import BudgetLine

    from .factories import screen_in_scope

    policy = screen_in_scope(
        world.drafter_a, law.policy_add(actor=world.drafter_a, document=consultation.document, title="Thu phí vỉa hè")
    )
    activity = comm.activity_record(
        actor=world.communicator_a,
        policy=policy,
        form="mass_media",
        channel="Báo Thái Nguyên",
        date=dt.date(2025, 11, 2),
        evidence_url="https://baothainguyen.vn/bai-viet-1",
    )
    client.force_login(world.monitor)
    plan = _import(client, world)
    page = client.get(f"/can-bo/ke-hoach/{plan.pk}/").content.decode()
    assert f'<option value="{activity.pk}">02/11/2025 · Báo chí, phát thanh, truyền hình' in page
    client.post(
        f"/can-bo/ke-hoach/{plan.pk}/kinh-phi/",
        {
            "task": plan.tasks.get(number="5.1").pk,
            "activity": activity.pk,
            "year": "2025",
            "source": "province",
            "description": "Đăng bài trên Báo Thái Nguyên",
            "estimate": "8000000",
            "allocated": "8000000",
            "spent": "8000000",
        },
    )
    assert BudgetLine.objects.get().activity == activity
    assert (
        "Hoạt động: Báo chí, phát thanh, truyền hình, 02/11/2025"
        in client.get(f"/can-bo/ke-hoach/{plan.pk}/").content.decode()
    )
