from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from docx import Document

from policycomm.audit.models import AuditEvent
from policycomm.consultation import services as cons
from policycomm.consultation.models import Comment, SynthesisReport
from policycomm.errors import DomainError
from policycomm.lawmaking import services as law
from policycomm.lawmaking.rules import Stage

from .factories import close, register_document

D = Comment.Disposition


def submit(c: Any, text: str = "Đề nghị giảm mức phí.", **kw: Any) -> tuple[Comment, bool]:
    kw.setdefault("submitter_type", "individual")
    kw.setdefault("consent", True)
    return cons.comment_submit(consultation=c, text=text, **kw)


def test_submit_returns_receipt_and_audits(consultation: Any) -> None:
    comment, created = submit(consultation, name="Nguyễn Văn A", email="a@example.vn")
    assert created
    assert comment.receipt.startswith("GY-") and len(comment.receipt) == 12
    assert AuditEvent.objects.filter(action="comment.submit", object_id=str(comment.pk)).count() == 1


def test_submit_collects_every_field_error_and_saves_nothing(consultation: Any) -> None:
    with pytest.raises(DomainError) as exc:
        cons.comment_submit(
            consultation=consultation,
            text="  ",
            submitter_type="alien",
            consent=False,
            email="not-an-email",
            section_id=999999,
        )
    assert set(exc.value.errors) == {"text", "submitter_type", "consent", "email", "section_id"}
    assert all(msg for _code, msg in exc.value.errors.values())
    assert not Comment.objects.exists()


def test_window_enforced(world: Any, consultation: Any) -> None:
    close(consultation)
    with pytest.raises(DomainError) as exc:
        submit(consultation)
    assert (exc.value.code, exc.value.status) == ("window_closed", 409)
    assert not Comment.objects.exists()


def test_idempotency_key_replays_and_detects_reuse(consultation: Any) -> None:
    first, created1 = submit(consultation, idempotency_key="k-1")
    again, created2 = submit(consultation, idempotency_key="k-1")
    assert (created1, created2) == (True, False)
    assert again.receipt == first.receipt
    assert Comment.objects.count() == 1
    with pytest.raises(DomainError) as exc:
        submit(consultation, text="Một ý kiến khác", idempotency_key="k-1")
    assert exc.value.code == "idempotency_key_reused"
    # A replay after the window closed still returns the receipt: the comment was received in time.
    close(consultation)
    assert submit(consultation, idempotency_key="k-1")[0].receipt == first.receipt


def test_section_comment_must_belong_to_the_draft(world: Any, consultation: Any) -> None:
    other = register_document(world, title="Văn bản khác")
    law.sections_replace(actor=world.drafter_a, document=other, raw_text="Điều 9. Khác\nnội dung")
    foreign = other.sections.get()
    with pytest.raises(DomainError) as exc:
        submit(consultation, section_id=foreign.pk)
    assert "section_id" in exc.value.errors
    own = consultation.document.sections.get(key="dieu-2.khoan-1")
    comment, _ = submit(consultation, section_id=own.pk)
    assert comment.section == own


def test_disposition_and_publication_rules(world: Any, consultation: Any) -> None:
    c1, _ = submit(consultation)
    c2, _ = submit(consultation, text="Spam quảng cáo")
    with pytest.raises(DomainError) as exc:
        cons.comment_dispose(actor=world.drafter_a, comment=c1, disposition=D.NOT_ACCEPTED, explanation="")
    assert exc.value.field == "explanation"
    with pytest.raises(DomainError) as exc:
        cons.comment_dispose(actor=world.officer_b, comment=c1, disposition=D.ACCEPTED, explanation="")
    assert exc.value.status == 403
    cons.comment_dispose(actor=world.drafter_a, comment=c1, disposition=D.PARTIAL, explanation="Giảm còn 15.000 đ.")
    with pytest.raises(DomainError) as exc:
        cons.dispositions_publish(actor=world.drafter_a, consultation=consultation)
    assert exc.value.code == "window_open"
    close(consultation)
    with pytest.raises(DomainError) as exc:
        cons.dispositions_publish(actor=world.drafter_a, consultation=consultation)
    assert exc.value.code == "pending_comments" and "1" in exc.value.message
    cons.comment_hide(actor=world.moderator_a, comment=c2, hidden=True, reason="Quảng cáo")
    cons.dispositions_publish(actor=world.drafter_a, consultation=consultation)
    assert consultation.dispositions_published_at is not None
    with pytest.raises(DomainError) as exc:
        cons.comment_dispose(actor=world.drafter_a, comment=c1, disposition=D.ACCEPTED, explanation="")
    assert exc.value.code == "already_published"
    ev = AuditEvent.objects.get(action="comment.dispose", object_id=str(c1.pk))
    assert ev.before == {"disposition": "", "explanation": ""}
    assert ev.after == {"disposition": "partial", "explanation": "Giảm còn 15.000 đ."}


