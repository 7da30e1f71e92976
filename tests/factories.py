"""A small world for tests: a province with a department (body A) and a ward (body B), and personas."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from policycomm.communication import services as comm
from policycomm.consultation import services as cons
from policycomm.consultation.models import CommentPeriod, Consultation
from policycomm.demo.rules import shift_back
from policycomm.lawmaking import reviews
from policycomm.lawmaking import services as law
from policycomm.lawmaking.models import ExaminationRecord
from policycomm.lawmaking.rules import STAGE_ORDER, DocType, Stage
from policycomm.orgs.models import AdminUnit, Level, Membership, Organisation, Role

ROOT = Path(__file__).resolve().parent.parent


def policycomm(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the ``policycomm`` command in a real process, as a person or a script would."""
    return subprocess.run(
        [sys.executable, "-m", "policycomm.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


PASSWORD = "test-pass-123"
K = Organisation.Kind

DRAFT = """Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị quyết này quy định mức thu phí sử dụng vỉa hè.
Điều 2. Mức thu
1. Tại phường: 20.000 đồng/m²/tháng.
2. Tại xã: 10.000 đồng/m²/tháng.
"""


def make_user(
    username: str,
    org: Organisation | None = None,
    role: str | None = None,
    *,
    position: str = "",
    superuser: bool = False,
    full_name: str = "",
) -> Any:
    user_model = get_user_model()
    family, _, given = full_name.rpartition(" ")
    u = user_model.objects.create_user(
        username=username,
        password=PASSWORD,
        is_superuser=superuser,
        is_staff=superuser,
        first_name=given,
        last_name=family,
    )
    if org is not None and role is not None:
        Membership.objects.create(user=u, organisation=org, role=role, position=position)
    return u


@dataclass
class World:
    province: Organisation
    council: Organisation
    body_a: Organisation
    ward: Organisation
    body_b: Organisation
    users: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.users[name]
        except KeyError:
            raise AttributeError(name) from None


def make_world() -> World:
    unit_p = AdminUnit.objects.create(
        code="19", name="Tỉnh Thái Nguyên", short_name="Thái Nguyên", kind=AdminUnit.Kind.PROVINCE
    )
    unit_w = AdminUnit.objects.create(
        code="05443",
        name="Phường Phan Đình Phùng",
        short_name="Phan Đình Phùng",
        kind=AdminUnit.Kind.WARD,
        parent=unit_p,
    )
    province = Organisation.objects.create(
        name="Ủy ban nhân dân tỉnh Thái Nguyên",
        short_name="UBND",
        kind=K.PEOPLES_COMMITTEE,
        level=Level.PROVINCE,
        admin_unit=unit_p,
    )
    council_hdnd = Organisation.objects.create(
        name="Hội đồng nhân dân tỉnh Thái Nguyên",
        short_name="HĐND",
        kind=K.PEOPLES_COUNCIL,
        level=Level.PROVINCE,
        parent=province,
        admin_unit=unit_p,
    )
    council = Organisation.objects.create(
        name="Hội đồng phối hợp PBGDPL tỉnh",
        short_name="HĐPH",
        kind=K.PBGDPL_COUNCIL,
        level=Level.PROVINCE,
        parent=province,
    )
    body_a = Organisation.objects.create(
        name="Sở Tư pháp", short_name="STP", kind=K.DEPARTMENT, level=Level.PROVINCE, parent=province
    )
    ward = Organisation.objects.create(
        name="Ủy ban nhân dân phường Phan Đình Phùng",
        short_name="UBND",
        kind=K.PEOPLES_COMMITTEE,
        level=Level.COMMUNE,
        parent=province,
        admin_unit=unit_w,
    )
    body_b = Organisation.objects.create(
        name="Văn phòng HĐND và UBND phường", short_name="VP", kind=K.OFFICE, level=Level.COMMUNE, parent=ward
    )
    users = {
        "drafter_a": make_user("drafter_a", body_a, Role.DRAFTER, full_name="Nguyễn Thị Hoa"),
        "leader_a": make_user("leader_a", body_a, Role.LEADER, position="Phó Giám đốc", full_name="Trần Văn Minh"),
        "communicator_a": make_user("communicator_a", body_a, Role.COMMUNICATOR),
        "moderator_a": make_user("moderator_a", body_a, Role.MODERATOR),
        "officer_b": make_user("officer_b", body_b, Role.DRAFTER),
        "leader_b": make_user("leader_b", body_b, Role.LEADER, position="Chánh Văn phòng"),
        "monitor": make_user("monitor", council, Role.MONITOR),
        "admin": make_user("admin", superuser=True),
        "nobody": make_user("nobody"),
    }
    w = World(province=province, council=council, body_a=body_a, ward=ward, body_b=body_b, users=users)
    w.users["hdnd"] = council_hdnd
    return w


def register_document(w: World, *, body: str = "a", title: str = "Nghị quyết quy định phí sử dụng vỉa hè") -> Any:
    if body == "a":
        return law.document_register(
            actor=w.drafter_a,
            title=title,
            doc_type=DocType.NQ_HDND_TINH,
            issuing_authority=w.users["hdnd"],
            drafting_body=w.body_a,
        )
    return law.document_register(
        actor=w.officer_b, title=title, doc_type=DocType.QD_UBND_XA, issuing_authority=w.ward, drafting_body=w.body_b
    )


def screen_in_scope(actor: Any, policy: Any) -> Any:
    return law.policy_screen(
        actor=actor,
        policy=policy,
        criteria={"c1": True, "c2": True, "c3": True, "c4": True},
        reasons={
            "c1": "Phải lập đề nghị.",
            "c2": "Phát sinh nghĩa vụ nộp phí.",
            "c3": "Dư luận quan tâm.",
            "c4": "Toàn tỉnh.",
        },
        state_secret=False,
    )


def material_for(actor: Any, policy: Any, **overrides: Any) -> Any:
    fields = {
        "title": "Vì sao thu phí vỉa hè?",
        "part_need": "Vỉa hè bị lấn chiếm.",
        "part_content": "Thu phí theo mét vuông.",
        "part_changes": "Trước đây chưa thu phí.",
    }
    fields.update(overrides)
    return comm.material_save(actor=actor, policy=policy, **fields)


def publish_material(drafter: Any, leader: Any, policy: Any, **overrides: Any) -> Any:
    """Write, submit, approve and publish material: the whole approval flow, for tests that need it done."""
    m = material_for(drafter, policy, **overrides)
    comm.material_submit(actor=drafter, material=m)
    comm.material_review(actor=leader, material=m, approve=True)
    return comm.material_publish(actor=drafter, material=m)


PHASE_OF_STAGE = {
    Stage.PROPOSAL_CONSULTATION: Consultation.Phase.PROPOSAL,
    Stage.DRAFT_CONSULTATION: Consultation.Phase.DRAFT,
}
STAGE_OF_PHASE = {v: k for k, v in PHASE_OF_STAGE.items()}


def minimum_days(doc: Any, phase: str) -> int:
    period = CommentPeriod.objects.filter(doc_type=doc.doc_type, phase=phase).first()
    return period.min_days if period is not None else 0


def closed_window(actor: Any, doc: Any, phase: str) -> Any:
    """A window of ``phase`` that has run its full minimum period and closed a moment ago: opened through the
    service as the rules require, then moved back in time with its data."""
    now = timezone.now()
    c = cons.consultation_create(
        actor=actor,
        document=doc,
        phase=phase,
        title=f"{Consultation.Phase(phase).label}: {doc.title}",
        intro="",
        opens_at=now,
        closes_at=now + dt.timedelta(days=max(minimum_days(doc, phase), 1)),
    )
    shift_back(c, c.closes_at - now + dt.timedelta(seconds=1))
    return c


def satisfy(actor: Any, doc: Any, to_stage: str) -> None:
    """Meet the preconditions of leaving the document's current stage for ``to_stage``, as an officer
    would: the window of a consultation stage closed (and, for the draft, its answers published when every
    comment is disposed), the appraisal record, the examination record with the committee's check."""
    doc.refresh_from_db()
    phase = PHASE_OF_STAGE.get(doc.stage)
    if phase is not None:
        now = timezone.now()
        windows = list(doc.consultations.filter(phase=phase))
        if not any(c.closes_at <= now for c in windows):
            if windows:
                close(windows[-1])
            else:
                closed_window(actor, doc, phase)
        if phase == Consultation.Phase.DRAFT:
            for c in doc.consultations.filter(phase=phase, dispositions_published_at__isnull=True):
                if c.closes_at <= timezone.now() and not c.comments.filter(hidden=False, disposition="").exists():
                    cons.dispositions_publish(actor=actor, consultation=c)
    appraisal = {Stage.PROPOSAL_APPRAISAL: "proposal", Stage.DRAFT_APPRAISAL: "draft"}.get(doc.stage)
    if appraisal is not None and not doc.appraisals.filter(phase=appraisal).exists():
        reviews.appraisal_record_save(actor=actor, document=doc, phase=appraisal, report=review_report(doc))
    if (
        doc.stage == Stage.EXAMINATION
        and to_stage == Stage.ADOPTED
        and not ExaminationRecord.objects.filter(document=doc).exists()
    ):
        reviews.examination_record_save(
            actor=actor,
            document=doc,
            report=review_report(doc, body_name="Ban Pháp chế HĐND tỉnh", number="45/BC-BPC"),
            check=reviews.CommitteeCheck(checked_on=timezone.localdate(), confirms_communication=True),
        )


def review_report(doc: Any, *, body_name: str = "Sở Tư pháp", number: str = "125/BC-STP") -> Any:
    return reviews.ReviewReport(
        body=None,
        body_name=body_name,
        date=timezone.localdate(),
        report_number=number,
        conclusion="Đủ điều kiện trình.",
        states_communicated=True,
    )


def advance(actor: Any, doc: Any, *stages: str) -> None:
    """Move the document through ``stages``, meeting each stage's preconditions on the way (``satisfy``)."""
    for s in stages:
        satisfy(actor, doc, s)
        law.document_transition(actor=actor, document=doc, to_stage=s)


def open_consultation(
    w: World,
    doc: Any,
    *,
    days_open: int = 10,
    closes_in: dt.timedelta | None = None,
    phase: str = Consultation.Phase.DRAFT,
) -> Any:
    """A window of ``phase`` that opened ``days_open`` days ago and closes in ``closes_in`` (20 days).

    The document is first moved to the phase's consultation stage if it is not there yet. The window is
    opened now through the service, for at least the minimum period, and then moved back in time with its
    data; a ``closes_in`` shorter than that leaves it closing early, as an officer may do.
    """
    actor = w.drafter_a if doc.drafting_body_id == w.body_a.pk else w.officer_b
    target = STAGE_OF_PHASE[phase]
    doc.refresh_from_db()
    if STAGE_ORDER.index(doc.stage) < STAGE_ORDER.index(target):
        path = STAGE_ORDER[STAGE_ORDER.index(doc.stage) + 1 : STAGE_ORDER.index(target) + 1]
        if doc.simplified_procedure:
            path = [s for s in path if STAGE_ORDER.index(s) >= STAGE_ORDER.index(Stage.DRAFTING)]
        advance(actor, doc, *path)
    law.sections_replace(actor=actor, document=doc, raw_text=DRAFT)
    now = timezone.now()
    past = dt.timedelta(days=days_open)
    ahead = closes_in or dt.timedelta(days=20)
    length = max(past + ahead, dt.timedelta(days=minimum_days(doc, phase) + 1))
    c = cons.consultation_create(
        actor=actor,
        document=doc,
        phase=phase,
        title=f"Lấy ý kiến: {doc.title}",
        intro="",
        opens_at=now,
        closes_at=now + length,
    )
    shift_back(c, past)
    if c.closes_at > now + ahead:
        Consultation.objects.filter(pk=c.pk).update(closes_at=now + ahead)
        c.refresh_from_db()
    return c


def close(consultation: Any) -> None:
    """The window closed a second ago: its deadline brought forward, or, for a window that has not been open
    that long, the whole window moved back in time."""
    now = timezone.now()
    if consultation.opens_at >= now - dt.timedelta(seconds=1):
        shift_back(consultation, consultation.closes_at - now + dt.timedelta(seconds=1))
        return
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=now - dt.timedelta(seconds=1))
    consultation.refresh_from_db()


ALL_TO_DRAFT_CONSULTATION = (
    Stage.PROPOSAL_CONSULTATION,
    Stage.PROPOSAL_APPRAISAL,
    Stage.PROPOSAL_APPROVED,
    Stage.DRAFTING,
    Stage.DRAFT_CONSULTATION,
)
