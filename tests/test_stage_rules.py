"""The rules that hold a document's stages: windows closed, records written, answers published, and the
minimum comment periods. Each refusal names what is missing."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from policycomm.audit.models import AuditEvent
from policycomm.consultation import services as cons
from policycomm.consultation.models import CommentPeriod, Consultation
from policycomm.consultation.selectors import shortened_windows
from policycomm.errors import DomainError
from policycomm.lawmaking import reviews
from policycomm.lawmaking import services as law
from policycomm.lawmaking.models import AppraisalRecord, ExaminationRecord
from policycomm.lawmaking.rules import DocType, Stage

from .factories import (
    ALL_TO_DRAFT_CONSULTATION,
    advance,
    close,
    closed_window,
    open_consultation,
    register_document,
    review_report,
)

P = Consultation.Phase


@pytest.fixture
def periods(db: Any) -> None:
    """The seeded minimum periods (a transactional test elsewhere may have flushed the migration's rows)."""
    if not CommentPeriod.objects.exists():
        importlib.import_module("policycomm.consultation.migrations.0007_seed_comment_periods").seed(apps, None)


def move(w: Any, doc: Any, to: str) -> None:
    law.document_transition(actor=w.drafter_a, document=doc, to_stage=to)


def refused(w: Any, doc: Any, to: str) -> DomainError:
    with pytest.raises(DomainError) as exc:
        move(w, doc, to)
    doc.refresh_from_db()
    assert doc.stage != to
    return exc.value


def create(w: Any, doc: Any, **kw: Any) -> Consultation:
    now = timezone.now()
    fields = {
        "phase": P.DRAFT,
        "title": "Đợt lấy ý kiến",
        "intro": "",
        "opens_at": now,
        "closes_at": now + dt.timedelta(days=30),
    }
    fields.update(kw)
    return cons.consultation_create(actor=w.drafter_a, document=doc, **fields)


# -- leaving a consultation stage -------------------------------------------------------------------------


def test_proposal_consultation_needs_a_closed_proposal_window(world: Any, periods: None) -> None:
    doc = register_document(world)
    move(world, doc, Stage.PROPOSAL_CONSULTATION)
    err = refused(world, doc, Stage.PROPOSAL_APPRAISAL)
    assert err.code == "window_missing" and err.field == "to_stage"
    assert "Chưa có đợt lấy ý kiến đề nghị xây dựng nào" in err.message
    c = create(world, doc, phase=P.PROPOSAL, title="Lấy ý kiến đề nghị")
    err = refused(world, doc, Stage.PROPOSAL_APPRAISAL)
    assert err.code == "window_not_closed" and "“Lấy ý kiến đề nghị” chưa kết thúc" in err.message
    close(c)
    move(world, doc, Stage.PROPOSAL_APPRAISAL)


def test_draft_consultation_needs_a_closed_draft_window_not_a_proposal_one(world: Any, periods: None) -> None:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    assert doc.consultations.filter(phase=P.PROPOSAL, closes_at__lte=timezone.now()).exists()
    err = refused(world, doc, Stage.SYNTHESIS_PUBLISHED)
    assert err.code == "window_missing" and "lấy ý kiến dự thảo" in err.message


def test_synthesis_needs_every_comment_disposed_and_the_answers_published(world: Any, consultation: Any) -> None:
    doc = consultation.document
    c1, _ = cons.comment_submit(consultation=consultation, text="Giảm phí.", submitter_type="individual", consent=True)
    close(consultation)
    err = refused(world, doc, Stage.SYNTHESIS_PUBLISHED)
    assert err.code == "comments_pending"
    assert f"{consultation.title}: 1 ý kiến" in err.message
    cons.comment_dispose(actor=world.drafter_a, comment=c1, disposition="accepted", explanation="")
    assert refused(world, doc, Stage.SYNTHESIS_PUBLISHED).code == "dispositions_not_published"
    cons.dispositions_publish(actor=world.drafter_a, consultation=consultation)
    move(world, doc, Stage.SYNTHESIS_PUBLISHED)


# -- leaving an appraisal stage, adopting a resolution ------------------------------------------------------


def test_appraisal_stages_need_their_record(world: Any) -> None:
    doc = register_document(world)
    advance(world.drafter_a, doc, Stage.PROPOSAL_CONSULTATION)
    closed_window(world.drafter_a, doc, P.PROPOSAL)
    move(world, doc, Stage.PROPOSAL_APPRAISAL)
    err = refused(world, doc, Stage.PROPOSAL_APPROVED)
    assert err.code == "appraisal_missing" and "thẩm định đề nghị xây dựng" in err.message
    reviews.appraisal_record_save(actor=world.drafter_a, document=doc, phase="proposal", report=review_report(doc))
    move(world, doc, Stage.PROPOSAL_APPROVED)
    advance(world.drafter_a, doc, Stage.DRAFTING, Stage.DRAFT_CONSULTATION, Stage.SYNTHESIS_PUBLISHED)
    move(world, doc, Stage.DRAFT_APPRAISAL)
    # The proposal's record does not stand for the draft's.
    err = refused(world, doc, Stage.EXAMINATION)
    assert err.code == "appraisal_missing" and "thẩm định dự thảo" in err.message


def test_a_council_resolution_is_adopted_only_after_the_committee_checked_communication(world: Any) -> None:
    doc = register_document(world)  # a resolution of the provincial People's Council
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION, Stage.SYNTHESIS_PUBLISHED)
    advance(world.drafter_a, doc, Stage.DRAFT_APPRAISAL, Stage.EXAMINATION)
    assert refused(world, doc, Stage.ADOPTED).code == "examination_missing"
    report = review_report(doc, body_name="Ban Pháp chế HĐND tỉnh", number="45/BC-BPC")
    unchecked = reviews.CommitteeCheck(checked_on=None, confirms_communication=False)
    reviews.examination_record_save(actor=world.drafter_a, document=doc, report=report, check=unchecked)
    err = refused(world, doc, Stage.ADOPTED)
    assert err.code == "communication_check_missing" and "Ban của HĐND" in err.message
    day = timezone.localdate()
    not_done = reviews.CommitteeCheck(checked_on=day, confirms_communication=False, note="Chưa có tờ gấp.")
    reviews.examination_record_save(actor=world.drafter_a, document=doc, report=report, check=not_done)
    err = refused(world, doc, Stage.ADOPTED)
    assert err.code == "communication_not_confirmed" and day.strftime("%d/%m/%Y") in err.message
    done = reviews.CommitteeCheck(checked_on=day, confirms_communication=True)
    record = reviews.examination_record_save(actor=world.drafter_a, document=doc, report=report, check=done)
    move(world, doc, Stage.ADOPTED)
    assert ExaminationRecord.objects.get().pk == record.pk  # corrected in place, not duplicated
    events = AuditEvent.objects.filter(action="document.examination", object_id=str(record.pk))
    assert events.count() == 3
    assert events.order_by("pk").last().after["committee_confirms_communication"] is True  # type: ignore[union-attr]


