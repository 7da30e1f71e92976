"""Demo data for the monitoring page: documents adopted in 2023–2025, so that the chart has periods,
and one of each way a policy fails (a stage whose only activity is on a transition day, material
seen late, a policy nobody screened). Built through the services, then dated into the past."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from policycomm.communication import services as comm
from policycomm.communication.models import Activity, Material
from policycomm.consultation import services as cons
from policycomm.consultation.models import Consultation
from policycomm.lawmaking import services as law
from policycomm.lawmaking.models import LegalDocument, StageTransition
from policycomm.lawmaking.rules import DocType, Stage
from policycomm.monitoring.status import coverage_refresh
from policycomm.orgs.models import Organisation

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
GAP = 20  # days in each stage


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_current_timezone())


def _story(
    *,
    drafter: Any,
    leader: Any,
    body: Organisation,
    issuer: Organisation,
    doc_type: str,
    title: str,
    adopted_on: dt.date,
    policies: list[tuple[str, str]],
) -> list[int]:
    """One adopted document; each policy (title, how) is ``covered``, ``transition_day``, ``late`` or
    ``unscreened``."""
    doc = law.document_register(
        actor=drafter, title=title, doc_type=doc_type, issuing_authority=issuer, drafting_body=body
    )
    # Stage k of the path began (len(PATH) - 1 - k) * GAP days before adoption; registration GAP days earlier.
    begins = [adopted_on - dt.timedelta(days=GAP * (len(PATH) - 1 - k)) for k in range(len(PATH))]
    registered = begins[0] - dt.timedelta(days=GAP)
    made = []
    for name, how in policies:
        p = law.policy_add(actor=drafter, document=doc, title=name)
        if how != "unscreened":
            law.policy_screen(
                actor=drafter,
                policy=p,
                criteria={"c1": True, "c2": True, "c3": True, "c4": True},
                reasons={
                    "c1": "Văn bản phải lập đề nghị xây dựng.",
                    "c2": "Làm phát sinh nghĩa vụ của người dân.",
                    "c3": "Được dư luận quan tâm.",
                    "c4": "Áp dụng trên toàn địa bàn.",
                },
                state_secret=False,
            )
        m = comm.material_save(
            actor=drafter,
            policy=p,
            title=f"Thông tin về chính sách: {name.lower()}",
            audience="Người dân",
            part_need="Sự cần thiết ban hành chính sách.",
            part_content="Nội dung cơ bản của chính sách.",
            part_changes="Điểm mới so với quy định hiện hành.",
        )
        comm.material_submit(actor=drafter, material=m)
        comm.material_review(actor=leader, material=m, approve=True)
        comm.material_publish(actor=drafter, material=m)
        published = begins[0] + dt.timedelta(days=12) if how == "late" else begins[0] - dt.timedelta(days=1)
        Material.objects.filter(pk=m.pk).update(published_at=_at(published))
        days = [b + dt.timedelta(days=5) for b in begins[:-1]]
        if how == "transition_day":
            # Appraisal and approval share one activity, on the day one ends and the other begins.
            days[1:3] = [begins[2]]
        if how == "late":
            days = days[1:]  # the material's first public day, late, is the proposal stage's one item
        for day in days:
            comm.activity_record(
                actor=drafter,
                policy=p,
                form=Activity.Form.PORTAL,
                channel="Cổng thông tin điện tử",
                date=day,
                evidence_url="https://thainguyen.gov.vn/",
                reach=1200,
            )
        made.append(p.pk)
    now = timezone.now()
    page = cons.consultation_create(
        actor=drafter,
        document=doc,
        phase=Consultation.Phase.PROPOSAL,
        title=f"Lấy ý kiến đề nghị: {title}",
        intro="",
        opens_at=now + dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=31),
    )
    for stage in PATH:
        law.document_transition(actor=drafter, document=doc, to_stage=stage)
    Consultation.objects.filter(pk=page.pk).update(
        created_at=_at(begins[0] - dt.timedelta(days=3)),
        opens_at=_at(begins[0]),
        closes_at=_at(begins[0] + dt.timedelta(days=GAP - 1)),
    )
    StageTransition.objects.filter(document=doc, to_stage=Stage.PROPOSAL_PREPARED).update(at=_at(registered))
    for stage, day in zip(PATH, begins, strict=True):
        StageTransition.objects.filter(document=doc, to_stage=stage).update(at=_at(day))
    return made


def _proposal_page(drafter: Any, title: str, opened_days_ago: int) -> None:
    """The proposal consultation the adopted ward document went through: its page on the portal."""
    doc = LegalDocument.objects.get(title=title)
    now = timezone.now()
    page = cons.consultation_create(
        actor=drafter,
        document=doc,
        phase=Consultation.Phase.PROPOSAL,
        title=f"Lấy ý kiến đề nghị: {doc.title}",
        intro="",
        opens_at=now + dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=31),
    )
    Consultation.objects.filter(pk=page.pk).update(
        created_at=now - dt.timedelta(days=opened_days_ago + 2),
        opens_at=now - dt.timedelta(days=opened_days_ago),
        closes_at=now - dt.timedelta(days=opened_days_ago - 25),
    )


def monitoring_demo(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    _proposal_page(
        users["phuong.soanthao"],
        "Quyết định ban hành Quy chế quản lý tổ dân phố trên địa bàn phường Phan Đình Phùng",
        180,
    )
    stp = (users["stp.soanthao"], users["stp.lanhdao"])
    ward = (users["phuong.soanthao"], users["phuong.lanhdao"])
    _story(
        drafter=stp[0],
        leader=stp[1],
        body=orgs["stp"],
        issuer=orgs["ubnd"],
        doc_type=DocType.QD_UBND_TINH,
        title="Quyết định quy định về hòa giải ở cơ sở trên địa bàn tỉnh",
        adopted_on=dt.date(2023, 5, 20),
        policies=[("Hỗ trợ thù lao cho hòa giải viên", "covered"), ("Khen thưởng tổ hòa giải", "covered")],
    )
    _story(
        drafter=ward[0],
        leader=ward[1],
        body=orgs["ward_office"],
        issuer=orgs["ward"],
        doc_type=DocType.QD_UBND_XA,
        title="Quyết định ban hành Quy chế quản lý chợ phường Phan Đình Phùng",
        adopted_on=dt.date(2024, 10, 8),
        policies=[("Sắp xếp ngành hàng trong chợ", "covered"), ("Mức thu dịch vụ chợ", "transition_day")],
    )
    _story(
        drafter=stp[0],
        leader=stp[1],
        body=orgs["stp"],
        issuer=orgs["ubnd"],
        doc_type=DocType.QD_UBND_TINH,
        title="Quyết định quy định về trợ giúp pháp lý cho người yếu thế",
        adopted_on=dt.date(2025, 3, 14),
        policies=[("Mở rộng đối tượng được trợ giúp", "late"), ("Trợ giúp pháp lý lưu động", "unscreened")],
    )
    # The stories above and the other demo documents were dated with QuerySet.update: recompute.
    coverage_refresh()
