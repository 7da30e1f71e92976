"""Every staff and portal URL × every persona: the status each gets, and proof that a refused write
changed nothing in any domain table.

The route list is read from the URL configuration, so a new URL without a row here fails
``test_every_url_is_in_the_matrix``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from policycomm.channels.models import ChannelOutput
from policycomm.communication import services as comm
from policycomm.communication.models import Activity
from policycomm.consultation import services as cons
from policycomm.consultation.models import AnalysisRun, Comment, SynthesisReport
from policycomm.lawmaking import services as law
from policycomm.lawmaking.rules import DocType, Stage
from policycomm.notifications.delivery import deliver_events
from policycomm.notifications.mail import unsubscribe_token
from policycomm.notifications.models import Notification
from policycomm.notifications.sources import ReminderEvent
from policycomm.plans import services as psvc
from policycomm.plans.parser import parse_file
from policycomm.reporting import services as rsvc

from .factories import ROOT, World, advance, material_for, open_consultation, register_document, screen_in_scope

PERSONAS = [
    "citizen",
    "drafter_a",
    "leader_a",
    "communicator_a",
    "moderator_a",
    "officer_b",
    "leader_b",
    "monitor",
    "admin",
]
STAFF = PERSONAS[1:]
SEED = ROOT.parent / "shared" / "seeds" / "thainguyen-01-KH-UBND-2025.txt"
DOMAIN_APPS = (
    "orgs",
    "lawmaking",
    "communication",
    "consultation",
    "channels",
    "plans",
    "reporting",
    "audit",
    "auth",
    "notifications",
)


def expect(default: int, *, citizen: int = 302, **overrides: int) -> dict[str, int]:
    """Statuses per persona: ``default`` for every staff persona unless overridden; citizens go to the login."""
    got = {p: overrides.get(p, default) for p in STAFF}
    got["citizen"] = citizen
    return got


# Body A (the department drafting the document) is read by its own staff, the council's monitor and the
# admin; the ward's staff (officer_b, leader_b) do not reach it.
A_READ = expect(200, officer_b=404, leader_b=404)


def a_write(*writers: str, ok: int = 302) -> dict[str, int]:
    """A write on body A's objects: ``ok`` for the writers, 403 for A's other readers, 404 for the ward."""
    got = expect(403, officer_b=404, leader_b=404)
    for w in writers:
        got[w] = ok
    return got


DRAFTERS = ("drafter_a", "admin")
MODERATORS = ("drafter_a", "moderator_a", "admin")
REPORTERS = ("drafter_a", "leader_a", "admin")
KIT_WRITERS = ("drafter_a", "communicator_a", "admin")
PLAN_WRITERS = ("drafter_a", "leader_a", "monitor", "admin")  # advisers under the province, and the admin


def plan_write(ok: int = 302) -> dict[str, int]:
    got = expect(403)
    for w in PLAN_WRITERS:
        got[w] = ok
    return got


@dataclass
class Row:
    route: str  # the URL pattern's name
    path: str  # with {placeholders} for the objects
    method: str
    expected: dict[str, int]
    data: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] = field(default_factory=dict)
    note: str = ""
    first: str = ""  # a page to view before the request (a vote needs the token the draft page issues)


def _activity_data(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "activity-form": "portal",
        "activity-channel": "Cổng thông tin tỉnh",
        "activity-date": dt.date.today().isoformat(),
        "activity-evidence_url": "https://example.gov.vn/bai-viet",
        "activity-reach": "10",
        "activity-comments_received": "0",
    }


def _review_data(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "body": "",
        "body_name": "Sở Tư pháp",
        "date": dt.date.today().isoformat(),
        "report_number": "125/BC-STP",
        "conclusion": "Đủ điều kiện trình.",
        "states_communicated": "on",
    }


def _task_pk(o: dict[str, Any]) -> int:
    return int(o["task"].pk)


MATRIX: list[Row] = [
    # -- portal: the same for everyone ------------------------------------------------------------------
    Row("portal:home", "/", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:consultation", "/gop-y/{c}/", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:comment", "/gop-y/{c}/y-kien/", "get", dict.fromkeys(PERSONAS, 200)),
    Row(
        "portal:comment",
        "/gop-y/{c}/y-kien/",
        "post",
        dict.fromkeys(PERSONAS, 302),
        {"text": "Tôi đồng ý với mức thu này.", "submitter_type": "individual", "consent": "on"},
    ),
    Row("portal:receipt", "/gop-y/{c}/da-nhan/{receipt}/", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:lookup", "/tra-cuu/", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:lookup", "/tra-cuu/?ma={receipt}", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:vote", "/gop-y/{c}/nhan-dinh/{statement}/", "post", dict.fromkeys(PERSONAS, 403), {"vote": "1"}),
    Row(
        "portal:vote",
        "/gop-y/{c}/nhan-dinh/{statement}/",
        "post",
        dict.fromkeys(PERSONAS, 302),
        {"vote": "1"},
        first="/gop-y/{c}/",
    ),
    Row("portal:unsubscribe", "/huy-nhan-thu/{unsub}/", "get", dict.fromkeys(PERSONAS, 200)),
    Row(
        "portal:unsubscribe",
        "/huy-nhan-thu/{unsub}/",
        "post",
        dict.fromkeys(PERSONAS, 200),
        {"List-Unsubscribe": "One-Click"},
    ),
    Row("portal:unsubscribe", "/huy-nhan-thu/gia-mao/", "get", dict.fromkeys(PERSONAS, 400)),
    Row(
        "portal:unsubscribe",
        "/huy-nhan-thu/{unsub}x/",
        "post",
        dict.fromkeys(PERSONAS, 400),
        {"List-Unsubscribe": "One-Click"},
    ),
    Row("set_language", "/i18n/setlang/", "post", dict.fromkeys(PERSONAS, 302), {"language": "en", "next": "/"}),
    # -- staff: signing in and out, home ----------------------------------------------------------------
    Row("backoffice:login", "/can-bo/dang-nhap/", "get", expect(302, citizen=200)),
    Row("backoffice:logout", "/can-bo/dang-xuat/", "post", expect(302, citizen=302)),
    Row("backoffice:dashboard", "/can-bo/", "get", expect(200)),
    # -- the inbox: one's own messages only (leader_a's here; an admin does not read other people's) -------
    Row("backoffice:inbox", "/can-bo/thong-bao/", "get", expect(200)),
    Row("backoffice:inbox_read", "/can-bo/thong-bao/{note}/da-doc/", "post", expect(404, leader_a=302)),
    Row("backoffice:inbox_read_all", "/can-bo/thong-bao/da-doc-het/", "post", expect(302)),
    Row("backoffice:inbox_preference", "/can-bo/thong-bao/cach-nhan-thu/", "post", expect(302), {"mode": "digest"}),
    Row("backoffice:inbox_preference", "/can-bo/thong-bao/cach-nhan-thu/", "post", expect(422), {"mode": "moi-gio"}),
    # -- documents ----------------------------------------------------------------------------------------
    Row(
        "backoffice:document_create",
        "/can-bo/van-ban/moi/",
        "get",
        expect(403, drafter_a=200, officer_b=200, admin=200),
    ),
    Row(
        "backoffice:document_create",
        "/can-bo/van-ban/moi/",
        "post",
        expect(403, drafter_a=302, admin=302, officer_b=422),  # the ward's drafter may not draft for body A
        lambda o: {
            "title": "Quyết định mới",
            "doc_type": DocType.NQ_HDND_TINH,
            "issuing_authority": o["hdnd"].pk,
            "drafting_body": o["body_a"].pk,
        },
    ),
    Row("backoffice:document", "/can-bo/van-ban/{doc}/", "get", A_READ),
    Row(
        "backoffice:document_action",
        "/can-bo/van-ban/{doc}/transition/",
        "post",
        a_write(*DRAFTERS, ok=422),  # refused by the guard: the answers of the window are not published
        {"stage-to_stage": Stage.SYNTHESIS_PUBLISHED, "stage-note": ""},
    ),
    Row(
        "backoffice:document_action",
        "/can-bo/van-ban/{doc}/policy/",
        "post",
        a_write(*DRAFTERS),
        {"policy-title": "Mới"},
    ),
    Row(
        "backoffice:document_action",
        "/can-bo/van-ban/{doc}/sections/",
        "post",
        a_write(*DRAFTERS),
        {"sections-raw_text": "Điều 1. Phạm vi\nNội dung."},
    ),
    Row(
        "backoffice:document_action",
        "/can-bo/van-ban/{doc}/consultation/",
        "post",
        a_write(*DRAFTERS),
        lambda o: {
            "consultation-phase": "draft",
            "consultation-title": "Đợt hai",
            "consultation-intro": "",
            "consultation-opens_at": (dt.datetime.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "consultation-closes_at": (dt.datetime.now() + dt.timedelta(days=40)).strftime("%Y-%m-%dT%H:%M"),
        },
        note="status for writers depends on the window rule",
    ),
    # -- appraisal and examination records (the document is in its draft consultation) -----------------------
    Row("backoffice:appraisal", "/can-bo/van-ban/{doc}/tham-dinh/de-nghi/", "get", a_write(*DRAFTERS, ok=200)),
    Row(
        "backoffice:appraisal",
        "/can-bo/van-ban/{doc}/tham-dinh/de-nghi/",
        "post",
        a_write(*DRAFTERS),
        _review_data,
    ),
    Row(
        "backoffice:appraisal",
        "/can-bo/van-ban/{doc}/tham-dinh/du-thao/",
        "post",
        a_write(*DRAFTERS, ok=422),  # the draft has not reached its appraisal yet
        _review_data,
    ),
    Row("backoffice:examination", "/can-bo/van-ban/{doc}/tham-tra/", "get", a_write(*DRAFTERS, ok=200)),
    Row(
        "backoffice:examination",
        "/can-bo/van-ban/{doc}/tham-tra/",
        "post",
        a_write(*DRAFTERS, ok=422),  # not at examination yet
        _review_data,
    ),
    Row("backoffice:comment_periods", "/can-bo/thoi-han-lay-y-kien/", "get", expect(200)),
    # -- policies, material, activities ------------------------------------------------------------------
    Row("backoffice:policy", "/can-bo/chinh-sach/{policy}/", "get", A_READ),
    Row(
        "backoffice:policy_action",
        "/can-bo/chinh-sach/{policy}/screen/",
        "post",
        a_write(*DRAFTERS),
        {
            "c1": "on",
            "c1_reason": "Có đề nghị.",
            "c2": "on",
            "c2_reason": "Nghĩa vụ.",
            "c3": "on",
            "c3_reason": "Dư luận.",
            "c4": "on",
            "c4_reason": "Toàn tỉnh.",
        },
    ),
    Row(
        "backoffice:policy_action",
        "/can-bo/chinh-sach/{policy}/material/",
        "post",
        a_write(*DRAFTERS),
        {"title": "Tờ gấp"},
    ),
    Row(
        "backoffice:policy_action",
        "/can-bo/chinh-sach/{policy}/activity/",
        "post",
        a_write("drafter_a", "communicator_a", "admin"),
        _activity_data,
    ),
    Row("backoffice:activity_evidence", "/can-bo/hoat-dong/{activity}/minh-chung/", "get", A_READ),
    Row(
        "backoffice:activity_edit",
        "/can-bo/hoat-dong/{activity}/sua/",
        "get",
        a_write("drafter_a", "communicator_a", "admin", ok=200),
    ),
    Row(
        "backoffice:activity_edit",
        "/can-bo/hoat-dong/{activity}/sua/",
        "post",
        a_write("drafter_a", "communicator_a", "admin"),
        _activity_data,
    ),
    Row(
        "backoffice:activity_delete",
        "/can-bo/hoat-dong/{activity}/xoa/",
        "get",
        a_write("drafter_a", "communicator_a", "admin", ok=200),
    ),
    Row(
        "backoffice:activity_delete",
        "/can-bo/hoat-dong/{activity}/xoa/",
        "post",
        a_write("drafter_a", "communicator_a", "admin"),
    ),
    Row("backoffice:material", "/can-bo/tai-lieu/{material}/", "get", A_READ),
    Row(
        "backoffice:material_action",
        "/can-bo/tai-lieu/{material}/save/",
        "post",
        a_write(*DRAFTERS),
        {"title": "Tên mới"},
    ),
    Row(
        "backoffice:material_action",
        "/can-bo/tai-lieu/{material}/submit/",
        "post",
        a_write(*DRAFTERS),
        {"title": "Tên mới", "part_need": "Vì sao.", "part_content": "Nội dung.", "part_changes": "Điểm mới."},
    ),
    Row("backoffice:material_action", "/can-bo/tai-lieu/{submitted}/approve/", "post", a_write("leader_a")),
    Row(
        "backoffice:material_action",
        "/can-bo/tai-lieu/{submitted}/return/",
        "post",
        a_write("leader_a"),
        {"note": "Sửa lại."},
    ),
    Row(
        "backoffice:material_action",
        "/can-bo/tai-lieu/{approved}/publish/",
        "post",
        a_write("drafter_a", "leader_a", "admin"),
    ),
    # -- consultation processing ---------------------------------------------------------------------------
    Row("backoffice:consultation", "/can-bo/lay-y-kien/{c}/", "get", A_READ),
    Row("backoffice:report_status", "/can-bo/lay-y-kien/{c}/bao-cao/{report}/", "get", A_READ),
    Row("backoffice:report_download", "/can-bo/lay-y-kien/{c}/bao-cao/{report}/tai-ve/", "get", A_READ),
    Row("backoffice:analysis", "/can-bo/lay-y-kien/{c}/phan-tich/", "get", A_READ),
    Row("backoffice:analysis", "/can-bo/lay-y-kien/{c}/phan-tich/?xem=y-kien&dieu=dieu-2", "get", A_READ),
    Row("backoffice:analysis", "/can-bo/lay-y-kien/{c}/phan-tich/?xem=tranh-luan", "get", A_READ),
    Row("backoffice:analysis_status", "/can-bo/lay-y-kien/{c}/phan-tich/{run}/", "get", A_READ),
    Row(
        "backoffice:analysis_dispose",
        "/can-bo/lay-y-kien/{c}/phan-tich/xu-ly/",
        "post",
        a_write(*DRAFTERS),
        {"kind": "campaign", "key": "x", "disposition": "accepted", "explanation": ""},
    ),
    Row(
        "backoffice:statement_add",
        "/can-bo/lay-y-kien/{c}/nhan-dinh/",
        "post",
        a_write(*DRAFTERS),
        {"text": "Nên miễn phí."},
    ),
    Row(
        "backoffice:statement_hide",
        "/can-bo/lay-y-kien/{c}/nhan-dinh/{statement}/an/",
        "post",
        a_write(*DRAFTERS),
        {"hidden": "1"},
    ),
    Row("backoffice:consultation_action", "/can-bo/lay-y-kien/{c}/publish/", "post", a_write(*DRAFTERS)),
    Row("backoffice:consultation_action", "/can-bo/lay-y-kien/{c}/report/", "post", a_write(*REPORTERS)),
    Row("backoffice:consultation_action", "/can-bo/lay-y-kien/{c}/analyze/", "post", a_write(*REPORTERS)),
    Row(
        "backoffice:comment_action",
        "/can-bo/y-kien/{comment}/dispose/",
        "post",
        a_write(*DRAFTERS),
        {"disposition": "accepted", "explanation": ""},
    ),
    Row(
        "backoffice:comment_action",
        "/can-bo/y-kien/{comment}/hide/",
        "post",
        a_write(*MODERATORS),
        {"reason": "Xúc phạm."},
    ),
    Row("backoffice:comment_action", "/can-bo/y-kien/{hidden_comment}/unhide/", "post", a_write(*MODERATORS)),
    # -- the channel kit: read by A's readers, made and used by those who record activities --------------------
    Row("portal:channel_file", "/gop-y/{c}/kenh/led/", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:channel_file", "/gop-y/{c}/kenh/poster/", "get", dict.fromkeys(PERSONAS, 404), note="never made"),
    Row("portal:short", "/p/{c}/", "get", dict.fromkeys(PERSONAS, 302)),
    Row("backoffice:channel_kit", "/can-bo/lay-y-kien/{c}/kenh/", "get", A_READ),
    Row("backoffice:channel_download", "/can-bo/lay-y-kien/{c}/kenh/led/tai-ve/", "get", A_READ),
    Row("backoffice:channel_rebuild", "/can-bo/lay-y-kien/{c}/kenh/tao-lai/", "post", a_write(*KIT_WRITERS)),
    Row(
        "backoffice:channel_recording",
        "/can-bo/lay-y-kien/{c}/kenh/ban-thu/",
        "post",
        a_write(*KIT_WRITERS, ok=422),
        note="no file sent",
    ),
    Row(
        "backoffice:channel_recording_remove",
        "/can-bo/lay-y-kien/{c}/kenh/ban-thu/go/",
        "post",
        a_write(*KIT_WRITERS, ok=409),
        note="no recording to remove",
    ),
    Row(
        "backoffice:channel_use",
        "/can-bo/lay-y-kien/{c}/kenh/led/da-su-dung/",
        "post",
        a_write(*KIT_WRITERS, ok=409),
        {"token": "matrix"},
        note="no published material to record it for",
    ),
    # -- monitoring -------------------------------------------------------------------------------------------
    Row(
        "backoffice:monitoring",
        "/can-bo/giam-sat/",
        "get",
        expect(403, leader_a=200, leader_b=200, monitor=200, admin=200),
    ),
    # Opened on a unit: 404 for a leader whose subtree does not hold it.
    Row(
        "backoffice:monitoring",
        "/can-bo/giam-sat/?don-vi={body_a}",
        "get",
        expect(403, leader_a=200, leader_b=404, monitor=200, admin=200),
    ),
    Row(
        "backoffice:monitoring_failing",
        "/can-bo/giam-sat/chua-dat/",
        "get",
        expect(403, leader_a=200, leader_b=200, monitor=200, admin=200),
    ),
    Row(
        "backoffice:monitoring_failing",
        "/can-bo/giam-sat/chua-dat/?co-quan={body_a}&nam=2026",
        "get",
        expect(403, leader_a=200, leader_b=404, monitor=200, admin=200),
    ),
    # -- plans: the province's plan is read by everyone at or below the province --------------------------------
    Row("backoffice:plans", "/can-bo/ke-hoach/", "get", expect(200)),
    Row("backoffice:plan_import", "/can-bo/ke-hoach/nhap/", "get", expect(200, communicator_a=403, moderator_a=403)),
    Row("backoffice:plan_review", "/can-bo/ke-hoach/nhap/khong-co-phien-nay/", "get", expect(404)),
    Row("backoffice:plan", "/can-bo/ke-hoach/{plan}/", "get", expect(200)),
    Row("backoffice:plan_download", "/can-bo/ke-hoach/{plan}/tai-ve.docx", "get", expect(200)),
    Row(
        "backoffice:plan_derive",
        "/can-bo/ke-hoach/{plan}/lap-cap-duoi/",
        "post",
        # The ward's office writes the ward's plan; the province's advisers may derive it too.
        expect(403, drafter_a=302, leader_a=302, monitor=302, admin=302, officer_b=302, leader_b=302),
        lambda o: {"organisation": o["ward"].pk},
    ),
    Row("backoffice:plan_bodies", "/can-bo/ke-hoach/{plan}/co-quan/", "get", plan_write(200)),
    Row("backoffice:plan_bodies", "/can-bo/ke-hoach/{plan}/co-quan/", "post", plan_write()),
    Row("backoffice:plan_revise", "/can-bo/ke-hoach/{plan}/sua/", "get", plan_write(200)),
    Row("backoffice:plan_revise", "/can-bo/ke-hoach/{plan}/sua/", "post", plan_write(200), {"title": ""}),
    Row(
        "backoffice:plan_training",
        "/can-bo/ke-hoach/{plan}/tap-huan/",
        "post",
        plan_write(),
        lambda o: {
            "task": _task_pk(o),
            "title": "Tập huấn",
            "date": dt.date.today().isoformat(),
            "organiser": "Sở Tư pháp",
            "audience": "Báo cáo viên",
            "participants": "30",
        },
    ),
    Row(
        "backoffice:plan_budget",
        "/can-bo/ke-hoach/{plan}/kinh-phi/",
        "post",
        plan_write(),
        lambda o: {"task": _task_pk(o), "year": "2025", "source": "state", "allocated": "1000000", "spent": "0"},
    ),
    Row(
        "backoffice:task_report",
        "/can-bo/ke-hoach/nhiem-vu/{task}/tien-do/",
        "post",
        plan_write(),
        {"status": "in_progress", "progress": "50", "evidence": ""},
    ),
    # Periodic reports: the period of the province owes reports from body A (Sở Tư pháp, the standing body) and
    # the ward; the ward's report is drafted in the ward's office.
    Row("backoffice:reports", "/can-bo/bao-cao/", "get", expect(200)),
    Row("backoffice:period_create", "/can-bo/bao-cao/ky-moi/", "get", expect(200, communicator_a=403, moderator_a=403)),
    Row(
        "backoffice:period_create",
        "/can-bo/bao-cao/ky-moi/",
        "post",
        expect(422, communicator_a=403, moderator_a=403),
        {"title": "", "kind": "six_month"},
    ),
    Row("backoffice:report_period", "/can-bo/bao-cao/ky/{period}/", "get", expect(200)),
    Row(
        "backoffice:report_period_action",
        "/can-bo/bao-cao/ky/{period}/consolidate/",
        "post",
        expect(403, drafter_a=302, leader_a=302, monitor=302, admin=302),
    ),
    Row(
        "backoffice:report_period_action",
        "/can-bo/bao-cao/ky/{period}/start/",
        "post",
        expect(403, officer_b=302, leader_b=302, admin=302),
        lambda o: {"organisation": o["ward"].pk},
    ),
    Row("backoffice:report", "/can-bo/bao-cao/{ward_report}/", "get", expect(200)),
    Row("backoffice:report", "/can-bo/bao-cao/{dept_report}/", "get", expect(200, officer_b=404, leader_b=404)),
    Row(
        "backoffice:report_action",
        "/can-bo/bao-cao/{ward_report}/save/",
        "post",
        expect(403, officer_b=302, leader_b=302, admin=302),
        {"symbol": "BC-UBND", "results": "Kết quả."},
    ),
    Row(
        "backoffice:report_action",
        "/can-bo/bao-cao/{ward_report}/save/",
        "post",
        expect(403, officer_b=422, leader_b=422, admin=422),
        {"symbol": "KH-UBND", "results": "Ký hiệu sai."},
        note="a symbol that is not a report's is refused, nothing saved",
    ),
    Row(
        "backoffice:report_action",
        "/can-bo/bao-cao/{dept_report}/accept/",
        "post",
        expect(403, drafter_a=409, leader_a=409, monitor=409, admin=409, officer_b=404, leader_b=404),
        note="nothing submitted yet: 409 for the reviewers, 403 for the others",
    ),
    Row("backoffice:period_report_download", "/can-bo/bao-cao/{ward_report}/tai-ve.docx", "get", expect(200)),
    Row("backoffice:period_report_download", "/can-bo/bao-cao/{ward_report}/tai-ve.xlsx", "get", expect(200)),
    Row("backoffice:recognition", "/can-bo/bao-cao/khen-thuong/", "get", expect(200)),
    Row(
        "backoffice:good_model_create",
        "/can-bo/bao-cao/khen-thuong/mo-hinh/",
        "post",
        expect(422, communicator_a=403, moderator_a=403),
        {"title": ""},
    ),
    Row(
        "backoffice:commendation_create",
        "/can-bo/bao-cao/khen-thuong/de-nghi/",
        "post",
        expect(422, communicator_a=403, moderator_a=403),
        {"reason": ""},
    ),
    Row(
        "backoffice:commendation_decide",
        "/can-bo/bao-cao/khen-thuong/{commendation}/quyet-dinh/",
        "post",
        expect(403, leader_a=302, admin=302, officer_b=404, leader_b=404),
        {"decision": "approve"},
    ),
]


@pytest.fixture
def objs(world: World) -> dict[str, Any]:
    doc = register_document(world)
    advance(world.drafter_a, doc, Stage.PROPOSAL_CONSULTATION, Stage.PROPOSAL_APPRAISAL, Stage.PROPOSAL_APPROVED)
    advance(world.drafter_a, doc, Stage.DRAFTING, Stage.DRAFT_CONSULTATION)
    policy = screen_in_scope(world.drafter_a, law.policy_add(actor=world.drafter_a, document=doc, title="Thu phí"))
    material = material_for(world.drafter_a, policy)
    submitted = comm.material_submit(actor=world.drafter_a, material=material_for(world.drafter_a, policy))
    approved = comm.material_submit(actor=world.drafter_a, material=material_for(world.drafter_a, policy))
    approved = comm.material_review(actor=world.leader_a, material=approved, approve=True)
    activity = comm.activity_record(
        actor=world.drafter_a,
        policy=policy,
        form=Activity.Form.PORTAL,
        channel="Cổng",
        date=dt.date.today(),
        evidence_file=SimpleUploadedFile("anh.png", b"\x89PNG evidence"),
    )
    c = open_consultation(world, doc)
    comment, _ = cons.comment_submit(consultation=c, text="Ý kiến", submitter_type="individual", consent=True)
    hidden, _ = cons.comment_submit(consultation=c, text="Ý kiến khác", submitter_type="individual", consent=True)
    cons.comment_hide(actor=world.moderator_a, comment=hidden, hidden=True, reason="Xúc phạm.")
    statement = cons.statement_add(actor=world.drafter_a, consultation=c, text="Nên thu phí theo mét vuông.")
    report = SynthesisReport.objects.create(
        consultation=c, status=SynthesisReport.Status.DONE, requested_by=world.drafter_a
    )
    report.file.save("bao-cao.docx", ContentFile(b"PK docx"))
    run = AnalysisRun.objects.create(consultation=c, status=AnalysisRun.Status.DONE, summary={})
    ChannelOutput.objects.create(
        consultation=c, kind="led", text="LẤY Ý KIẾN DỰ THẢO", media_type="text/plain", made_at=timezone.now()
    )
    plan = psvc.plan_create(actor=world.monitor, organisation=world.province, data=parse_file(SEED), source_name="kh")
    task = plan.tasks.order_by("pk").first()
    period = rsvc.period_create(
        actor=world.monitor,
        organisation=world.province,
        kind="six_month",
        title="Báo cáo 6 tháng",
        start=dt.date.today() - dt.timedelta(days=180),
        end=dt.date.today(),
        due=dt.date.today() + dt.timedelta(days=5),
        units=[world.body_a, world.ward],
    )
    ward_report = rsvc.report_start(actor=world.officer_b, period=period, organisation=world.ward)
    dept_report = rsvc.report_start(actor=world.drafter_a, period=period, organisation=world.body_a)
    commendation = rsvc.commendation_propose(
        actor=world.drafter_a,
        organisation=world.province,
        target_org=world.ward,
        reason="Mô hình hay.",
        proposed_on=dt.date.today(),
    )
    deliver_events(
        [ReminderEvent(key="matrix:1", kind="material_approval", recipients=(world.leader_a.pk,), title="Chờ duyệt")]
    )
    return {
        "note": Notification.objects.get(recipient=world.leader_a),
        "unsub": unsubscribe_token("dan@example.com"),
        "period": period,
        "ward_report": ward_report,
        "dept_report": dept_report,
        "commendation": commendation,
        "doc": doc,
        "policy": policy,
        "material": material,
        "submitted": submitted,
        "approved": approved,
        "activity": activity,
        "c": c,
        "comment": comment,
        "hidden_comment": hidden,
        "receipt": comment.receipt,
        "statement": statement,
        "report": report,
        "run": run,
        "plan": plan,
        "task": task,
        "hdnd": world.users["hdnd"],
        "body_a": world.body_a,
        "ward": world.ward,
    }


def snapshot() -> str:
    """A digest of every row of every domain table (and the users)."""
    h = hashlib.sha256()
    for app in DOMAIN_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.label == "auth.Permission":
                continue  # fixed by the migrations
            rows = model._default_manager.order_by("pk").values_list()
            h.update(f"{model._meta.label}:{list(rows)!r}".encode())
    return h.hexdigest()


def _fmt(path: str, o: dict[str, Any]) -> str:
    return path.format(**{k: (v if isinstance(v, str) else v.pk) for k, v in o.items()})


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix(world: World, objs: dict[str, Any], persona: str) -> None:
    failures = []
    for row in MATRIX:
        client = Client()
        if persona != "citizen":
            client.force_login(world.users[persona])
        path = _fmt(row.path, objs)
        data = row.data(objs) if callable(row.data) else row.data
        want = row.expected[persona]
        refused_write = row.method == "post" and want >= 400
        with transaction.atomic():
            if row.first:
                client.get(_fmt(row.first, objs))
            before = snapshot() if refused_write else ""
            response = client.get(path) if row.method == "get" else client.post(path, data)
            if response.status_code != want:
                failures.append(f"{row.method.upper()} {path}: {response.status_code}, expected {want}")
            elif refused_write and snapshot() != before:
                failures.append(f"{row.method.upper()} {path}: refused with {want} but changed data")
            to_login = response.status_code != 302 or response["Location"].startswith("/can-bo/dang-nhap/")
            if persona == "citizen" and path.startswith("/can-bo/") and "dang-xuat" not in path and not to_login:
                failures.append(f"{path}: citizen sent to {response['Location']}, not to the login")
            transaction.set_rollback(True)
    assert failures == [], "\n".join(failures)


def _routes(patterns: list[Any], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            if ns in ("admin",) or str(p.pattern).startswith("api/"):
                continue
            names |= _routes(p.url_patterns, f"{ns}:" if ns else prefix)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def test_every_url_is_in_the_matrix() -> None:
    routes = _routes(get_resolver().url_patterns)
    covered = {r.route for r in MATRIX}
    assert routes - covered == set()
    assert covered - routes == set()
    assert len(routes) >= 39
    assert len(MATRIX) >= 63  # routes × actions and methods


def test_the_snapshot_sees_a_change_anywhere(world: World, objs: dict[str, Any]) -> None:
    before = snapshot()
    Comment.objects.filter(pk=objs["comment"].pk).update(explanation="đổi")
    assert snapshot() != before