def test_a_decision_needs_no_examination(world: Any) -> None:
    doc = register_document(world, body="b")  # a decision of the ward's People's Committee
    w_actor = world.officer_b
    advance(w_actor, doc, *ALL_TO_DRAFT_CONSULTATION, Stage.SYNTHESIS_PUBLISHED, Stage.DRAFT_APPRAISAL, Stage.ADOPTED)
    assert not ExaminationRecord.objects.exists()
    with pytest.raises(DomainError) as exc:
        reviews.examination_record_save(
            actor=w_actor,
            document=doc,
            report=review_report(doc),
            check=reviews.CommitteeCheck(checked_on=None, confirms_communication=False),
        )
    assert exc.value.code == "not_examined"


def test_review_records_refuse_what_is_wrong_and_who_may_not(world: Any) -> None:
    doc = register_document(world)
    with pytest.raises(DomainError) as exc:  # not at appraisal yet
        reviews.appraisal_record_save(actor=world.drafter_a, document=doc, phase="proposal", report=review_report(doc))
    assert exc.value.code == "stage_not_reached"
    advance(world.drafter_a, doc, Stage.PROPOSAL_CONSULTATION, Stage.PROPOSAL_APPRAISAL)
    bad = reviews.ReviewReport(
        body=world.body_b,  # the ward's office: not at the province's level
        body_name="",
        date=timezone.localdate() + dt.timedelta(days=1),
        report_number=" ",
        conclusion="",
        states_communicated=False,
    )
    with pytest.raises(DomainError) as exc:
        reviews.appraisal_record_save(actor=world.drafter_a, document=doc, phase="proposal", report=bad)
    assert set(exc.value.errors) == {"body", "date", "report_number", "conclusion"}
    with pytest.raises(DomainError) as exc:
        reviews.appraisal_record_save(actor=world.monitor, document=doc, phase="proposal", report=review_report(doc))
    assert exc.value.status == 403
    assert not AppraisalRecord.objects.exists()


# -- comment periods ------------------------------------------------------------------------------------------


def test_the_seeded_periods_cover_every_type_and_phase_with_a_legal_basis(periods: None) -> None:
    rows = CommentPeriod.objects.all()
    assert {(r.doc_type, r.phase) for r in rows} == {(t, p) for t in DocType.values for p in P.values}
    assert CommentPeriod.objects.get(doc_type=DocType.ND, phase=P.DRAFT).min_days == 20
    assert all(r.legal_basis.startswith("Luật") for r in rows)
    assert not any(r.verified for r in rows)  # the reference says "verify": defaults until an admin confirms


