"""Demo reminders: facts the scheduler notices, and the inbox messages they give.

- a second material of the sidewalk policy waits for the leader of Sở Tư pháp;
- a new Sở Tư pháp document has been in "proposal prepared" longer than usual;
- a ward proposal consultation closes in two days with comments still unanswered (the ward
  office's leader takes the daily digest, the drafter each mail at once);
- two tasks the ward's committee leads in its plan fall due: one a week ago, one in twelve days
  (the ward office, which advises the committee, follows them);
- every demo user has an e-mail address, so the mails can be read under var/mail/.

The inbox messages are created here (``reminders_collect``); the mails are sent by the scheduled
run that ``make run`` starts, as they would be in production.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from policycomm.communication import services as comm
from policycomm.consultation import services as cons
from policycomm.consultation.models import Comment, Consultation
from policycomm.lawmaking import services as law
from policycomm.lawmaking.models import DraftPolicy, StageTransition
from policycomm.lawmaking.rules import DocType, Stage
from policycomm.notifications import services as notes
from policycomm.notifications.jobs import reminders_collect
from policycomm.notifications.models import MailPreference
from policycomm.orgs.models import Organisation
from policycomm.plans.models import PlanTask, TaskBody

MAIL_DOMAIN = "demo.policycomm.vn"


def load_notifications_demo(orgs: dict[str, Organisation], users: dict[str, Any]) -> int:
    """Build the facts, then put the reminders in the inboxes. Returns the number of inbox messages."""
    for username in users:
        get_user_model().objects.filter(username=username, email="").update(email=f"{username}@{MAIL_DOMAIN}")
    for u in users.values():
        u.refresh_from_db(fields=["email"])
    _material_waiting(users)
    _document_late(orgs, users)
    _ward_window_closing(orgs, users)
    _ward_tasks_due(orgs)
    notes.mail_preference_set(actor=users["phuong.lanhdao"], mode=MailPreference.Mode.DIGEST)
    return reminders_collect()


def _material_waiting(users: dict[str, Any]) -> None:
    drafter = users["stp.soanthao"]
    policy = DraftPolicy.objects.filter(
        document__drafting_body__memberships__user=drafter, title="Thu phí sử dụng tạm thời vỉa hè"
    ).first()
    if policy is None:
        return
    m = comm.material_save(
        actor=drafter,
        policy=policy,
        title="Hỏi đáp: khung giờ kinh doanh trên vỉa hè",
        audience="Hộ kinh doanh trên các tuyến phố",
        part_need="Vì sao cần quy định khung giờ: giữ lối đi cho người đi bộ vào giờ cao điểm.",
        part_content="Hộ kinh doanh được tạm sử dụng vỉa hè từ 6 giờ đến 22 giờ, chừa 1,5 mét cho người đi bộ.",
        part_changes="Trước đây mỗi phường quy định một khung giờ; dự thảo thống nhất toàn tỉnh.",
    )
    comm.material_submit(actor=drafter, material=m)


def _document_late(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    doc = law.document_register(
        actor=users["stp.soanthao"],
        doc_type=DocType.QD_UBND_TINH,
        issuing_authority=orgs["ubnd"],
        drafting_body=orgs["stp"],
        title="Quyết định ban hành Quy chế phối hợp phổ biến, giáo dục pháp luật trên địa bàn tỉnh Thái Nguyên",
    )
    StageTransition.objects.filter(document=doc, to_stage=Stage.PROPOSAL_PREPARED).update(
        at=timezone.now() - dt.timedelta(days=75)
    )


def _ward_window_closing(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    drafter = users["phuong.soanthao"]
    doc = law.document_register(
        actor=drafter,
        doc_type=DocType.QD_UBND_XA,
        issuing_authority=orgs["ward"],
        drafting_body=orgs["ward_office"],
        title="Quyết định quy định việc giữ gìn vệ sinh môi trường tại các tổ dân phố phường Phan Đình Phùng",
    )
    law.policy_add(actor=drafter, document=doc, title="Thu gom rác thải theo giờ cố định")
    law.document_transition(actor=drafter, document=doc, to_stage=Stage.PROPOSAL_CONSULTATION)
    now = timezone.now()
    c = cons.consultation_create(
        actor=drafter,
        document=doc,
        phase=Consultation.Phase.PROPOSAL,
        title="Lấy ý kiến đề nghị xây dựng Quyết định về vệ sinh môi trường tổ dân phố",
        intro="Văn phòng HĐND và UBND phường lấy ý kiến người dân về giờ thu gom rác.",
        opens_at=now,
        closes_at=now + dt.timedelta(days=30),
    )
    for text, email in (
        ("Đề nghị thu gom rác sau 19 giờ để người đi làm kịp mang rác ra.", "ba.lan@example.com"),
        ("Nên có thùng phân loại rác ở đầu mỗi ngõ.", ""),
    ):
        cons.comment_submit(
            consultation=c, text=text, submitter_type=Comment.SubmitterType.INDIVIDUAL, consent=True, email=email
        )
    # The window opened twelve days ago and closes in two: the drafting office is reminded.
    Consultation.objects.filter(pk=c.pk).update(
        opens_at=now - dt.timedelta(days=12), closes_at=now + dt.timedelta(days=2)
    )


def _ward_tasks_due(orgs: dict[str, Organisation]) -> None:
    tasks = list(
        PlanTask.objects.filter(
            plan__organisation=orgs["ward"], bodies__role=TaskBody.Role.LEAD, bodies__organisation=orgs["ward"]
        )
        .exclude(status=PlanTask.Status.DONE)
        .order_by("pk")
        .distinct()[:2]
    )
    today = timezone.localdate()
    for task, days in zip(tasks, (-7, 12), strict=False):
        PlanTask.objects.filter(pk=task.pk).update(due_on=today + dt.timedelta(days=days))
