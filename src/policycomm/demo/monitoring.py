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
from policycomm.lawmaking.models import AppraisalRecord, StageTransition
from policycomm.lawmaking.rules import DocType, Stage
from policycomm.monitoring.status import coverage_refresh
from policycomm.orgs.models import Organisation

from . import rules

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
WINDOWS = {Stage.PROPOSAL_CONSULTATION: Consultation.Phase.PROPOSAL, Stage.DRAFT_CONSULTATION: Consultation.Phase.DRAFT}
APPRAISALS = {
    Stage.PROPOSAL_APPRAISAL: AppraisalRecord.Phase.PROPOSAL,
    Stage.DRAFT_APPRAISAL: AppraisalRecord.Phase.DRAFT,
}
# A window runs GAP - 1 days, below the 20-day minimum of a provincial decision's window: the ground is recorded.
SHORT_GROUND = "Chủ tịch UBND đồng ý rút ngắn thời hạn lấy ý kiến để kịp trình theo chương trình công tác năm."


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
    appraiser: Organisation,
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
    # Through the stage rules as an officer would, each window and record dated to its stage afterwards.
    today = timezone.localdate()
    for stage, begin in zip(PATH, begins, strict=True):
        law.document_transition(actor=drafter, document=doc, to_stage=stage)
        if stage in WINDOWS:
            rules.past_window(
                drafter,
                doc,
                phase=WINDOWS[stage],
                title=f"{Consultation.Phase(WINDOWS[stage]).label}: {title}",
                opened_days_ago=(today - begin).days,
                length_days=GAP,  # the whole stage, the minimum of every type here
            )
        if stage == Stage.DRAFT_CONSULTATION:
            draft = doc.consultations.get(phase=Consultation.Phase.DRAFT)
            cons.dispositions_publish(actor=drafter, consultation=draft)
        if stage in APPRAISALS:
            rules.appraisal(
                drafter,
                doc,
                phase=APPRAISALS[stage],
                body=appraiser,
                days_ago=(today - begin).days - GAP // 2,
                number=f"{len(title) % 90 + 10}/BC-TĐ",
                conclusion="Đủ điều kiện trình cấp có thẩm quyền.",
            )
    StageTransition.objects.filter(document=doc, to_stage=Stage.PROPOSAL_PREPARED).update(at=_at(registered))
    for stage, day in zip(PATH, begins, strict=True):
        StageTransition.objects.filter(document=doc, to_stage=stage).update(at=_at(day))
    return made


def monitoring_demo(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
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
        appraiser=orgs["stp"],
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
        appraiser=orgs["ward_office"],
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
        appraiser=orgs["stp"],
    )
    # The stories above and the other demo documents were dated with QuerySet.update: recompute.
    coverage_refresh()
