"""Demo data: a province and a ward with their bodies and users, two documents at different stages.

Built through the same services the product uses, then dated into the past where a story needs it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from policycomm.communication import services as comm
from policycomm.communication.models import Activity, Material
from policycomm.consultation import insights
from policycomm.consultation import services as cons
from policycomm.consultation.models import Comment, Consultation
from policycomm.demo.channels import load_channels_demo
from policycomm.demo.events import load_events_demo
from policycomm.demo.follows import follows_demo
from policycomm.demo.intake import load_intake_demo
from policycomm.demo.notifications import load_notifications_demo
from policycomm.demo.reports import load_reports
from policycomm.demo.search import search_demo
from policycomm.lawmaking import services as law
from policycomm.lawmaking.models import AppraisalRecord, StageTransition
from policycomm.lawmaking.rules import DocType, Stage
from policycomm.orgs.adminunits import load_admin_units
from policycomm.orgs.models import AdminUnit, Level, Membership, Organisation, Role

from . import rules
from .monitoring import monitoring_demo
from .synthesis import synthesis_demo
from .translations import translations_demo
from .twofactor import demo_two_factor
from .versions import versions_demo
from .visible import visible_demo

DEMO_PASSWORD = "policycomm-demo"  # noqa: S105 — printed for the demo, never used in production
K = Organisation.Kind

DRAFT_TEXT = """Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị quyết này quy định việc tạm sử dụng một phần lòng đường, vỉa hè vào mục đích khác ngoài mục đích giao thông trên địa bàn tỉnh Thái Nguyên.
Điều 2. Đối tượng áp dụng
1. Hộ gia đình, cá nhân kinh doanh có nhu cầu tạm sử dụng một phần vỉa hè để kinh doanh, buôn bán.
2. Tổ chức, cá nhân tổ chức sự kiện văn hóa, thể thao, lễ hội, đám cưới, đám tang.
3. Cơ quan quản lý nhà nước có liên quan.
Chương II
QUY ĐỊNH CỤ THỂ
Điều 3. Điều kiện tạm sử dụng vỉa hè
1. Phần vỉa hè còn lại dành cho người đi bộ có bề rộng tối thiểu 1,5 mét.
2. Không gây mất an toàn giao thông, vệ sinh môi trường và mỹ quan đô thị.
3. Có văn bản chấp thuận của Ủy ban nhân dân cấp xã nơi có vỉa hè.
Điều 4. Thời gian tạm sử dụng
1. Thời gian tạm sử dụng vỉa hè để kinh doanh từ 06 giờ đến 22 giờ hằng ngày.
2. Việc tạm sử dụng để tổ chức việc cưới, việc tang không quá 48 giờ.
Điều 5. Mức thu phí
1. Mức thu phí sử dụng tạm thời vỉa hè tại các phường là 20.000 đồng/m²/tháng.
2. Mức thu phí tại các xã là 10.000 đồng/m²/tháng.
3. Miễn phí đối với việc cưới, việc tang và hoạt động công ích.
Chương III
TỔ CHỨC THỰC HIỆN
Điều 6. Trách nhiệm thi hành
Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.
"""

COMMENTS = [
    (
        "individual",
        None,
        "Mức phí 20.000 đồng/m² một tháng là quá cao với hộ buôn bán nhỏ ở chợ phường, đề nghị giảm "
        "xuống 10.000 đồng như ở xã.",
        "dieu-5.khoan-1",
    ),
    (
        "business",
        "Hộ kinh doanh Hương Thảo",
        "Đề nghị cho phép kinh doanh đến 23 giờ vào các ngày cuối tuần và ngày lễ.",
        "dieu-4.khoan-1",
    ),
    (
        "individual",
        None,
        "Cần quy định rõ bề rộng 1,5 mét tính từ mép nào của vỉa hè để tránh mỗi nơi hiểu một kiểu.",
        "dieu-3.khoan-1",
    ),
    (
        "organisation",
        "Hội Luật gia tỉnh",
        "Dự thảo nên bổ sung quy định công khai danh sách các điểm được chấp "
        "thuận tạm sử dụng vỉa hè trên cổng thông tin của xã, phường.",
        None,
    ),
    ("individual", None, "Tôi đồng ý với dự thảo, vỉa hè cần trả lại cho người đi bộ.", None),
]


@dataclass
class DemoUser:
    username: str
    full_name: str
    org: str
    role: str
    position: str = ""


USERS = [
    DemoUser("stp.soanthao", "Nguyễn Thị Hoa", "stp", Role.DRAFTER, "Chuyên viên"),
    DemoUser("stp.lanhdao", "Trần Văn Minh", "stp", Role.LEADER, "Phó Giám đốc"),
    DemoUser("stp.truyenthong", "Lê Thu Trang", "stp", Role.COMMUNICATOR, "Chuyên viên"),
    DemoUser("stp.kiemduyet", "Phạm Quốc Anh", "stp", Role.MODERATOR, "Chuyên viên"),
    DemoUser("tinh.giamsat", "Hoàng Thị Lan", "council", Role.MONITOR, "Thường trực Hội đồng"),
    DemoUser("phuong.soanthao", "Đỗ Văn Nam", "ward_office", Role.DRAFTER, "Công chức Văn phòng"),
    DemoUser("phuong.lanhdao", "Vũ Thị Mai", "ward_office", Role.LEADER, "Chánh Văn phòng"),
]


def _org(
    name: str, short: str, kind: str, level: str, parent: Organisation | None, unit: AdminUnit | None = None
) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        name=name,
        defaults={"short_name": short, "kind": kind, "level": level, "parent": parent, "admin_unit": unit},
    )
    return org


def _back(document: Any, stage_days: list[tuple[str, int]]) -> None:
    """Date each transition into the past: (stage, days ago)."""
    now = timezone.now()
    for stage, days in stage_days:
        StageTransition.objects.filter(document=document, to_stage=stage).update(at=now - dt.timedelta(days=days))


#: The demo's own staff accounts (those made in reports.py too): the only ones load_demo touches afterwards.
REPORT_USERS = ["btp.chuyenvien", "svh.soanthao", "svh.lanhdao", "bao.soanthao"]


def demo_usernames() -> list[str]:
    """The demo's accounts, while the demo province exists (an empty list on any other database)."""
    if not Organisation.objects.filter(name="Ủy ban nhân dân tỉnh Thái Nguyên").exists():
        return []
    return ["admin", *(u.username for u in USERS), *REPORT_USERS]


