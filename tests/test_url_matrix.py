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
from policycomm.communication import commplan
from policycomm.communication import services as comm
from policycomm.communication.models import Activity
from policycomm.consultation import events as cev
from policycomm.consultation import feedback, intake
from policycomm.consultation import services as cons
from policycomm.consultation.models import AnalysisRun, Comment, SynthesisReport
from policycomm.lawmaking import services as law
from policycomm.lawmaking.dossier import dossier_add
from policycomm.lawmaking.rules import DocType, Stage
from policycomm.notifications.delivery import deliver_events
from policycomm.notifications.mail import unsubscribe_token
from policycomm.notifications.models import Notification
from policycomm.notifications.sources import ReminderEvent
from policycomm.plans import services as psvc
from policycomm.plans.parser import parse_file
from policycomm.reporting import services as rsvc
from policycomm.subscriptions import tokens as follow_tokens
from policycomm.subscriptions.models import Subscription

from .factories import (
    ROOT,
    World,
    advance,
    material_for,
    open_consultation,
    publish_material,
    register_document,
    screen_in_scope,
)

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
    "subscriptions",
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


# Leaders, the monitor and the admin must use two-factor: force_login gave them a device (conftest.py).
TWO_FACTOR = ("leader_a", "leader_b", "monitor", "admin")
ENROLLED_302 = dict.fromkeys(TWO_FACTOR, 302)
REQUIRED_403 = dict.fromkeys(TWO_FACTOR, 403)
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


def _event_data(o: dict[str, Any]) -> dict[str, Any]:
    start = dt.datetime.now() + dt.timedelta(days=3)
    return {
        "event-form": "conference",
        "event-title": "Hội nghị lấy ý kiến",
        "event-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "event-ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "event-place": "Hội trường",
        "event-organiser": str(o["body_a"].pk),
        "event-registration_open": "on",
    }


def _planned_data(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "planned-form": "mass_media",
        "planned-channel": "Báo Thái Nguyên",
        "planned-lead_body": str(o["body_a"].pk),
        "planned-planned_on": (dt.date.today() + dt.timedelta(days=7)).isoformat(),
    }


OPINIONS = {
    "token": "matrix-token-1",
    "op-TOTAL_FORMS": "1",
    "op-INITIAL_FORMS": "0",
    "op-0-text": "Ý kiến phát biểu tại đối thoại.",
    "op-0-submitter_type": "individual",
}
PLANNERS = ("drafter_a", "communicator_a", "admin")
TRANSLATION = {"title": "Why a fee?", "part_need": "Why.", "part_content": "What.", "part_changes": "New."}


def _review_data(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "body": "",
        "body_name": "Sở Tư pháp",
        "date": dt.date.today().isoformat(),
        "report_number": "125/BC-STP",
        "conclusion": "Đủ điều kiện trình.",
        "states_communicated": "on",
    }


def _entry_data(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "channel": "letter",
        "received_on": dt.date.today().isoformat(),
        "submitter_type": "individual",
        "text": "Thư góp ý: đề nghị giảm phí.",
        "save": "1",
    }


def _import_data(o: dict[str, Any]) -> dict[str, Any]:
    return {"channel": "meeting", "file": SimpleUploadedFile("y-kien.csv", "Nội dung\nĐồng ý.\n".encode())}


def _task_pk(o: dict[str, Any]) -> int:
    return int(o["task"].pk)