def test_synthesis_stage_needs_published_dispositions(world: Any, consultation: Any) -> None:
    doc = consultation.document
    with pytest.raises(DomainError) as exc:
        law.document_transition(actor=world.drafter_a, document=doc, to_stage=Stage.SYNTHESIS_PUBLISHED)
    assert exc.value.code == "window_not_closed"  # the window is still open
    close(consultation)
    with pytest.raises(DomainError) as exc:
        law.document_transition(actor=world.drafter_a, document=doc, to_stage=Stage.SYNTHESIS_PUBLISHED)
    assert exc.value.code == "dispositions_not_published"
    cons.dispositions_publish(actor=world.drafter_a, consultation=consultation)
    law.document_transition(actor=world.drafter_a, document=doc, to_stage=Stage.SYNTHESIS_PUBLISHED)
    doc.refresh_from_db()
    assert doc.stage == Stage.SYNTHESIS_PUBLISHED


@pytest.mark.django_db(transaction=True)
def test_report_built_by_the_real_worker(
    world: Any, consultation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    c1, _ = submit(
        consultation, text="Mức phí quá cao.", section_id=consultation.document.sections.get(key="dieu-2.khoan-1").pk
    )
    c2, _ = submit(
        consultation, text="Đề nghị công khai danh sách điểm.", submitter_type="organisation", name="Hội Luật gia tỉnh"
    )
    cons.comment_dispose(
        actor=world.drafter_a,
        comment=c1,
        disposition=D.NOT_ACCEPTED,
        explanation="Mức phí đã được tính theo chi phí duy tu.",
    )
    cons.comment_dispose(actor=world.drafter_a, comment=c2, disposition=D.ACCEPTED, explanation="")
    with django_capture_on_commit_callbacks(execute=True):
        # The window is still open: the report is early and is built only when confirmed.
        report = cons.report_request(actor=world.drafter_a, consultation=consultation, confirm=True)
    report.refresh_from_db()
    assert report.status == SynthesisReport.Status.QUEUED and report.task_id
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    report.refresh_from_db()
    assert report.status == SynthesisReport.Status.DONE, report.error
    assert report.progress == 100
    doc = Document(io.BytesIO(report.file.read()))
    header = doc.tables[0]
    left = "\n".join(p.text for p in header.cell(0, 0).paragraphs)
    right = "\n".join(p.text for p in header.cell(0, 1).paragraphs)
    assert "UBND Tỉnh Thái Nguyên".upper() in left and "SỞ TƯ PHÁP" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert header.cell(1, 0).text.strip().startswith("Số:") and header.cell(1, 0).text.strip().endswith("/BC-STP")
    assert header.cell(1, 1).text.startswith("Thái Nguyên, ngày ")
    assert header.cell(1, 1).paragraphs[0].runs[0].italic
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in body and "Tổng số ý kiến nhận được: 2" in body
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Chủ thể góp ý",
        "Nội dung góp ý",
        "Ý kiến tiếp thu, giải trình",
    ]
    assert "Điều 2. Mức thu" in body and "Ý kiến chung" in body
    assert body.index("Điều 2. Mức thu") < body.index("Ý kiến chung")
    assert [c.text for c in table.rows[1].cells] == [
        "1",
        "Cá nhân",
        "[Khoản 1 Điều 2] Mức phí quá cao.",
        "Không tiếp thu, giải trình. Mức phí đã được tính theo chi phí duy tu.",
    ]
    assert doc.tables[2].rows[1].cells[1].text == "Tổ chức: Hội Luật gia tỉnh"
    assert report.pdf and report.pdf.read().startswith(b"%PDF")
    closing = doc.tables[-1]
    assert closing.cell(0, 0).paragraphs[0].text == "Nơi nhận:"
    assert closing.cell(0, 0).paragraphs[-1].text == "- Lưu: VT, STP."
    sign = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert sign == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Minh"]
    sec = doc.sections[0]
    assert (round(sec.left_margin.mm), round(sec.right_margin.mm), round(sec.top_margin.mm)) == (30, 15, 20)
    assert round(sec.page_width.mm) == 210 and sec.different_first_page_header_footer


