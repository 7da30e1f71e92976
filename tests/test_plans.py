"""Plans as data: saving an import, export → import round trips, cascade to a ward, progress roll-up,
revisions, training and budget records."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from policycomm.errors import DomainError
from policycomm.orgs.models import Level, Organisation
from policycomm.plans import services as svc
from policycomm.plans.export import plan_docx, plan_pdf
from policycomm.plans.models import PlanTask, TaskBody
from policycomm.plans.parser import parse_bytes, parse_file
from policycomm.plans.selectors import plan_summary, progress_view

from .factories import ROOT, World

SEEDS = ROOT.parent / "shared" / "seeds"
K = Organisation.Kind


def _province_plan(w: World) -> Any:
    data = parse_file(SEEDS / "thainguyen-01-KH-UBND-2025.txt")
    return svc.plan_create(actor=w.monitor, organisation=w.province, data=data, source_name="thainguyen.txt")


# -- saving an import -------------------------------------------------------------------------------------------


def test_import_saves_every_group_and_task(world: World) -> None:
    plan = _province_plan(world)
    assert plan.groups.filter(is_duties=False).count() == 7
    assert plan.tasks.filter(group__is_duties=False).count() == 17  # 2 + 1 + 1 + 2 + 6 + 2 + 3
    assert plan.tasks.filter(group__is_duties=True).count() == 7


def test_import_links_bodies_to_the_tree_and_keeps_plural_bodies_as_text(world: World) -> None:
    plan = _province_plan(world)
    stp = TaskBody.objects.filter(task__plan=plan, name="Sở Tư pháp")
    assert stp.exists() and all(b.organisation == world.body_a for b in stp)
    plural = TaskBody.objects.get(task__plan=plan, task__group__is_duties=True, name="Các sở, ban, ngành")
    assert plural.organisation is None


def test_reviewer_choice_overrides_the_automatic_match(world: World) -> None:
    data = parse_file(SEEDS / "thainguyen-01-KH-UBND-2025.txt")
    plan = svc.plan_create(actor=world.monitor, organisation=world.province, data=data, orgs={"Sở Tư pháp": None})
    assert not TaskBody.objects.filter(task__plan=plan, name="Sở Tư pháp", organisation__isnull=False).exists()


def test_import_without_title_is_refused_and_saves_nothing(world: World) -> None:
    data = parse_file(SEEDS / "thainguyen-01-KH-UBND-2025.txt")
    data["title"] = "  "
    with pytest.raises(DomainError) as exc:
        svc.plan_create(actor=world.monitor, organisation=world.province, data=data)
    assert exc.value.code == "plan_title_missing"
    assert not PlanTask.objects.exists()


def test_a_body_without_a_writer_role_cannot_save_a_plan(world: World) -> None:
    data = parse_file(SEEDS / "thanhbac-28-KH-UBND-2023.txt")
    with pytest.raises(DomainError) as exc:
        svc.plan_create(actor=world.communicator_a, organisation=world.province, data=data)
    assert exc.value.status == 403


def test_the_office_under_the_ward_committee_drafts_the_ward_plan(world: World) -> None:
    data = parse_file(SEEDS / "thanhbac-28-KH-UBND-2023.txt")
    plan = svc.plan_create(actor=world.officer_b, organisation=world.ward, data=data)
    assert plan.organisation == world.ward


# -- export → import ----------------------------------------------------------------------------------------------

BODIES = ["Sở Tư pháp", "UBND xã", "Phòng Tư pháp", "Hội Luật gia tỉnh", "Sở Văn hóa, Thể thao và Du lịch"]
TIMES = ["Trong năm 2024", "Quý II/2025", "Hằng năm", "Thường xuyên", "Sau khi tài liệu được phát hành"]


def _generated(seed: int) -> dict[str, Any]:
    """A plan as the importer would give it, varied by ``seed``: block groups, prose groups, letters, numbers."""
    rnd = random.Random(seed)
    groups = []
    for gi in range(1, rnd.randint(2, 7) + 1):
        with_blocks = rnd.random() < 0.5
        letters = rnd.random() < 0.5
        n = rnd.randint(1, 3)
        tasks = []
        for ti in range(n):
            number = None if n == 1 else ("abcdđ"[ti] if letters else f"{gi}.{ti + 1}")
            lead = rnd.sample(BODIES, rnd.randint(1, 2))
            if with_blocks:
                text = f"Thực hiện nhiệm vụ số {seed}-{gi}-{ti} về truyền thông dự thảo chính sách trên địa bàn."
                coop = [b for b in BODIES if b not in lead][: rnd.randint(0, 2)]
                task = {"text": text, "lead": lead, "cooperating": coop}
                task |= {"timeframe": rnd.choice(TIMES), "product": rnd.choice(["Hội nghị", "Báo cáo", None])}
            else:
                text = f"{lead[0]} chủ trì, phối hợp với các cơ quan liên quan tổ chức nhiệm vụ {seed}-{gi}-{ti}."
                task = {"text": text, "lead": [lead[0]], "cooperating": ["các cơ quan liên quan"]}
                task |= {"timeframe": None, "product": None}
            tasks.append({"number": number, **task})
        intro = "Căn cứ điều kiện thực tiễn, các cơ quan thực hiện như sau:" if n > 1 and rnd.random() < 0.5 else None
        groups.append(
            {"index": gi, "title": f"Nhóm giải pháp thứ {gi} của kế hoạch {seed}", "intro": intro, "tasks": tasks}
        )
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randint(0, 700))
    return {
        "number": str(rnd.randint(1, 300)).zfill(2),
        "symbol": "KH-UBND",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
        "place": "Thái Nguyên",
        "date": day.isoformat(),
        "title": f"Triển khai thực hiện Đề án truyền thông chính sách, kế hoạch thử số {seed}",
        "legal_basis": "Thực hiện Quyết định số 407/QĐ-TTg ngày 30/3/2022 của Thủ tướng Chính phủ;",
        "purposes": "- Nâng cao nhận thức về truyền thông dự thảo chính sách.",
        "requirements": "- Bảo đảm đúng tiến độ, hiệu quả.",
        "scope": "Áp dụng trên phạm vi toàn tỉnh.\nThời gian thực hiện Kế hoạch: Từ năm 2025 đến năm 2027.",
        "period": "Từ năm 2025 đến năm 2027",
        "groups": groups,
        "budget": "Kinh phí thực hiện từ ngân sách nhà nước theo phân cấp." if rnd.random() < 0.7 else None,
        "duties": [
            {
                "number": "1",
                "text": "Sở Tư pháp chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch.",
                "lead": ["Sở Tư pháp"],
            },
            {
                "number": "2",
                "text": "Sở Tài chính chủ trì, phối hợp với Sở Tư pháp bố trí kinh phí.",
                "lead": ["Sở Tài chính"],
            },
        ],
        "recipients": ["Bộ Tư pháp", "Thường trực Tỉnh ủy", "Các sở, ban, ngành", "Lưu: VT, NC"],
        "signer": {
            "authority": "TM. ỦY BAN NHÂN DÂN",
            "deputy": rnd.choice(["KT. CHỦ TỊCH", None]),
            "position": "PHÓ CHỦ TỊCH" if seed % 2 else "CHỦ TỊCH",
            "name": rnd.choice(["Nông Quang Nhất", "Phạm Lê Duy", "Nguyễn Thị Hoa"]),
        },
    }


COMPARED = ("number", "symbol", "issuer", "place", "date", "title", "legal_basis", "purposes", "requirements")
COMPARED += ("scope", "period", "budget", "recipients", "signer")


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    def task(t: dict[str, Any]) -> dict[str, Any]:
        return {k: t.get(k) for k in ("number", "text", "lead", "cooperating", "timeframe", "product")}

    out = {k: data.get(k) for k in COMPARED}
    if out["signer"] and out["signer"].get("deputy") is None:
        out["signer"] = {**out["signer"], "deputy": None}
    out["groups"] = [
        {"index": g["index"], "title": g["title"], "intro": g.get("intro"), "tasks": [task(t) for t in g["tasks"]]}
        for g in data["groups"]
    ]
    out["duties"] = [task(t) for t in data.get("duties") or []]
    return out


@pytest.mark.parametrize("seed", range(12))
def test_docx_round_trip_gives_back_the_same_plan(world: World, seed: int) -> None:
    data = _generated(seed)
    for d in data["duties"]:
        d.setdefault("cooperating", ["Sở Tư pháp"] if "phối hợp với Sở Tư pháp" in d["text"] else [])
    plan = svc.plan_create(actor=world.monitor, organisation=world.province, data=data)
    again = parse_bytes(plan_docx(plan), "plan.docx")
    assert _comparable(again) == _comparable(svc.plan_data(plan))
    assert again["unparsed"] == []


def test_pdf_round_trip_gives_back_the_same_plan(world: World) -> None:
    data = _generated(3)
    for d in data["duties"]:
        d.setdefault("cooperating", ["Sở Tư pháp"] if "phối hợp với Sở Tư pháp" in d["text"] else [])
    plan = svc.plan_create(actor=world.monitor, organisation=world.province, data=data)
    pdf = plan_pdf(plan)
    assert pdf.startswith(b"%PDF")
    again = parse_bytes(pdf, "plan.pdf")
    assert _comparable(again) == _comparable(svc.plan_data(plan))


def test_seed_plan_round_trips_through_docx(world: World) -> None:
    plan = _province_plan(world)
    again = parse_bytes(plan_docx(plan), "plan.docx")
    before = _comparable(svc.plan_data(plan))
    after = _comparable(again)
    # The seed's header names no issuer; the export prints the committee's official name.
    before.pop("issuer"), after.pop("issuer")
    assert after == before


# -- cascade ---------------------------------------------------------------------------------------------------


@pytest.fixture
def ward_tree(world: World) -> World:
    for name, kind in (
        ("Phòng Văn hóa - Xã hội phường Phan Đình Phùng", K.DEPARTMENT),
        ("Hội đồng phối hợp phổ biến, giáo dục pháp luật phường Phan Đình Phùng", K.PBGDPL_COUNCIL),
    ):
        Organisation.objects.create(name=name, kind=kind, level=Level.COMMUNE, parent=world.ward)
    Organisation.objects.create(
        name="Sở Văn hóa, Thể thao và Du lịch", kind=K.DEPARTMENT, level=Level.PROVINCE, parent=world.province
    )
    return world


def test_derived_ward_plan_copies_tasks_with_links_and_adapts_the_scope(ward_tree: World) -> None:
    w = ward_tree
    parent = _province_plan(w)
    child = svc.plan_derive(actor=w.officer_b, parent=parent, organisation=w.ward)
    assert child.parent == parent
    assert child.tasks.count() == parent.tasks.count()
    assert all(t.parent_task is not None and t.parent_task.plan_id == parent.pk for t in child.tasks.all())
    assert "Chính sách có tác động trên phạm vi toàn phường." in child.scope
    assert "toàn tỉnh" not in child.scope
    assert child.title.endswith("trên địa bàn phường Phan Đình Phùng")


def test_derived_leads_are_proposed_by_role_and_wait_for_confirmation(ward_tree: World) -> None:
    w = ward_tree
    parent = _province_plan(w)
    child = svc.plan_derive(actor=w.officer_b, parent=parent, organisation=w.ward)
    training = child.tasks.get(number="6.1")  # led by Sở Văn hoá, Thể thao và Du lịch at the province
    assert [b.organisation.name for b in training.leads] == ["Phòng Văn hóa - Xã hội phường Phan Đình Phùng"]
    council_task = child.tasks.get(group__index=3, group__is_duties=False)
    assert [b.organisation.kind for b in council_task.leads] == [K.PBGDPL_COUNCIL]
    assert not TaskBody.objects.filter(task__plan=child, confirmed=True).exists()
    choices = {b.pk: b.organisation_id for b in TaskBody.objects.filter(task__plan=child)}
    assert svc.bodies_confirm(actor=w.officer_b, plan=child, choices=choices) == len(choices)
    assert not TaskBody.objects.filter(task__plan=child, confirmed=False).exists()


def test_deriving_twice_for_the_same_ward_is_refused(ward_tree: World) -> None:
    w = ward_tree
    parent = _province_plan(w)
    svc.plan_derive(actor=w.officer_b, parent=parent, organisation=w.ward)
    with pytest.raises(DomainError) as exc:
        svc.plan_derive(actor=w.officer_b, parent=parent, organisation=w.ward)
    assert exc.value.code == "derive_exists"


def test_ward_progress_rolls_up_to_the_province(ward_tree: World) -> None:
    w = ward_tree
    parent = _province_plan(w)
    child = svc.plan_derive(actor=w.officer_b, parent=parent, organisation=w.ward)
    task = child.tasks.get(number="6.2")
    svc.task_report(
        actor=w.officer_b, task=task, status=PlanTask.Status.DONE, progress=100, evidence="Hội nghị tập huấn 12/10"
    )
    rows = {r.task.number: r for g in progress_view(parent) for r in g.tasks}
    assert rows["6.2"].derived.total == 1
    assert rows["6.2"].derived.done == 1
    assert rows["6.2"].derived.evidence == [(w.ward.name, "Hội nghị tập huấn 12/10")]
    assert rows["6.1"].derived.done == 0


def test_done_without_evidence_is_refused(ward_tree: World) -> None:
    w = ward_tree
    child = svc.plan_derive(actor=w.officer_b, parent=_province_plan(w), organisation=w.ward)
    with pytest.raises(DomainError) as exc:
        svc.task_report(actor=w.officer_b, task=child.tasks.first(), status=PlanTask.Status.DONE, progress=100)
    assert exc.value.field == "evidence"


def test_overdue_tasks_are_counted(world: World) -> None:
    data = parse_file(SEEDS / "thanhbac-28-KH-UBND-2023.txt")
    plan = svc.plan_create(actor=world.officer_b, organisation=world.ward, data=data)
    assert plan_summary(plan)["overdue"] == 9  # every task dated 2023 (all but "Theo yêu cầu của Phòng Tư pháp")


# -- revisions -------------------------------------------------------------------------------------------------


def test_revision_keeps_the_plan_as_it_stood(world: World) -> None:
    plan = _province_plan(world)
    task = plan.tasks.get(number="6.1")
    svc.plan_revise(
        actor=world.monitor,
        plan=plan,
        fields={"title": "Kế hoạch sửa đổi"},
        tasks={task.pk: {"text": "Tập huấn cho phóng viên.", "timeframe": "Quý III/2026", "product": ""}},
        note="Sửa theo Công văn 12/STP",
    )
    plan.refresh_from_db()
    task.refresh_from_db()
    assert plan.version == 2
    rev = plan.revisions.get()
    assert rev.version == 1
    assert rev.snapshot["title"].startswith("Triển khai thực hiện Quyết định số 407")
    assert task.due_on == dt.date(2026, 9, 30)


def test_revision_needs_a_reason(world: World) -> None:
    plan = _province_plan(world)
    with pytest.raises(DomainError) as exc:
        svc.plan_revise(actor=world.monitor, plan=plan, fields={"title": "Khác"}, note=" ")
    assert exc.value.code == "revision_note_missing"


# -- training and money ----------------------------------------------------------------------------------------


def test_training_and_budget_show_in_the_plan_summary(world: World) -> None:
    plan = _province_plan(world)
    task = plan.tasks.get(number="6.2")
    svc.training_record(
        actor=world.monitor,
        organisation=world.province,
        task=task,
        organiser="Sở Tư pháp",
        held_on=dt.date(2025, 10, 12),
        topic="Kỹ năng truyền thông dự thảo chính sách",
        audiences=["legal_reporters", "legal_officers"],
        participants=85,
    )
    svc.budget_record(
        actor=world.monitor,
        organisation=world.province,
        task=task,
        year=2025,
        source="province",
        description="Tổ chức hội nghị tập huấn",
        estimate=30_000_000,
        allocated=25_000_000,
        spent=18_500_000,
    )
    s = plan_summary(plan)
    assert (s["trainings"], s["trained"]) == (1, 85)
    assert (s["estimate"], s["allocated"], s["spent"]) == (30_000_000, 25_000_000, 18_500_000)


def test_spending_more_than_allocated_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as exc:
        svc.budget_record(
            actor=world.monitor,
            organisation=world.province,
            task=None,
            year=2025,
            source="province",
            description="Hội nghị",
            estimate=10,
            allocated=10,
            spent=11,
        )
    assert exc.value.code == "budget_overspent"


def test_derived_plan_reads_back_with_its_place_and_signature_block(ward_tree: World) -> None:
    w = ward_tree
    child = svc.plan_derive(actor=w.officer_b, parent=_province_plan(w), organisation=w.ward)
    again = parse_bytes(plan_docx(child), "ward.docx")
    assert again["place"] == "Phan Đình Phùng"
    assert again["signer"]["authority"] == "TM. ỦY BAN NHÂN DÂN"
    assert again["signer"]["position"] == "CHỦ TỊCH"
    assert len(again["groups"]) == 7


def test_monitoring_figures_for_a_year_count_only_that_years_plans(world: World) -> None:
    from policycomm.plans.selectors import implementation_figures

    _province_plan(world)  # issued 10/9/2025
    assert implementation_figures(world.monitor, year=2019)["tasks"] == 0
    assert implementation_figures(world.monitor, year=2025)["tasks"] == 24


def test_a_plan_cannot_be_derived_for_a_council(ward_tree: World) -> None:
    w = ward_tree
    with pytest.raises(DomainError) as exc:
        svc.plan_derive(actor=w.monitor, parent=_province_plan(w), organisation=w.council)
    assert exc.value.code == "derive_kind"


def test_revision_adds_and_removes_tasks_and_lists_what_changed(world: World) -> None:
    from policycomm.plans.selectors import revision_history

    plan = _province_plan(world)
    group6 = plan.groups.get(index=6, is_duties=False)
    gone = plan.tasks.get(number="5.6")
    svc.plan_revise(
        actor=world.monitor,
        plan=plan,
        fields={"period": "Từ năm 2025 đến năm 2028"},
        new_tasks=[
            {"group": group6.pk, "number": "6.3", "text": "Tập huấn cho cán bộ tổ dân phố.", "lead": ["Sở Tư pháp"]}
        ],
        removed=[gone.pk],
        note="Kéo dài đến 2028",
    )
    plan.refresh_from_db()
    assert plan.end_year == 2028
    added = plan.tasks.get(number="6.3")
    assert [b.organisation for b in added.leads] == [world.body_a]
    assert not plan.tasks.filter(pk=gone.pk).exists()
    [(rev, changes)] = revision_history(plan)
    assert rev.note == "Kéo dài đến 2028"
    assert "Thời gian thực hiện: «Từ năm 2025 đến năm 2027» → «Từ năm 2025 đến năm 2028»" in changes
    assert "Thêm nhiệm vụ 6.3 (nhóm 6): «Tập huấn cho cán bộ tổ dân phố.»" in changes
    assert any(c.startswith("Bỏ nhiệm vụ 5.6 (nhóm 5): «Tổ chức truyền thông thông qua") for c in changes)


def test_a_task_a_ward_already_took_over_cannot_be_removed(ward_tree: World) -> None:
    w = ward_tree
    plan = _province_plan(w)
    svc.plan_derive(actor=w.officer_b, parent=plan, organisation=w.ward)
    with pytest.raises(DomainError) as exc:
        svc.plan_revise(actor=w.monitor, plan=plan, fields={}, removed=[plan.tasks.get(number="6.2").pk], note="Bỏ")
    assert exc.value.code == "task_derived"
    assert plan.tasks.filter(number="6.2").exists()