def test_a_short_window_needs_a_legal_ground_and_monitoring_lists_it(world: Any, periods: None) -> None:
    doc = register_document(world)
    advance(world.drafter_a, doc, Stage.PROPOSAL_CONSULTATION)
    now = timezone.now()
    with pytest.raises(DomainError) as exc:
        create(world, doc, phase=P.PROPOSAL, closes_at=now + dt.timedelta(days=7))
    code, message = exc.value.errors["closes_at"]
    assert code == "period_too_short"
    assert "7 ngày, ngắn hơn tối thiểu 20 ngày" in message and "căn cứ pháp lý rút ngắn" in message
    assert not Consultation.objects.filter(phase=P.PROPOSAL).exists()
    ground = "Khoản 2 Điều 49 (thủ tục rút gọn); văn bản đồng ý số 12/UBND."
    c = create(world, doc, phase=P.PROPOSAL, closes_at=now + dt.timedelta(days=7), shortened_ground=ground)
    assert (c.minimum_days, c.shortened_ground) == (20, ground)
    listed = shortened_windows(world.monitor)
    assert [(r["consultation"].pk, r["days"], r["minimum_days"]) for r in listed] == [(c.pk, 7, 20)]
    assert shortened_windows(world.leader_b) == []  # the ward's leader does not monitor the department
    # A window of full length keeps no ground, and is not listed.
    doc2 = register_document(world, title="Văn bản hai")
    advance(world.drafter_a, doc2, Stage.PROPOSAL_CONSULTATION)
    full = create(world, doc2, phase=P.PROPOSAL, shortened_ground="Không cần.")
    assert full.shortened_ground == "" and full.minimum_days == 20
    assert len(shortened_windows(world.monitor)) == 1


def test_a_window_opens_now_or_later_in_the_phase_of_the_stage(world: Any, periods: None) -> None:
    doc = register_document(world)
    with pytest.raises(DomainError) as exc:
        create(world, doc, phase=P.DRAFT)
    assert exc.value.errors["phase"][0] == "phase_stage_mismatch"
    assert "Lập đề nghị xây dựng" in exc.value.errors["phase"][1]
    advance(world.drafter_a, doc, Stage.PROPOSAL_CONSULTATION)
    with pytest.raises(DomainError) as exc:
        create(world, doc, phase=P.DRAFT)
    assert exc.value.errors["phase"][0] == "phase_stage_mismatch"
    yesterday = timezone.now() - dt.timedelta(days=1)
    with pytest.raises(DomainError) as exc:
        create(world, doc, phase=P.PROPOSAL, opens_at=yesterday, closes_at=yesterday + dt.timedelta(days=30))
    assert exc.value.errors["opens_at"][0] == "opens_in_past"
    assert not Consultation.objects.exists()
    create(world, doc, phase=P.PROPOSAL, opens_at=timezone.now() + dt.timedelta(days=1))


def test_open_consultation_helper_moves_time_with_the_data(world: Any, periods: None) -> None:
    doc = register_document(world)
    c = open_consultation(world, doc, days_open=10, closes_in=dt.timedelta(hours=2))
    doc.refresh_from_db()
    assert doc.stage == Stage.DRAFT_CONSULTATION
    assert c.opens_at < timezone.now() - dt.timedelta(days=9) and c.is_open()
    ev = AuditEvent.objects.get(action="consultation.create", object_id=str(c.pk))
    assert ev.after["minimum_days"] == 20 and ev.after["shortened_ground"] == ""