def test_a_refused_decision_stays_at_its_comment_with_the_input_kept(
    world: Any, consultation: Any, client: Any
) -> None:
    first, _ = submit(consultation, "Đề nghị giảm mức phí cho hộ nghèo.")
    target, _ = submit(consultation, "Mức phí 20.000 đồng là quá cao.")
    client.force_login(world.drafter_a)
    url = f"/can-bo/y-kien/{target.pk}/dispose/"

    # No explanation for a refusal: the page comes back (422), the choice is kept, the message is
    # beside this comment's explanation field, and the field takes the focus.
    resp = client.post(url, {"disposition": D.NOT_ACCEPTED, "explanation": "  ", "loc": "pending"})
    assert resp.status_code == 422
    page = resp.content.decode()
    row = page[page.index(f'id="y-{target.pk}"') :]
    row = row[: row.index("</article>")]
    assert f'<option value="{D.NOT_ACCEPTED}" selected>' in row
    assert f'aria-describedby="e-{target.pk}-err" autofocus' in row
    assert f'<p class="error" id="e-{target.pk}-err" role="alert">Vui lòng ghi nội dung giải trình' in row
    other = page[page.index(f'id="y-{first.pk}"') :]
    other = other[: other.index("</article>")]
    assert "selected>" not in other and 'role="alert"' not in other  # other comments untouched
    assert f'href="#y-{target.pk}"' in page  # the summary at the top links to the comment
    assert '<input type="hidden" name="loc" value="pending">' in row  # the filter survives

    # No result chosen: the explanation typed is kept, the message is beside the result field.
    resp = client.post(url, {"disposition": "", "explanation": "Đã có quy định miễn phí cho hộ nghèo."})
    assert resp.status_code == 422
    page = resp.content.decode()
    assert "Đã có quy định miễn phí cho hộ nghèo.</textarea>" in page
    assert f'<p class="error" id="d-{target.pk}-err" role="alert">Vui lòng chọn kết quả xử lý.</p>' in page
    target.refresh_from_db()
    assert target.disposition == ""
    # Even under a filter that leaves the comment out, its refused form is shown.
    resp = client.post(url, {"disposition": D.PARTIAL, "explanation": "", "loc": D.ACCEPTED})
    assert resp.status_code == 422 and f'id="e-{target.pk}-err"' in resp.content.decode()

    # Once right, it is saved and the page returns to the comment, filter kept.
    resp = client.post(url, {"disposition": D.NOT_ACCEPTED, "explanation": "Mức phí đã thấp.", "loc": "pending"})
    assert resp.status_code == 302 and resp.url.endswith(f"/lay-y-kien/{consultation.pk}/?loc=pending#y-{target.pk}")
    target.refresh_from_db()
    assert (target.disposition, target.explanation) == (D.NOT_ACCEPTED, "Mức phí đã thấp.")


def test_a_refused_moderation_stays_at_its_comment(world: Any, consultation: Any, client: Any) -> None:
    comment, _ = submit(consultation, "Nội dung quảng cáo.")
    client.force_login(world.moderator_a)
    resp = client.post(f"/can-bo/y-kien/{comment.pk}/hide/", {"reason": ""})
    assert resp.status_code == 422
    page = resp.content.decode()
    assert f'<p class="error" id="r-{comment.pk}-err" role="alert">Vui lòng nêu lý do ẩn ý kiến.</p>' in page
    assert "<details open>" in page
    comment.refresh_from_db()
    assert not comment.hidden
