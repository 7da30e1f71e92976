"""Plan defects found in use: revision history, the wording of a derived ward plan, importing one body's
plan under another, and the progress report form."""

from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from policycomm.orgs.models import AdminUnit, Level, Organisation, Role
from policycomm.plans import services as svc
from policycomm.plans.models import Plan, PlanTask, TaskBody
from policycomm.plans.parser import parse_file
from policycomm.plans.selectors import issuer_mismatch, revision_history

from .factories import ROOT, World, make_user
from .test_plan_screens import _import, _review_form, _upload

SEEDS = ROOT.parent / "shared" / "seeds"
K = Organisation.Kind


def _province_plan(w: World, actor: Any = None) -> Plan:
    data = parse_file(SEEDS / "thainguyen-01-KH-UBND-2025.txt")
    return svc.plan_create(actor=actor or w.monitor, organisation=w.province, data=data, source_name="tn.txt")


# -- revision history -----------------------------------------------------------------------------------------


def _crlf(form: dict[str, str]) -> dict[str, str]:
    """What a browser sends back: the lines of every textarea ended by CR LF."""
    return {k: v.replace("\n", "\r\n") for k, v in form.items()}


def test_a_title_edit_from_the_screen_records_the_title_and_nothing_else(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    task_42 = plan.tasks.get(number="4.2")  # its text has several lines
    before = task_42.text
    form = _review_form(client.get(f"/can-bo/ke-hoach/{plan.pk}/sua/").content.decode())
    form.update({"title": "Kế hoạch triển khai Đề án 407 (sửa đổi)", "note": "Sửa trích yếu"})
    assert client.post(f"/can-bo/ke-hoach/{plan.pk}/sua/", _crlf(form)).status_code == 302
    plan.refresh_from_db()
    [(_rev, changes)] = revision_history(plan)
    assert len(changes) == 1 and changes[0].startswith("Trích yếu: «Triển khai thực hiện Quyết định số 407")
    task_42.refresh_from_db()
    assert task_42.text == before  # not saved again with other line ends


def test_history_shows_the_whole_old_and_new_text(world: World) -> None:
    plan = _province_plan(world)
    old_title = plan.title
    assert len(old_title) > 200
    new_title = old_title.replace("trên địa bàn tỉnh Thái Nguyên", "trên địa bàn toàn tỉnh Thái Nguyên")
    plan = svc.plan_revise(actor=world.monitor, plan=plan, fields={"title": new_title}, note="Sửa trích yếu")
    [(_rev, changes)] = revision_history(plan)
    assert changes == [f"Trích yếu: «{old_title}» → «{new_title}»"]
    assert "…" not in changes[0]


def test_history_names_the_editor_family_name_first(client: Client, world: World) -> None:
    editor = world.drafter_a  # Nguyễn Thị Hoa, a drafter of the Department of Justice, under the committee
    plan = _province_plan(world, actor=editor)
    svc.plan_revise(actor=editor, plan=plan, fields={"period": "Từ năm 2025 đến năm 2028"}, note="Kéo dài")
    client.force_login(world.monitor)
    page = client.get(f"/can-bo/ke-hoach/{plan.pk}/").content.decode()
    history = page[page.index('id="ds-sua-doi"') :]
    assert "Nguyễn Thị Hoa" in history
    assert "Hoa Nguyễn Thị" not in history


def test_a_task_edit_lists_that_task_only(world: World) -> None:
    plan = _province_plan(world)
    edits = {
        t.pk: {"text": t.text.replace("\n", "\r\n"), "timeframe": t.timeframe, "product": t.product}
        for t in plan.tasks.all()
    }
    t61 = plan.tasks.get(number="6.1")
    edits[t61.pk]["timeframe"] = "Quý III/2026"
    svc.plan_revise(actor=world.monitor, plan=plan, fields={}, tasks=edits, note="Lịch tập huấn")
    [(_rev, changes)] = revision_history(plan)
    assert changes == ["Nhiệm vụ 6.1 (nhóm 6), thời gian: «—» → «Quý III/2026»"]


# -- a ward's plan derived from the province's ------------------------------------------------------------------


def _ward_tree(w: World) -> None:
    for name, kind in (
        ("Phòng Văn hóa - Xã hội phường Phan Đình Phùng", K.DEPARTMENT),
        ("Hội đồng phối hợp phổ biến, giáo dục pháp luật phường Phan Đình Phùng", K.PBGDPL_COUNCIL),
    ):
        Organisation.objects.create(name=name, kind=kind, level=Level.COMMUNE, parent=w.ward)
    for name in ("Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính"):
        Organisation.objects.create(name=name, kind=K.DEPARTMENT, level=Level.PROVINCE, parent=w.province)


def _ward_plan(w: World) -> Plan:
    _ward_tree(w)
    return svc.plan_derive(actor=w.officer_b, parent=_province_plan(w), organisation=w.ward)


def test_the_ward_plan_speaks_of_the_wards_bodies(world: World) -> None:
    child = _ward_plan(world)
    t11 = child.tasks.get(number="1.1").text
    assert t11.startswith("Thủ trưởng các ban, ngành, đoàn thể phường, Chủ tịch UBND phường chủ động quán triệt")
    texts = "\n".join(child.tasks.values_list("text", flat=True))
    assert "các sở, ban, ngành" not in texts.lower()
    assert "các xã, phường trên địa bàn phường" not in texts
    duty_1 = child.tasks.get(group__is_duties=True, number="1")
    assert duty_1.text.startswith("Các ban, ngành, đoàn thể phường chủ trì")
    assert "báo cáo UBND tỉnh (qua Sở Tư pháp tổng hợp)" in duty_1.text  # the ward still reports up


def test_no_duty_of_the_ward_names_a_provincial_department_as_its_holder(world: World) -> None:
    child = _ward_plan(world)
    for task in child.tasks.prefetch_related("bodies__organisation"):
        assert not task.text.startswith("Sở "), task.text[:80]
        for b in task.leads:
            assert not b.name.startswith("Sở "), (task.number, b.name)
            assert b.organisation is None or b.organisation.path.startswith(world.ward.path)
    t61 = child.tasks.get(number="6.1")
    assert t61.text.startswith("Phòng Văn hóa - Xã hội phường Phan Đình Phùng tổ chức tập huấn")
    duty_7 = child.tasks.get(group__is_duties=True, number="7")
    assert duty_7.text.startswith("UBND phường chủ trì, theo dõi, đôn đốc")  # left to the ward committee to assign
    assert [b.organisation for b in duty_7.leads] == [world.ward]
    assert not TaskBody.objects.filter(task__plan=child, confirmed=True).exists()


def test_a_set_of_bodies_stays_a_name_in_the_wards_wording(world: World) -> None:
    child = _ward_plan(world)
    duty_1 = child.tasks.get(group__is_duties=True, number="1")
    assert [(b.name, b.organisation) for b in duty_1.leads] == [("Các ban, ngành, đoàn thể phường", None)]


def test_the_derived_plan_page_has_one_kế_hoạch_and_plain_words(client: Client, world: World) -> None:
    child = _ward_plan(world)
    client.force_login(world.officer_b)
    page = client.get(f"/can-bo/ke-hoach/{child.pk}/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)  # type: ignore[union-attr]
    assert "Kế hoạch Kế hoạch" not in title and title.startswith("Kế hoạch (chưa số)")
    assert "Kế hoạch Kế hoạch" not in page
    assert "dạng chữ" not in page
    assert child.legal_basis.startswith("Thực hiện Kế hoạch số 01/KH-UBND ngày 10/09/2025 của Ủy ban nhân dân tỉnh")


def test_a_body_kept_as_a_name_is_said_in_plain_words(client: Client, world: World) -> None:
    plan = _province_plan(world)
    client.force_login(world.monitor)
    page = client.get(f"/can-bo/ke-hoach/{plan.pk}/").content.decode()
    row = page[page.index(f'id="nv-{plan.tasks.get(group__is_duties=True, number="1").pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Các sở, ban, ngành" in row and "chưa gắn với cơ quan cụ thể" in row
    assert "dạng chữ" not in page


def test_plans_of_the_ward_and_of_its_parent_are_named_once(world: World) -> None:
    child = _ward_plan(world)
    assert child.reference == "(chưa số)"
    assert child.parent is not None and child.parent.reference == "số 01/KH-UBND"


# -- a plan imported under another body -------------------------------------------------------------------------


def test_a_communes_plan_chosen_for_another_body_is_flagged(world: World) -> None:
    data = parse_file(SEEDS / "thanhbac-28-KH-UBND-2023.txt")  # Thanh Bắc's plan
    warning = issuer_mismatch(data, world.ward)
    assert warning is not None
    assert "địa danh «Thanh Bắc»" in warning and "«Ủy ban nhân dân phường Phan Đình Phùng»" in warning
    assert issuer_mismatch(data, world.province) is not None


def test_a_plan_of_the_body_chosen_is_not_flagged(world: World) -> None:
    data = parse_file(SEEDS / "thainguyen-01-KH-UBND-2025.txt")
    assert issuer_mismatch(data, world.province) is None
    assert issuer_mismatch(data, world.body_a) is None  # the department drafts for the province's committee


def test_a_plan_of_a_commune_merged_into_the_ward_is_not_flagged(world: World) -> None:
    old = AdminUnit.objects.create(
        code="05440", name="Xã Thanh Bắc", short_name="Thanh Bắc", kind=AdminUnit.Kind.COMMUNE, is_legacy=True
    )
    assert world.ward.admin_unit is not None
    old.successor = world.ward.admin_unit
    old.save()
    data = parse_file(SEEDS / "thanhbac-28-KH-UBND-2023.txt")
    assert issuer_mismatch(data, world.ward) is None


def test_the_issuer_line_alone_can_tell(world: World) -> None:
    data = parse_file(SEEDS / "thainguyen-01-KH-UBND-2025.txt")
    data["place"] = None
    data["issuer"] = "ỦY BAN NHÂN DÂN XÃ THANH BẮC"
    assert issuer_mismatch(data, world.province) is not None


def test_the_review_screen_warns_when_the_file_is_another_bodys(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    seed = (SEEDS / "thanhbac-28-KH-UBND-2023.txt").read_bytes()
    resp = client.post(
        "/can-bo/ke-hoach/nhap/",
        {"organisation": world.province.pk, "file": SimpleUploadedFile("kh.txt", seed, "text/plain")},
    )
    page = client.get(resp["Location"]).content.decode()
    assert 'id="khac-co-quan"' in page
    assert "Kế hoạch có thể không phải của cơ quan này." in page
    own = client.get(_upload(client, world)["Location"]).content.decode()
    assert 'id="khac-co-quan"' not in own


# -- the progress report form ----------------------------------------------------------------------------------


def _report(client: Client, task: PlanTask, **values: str) -> Any:
    return client.post(f"/can-bo/ke-hoach/nhiem-vu/{task.pk}/tien-do/", values)


def _form_of(page: str, task: PlanTask) -> str:
    start = page.index(f'action="/can-bo/ke-hoach/nhiem-vu/{task.pk}/tien-do/"')
    return page[start : page.index("</form>", start)]


def test_done_without_evidence_says_so_next_to_the_evidence_and_keeps_the_choice(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    task = plan.tasks.get(number="6.2")
    resp = _report(client, task, status="done", progress="100", evidence="")
    assert resp.status_code == 422
    form = _form_of(resp.content.decode(), task)
    assert '<option value="done" selected>' in form
    assert 'value="100"' in form
    evidence = form[form.index(f'id="ev-{task.pk}"') :]
    assert evidence.index("cần có kết quả, minh chứng") < evidence.index("</div>")
    assert f'aria-describedby="ev-{task.pk}-err"' in form
    task.refresh_from_db()
    assert task.status == PlanTask.Status.NOT_STARTED


def test_progress_out_of_range_is_told_at_the_progress_with_what_was_typed(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    task = plan.tasks.get(number="6.2")
    resp = _report(client, task, status="in_progress", progress="140", evidence="Đã mời giảng viên")
    assert resp.status_code == 422
    form = _form_of(resp.content.decode(), task)
    progress = form[form.index(f'id="pr-{task.pk}"') :]
    assert 'value="140"' in progress[: progress.index(">")]
    assert progress.index("Tiến độ là số phần trăm từ 0 đến 100") < progress.index("</div>")
    assert '<option value="in_progress" selected>' in form
    assert "Đã mời giảng viên</textarea>" in form
    assert "<details open>" in resp.content.decode()
    other = _form_of(resp.content.decode(), plan.tasks.get(number="6.1"))
    assert "Tiến độ là số phần trăm" not in other  # only the task reported on shows the message


def test_a_good_report_still_goes_back_to_the_task(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    task = plan.tasks.get(number="6.2")
    resp = _report(client, task, status="in_progress", progress="40", evidence="")
    assert resp.status_code == 302 and resp["Location"].endswith(f"#nv-{task.pk}")


def test_a_report_by_someone_who_may_not_is_still_forbidden(client: Client, world: World) -> None:
    client.force_login(world.monitor)
    plan = _import(client, world)
    stranger = Client()
    stranger.force_login(make_user("ward_reader", world.ward, Role.COMMUNICATOR))
    resp = _report(stranger, plan.tasks.get(number="6.2"), status="done", progress="100", evidence="x")
    assert resp.status_code in (403, 404)