@transaction.atomic
def load_demo() -> dict[str, Any]:
    units = load_admin_units()
    if Organisation.objects.filter(name="Ủy ban nhân dân tỉnh Thái Nguyên").exists():
        return {"units": units, "created": False}
    province = AdminUnit.objects.get(code="19", is_legacy=False, kind=AdminUnit.Kind.PROVINCE)
    ward_unit = AdminUnit.objects.get(name="Phường Phan Đình Phùng", parent=province)

    ubnd = _org("Ủy ban nhân dân tỉnh Thái Nguyên", "UBND", K.PEOPLES_COMMITTEE, Level.PROVINCE, None, province)
    orgs = {
        "ubnd": ubnd,
        "hdnd": _org("Hội đồng nhân dân tỉnh Thái Nguyên", "HĐND", K.PEOPLES_COUNCIL, Level.PROVINCE, ubnd, province),
        "stp": _org("Sở Tư pháp", "STP", K.DEPARTMENT, Level.PROVINCE, ubnd),
        "svh": _org("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", K.DEPARTMENT, Level.PROVINCE, ubnd),
        "council": _org(
            "Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh", "HĐPH", K.PBGDPL_COUNCIL, Level.PROVINCE, ubnd
        ),
        "press": _org("Báo và Phát thanh, Truyền hình Thái Nguyên", "BTN", K.PRESS, Level.PROVINCE, ubnd),
        "mttq": _org("Ủy ban MTTQ Việt Nam tỉnh Thái Nguyên", "MTTQ", K.FATHERLAND_FRONT, Level.PROVINCE, ubnd),
        "lawyers": _org("Đoàn Luật sư tỉnh Thái Nguyên", "ĐLS", K.LAWYERS, Level.PROVINCE, ubnd),
    }
    ward = _org("Ủy ban nhân dân phường Phan Đình Phùng", "UBND", K.PEOPLES_COMMITTEE, Level.COMMUNE, ubnd, ward_unit)
    orgs.update(
        {
            "ward": ward,
            "ward_council": _org(
                "Hội đồng nhân dân phường Phan Đình Phùng", "HĐND", K.PEOPLES_COUNCIL, Level.COMMUNE, ward, ward_unit
            ),
            "ward_office": _org("Văn phòng HĐND và UBND phường Phan Đình Phùng", "VP", K.OFFICE, Level.COMMUNE, ward),
            "ward_culture": _org(
                "Phòng Văn hóa - Xã hội phường Phan Đình Phùng", "VHXH", K.DEPARTMENT, Level.COMMUNE, ward
            ),
            "ward_pbgdpl": _org(
                "Hội đồng phối hợp phổ biến, giáo dục pháp luật phường Phan Đình Phùng",
                "HĐPH",
                K.PBGDPL_COUNCIL,
                Level.COMMUNE,
                ward,
            ),
            "tdp": _org("Tổ dân phố số 1", "TDP1", K.RESIDENTIAL_GROUP, Level.COMMUNE, ward),
        }
    )

    user_model = get_user_model()
    admin, _ = user_model.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "first_name": "Quản trị"}
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    users: dict[str, Any] = {"admin": admin}
    for du in USERS:
        family, _, given = du.full_name.rpartition(" ")
        u, _ = user_model.objects.get_or_create(
            username=du.username, defaults={"first_name": given, "last_name": family}
        )
        u.set_password(DEMO_PASSWORD)
        u.save()
        Membership.objects.get_or_create(
            user=u, organisation=orgs[du.org], role=du.role, defaults={"position": du.position}
        )
        users[du.username] = u
    Membership.objects.get_or_create(user=admin, organisation=ubnd, role=Role.ADMIN)

    _open_document(orgs, users)
    load_intake_demo(orgs, users)
    _adopted_document(orgs, users)
    _plans(orgs, users)
    load_notifications_demo(orgs, users)
    load_reports(orgs, users, DEMO_PASSWORD)
    synthesis_demo(orgs, users)
    monitoring_demo(orgs, users)
    load_events_demo(orgs, users)
    translations_demo(orgs, users)
    versions_demo(orgs, users, DRAFT_TEXT)  # the open draft's version 2 and its dossier
    search_demo(orgs, users)
    visible_demo(orgs, users)  # the open draft shows its comments; one waits for a moderator
    follows_demo(orgs)  # a citizen's confirmed follows: the open draft, the province, a sector
    load_channels_demo(orgs, users)  # last: the kit is made from everything above
    demo_two_factor(demo_usernames())  # leaders, the monitor and the admin: the demo's authenticator secret
    return {"units": units, "created": True}