MATRIX: list[Row] = [
    # -- portal: the same for everyone ------------------------------------------------------------------
    Row("portal:home", "/", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:search", "/tim-kiem/?q=via+he", "get", dict.fromkeys(PERSONAS, 200)),
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
    Row("portal:version", "/gop-y/{c}/du-thao/2/", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:version", "/gop-y/{c}/du-thao/9/", "get", dict.fromkeys(PERSONAS, 404), note="no such version"),
    Row("portal:compare", "/gop-y/{c}/so-sanh/?tu=1&den=2", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:compare", "/gop-y/{c}/so-sanh/?tu=1&den=x", "get", dict.fromkeys(PERSONAS, 404)),
    Row("portal:dossier_file", "/gop-y/{c}/ho-so/{dossier}/", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:dossier_file", "/gop-y/{c}/ho-so/{private_dossier}/", "get", dict.fromkeys(PERSONAS, 404)),
    Row("portal:event", "/gop-y/{c}/su-kien/{event}/", "get", dict.fromkeys(PERSONAS, 200)),
    Row(
        "portal:event",
        "/gop-y/{c}/su-kien/{event}/",
        "post",
        dict.fromkeys(PERSONAS, 302),
        {"name": "Nguyễn Văn Dân", "phone": "0912345678"},
    ),
    Row(
        "portal:event",
        "/gop-y/{c}/su-kien/{past_event}/",
        "post",
        dict.fromkeys(PERSONAS, 409),
        {"name": "Nguyễn Văn Dân", "phone": "0912345678"},
        note="the event has taken place: no registration",
    ),
    Row(
        "portal:event_registered",
        "/gop-y/{c}/su-kien/{event}/da-dang-ky/{registration}/",
        "get",
        dict.fromkeys(PERSONAS, 200),
    ),
    Row("portal:event_ics", "/gop-y/{c}/su-kien/{event}.ics", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:events_feed", "/su-kien.ics", "get", dict.fromkeys(PERSONAS, 200)),
    # The matrix's consultation is open: its open data does not exist yet.
    Row("portal:opendata_csv", "/gop-y/{c}/du-lieu.csv", "get", dict.fromkeys(PERSONAS, 404)),
    Row("portal:opendata_json", "/gop-y/{c}/du-lieu.json", "get", dict.fromkeys(PERSONAS, 404)),
    Row("portal:feed_drafts", "/nguon-tin/du-thao.atom", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:feed_area", "/nguon-tin/khu-vuc/19.atom", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:feed_draft", "/gop-y/{c}/cap-nhat.atom", "get", dict.fromkeys(PERSONAS, 200)),
    Row("portal:deadlines_ics", "/han-gop-y.ics", "get", dict.fromkeys(PERSONAS, 200)),
    Row(
        "portal:synthesis_download",
        "/gop-y/{c}/bao-cao-tong-hop/{published_report}.pdf",
        "get",
        dict.fromkeys(PERSONAS, 200),
    ),
    Row("portal:synthesis_download", "/gop-y/{c}/bao-cao-tong-hop/{report}.docx", "get", dict.fromkeys(PERSONAS, 404)),
    Row("portal:lookup", "/tra-cuu/", "get", dict.fromkeys(PERSONAS, 200)),
    # Visible comments are off by default (comment_visibility "hidden"): no comment is public to report.
    Row("portal:comment_report", "/gop-y/{c}/y-kien/{comment}/bao-cao/", "get", dict.fromkeys(PERSONAS, 404)),
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
    Row("portal:identity_login", "/dang-nhap/", "get", dict.fromkeys(PERSONAS, 200)),
    Row(
        "portal:identity_code_request", "/dang-nhap/gui-ma/", "post", dict.fromkeys(PERSONAS, 200), {"email": "a@b.vn"}
    ),
    Row(
        "portal:identity_code_verify", "/dang-nhap/nhap-ma/", "post", dict.fromkeys(PERSONAS, 422), {"email": "a@b.vn"}
    ),
    Row("portal:identity_oidc_start", "/dang-nhap/xac-thuc/", "post", dict.fromkeys(PERSONAS, 404)),
    Row("portal:identity_oidc_callback", "/dang-nhap/xac-thuc/ve/", "get", dict.fromkeys(PERSONAS, 404)),
    Row("portal:identity_logout", "/dang-xuat/", "post", dict.fromkeys(PERSONAS, 302)),
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
    # -- following by e-mail: the signed link is the authority, so every persona gets the same answer ------
    Row(
        "portal:follow",
        "/theo-doi/",
        "post",
        dict.fromkeys(PERSONAS, 200),
        lambda o: {"email": "a@b.vn", "consultation": o["c"].pk},
    ),
    Row(
        "portal:follow",
        "/theo-doi/",
        "post",
        dict.fromkeys(PERSONAS, 422),
        lambda o: {"email": "khong-hop-le", "consultation": o["c"].pk},
    ),
    Row(
        "portal:follow",
        "/theo-doi/",
        "post",
        dict.fromkeys(PERSONAS, 404),
        {"email": "a@b.vn", "consultation": "999999"},
    ),
    Row("portal:follow_confirm", "/theo-doi/xac-nhan/{fconfirm}/", "get", dict.fromkeys(PERSONAS, 200)),
    Row(
        "portal:follow_confirm",
        "/theo-doi/xac-nhan/{fconfirm}/",
        "post",
        dict.fromkeys(PERSONAS, 200),
        {"frequency": "daily"},
    ),
    Row(
        "portal:follow_confirm",
        "/theo-doi/xac-nhan/gia-mao/",
        "post",
        dict.fromkeys(PERSONAS, 400),
        {"frequency": "daily"},
    ),
    Row("portal:follow_manage", "/theo-doi/quan-ly/{fmanage}/", "get", dict.fromkeys(PERSONAS, 200)),
    Row(
        "portal:follow_manage",
        "/theo-doi/quan-ly/{fmanage_other}/",
        "post",
        dict.fromkeys(PERSONAS, 404),
        lambda o: {"subscription": o["follow"].pk, "frequency": "weekly"},
        note="another address's subscription",
    ),
    Row("portal:follow_manage", "/theo-doi/quan-ly/gia-mao/", "get", dict.fromkeys(PERSONAS, 400)),
    Row("portal:follow_unsubscribe", "/theo-doi/huy/{funsub}/", "get", dict.fromkeys(PERSONAS, 200)),
    Row(
        "portal:follow_unsubscribe",
        "/theo-doi/huy/{funsub}/",
        "post",
        dict.fromkeys(PERSONAS, 200),
        {"List-Unsubscribe": "One-Click"},
    ),
    Row(
        "portal:follow_unsubscribe",
        "/theo-doi/huy/{funsub}x/",
        "post",
        dict.fromkeys(PERSONAS, 400),
        {"List-Unsubscribe": "One-Click"},
    ),
    Row("set_language", "/i18n/setlang/", "post", dict.fromkeys(PERSONAS, 302), {"language": "en", "next": "/"}),
    # -- probes: no login; no worker runs in the test, so not ready (tests/test_health.py has the rest) ------
    Row("health:healthz", "/healthz", "get", dict.fromkeys(PERSONAS, 200)),
    Row("health:readyz", "/readyz", "get", dict.fromkeys(PERSONAS, 503), note="no worker heartbeat"),
    # -- staff: signing in and out, home ----------------------------------------------------------------
    Row("backoffice:login", "/can-bo/dang-nhap/", "get", expect(302, citizen=200)),
    Row("backoffice:logout", "/can-bo/dang-xuat/", "post", expect(302, citizen=302)),
    # -- the account's security (staffauth): force_login passed the code step of those who need one --------
    Row("backoffice:two_factor_verify", "/can-bo/dang-nhap/ma-xac-thuc/", "get", expect(302)),
    Row("backoffice:two_factor_enrol", "/can-bo/dang-nhap/dang-ky-xac-thuc/", "get", expect(200, **ENROLLED_302)),
    Row("backoffice:sso_start", "/can-bo/dang-nhap/mot-lan/", "post", dict.fromkeys(PERSONAS, 404)),
    Row("backoffice:sso_callback", "/can-bo/dang-nhap/mot-lan/ve/", "get", dict.fromkeys(PERSONAS, 404)),
    Row("backoffice:security", "/can-bo/bao-mat/", "get", expect(200)),
    Row("backoffice:recovery_codes", "/can-bo/bao-mat/ma-khoi-phuc/", "get", expect(302)),
    Row("backoffice:recovery_regenerate", "/can-bo/bao-mat/ma-khoi-phuc/tao-moi/", "post", expect(409, **ENROLLED_302)),
    Row("backoffice:two_factor_disable", "/can-bo/bao-mat/tat-xac-thuc-hai-buoc/", "post", expect(409, **REQUIRED_403)),
    Row("backoffice:password_change", "/can-bo/bao-mat/mat-khau/", "get", expect(200)),
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
    Row("backoffice:document_compare", "/can-bo/van-ban/{doc}/so-sanh/?tu=1&den=2", "get", A_READ),
    Row("backoffice:document_dossier", "/can-bo/van-ban/{doc}/ho-so/", "get", A_READ),
    Row(
        "backoffice:document_dossier",
        "/can-bo/van-ban/{doc}/ho-so/",
        "post",
        a_write(*DRAFTERS),
        lambda o: {
            "kind": "to_trinh",
            "title": "Tờ trình",
            "public": "on",
            "file": SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 to trinh"),
        },
    ),
    Row("backoffice:dossier_file", "/can-bo/van-ban/{doc}/ho-so/{dossier}/", "get", A_READ),
    Row("backoffice:dossier_file_remove", "/can-bo/van-ban/{doc}/ho-so/{dossier}/xoa/", "post", a_write(*DRAFTERS)),
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
        "/can-bo/van-ban/{doc}/sectors/",
        "post",
        a_write(*DRAFTERS),
        {"sectors-sectors": []},
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
    Row(
        "backoffice:planned_add",
        "/can-bo/chinh-sach/{policy}/ke-hoach-truyen-thong/",
        "post",
        a_write(*PLANNERS),
        _planned_data,
    ),
    Row("backoffice:planned_edit", "/can-bo/hoat-dong-du-kien/{planned}/sua/", "get", a_write(*PLANNERS, ok=200)),
    Row(
        "backoffice:planned_edit", "/can-bo/hoat-dong-du-kien/{planned}/sua/", "post", a_write(*PLANNERS), _planned_data
    ),
    Row("backoffice:planned_cancel", "/can-bo/hoat-dong-du-kien/{planned}/huy/", "post", a_write(*PLANNERS)),
    Row("backoffice:planned_done", "/can-bo/hoat-dong-du-kien/{planned}/thuc-hien/", "get", a_write(*PLANNERS, ok=200)),
    Row(
        "backoffice:planned_done",
        "/can-bo/hoat-dong-du-kien/{planned}/thuc-hien/",
        "post",
        a_write(*PLANNERS),
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
    # -- translations of material (on the approved material: "en" written, "fr" submitted) --------------------
    Row("backoffice:translation_new", "/can-bo/tai-lieu/{approved}/ban-dich/", "get", a_write(*DRAFTERS, ok=200)),
    Row(
        "backoffice:translation_new",
        "/can-bo/tai-lieu/{approved}/ban-dich/",
        "post",
        a_write(*DRAFTERS),
        {"language": "it", **TRANSLATION},
    ),
    Row("backoffice:translation", "/can-bo/tai-lieu/{approved}/ban-dich/en/", "get", A_READ),
    Row(
        "backoffice:translation_action",
        "/can-bo/tai-lieu/{approved}/ban-dich/en/save/",
        "post",
        a_write(*DRAFTERS),
        TRANSLATION,
    ),
    Row(
        "backoffice:translation_action",
        "/can-bo/tai-lieu/{approved}/ban-dich/en/submit/",
        "post",
        a_write(*DRAFTERS),
        TRANSLATION,
    ),
    Row(
        "backoffice:translation_action", "/can-bo/tai-lieu/{approved}/ban-dich/fr/approve/", "post", a_write("leader_a")
    ),
    Row(
        "backoffice:translation_action",
        "/can-bo/tai-lieu/{approved}/ban-dich/fr/return/",
        "post",
        a_write("leader_a"),
        {"note": "Dịch lại."},
    ),
    Row("portal:translation", "/gop-y/{c}/ban-dich/de/", "get", dict.fromkeys(PERSONAS, 200)),
    # -- consultation processing ---------------------------------------------------------------------------
    Row("backoffice:consultation", "/can-bo/lay-y-kien/{c}/", "get", A_READ),
    Row("backoffice:events", "/can-bo/lay-y-kien/{c}/su-kien/", "get", A_READ),
    Row("backoffice:events", "/can-bo/lay-y-kien/{c}/su-kien/", "post", a_write(*DRAFTERS), _event_data),
    Row("backoffice:event", "/can-bo/lay-y-kien/{c}/su-kien/{event}/", "get", A_READ),
    Row("backoffice:event_minutes", "/can-bo/lay-y-kien/{c}/su-kien/{past_event}/bien-ban/", "get", A_READ),
    Row(
        "backoffice:event_action",
        "/can-bo/lay-y-kien/{c}/su-kien/{event}/save/",
        "post",
        a_write(*DRAFTERS),
        _event_data,
    ),
    Row("backoffice:event_action", "/can-bo/lay-y-kien/{c}/su-kien/{event}/cancel/", "post", a_write(*DRAFTERS)),
    Row(
        "backoffice:event_action",
        "/can-bo/lay-y-kien/{c}/su-kien/{past_event}/outcome/",
        "post",
        a_write(*DRAFTERS),
        {"outcome-attendance": "40", "outcome-minutes": "Biên bản."},
    ),
    Row(
        "backoffice:event_action",
        "/can-bo/lay-y-kien/{c}/su-kien/{past_event}/opinions/",
        "post",
        a_write(*DRAFTERS),
        OPINIONS,
    ),
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
    # The report is built from its own page now (it may need a confirmation); the old action is gone.
    Row("backoffice:consultation_action", "/can-bo/lay-y-kien/{c}/report/", "post", expect(404)),
    Row("backoffice:synthesis", "/can-bo/lay-y-kien/{c}/tong-hop/", "get", A_READ),
    # The window is open and a comment unanswered: without the confirmation nothing is queued (409).
    Row("backoffice:synthesis", "/can-bo/lay-y-kien/{c}/tong-hop/", "post", a_write(*REPORTERS, ok=409)),
    Row(
        "backoffice:synthesis",
        "/can-bo/lay-y-kien/{c}/tong-hop/",
        "post",
        a_write(*REPORTERS),
        {"confirm": "on"},
    ),
    Row("backoffice:report_file", "/can-bo/lay-y-kien/{c}/bao-cao/{report}/tai-ve.docx", "get", A_READ),
    Row("backoffice:report_file", "/can-bo/lay-y-kien/{c}/bao-cao/{published_report}/tai-ve.pdf", "get", A_READ),
    Row(
        "backoffice:report_file",
        "/can-bo/lay-y-kien/{c}/bao-cao/{report}/tai-ve.pdf",
        "get",
        expect(404),
        note="no PDF",
    ),
    # The answers of the rounds it covers are not published: refused, nothing changed.
    Row(
        "backoffice:report_publish",
        "/can-bo/lay-y-kien/{c}/bao-cao/{report}/cong-khai/",
        "post",
        a_write(*REPORTERS, ok=409),
    ),
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
    # -- visible comments (issue 13 §4): the setting (drafters) and the moderator queue -------------------------
    Row("backoffice:moderation", "/can-bo/lay-y-kien/{c}/kiem-duyet/", "get", a_write(*MODERATORS, ok=200)),
    Row(
        "backoffice:moderation_action",
        "/can-bo/lay-y-kien/{c}/kiem-duyet/{comment}/",
        "post",
        a_write(*MODERATORS),
        {"action": "approve"},
    ),
    Row("backoffice:moderation_action", "/can-bo/lay-y-kien/{c}/kiem-duyet/{comment}/", "get", expect(405)),
    Row(
        "backoffice:comment_visibility",
        "/can-bo/lay-y-kien/{c}/hien-thi-y-kien/",
        "post",
        a_write(*DRAFTERS),
        {"comment_visibility": "post"},
    ),
    # -- intake from every channel: drafters of body A write; its other staff read the lists --------------------
    Row("backoffice:intake_enter", "/can-bo/lay-y-kien/{c}/nhap-y-kien/", "get", a_write(*DRAFTERS, ok=200)),
    Row("backoffice:intake_enter", "/can-bo/lay-y-kien/{c}/nhap-y-kien/", "post", a_write(*DRAFTERS), _entry_data),
    Row(
        "backoffice:intake_enter",
        "/can-bo/lay-y-kien/{c}/nhap-y-kien/",
        "post",
        a_write(*DRAFTERS, ok=422),
        lambda o: {**_entry_data(o), "received_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()},
        note="a date received in the future is refused, nothing saved",
    ),
    Row("backoffice:intake_import", "/can-bo/lay-y-kien/{c}/nhap-tep/", "get", a_write(*DRAFTERS, ok=200)),
    Row("backoffice:intake_import", "/can-bo/lay-y-kien/{c}/nhap-tep/", "post", a_write(*DRAFTERS), _import_data),
    Row(
        "backoffice:intake_import_preview",
        "/can-bo/lay-y-kien/{c}/nhap-tep/" + "0" * 32 + "/",
        "get",
        a_write(*DRAFTERS, ok=404),
        note="no such import session",
    ),
    Row(
        "backoffice:intake_import_preview",
        "/can-bo/lay-y-kien/{c}/nhap-tep/" + "0" * 32 + "/",
        "post",
        a_write(*DRAFTERS, ok=404),
    ),
    Row("backoffice:intake_attachment", "/can-bo/y-kien/{letter}/tep-kem-theo/", "get", A_READ),
    Row("backoffice:criticisms", "/can-bo/lay-y-kien/{c}/phan-bien/", "get", A_READ),
    Row(
        "backoffice:criticisms",
        "/can-bo/lay-y-kien/{c}/phan-bien/",
        "post",
        a_write(*DRAFTERS),
        lambda o: {"issuer": "Ủy ban MTTQ tỉnh", "issued_on": dt.date.today().isoformat(), "points": "Giảm phí."},
    ),
    Row("backoffice:criticism", "/can-bo/lay-y-kien/{c}/phan-bien/{criticism}/", "get", A_READ),
    Row(
        "backoffice:criticism_answer",
        "/can-bo/lay-y-kien/{c}/phan-bien/{criticism}/noi-dung-1/",
        "post",
        a_write(*DRAFTERS),
        {"disposition": "accepted", "explanation": ""},
    ),
    Row("backoffice:outreach", "/can-bo/lay-y-kien/{c}/gui-lay-y-kien/", "get", A_READ),
    Row(
        "backoffice:outreach",
        "/can-bo/lay-y-kien/{c}/gui-lay-y-kien/",
        "post",
        a_write(*DRAFTERS),
        lambda o: {"others": "Hiệp hội Doanh nghiệp tỉnh", "sent_on": dt.date.today().isoformat()},
    ),
    Row(
        "backoffice:outreach_reply",
        "/can-bo/lay-y-kien/{c}/gui-lay-y-kien/{outreach}/tra-loi/",
        "get",
        a_write(*DRAFTERS, ok=200),
    ),
    Row(
        "backoffice:outreach_reply",
        "/can-bo/lay-y-kien/{c}/gui-lay-y-kien/{outreach}/tra-loi/",
        "post",
        a_write(*DRAFTERS),
        lambda o: {**_entry_data(o), "submitter_type": "organisation"},
    ),
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
        a_write(*KIT_WRITERS),
        {"token": "matrix"},
        note="records the activity for the published material, the output attached",
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
    comm.translation_save(actor=world.drafter_a, material=approved, language="en", **TRANSLATION)
    fr = comm.translation_save(actor=world.drafter_a, material=approved, language="fr", **TRANSLATION)
    comm.translation_submit(actor=world.drafter_a, translation=fr)
    public = publish_material(world.drafter_a, world.leader_a, policy, title="Tờ gấp đã công khai")
    de = comm.translation_save(actor=world.drafter_a, material=public, language="de", **TRANSLATION)
    comm.translation_review(
        actor=world.leader_a, translation=comm.translation_submit(actor=world.drafter_a, translation=de), approve=True
    )
    activity = comm.activity_record(
        actor=world.drafter_a,
        policy=policy,
        form=Activity.Form.PORTAL,
        channel="Cổng",
        date=dt.date.today(),
        evidence_file=SimpleUploadedFile("anh.png", b"\x89PNG evidence"),
    )
    c = open_consultation(world, doc)
    start = timezone.now().replace(microsecond=0)
    event = cev.event_save(
        actor=world.drafter_a,
        consultation=c,
        form="conference",
        title="Hội nghị",
        starts_at=start + dt.timedelta(days=3),
        ends_at=start + dt.timedelta(days=3, hours=2),
        organiser=world.body_a,
        place="Hội trường",
    )
    registration, _ = cev.event_register(event=event, name="Trần Thị Mai", email="mai@example.vn")
    past_event = cev.event_save(
        actor=world.drafter_a,
        consultation=c,
        form="dialogue",
        title="Đối thoại",
        starts_at=start - dt.timedelta(days=2),
        ends_at=start - dt.timedelta(days=2) + dt.timedelta(hours=2),
        organiser=world.body_a,
        place="Nhà văn hóa",
    )
    cev.event_outcome(
        actor=world.drafter_a,
        event=past_event,
        attendance=30,
        minutes_file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    planned = commplan.planned_save(
        actor=world.communicator_a,
        policy=policy,
        form="mass_media",
        channel="Đài truyền hình",
        lead_body=world.body_a,
        planned_on=dt.date.today() - dt.timedelta(days=1),
    )
    comment, _ = cons.comment_submit(consultation=c, text="Ý kiến", submitter_type="individual", consent=True)
    hidden, _ = cons.comment_submit(consultation=c, text="Ý kiến khác", submitter_type="individual", consent=True)
    cons.comment_hide(actor=world.moderator_a, comment=hidden, hidden=True, reason="Xúc phạm.")
    letter, _ = intake.comment_enter(
        actor=world.drafter_a,
        consultation=c,
        channel="letter",
        text="Thư góp ý",
        submitter_type="individual",
        received_on=dt.date.today(),
        attachment=SimpleUploadedFile("thu.pdf", b"%PDF-1.4 scan"),
    )
    criticism, _ = feedback.criticism_record(
        actor=world.drafter_a,
        consultation=c,
        issuer="Ủy ban MTTQ tỉnh",
        reference="1/MTTQ",
        issued_on=dt.date.today(),
        received_on=None,
        summary="",
        points=[{"text": "Giảm phí.", "section_id": None}],
    )
    outreach = feedback.outreach_record(
        actor=world.drafter_a,
        consultation=c,
        recipients=[{"name": "Ban quản lý chợ", "organisation_id": None}],
        sent_on=dt.date.today(),
    )["created"][0]
    statement = cons.statement_add(actor=world.drafter_a, consultation=c, text="Nên thu phí theo mét vuông.")
    report = SynthesisReport.objects.create(
        consultation=c, status=SynthesisReport.Status.DONE, requested_by=world.drafter_a
    )
    report.file.save("bao-cao.docx", ContentFile(b"PK docx"))
    published_report = SynthesisReport.objects.create(
        consultation=c, status=SynthesisReport.Status.DONE, requested_by=world.drafter_a, published_at=c.opens_at
    )
    published_report.pdf.save("bao-cao.pdf", ContentFile(b"%PDF-1.7"))
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
    law.sections_replace(actor=world.drafter_a, document=doc, raw_text="Điều 1. Phạm vi\nNội dung mới.")
    dossier = dossier_add(
        actor=world.drafter_a,
        document=doc,
        kind="to_trinh",
        title="Tờ trình",
        file=SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 to trinh"),
    )
    private_dossier = dossier_add(
        actor=world.drafter_a,
        document=doc,
        kind="khac",
        title="Nội bộ",
        file=SimpleUploadedFile("noi-bo.pdf", b"%PDF-1.4 noi bo"),
        public=False,
    )
    follow = Subscription.objects.create(email="dan@example.com", target=Subscription.Target.DRAFT, consultation=c)
    return {
        "note": Notification.objects.get(recipient=world.leader_a),
        "unsub": unsubscribe_token("dan@example.com"),
        "follow": follow,
        "fconfirm": follow_tokens.confirm_token("dan@example.com", follow.pk),
        "fmanage": follow_tokens.manage_token("dan@example.com"),
        "fmanage_other": follow_tokens.manage_token("ke-gian@example.com"),
        "funsub": follow_tokens.unsubscribe_token("dan@example.com", follow.pk),
        "period": period,
        "ward_report": ward_report,
        "dept_report": dept_report,
        "commendation": commendation,
        "doc": doc,
        "dossier": dossier,
        "private_dossier": private_dossier,
        "policy": policy,
        "material": material,
        "submitted": submitted,
        "approved": approved,
        "activity": activity,
        "c": c,
        "event": event,
        "past_event": past_event,
        "registration": registration.receipt,
        "planned": planned,
        "comment": comment,
        "hidden_comment": hidden,
        "letter": letter,
        "criticism": criticism,
        "outreach": outreach,
        "receipt": comment.receipt,
        "statement": statement,
        "report": report,
        "published_report": published_report,
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
