"""Demo data for events and the communication plan: on the open draft of the pavement resolution, an
upcoming conference with a few registrations and a past dialogue with its attendance, minutes and the
opinions voiced (comments of channel "meeting"); and the fee policy's communication plan with rows done,
upcoming and one overdue. Built through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from policycomm.communication import commplan
from policycomm.communication import services as comm
from policycomm.communication.models import Activity
from policycomm.consultation import events as ev
from policycomm.consultation.models import Consultation, Event
from policycomm.lawmaking.models import DraftPolicy
from policycomm.orgs.models import Organisation

TZ = ZoneInfo(settings.TIME_ZONE)

REGISTRANTS = [
    ("Nguyễn Văn Bình", "0912345678", "", "Hộ kinh doanh chợ Thái"),
    ("Trần Thị Mai", "", "mai.tran@example.vn", ""),
    ("Hoàng Đức Long", "0987654321", "long.hd@example.vn", "Hiệp hội Doanh nghiệp tỉnh"),
]

OPINIONS = [
    (
        "business",
        "Hộ kinh doanh Nguyễn Thị Lan",
        "",
        "dieu-5",
        "Mức 20.000 đồng/m²/tháng là cao với hộ bán hàng nhỏ; đề nghị giảm một nửa cho hộ có diện tích dưới 5 m².",
    ),
    ("individual", "", "", "dieu-3", "Phải giữ đủ 1,5 m vỉa hè cho người đi bộ, kể cả giờ cao điểm buổi sáng."),
    (
        "organisation",
        "Nguyễn Văn Tùng",
        "Ủy ban MTTQ phường Phan Đình Phùng",
        "dieu-4",
        "Khung giờ đến 22 giờ ảnh hưởng đến sinh hoạt của khu dân cư; đề nghị kết thúc lúc 21 giờ trong ngõ, phố nhỏ.",
    ),
    ("individual", "", "", None, "Cần công khai số tiền phí thu được và việc sử dụng để chỉnh trang vỉa hè."),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=TZ)


def load_events_demo(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    drafter, communicator = users["stp.soanthao"], users["stp.truyenthong"]
    now = timezone.now()
    c = (
        Consultation.objects.filter(document__drafting_body=orgs["stp"], opens_at__lte=now, closes_at__gt=now)
        .select_related("document__drafting_body")
        .first()
    )
    if c is None:
        return
    today = timezone.localdate()
    co = (
        "Ủy ban MTTQ Việt Nam tỉnh Thái Nguyên; Đoàn Luật sư tỉnh Thái Nguyên; "
        "Báo và Phát thanh, Truyền hình Thái Nguyên"
    )
    conference = ev.event_save(
        actor=drafter,
        consultation=c,
        form=Event.Form.CONFERENCE,
        title="Hội nghị lấy ý kiến dự thảo Nghị quyết về tạm sử dụng lòng đường, vỉa hè",
        starts_at=_at(today + dt.timedelta(days=5), 8),
        ends_at=_at(today + dt.timedelta(days=5), 11),
        place="Hội trường Sở Tư pháp, số 1 đường Hoàng Văn Thụ, phường Phan Đình Phùng",
        online_url="https://hop.thainguyen.gov.vn/stp-via-he",
        organiser=orgs["stp"],
        co_organisers=co,
        audience="Hộ kinh doanh, hiệp hội doanh nghiệp, tổ dân phố, người dân quan tâm",
        capacity=120,
    )
    for name, phone, email, organisation in REGISTRANTS:
        ev.event_register(event=conference, name=name, phone=phone, email=email, organisation=organisation)

    held = today - dt.timedelta(days=3)
    dialogue = ev.event_save(
        actor=drafter,
        consultation=c,
        form=Event.Form.DIALOGUE,
        title="Đối thoại với hộ kinh doanh phường Phan Đình Phùng về phí sử dụng vỉa hè",
        starts_at=_at(held, 14),
        ends_at=_at(held, 17),
        place="Nhà văn hóa tổ dân phố số 1, phường Phan Đình Phùng",
        organiser=orgs["stp"],
        co_organisers="Ủy ban MTTQ phường Phan Đình Phùng",
        audience="Hộ kinh doanh trên các tuyến phố chính của phường",
        capacity=80,
        registration_open=False,
    )
    ev.event_outcome(
        actor=drafter,
        event=dialogue,
        attendance=64,
        minutes="Đại diện Sở Tư pháp giới thiệu dự thảo; 11 ý kiến phát biểu, tập trung vào mức phí, phần vỉa hè dành "
        "cho người đi bộ và khung giờ kinh doanh. Sở Tư pháp tiếp nhận để tổng hợp, tiếp thu, giải trình.",
    )
    keys = {s.key: s.pk for s in c.document.sections.filter(retired=False)}
    ev.event_opinions_enter(
        actor=drafter,
        event=dialogue,
        opinions=[
            {
                "text": text,
                "submitter_type": kind,
                "name": name,
                "organisation": organisation,
                "section_id": keys.get(key) if key else None,
            }
            for kind, name, organisation, key, text in OPINIONS
        ],
    )

    policy = DraftPolicy.objects.filter(document=c.document, title="Thu phí sử dụng tạm thời vỉa hè").first()
    if policy is None:
        return
    rows = [
        (-12, Activity.Form.GRASSROOTS, "Loa truyền thanh các phường", orgs["ward"], "Người dân các phường", True),
        (-3, Activity.Form.CONFERENCE, dialogue.title, orgs["stp"], "Hộ kinh doanh", True),
        (
            -4,
            Activity.Form.MASS_MEDIA,
            "Chuyên mục Pháp luật và đời sống, Đài Phát thanh - Truyền hình",
            orgs["press"],
            "Người dân toàn tỉnh",
            False,
        ),
        (5, Activity.Form.CONFERENCE, conference.title, orgs["stp"], "Hộ kinh doanh, doanh nghiệp", False),
        (10, Activity.Form.TAILORED, "Tờ gấp hỏi - đáp cho hộ kinh doanh", orgs["stp"], "Hộ kinh doanh", False),
    ]
    for days, form, channel, lead, audience, done in rows:
        planned = commplan.planned_save(
            actor=communicator,
            policy=policy,
            form=form,
            channel=channel,
            lead_body=lead,
            co_bodies="Ủy ban MTTQ Việt Nam tỉnh Thái Nguyên" if form == Activity.Form.CONFERENCE else "",
            planned_on=today + dt.timedelta(days=days),
            audience=audience,
            area="Thành phố Thái Nguyên",
            budget_line="Kinh phí phổ biến, giáo dục pháp luật năm 2026 của Sở Tư pháp",
        )
        if done:
            comm.activity_record(
                actor=communicator,
                policy=policy,
                form=form,
                channel=channel,
                date=today + dt.timedelta(days=days),
                audience=audience,
                area="Thành phố Thái Nguyên",
                evidence_url="https://thainguyen.gov.vn/",
                reach=64 if form == Activity.Form.CONFERENCE else 25000,
                planned=planned,
            )