# -- the staff screens ----------------------------------------------------------------------------------------


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_window_form_shows_the_period_error_on_the_field(world: Any, periods: None) -> None:
    doc = register_document(world)
    advance(world.drafter_a, doc, Stage.PROPOSAL_CONSULTATION)
    now = timezone.localtime()
    data = {
        "consultation-phase": "proposal",
        "consultation-title": "Đợt ngắn",
        "consultation-intro": "",
        "consultation-opens_at": (now + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "consultation-closes_at": (now + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
    }
    client = _login(world.drafter_a)
    r = client.post(f"/can-bo/van-ban/{doc.pk}/consultation/", data)
    assert r.status_code == 422
    html = r.content.decode()
    assert 'id="id_consultation-closes_at-err"' in html and "ngắn hơn tối thiểu 20 ngày" in html
    past = {**data, "consultation-opens_at": (now - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")}
    html = client.post(f"/can-bo/van-ban/{doc.pk}/consultation/", past).content.decode()
    assert 'id="id_consultation-opens_at-err"' in html and "không mở lùi về trước" in html
    assert not Consultation.objects.exists()
    ok = {**data, "consultation-shortened_ground": "Thủ tục rút gọn theo quyết định số 5/QĐ-UBND."}
    assert client.post(f"/can-bo/van-ban/{doc.pk}/consultation/", ok).status_code == 302
    assert Consultation.objects.get().shortened_ground.startswith("Thủ tục rút gọn")
    page = _login(world.monitor).get("/can-bo/giam-sat/").content.decode()
    assert "Đợt ngắn" in page and "Thủ tục rút gọn theo quyết định" in page


def test_review_screen_records_and_the_document_page_shows_it(world: Any) -> None:
    doc = register_document(world)
    advance(world.drafter_a, doc, Stage.PROPOSAL_CONSULTATION, Stage.PROPOSAL_APPRAISAL)
    client = _login(world.drafter_a)
    page = client.get(f"/can-bo/van-ban/{doc.pk}/").content.decode()
    assert f'href="/can-bo/van-ban/{doc.pk}/tham-dinh/de-nghi/"' in page and "Chưa ghi kết quả." in page
    url = f"/can-bo/van-ban/{doc.pk}/tham-dinh/de-nghi/"
    form = client.get(url).content.decode()
    assert "Sở Tư pháp" in form and "Văn phòng HĐND và UBND phường" not in form  # the province's bodies only
    data = {
        "body": str(world.body_a.pk),
        "body_name": "",
        "date": timezone.localdate().isoformat(),
        "report_number": "86/BC-STP",
        "conclusion": "Đủ điều kiện trình Thường trực HĐND.",
        "states_communicated": "on",
    }
    r = client.post(url, {**data, "date": "2999-01-01"})
    assert r.status_code == 422 and 'id="id_date-err"' in r.content.decode()
    assert "Ngày báo cáo không được sau hôm nay." in r.content.decode()
    for body in (str(world.body_b.pk), "not-a-number"):  # outside the level, or not a number: refused by the form
        r = client.post(url, {**data, "body": body})
        assert r.status_code == 422 and 'id="id_body-err"' in r.content.decode()
    assert not AppraisalRecord.objects.exists()
    assert client.post(url, data).status_code == 302
    record = AppraisalRecord.objects.get()
    assert (record.body_id, record.report_number, record.states_communicated) == (world.body_a.pk, "86/BC-STP", True)
    page = client.get(f"/can-bo/van-ban/{doc.pk}/").content.decode()
    assert "Báo cáo số 86/BC-STP" in page and "Báo cáo nêu chính sách đã được truyền thông" in page
    assert _login(world.monitor).get(url).status_code == 403
    assert _login(world.officer_b).get(url).status_code == 404
    r = client.post(f"/can-bo/van-ban/{doc.pk}/transition/", {"stage-to_stage": Stage.PROPOSAL_APPROVED})
    assert r.status_code == 302


def test_transition_refusal_is_shown_on_the_stage_field(world: Any) -> None:
    doc = register_document(world)
    advance(world.drafter_a, doc, Stage.PROPOSAL_CONSULTATION)
    r = _login(world.drafter_a).post(
        f"/can-bo/van-ban/{doc.pk}/transition/", {"stage-to_stage": Stage.PROPOSAL_APPRAISAL}
    )
    assert r.status_code == 422
    assert "Chưa có đợt lấy ý kiến đề nghị xây dựng nào" in r.content.decode()


def test_periods_screen_cites_the_basis_and_admin_edits_with_audit(world: Any, periods: None) -> None:
    page = _login(world.officer_b).get("/can-bo/thoi-han-lay-y-kien/").content.decode()
    assert page.count('class="card period"') == len(DocType.values) * 2
    assert "Luật Ban hành văn bản quy phạm pháp luật 2025 (64/2025/QH15)" in page
    assert "Mặc định, cần đối chiếu" in page
    row = CommentPeriod.objects.get(doc_type=DocType.NQ_HDND_TINH, phase=P.DRAFT)
    admin = _login(world.admin)
    assert admin.get("/admin/consultation/commentperiod/").status_code == 200
    assert admin.get("/admin/consultation/commentperiod/add/").status_code == 403
    r = admin.post(
        f"/admin/consultation/commentperiod/{row.pk}/change/",
        {"min_days": "30", "legal_basis": row.legal_basis, "verified": "on"},
    )
    assert r.status_code == 302
    row.refresh_from_db()
    assert (row.min_days, row.verified) == (30, True)
    assert AuditEvent.objects.filter(action="admin.commentperiod.change", object_id=str(row.pk)).exists()