# The shared folder beside the repository holds the real plans the demo imports.
SEED_PLAN = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "thainguyen-01-KH-UBND-2025.txt"


def _plans(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    """The province's real plan (01/KH-UBND, 2025) imported, the ward's plan derived from it, and some progress."""
    from policycomm.plans import services as plans
    from policycomm.plans.models import PlanTask, TaskBody
    from policycomm.plans.parser import parse_file

    if not SEED_PLAN.exists():
        return
    monitor, ward_drafter = users["tinh.giamsat"], users["phuong.soanthao"]
    province = plans.plan_create(
        actor=monitor, organisation=orgs["ubnd"], data=parse_file(SEED_PLAN), source_name=SEED_PLAN.name
    )
    ward = plans.plan_derive(actor=monitor, parent=province, organisation=orgs["ward"])
    choices = {b.pk: b.organisation_id for b in TaskBody.objects.filter(task__plan=ward)}
    plans.bodies_confirm(actor=ward_drafter, plan=ward, choices=choices)
    done = PlanTask.Status.DONE
    for number, status, progress, evidence in (
        ("1.1", done, 100, "Hội nghị quán triệt ngày 15/10/2025, 120 cán bộ, công chức dự."),
        ("6.2", done, 100, "Lớp tập huấn tuyên truyền viên pháp luật ngày 20/11/2025."),
        ("5.4", PlanTask.Status.IN_PROGRESS, 40, "Phát 12 bản tin trên loa truyền thanh tổ dân phố."),
    ):
        task = ward.tasks.get(number=number)
        plans.task_report(actor=ward_drafter, task=task, status=status, progress=progress, evidence=evidence)
    task = province.tasks.get(number="6.2")
    plans.task_report(
        actor=monitor, task=task, status=PlanTask.Status.IN_PROGRESS, progress=50, evidence="Đã mở 1 trong 2 lớp."
    )
    plans.training_record(
        actor=monitor,
        organisation=orgs["ubnd"],
        task=task,
        organiser="Sở Tư pháp",
        held_on=dt.date(2025, 10, 28),
        topic="Kỹ năng truyền thông dự thảo chính sách có tác động lớn đến xã hội",
        audiences=["legal_reporters", "legal_officers"],
        participants=96,
        materials="Tài liệu hướng dẫn kỹ năng truyền thông chính sách của Bộ Tư pháp",
    )
    plans.budget_record(
        actor=monitor,
        organisation=orgs["ubnd"],
        task=task,
        year=2025,
        source="province",
        description="Tổ chức 02 lớp tập huấn báo cáo viên pháp luật cấp tỉnh",
        estimate=60_000_000,
        allocated=50_000_000,
        spent=24_800_000,
    )


def _screen_all(actor: Any, policy: Any, *, yes: bool = True) -> None:
    law.policy_screen(
        actor=actor,
        policy=policy,
        criteria={"c1": True, "c2": yes, "c3": yes, "c4": True},
        reasons={
            "c1": "Nghị quyết của HĐND phải lập đề nghị xây dựng trước khi soạn thảo.",
            "c2": "Làm phát sinh nghĩa vụ nộp phí của hộ kinh doanh." if yes else "Chỉ quy định thủ tục nội bộ.",
            "c3": "Được dư luận quan tâm, có nhiều ý kiến khác nhau." if yes else "Không có ý kiến trái chiều.",
            "c4": "Áp dụng trên toàn địa bàn.",
        },
        state_secret=False,
    )


def _publish_material(
    drafter: Any, leader: Any, policy: Any, title: str, need: str, content: str, changes: str
) -> Material:
    m = comm.material_save(
        actor=drafter,
        policy=policy,
        title=title,
        audience="Người dân, hộ kinh doanh",
        part_need=need,
        part_content=content,
        part_changes=changes,
    )
    comm.material_submit(actor=drafter, material=m)
    comm.material_review(actor=leader, material=m, approve=True)
    return comm.material_publish(actor=drafter, material=m)


def _open_document(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    drafter, leader = users["stp.soanthao"], users["stp.lanhdao"]
    doc = law.document_register(
        actor=drafter,
        doc_type=DocType.NQ_HDND_TINH,
        issuing_authority=orgs["hdnd"],
        drafting_body=orgs["stp"],
        title="Nghị quyết quy định việc tạm sử dụng một phần lòng đường, vỉa hè vào mục đích khác trên địa bàn "
        "tỉnh Thái Nguyên",
    )
    p1 = law.policy_add(
        actor=drafter,
        document=doc,
        title="Thu phí sử dụng tạm thời vỉa hè",
        summary="Hộ kinh doanh nộp phí theo diện tích vỉa hè được tạm sử dụng.",
    )
    p2 = law.policy_add(
        actor=drafter,
        document=doc,
        title="Thủ tục chấp thuận tạm sử dụng vỉa hè",
        summary="Trình tự cấp văn bản chấp thuận của UBND cấp xã.",
    )
    _screen_all(drafter, p1)
    _screen_all(drafter, p2, yes=False)
    m = _publish_material(
        drafter,
        leader,
        p1,
        "Vì sao tỉnh đề xuất thu phí sử dụng vỉa hè?",
        "Vỉa hè nhiều tuyến phố bị lấn chiếm, người đi bộ phải xuống lòng đường. Chính sách nhằm sắp xếp lại việc "
        "sử dụng vỉa hè công bằng, minh bạch; áp dụng với hộ kinh doanh, tổ chức, cá nhân sử dụng vỉa hè.",
        "Hộ kinh doanh được tạm sử dụng tối đa phần vỉa hè còn lại sau khi chừa 1,5 mét cho người đi bộ, từ 6 giờ "
        "đến 22 giờ, và nộp phí theo mét vuông.",
        "Trước đây chưa có quy định thu phí thống nhất. Điểm có nhiều ý kiến khác nhau: mức phí 20.000 đồng/m²/tháng "
        "tại phường và khung giờ kinh doanh.",
    )
    law.document_transition(actor=drafter, document=doc, to_stage=Stage.PROPOSAL_CONSULTATION)
    rules.past_window(
        drafter,
        doc,
        phase=Consultation.Phase.PROPOSAL,
        title="Lấy ý kiến đề nghị xây dựng Nghị quyết về tạm sử dụng lòng đường, vỉa hè",
        opened_days_ago=100,
        length_days=30,
    )
    law.document_transition(actor=drafter, document=doc, to_stage=Stage.PROPOSAL_APPRAISAL)
    rules.appraisal(
        drafter,
        doc,
        phase=AppraisalRecord.Phase.PROPOSAL,
        body=orgs["stp"],
        days_ago=60,
        number="86/BC-STP",
        conclusion="Đề nghị xây dựng Nghị quyết đủ điều kiện trình Thường trực HĐND tỉnh xem xét.",
    )
    for stage in (Stage.PROPOSAL_APPROVED, Stage.DRAFTING, Stage.DRAFT_CONSULTATION):
        law.document_transition(actor=drafter, document=doc, to_stage=stage)
    _back(
        doc,
        [
            (Stage.PROPOSAL_PREPARED, 120),
            (Stage.PROPOSAL_CONSULTATION, 100),
            (Stage.PROPOSAL_APPRAISAL, 70),
            (Stage.PROPOSAL_APPROVED, 55),
            (Stage.DRAFTING, 45),
            (Stage.DRAFT_CONSULTATION, 10),
        ],
    )
    Material.objects.filter(pk=m.pk).update(published_at=timezone.now() - dt.timedelta(days=101))
    today = timezone.localdate()
    for days, form, channel, reach in [
        (100, Activity.Form.PORTAL, "Cổng thông tin điện tử tỉnh", 5400),
        (80, Activity.Form.MASS_MEDIA, "Báo Thái Nguyên", 12000),
        (60, Activity.Form.CONFERENCE, "Tọa đàm với hộ kinh doanh chợ Thái", 120),
        (50, Activity.Form.GRASSROOTS, "Loa truyền thanh các phường", 30000),
        (8, Activity.Form.SOCIAL, "Trang Facebook Sở Tư pháp", 8200),
    ]:
        comm.activity_record(
            actor=users["stp.truyenthong"],
            policy=p1,
            form=form,
            channel=channel,
            date=today - dt.timedelta(days=days),
            evidence_url="https://thainguyen.gov.vn/",
            reach=reach,
        )
    law.sections_replace(actor=drafter, document=doc, raw_text=DRAFT_TEXT)
    c = rules.past_window(
        drafter,
        doc,
        phase=Consultation.Phase.DRAFT,
        title="Lấy ý kiến dự thảo Nghị quyết về tạm sử dụng lòng đường, vỉa hè",
        intro="Sở Tư pháp lấy ý kiến người dân, hộ kinh doanh và tổ chức về dự thảo. Mọi ý kiến đều được ghi nhận và "
        "trả lời công khai.",
        opened_days_ago=10,
        length_days=30,
    )
    keys = {s.key: s.pk for s in doc.sections.all()}
    for kind, name, text, key in COMMENTS:
        cons.comment_submit(
            consultation=c,
            text=text,
            submitter_type=kind,
            name=name or "",
            consent=True,
            section_id=keys.get(key) if key else None,
        )
    _statement_votes(c, drafter)
    # The worker started by `make run` analyses the comments and votes in the background.
    insights.analysis_request(actor=drafter, consultation=c)


# Statements for the agree/disagree vote, and which camp backs each: "kd" (street traders),
# "bo" (pedestrians), or None for both.
STATEMENTS = [
    ("Nên cho hộ kinh doanh tạm sử dụng vỉa hè có thu phí thay vì cấm hẳn", "kd"),
    ("Mức phí 20.000 đồng/m²/tháng là phù hợp với thu nhập của hộ kinh doanh nhỏ", "kd"),
    ("Vỉa hè phải dành ít nhất 1,5 m cho người đi bộ", None),
    ("Không nên cho sử dụng vỉa hè để trông giữ xe có thu tiền", "bo"),
    ("Phí thu được phải công khai và dùng để chỉnh trang vỉa hè", None),
    ("Nên cấm hoàn toàn việc kinh doanh trên vỉa hè các tuyến phố chính", "bo"),
    ("Thời hạn mỗi lần cấp phép nên là 12 tháng", "kd"),
    ("Cần xử phạt nặng hơn khi lấn chiếm quá diện tích được phép", "bo"),
]


def _statement_votes(c: Consultation, drafter: Any) -> None:
    """Eight statements and 60 anonymous voters in two camps, with some people voting across."""
    rng = random.Random(407)  # noqa: S311 -- reproducible demo data, not security
    statements = [(cons.statement_add(actor=drafter, consultation=c, text=t), side) for t, side in STATEMENTS]
    for person in range(60):
        camp = "kd" if person < 26 else "bo"
        for st, side in statements:
            if rng.random() < 0.15:
                continue  # did not get to this one
            if side is None:
                vote = 1 if rng.random() < 0.85 else rng.choice((0, -1))
            else:
                vote = 1 if side == camp else -1
                if rng.random() < 0.12:
                    vote = rng.choice((0, -vote))
            cons.statement_vote(consultation=c, statement_id=st.pk, voter=f"demo-{person:03d}", vote=vote)


def _adopted_document(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    drafter, leader = users["phuong.soanthao"], users["phuong.lanhdao"]
    doc = law.document_register(
        actor=drafter,
        doc_type=DocType.QD_UBND_XA,
        issuing_authority=orgs["ward"],
        drafting_body=orgs["ward_office"],
        title="Quyết định ban hành Quy chế quản lý tổ dân phố trên địa bàn phường Phan Đình Phùng",
    )
    p1 = law.policy_add(actor=drafter, document=doc, title="Phụ cấp cho tổ trưởng tổ dân phố")
    p2 = law.policy_add(actor=drafter, document=doc, title="Đóng góp quỹ hoạt động của tổ dân phố")
    for p in (p1, p2):
        _screen_all(drafter, p)
    materials = [
        _publish_material(
            drafter,
            leader,
            p,
            f"Thông tin về chính sách: {p.title.lower()}",
            "Quy chế mới thay quy chế năm 2019, phù hợp mô hình chính quyền hai cấp.",
            "Nội dung cơ bản của chính sách được nêu trong dự thảo Quy chế.",
            "Điểm mới so với quy chế cũ; vấn đề có ý kiến khác nhau là mức đóng góp.",
        )
        for p in (p1, p2)
    ]
    law.document_transition(actor=drafter, document=doc, to_stage=Stage.PROPOSAL_CONSULTATION)
    # A shortened proposal window, on a recorded ground: the monitoring page lists it.
    rules.past_window(
        drafter,
        doc,
        phase=Consultation.Phase.PROPOSAL,
        title="Lấy ý kiến đề nghị xây dựng Quy chế quản lý tổ dân phố",
        opened_days_ago=180,
        length_days=7,
        shortened_ground="Quy chế cần ban hành kịp thời để tổ dân phố hoạt động theo mô hình chính quyền hai cấp từ "
        "01/7/2025; Chủ tịch UBND phường đồng ý rút ngắn thời hạn tại Công văn số 215/UBND-VP.",
    )
    law.document_transition(actor=drafter, document=doc, to_stage=Stage.PROPOSAL_APPRAISAL)
    rules.appraisal(
        drafter,
        doc,
        phase=AppraisalRecord.Phase.PROPOSAL,
        body=orgs["ward_office"],
        days_ago=140,
        number="12/BC-VP",
        conclusion="Đề nghị xây dựng Quy chế đủ điều kiện trình UBND phường.",
    )
    for stage in (Stage.PROPOSAL_APPROVED, Stage.DRAFTING, Stage.DRAFT_CONSULTATION):
        law.document_transition(actor=drafter, document=doc, to_stage=stage)
    now = timezone.now()
    c = cons.consultation_create(
        actor=drafter,
        document=doc,
        phase=Consultation.Phase.DRAFT,
        title="Lấy ý kiến dự thảo Quy chế quản lý tổ dân phố",
        intro="",
        opens_at=now,
        closes_at=now + dt.timedelta(days=30),
    )
    cm, _ = cons.comment_submit(
        consultation=c,
        text="Đề nghị mức đóng góp quỹ tự nguyện, không bắt buộc.",
        submitter_type=Comment.SubmitterType.INDIVIDUAL,
        consent=True,
        # The citizen asked to be told: the scheduled run mails the published answer (var/mail/).
        email="nguyen.van.an@example.com",
    )
    rules.shift_back(c, dt.timedelta(days=75))
    cons.comment_dispose(
        actor=drafter,
        comment=cm,
        disposition=Comment.Disposition.ACCEPTED,
        explanation="Đã sửa Điều 8: đóng góp trên tinh thần tự nguyện.",
    )
    cons.dispositions_publish(actor=drafter, consultation=c)
    for stage in (Stage.SYNTHESIS_PUBLISHED, Stage.DRAFT_APPRAISAL):
        law.document_transition(actor=drafter, document=doc, to_stage=stage)
    rules.appraisal(
        drafter,
        doc,
        phase=AppraisalRecord.Phase.DRAFT,
        body=orgs["ward_office"],
        days_ago=20,
        number="31/BC-VP",
        conclusion="Dự thảo Quyết định đủ điều kiện trình UBND phường ký ban hành.",
    )
    law.document_transition(actor=drafter, document=doc, to_stage=Stage.ADOPTED)
    _back(
        doc,
        [
            (Stage.PROPOSAL_PREPARED, 200),
            (Stage.PROPOSAL_CONSULTATION, 180),
            (Stage.PROPOSAL_APPRAISAL, 150),
            (Stage.PROPOSAL_APPROVED, 130),
            (Stage.DRAFTING, 110),
            (Stage.DRAFT_CONSULTATION, 75),
            (Stage.SYNTHESIS_PUBLISHED, 40),
            (Stage.DRAFT_APPRAISAL, 30),
            (Stage.ADOPTED, 15),
        ],
    )
    # Policy 1 communicated throughout; policy 2's material went out late and its drafting stage was silent.
    Material.objects.filter(pk=materials[0].pk).update(published_at=now - dt.timedelta(days=181))
    Material.objects.filter(pk=materials[1].pk).update(published_at=now - dt.timedelta(days=140))
    today = timezone.localdate()
    for policy, days_list in ((p1, [180, 150, 130, 110, 75, 40, 30]), (p2, [75, 40, 30])):
        for days in days_list:
            comm.activity_record(
                actor=drafter,
                policy=policy,
                form=Activity.Form.GRASSROOTS,
                channel="Bảng tin tổ dân phố, loa truyền thanh phường",
                date=today - dt.timedelta(days=days),
                evidence_url="https://thainguyen.gov.vn/",
                reach=800,
            )
