"""The synthesis report that counts every channel: opinions grouped by article in the draft's order, counts
by channel and sender type, campaign and identical opinions on one row, the proposal and draft rounds, the
Fatherland Front's criticism and the letters to affected bodies; DOCX and PDF; publishing on the portal; the
warning when it is built early (service, staff screen, command line)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from policycomm.consultation import services as cons
from policycomm.consultation.models import (
    AnalysisRun,
    Comment,
    CommentAnalysis,
    Consultation,
    CriticismPoint,
    Event,
    Outreach,
    SocialCriticism,
    SynthesisReport,
)
from policycomm.consultation.reports import build_report, collect, normalised, render
from policycomm.errors import DomainError

from .factories import World, close, open_consultation, policycomm, register_document

D = Comment.Disposition
CH = Comment.Channel
T = Comment.SubmitterType


def add(
    c: Consultation,
    text: str,
    *,
    section: str | None = None,
    channel: str = CH.PORTAL,
    submitter_type: str = T.INDIVIDUAL,
    name: str = "",
    disposition: str = D.ACCEPTED,
    explanation: str = "",
    **extra: Any,
) -> Comment:
    """An opinion as it is stored once received (by any channel) and answered."""
    sec = c.document.sections.get(key=section) if section else None
    return Comment.objects.create(
        consultation=c,
        text=text,
        section=sec,
        channel=channel,
        submitter_type=submitter_type,
        name=name,
        consent=True,
        receipt=cons.new_receipt(),
        disposition=disposition,
        explanation=explanation,
        disposed_at=timezone.now() if disposition else None,
        **extra,
    )


def blocks(data: bytes) -> list[tuple[str, Any]]:
    """The body in order: ("p", text) for a paragraph, ("t", [[cell texts]]) for a table."""
    doc = Document(io.BytesIO(data))
    out: list[tuple[str, Any]] = []
    for el in doc.element.body.iterchildren():
        if el.tag.endswith("}p"):
            text = Paragraph(el, doc).text
            if text:
                out.append(("p", text))
        elif el.tag.endswith("}tbl"):
            out.append(("t", [[cell.text for cell in row.cells] for row in Table(el, doc).rows]))
    return out


def after(bl: list[tuple[str, Any]], heading: str) -> list[tuple[str, Any]]:
    i = next(i for i, (kind, v) in enumerate(bl) if kind == "p" and v == heading)
    return bl[i + 1 :]


def texts(bl: list[tuple[str, Any]]) -> list[str]:
    return [v for kind, v in bl if kind == "p"]


def proposal_of(c: Consultation) -> Consultation:
    return c.document.consultations.get(phase=Consultation.Phase.PROPOSAL)


def test_opinions_grouped_by_article_in_draft_order_with_counts(world: World, consultation: Any) -> None:
    c = consultation
    event = Event.objects.create(
        consultation=c,
        form=Event.Form.CONFERENCE,
        title="Hội nghị lấy ý kiến phí vỉa hè",
        starts_at=timezone.make_aware(dt.datetime(2026, 11, 20, 8, 0)),
        ends_at=timezone.make_aware(dt.datetime(2026, 11, 20, 11, 0)),
        organiser=world.body_a,
        created_by=world.drafter_a,
    )
    # Received in an order unlike the draft's: general first, then Điều 2, then Điều 1.
    add(c, "Ủng hộ dự thảo.")
    add(c, "ỦNG HỘ   dự thảo!!", channel=CH.PHONE, submitter_type=T.AGENCY)  # the same opinion, written otherwise
    add(
        c, "Mức phí quá cao.", section="dieu-2.khoan-1", disposition=D.NOT_ACCEPTED, explanation="Đã tính theo chi phí."
    )
    add(
        c,
        "Đề nghị tách mức thu theo tuyến phố.",
        section="dieu-2",
        channel=CH.LETTER,
        submitter_type=T.ORGANISATION,
        name="Hội Luật gia tỉnh",
    )
    add(c, "Phạm vi còn hẹp.", section="dieu-1", channel=CH.MEETING, submitter_type=T.BUSINESS, event=event)
    add(c, "Ý kiến đã ẩn vì xúc phạm.", section="dieu-1", hidden=True)

    bl = blocks(build_report(c))
    heads = texts(bl)
    i1, i2, ig = heads.index("Điều 1. Phạm vi điều chỉnh"), heads.index("Điều 2. Mức thu"), heads.index("Ý kiến chung")
    assert i1 < i2 < ig  # the draft's order, general opinions last
    assert "Chương I. QUY ĐỊNH CHUNG" not in heads and "Khoản 1 Điều 2" not in heads  # a Khoản counts under its Điều

    a1 = after(bl, "Điều 1. Phạm vi điều chỉnh")
    assert a1[0] == ("p", "Số ý kiến: 1. Theo kênh: Hội nghị, tọa đàm: 1. Theo chủ thể: Doanh nghiệp: 1.")
    assert a1[1][0] == "t" and a1[1][1][1] == [
        "1",
        "Doanh nghiệp\n(Hội nghị “Hội nghị lấy ý kiến phí vỉa hè” ngày 20/11/2026)",
        "Phạm vi còn hẹp.",
        "Tiếp thu",
    ]
    a2 = after(bl, "Điều 2. Mức thu")
    assert a2[0] == (
        "p",
        "Số ý kiến: 2. Theo kênh: Cổng lấy ý kiến: 1; Văn bản, thư: 1. Theo chủ thể: Cá nhân: 1; Tổ chức: 1.",
    )
    rows = a2[1][1][1:]
    assert rows == [
        ["2", "Cá nhân", "[Khoản 1 Điều 2] Mức phí quá cao.", "Không tiếp thu, giải trình. Đã tính theo chi phí."],
        ["3", "Tổ chức: Hội Luật gia tỉnh\n(Văn bản, thư)", "Đề nghị tách mức thu theo tuyến phố.", "Tiếp thu"],
    ]
    ag = after(bl, "Ý kiến chung")
    assert ag[0] == (
        "p",
        "Số ý kiến: 2. Theo kênh: Cổng lấy ý kiến: 1; Điện thoại, đường dây nóng: 1. "
        "Theo chủ thể: Cá nhân: 1; Cơ quan nhà nước: 1.",
    )
    general = ag[1][1][1:]
    assert len(general) == 1  # identical once normalised: one row, with how many gave it
    assert general[0][1].startswith("2 ý kiến cùng nội dung\nCá nhân: 1; Cơ quan nhà nước: 1\n")
    assert "Tổng số ý kiến nhận được: 5" in " ".join(heads)  # the hidden one is not counted
    assert normalised("ỦNG HỘ   dự thảo!!") == normalised("Ủng hộ dự thảo.")


def test_campaign_copies_share_a_row_with_their_count(world: World, consultation: Any) -> None:
    c = consultation
    copies = [add(c, f"Đề nghị miễn phí cho hộ nghèo. Người gửi số {i}.", section="dieu-2") for i in range(4)]
    # One copy the officer answered otherwise keeps its own row.
    Comment.objects.filter(pk=copies[3].pk).update(disposition=D.PARTIAL, explanation="Xem xét với hộ cận nghèo.")
    run = AnalysisRun.objects.create(consultation=c, status=AnalysisRun.Status.DONE, finished_at=timezone.now())
    rep = copies[1]
    CommentAnalysis.objects.bulk_create(
        CommentAnalysis(run=run, comment=m, group_key=rep.receipt, group_size=4, stance="change") for m in copies
    )
    rows = after(blocks(build_report(c)), "Điều 2. Mức thu")[1][1][1:]
    assert len(rows) == 2
    assert rows[0][1].startswith("3 ý kiến cùng nội dung\nCá nhân: 3")
    assert rows[0][2] == rep.text  # quoted once, by the campaign's representative
    assert rows[1][1] == "Cá nhân" and rows[1][3] == "Tiếp thu một phần. Xem xét với hộ cận nghèo."


def test_proposal_and_draft_rounds_each_in_their_part(world: World, consultation: Any) -> None:
    c = consultation
    add(proposal_of(c), "Cần chính sách này vì vỉa hè bị lấn chiếm.")
    add(c, "Đề nghị giảm mức thu.", section="dieu-2")
    heads = texts(blocks(build_report(proposal_of(c))))  # requested from either round, it covers both
    p1 = heads.index("I. Ý KIẾN GÓP Ý ĐỐI VỚI ĐỀ NGHỊ XÂY DỰNG VĂN BẢN (CHÍNH SÁCH)")
    p2 = heads.index("II. Ý KIẾN GÓP Ý ĐỐI VỚI DỰ THẢO VĂN BẢN")
    full = blocks(build_report(c))
    part1 = full[next(i for i, b in enumerate(full) if b == ("p", heads[p1])) :]
    part2_at = next(i for i, b in enumerate(part1) if b == ("p", heads[p2]))
    in_first = str(part1[:part2_at])
    assert "Cần chính sách này" in in_first and "Đề nghị giảm mức thu" not in in_first
    assert "Đề nghị giảm mức thu" in str(part1[part2_at:])
    assert heads.index("III. Ý KIẾN PHẢN BIỆN XÃ HỘI CỦA ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM") > p2
    assert "IV. LẤY Ý KIẾN ĐỐI TƯỢNG CHỊU TÁC ĐỘNG" in heads
    assert "Tổng số ý kiến nhận được: 2 (Cổng lấy ý kiến: 2)." in " ".join(heads)


def test_criticism_and_outreach_parts(world: World, consultation: Any) -> None:
    c = consultation
    cr = SocialCriticism.objects.create(
        consultation=c,
        issuer="Ủy ban MTTQ Việt Nam tỉnh Thái Nguyên",
        reference="15/BC-MTTQ",
        issued_on=dt.date(2026, 11, 25),
        created_by=world.drafter_a,
    )
    CriticismPoint.objects.create(
        criticism=cr,
        number=2,
        text="Chưa đánh giá tác động đến hộ kinh doanh.",
        section=c.document.sections.get(key="dieu-2"),
        disposition=D.ACCEPTED,
        explanation="Đã bổ sung báo cáo đánh giá tác động.",
    )
    CriticismPoint.objects.create(criticism=cr, number=1, text="Cần lộ trình áp dụng.")
    sent = [
        Outreach.objects.create(
            consultation=c,
            recipient=name,
            sent_on=dt.date(2026, 11, 10),
            reference="88/STP",
            created_by=world.drafter_a,
        )
        for name in ("Hiệp hội Doanh nghiệp tỉnh", "Hội Bán lẻ", "Ông Nguyễn Văn A")
    ]
    add(
        c,
        "Hiệp hội đề nghị giảm một nửa mức thu.",
        section="dieu-2",
        channel=CH.LETTER,
        submitter_type=T.ORGANISATION,
        name="Hiệp hội Doanh nghiệp tỉnh",
        outreach=sent[0],
    )
    bl = blocks(build_report(c))
    crit = after(bl, "III. Ý KIẾN PHẢN BIỆN XÃ HỘI CỦA ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM")
    assert crit[0] == (
        "p",
        "Văn bản số 15/BC-MTTQ ngày 25/11/2026 của Ủy ban MTTQ Việt Nam tỉnh Thái Nguyên: 2 nội dung phản biện.",
    )
    assert crit[1][1][1:] == [
        ["1", "Cần lộ trình áp dụng.", "Chưa xử lý"],
        [
            "2",
            "[Điều 2. Mức thu] Chưa đánh giá tác động đến hộ kinh doanh.",
            "Tiếp thu. Đã bổ sung báo cáo đánh giá tác động.",
        ],
    ]
    out = after(bl, "IV. LẤY Ý KIẾN ĐỐI TƯỢNG CHỊU TÁC ĐỘNG")
    assert out[0] == ("p", "Đã gửi dự thảo đến 3 cơ quan, tổ chức, cá nhân; nhận được 1 ý kiến.")
    assert out[1][1][1] == ["1", "Hiệp hội Doanh nghiệp tỉnh", "10/11/2026\n88/STP", "1"]
    assert out[1][1][3][3] == "0"
    row = after(bl, "Điều 2. Mức thu")[1][1][1]
    assert row[1] == "Tổ chức: Hiệp hội Doanh nghiệp tỉnh\n(Văn bản trả lời khi được gửi lấy ý kiến)"


def test_the_build_does_no_query_per_comment(world: World, consultation: Any) -> None:
    c = consultation
    event = Event.objects.create(
        consultation=c,
        form=Event.Form.DIALOGUE,
        title="Đối thoại",
        starts_at=timezone.now(),
        ends_at=timezone.now() + dt.timedelta(hours=2),
        organiser=world.body_a,
        created_by=world.drafter_a,
    )
    letter = Outreach.objects.create(
        consultation=c, recipient="Hội A", sent_on=dt.date.today(), created_by=world.drafter_a
    )
    keys = ["dieu-1", "dieu-2", "dieu-2.khoan-1", "dieu-2.khoan-2", None]

    def grow(n: int, start: int) -> None:
        for i in range(start, start + n):
            extra: dict[str, Any] = {}
            if i % 4 == 1:
                extra = {"channel": CH.MEETING, "event": event}
            elif i % 4 == 2:
                extra = {"channel": CH.LETTER, "outreach": letter}
            add(c, f"Ý kiến số {i}.", section=keys[i % 5], submitter_type=T.values[i % 4], **extra)
            add(proposal_of(c), f"Ý kiến đề nghị số {i}.")

    def count() -> int:
        fresh = Consultation.objects.get(pk=c.pk)  # nothing cached from the last build
        with CaptureQueriesContext(connection) as q:
            build_report(fresh)
        return len(q)

    grow(10, 0)
    small = count()
    grow(190, 10)
    assert Comment.objects.filter(consultation__document=c.document).count() == 400
    assert count() == small


def test_early_report_needs_confirmation_and_says_so(world: World, consultation: Any) -> None:
    c = consultation
    add(c, "Chưa trả lời.", disposition="")
    with pytest.raises(DomainError) as err:
        cons.report_request(actor=world.drafter_a, consultation=c)
    assert err.value.status == 409 and err.value.code == "confirm_early_report"
    assert "còn 1 ý kiến chưa xử lý" in err.value.message and "còn đang mở" in err.value.message
    assert not SynthesisReport.objects.exists()  # nothing queued
    r = cons.report_request(actor=world.drafter_a, consultation=c, confirm=True)
    assert r.confirmed_early and r.pending_at_build == 1 and r.open_at_build
    text = " ".join(texts(blocks(build_report(c))))
    assert "Báo cáo lập khi đợt lấy ý kiến còn đang mở, đến " in text and "còn 1 ý kiến chưa xử lý" in text
    # Closed and answered: no warning, no confirmation asked.
    close(c)
    Comment.objects.filter(consultation=c).update(disposition=D.ACCEPTED)
    assert not collect(c).warning.any
    cons.report_request(actor=world.drafter_a, consultation=c)
    assert "Báo cáo lập khi" not in " ".join(texts(blocks(build_report(c))))


def test_staff_form_warns_and_asks_for_confirmation(world: World, consultation: Any) -> None:
    c = consultation
    add(c, "Chưa trả lời.", disposition="")
    client = Client()
    client.force_login(world.drafter_a)
    url = f"/can-bo/lay-y-kien/{c.pk}/tong-hop/"
    page = client.get(url).content.decode()
    assert 'id="canh-bao"' in page and "Còn 1 ý kiến chưa xử lý." in page and 'name="confirm"' in page
    resp = client.post(url, {})
    assert resp.status_code == 409
    assert "Vui lòng đánh dấu xác nhận" in resp.content.decode()
    assert not SynthesisReport.objects.exists()
    resp = client.post(url, {"confirm": "on"})
    assert resp.status_code == 302 and SynthesisReport.objects.filter(consultation=c, confirmed_early=True).exists()
    # The consultation's page leads to it; the old one-click build is gone.
    assert url in client.get(f"/can-bo/lay-y-kien/{c.pk}/").content.decode()
    assert client.post(f"/can-bo/lay-y-kien/{c.pk}/report/").status_code == 404


def test_command_line(world: World, consultation: Any, tmp_path: Path) -> None:
    c = consultation
    add(c, "Chưa trả lời.", section="dieu-2", disposition="")
    out = tmp_path / "bao-cao.docx"
    with pytest.raises(CommandError) as err:
        call_command("synthesis", str(c.pk), "--format", "docx", "--out", str(out))
    assert err.value.returncode == 2
    assert "còn 1 ý kiến chưa xử lý" in str(err.value) and "--yes" in str(err.value)
    assert not out.exists()
    stdout = io.StringIO()
    call_command("synthesis", str(c.pk), "--format", "docx", "--out", str(out), "--yes", stdout=stdout)
    assert "Điều 2. Mức thu" in texts(blocks(out.read_bytes())) and "1 ý kiến" in stdout.getvalue()
    pdf = tmp_path / "bao-cao.pdf"
    call_command("synthesis", str(c.pk), "--format", "pdf", "--out", str(pdf), "--yes", stdout=io.StringIO())
    assert pdf.read_bytes().startswith(b"%PDF")
    for args, message in (
        (("999999",), "không có đợt lấy ý kiến mã 999999"),
        (("abc",), "phải là số nguyên dương"),
        ((str(c.pk), "--out", str(tmp_path / "khong-co" / "x.docx")), "không ghi được tệp"),
        ((str(c.pk), "--out", str(tmp_path)), "không ghi được tệp"),
    ):
        full = [*args] if "--out" in args else [*args, "--out", str(out)]
        with pytest.raises(CommandError) as err:
            call_command("synthesis", *full, "--format", "docx", "--yes")
        assert err.value.returncode == 2 and message in str(err.value), (args, str(err.value))


def test_command_line_argument_errors_exit_2_in_a_real_process() -> None:
    res = policycomm("synthesis", "1", "--format", "odt", "--out", "x.odt")
    assert res.returncode == 2 and "Lỗi: tham số không hợp lệ" in res.stderr


def _ready(world: World, c: Consultation) -> None:
    """Every window closed, every comment answered and the answers published."""
    close(c)
    for w in c.document.consultations.all():
        if w.dispositions_published_at is None:
            cons.dispositions_publish(actor=world.drafter_a, consultation=w)


@pytest.mark.django_db(transaction=True)
def test_pdf_publish_then_public_download(
    world: World, consultation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    c = consultation
    cons.comment_submit(consultation=c, text="Đề nghị giảm mức thu tại xã.", submitter_type="individual", consent=True)
    comment = c.comments.get()
    cons.comment_dispose(actor=world.drafter_a, comment=comment, disposition=D.ACCEPTED, explanation="")
    close(c)
    cons.dispositions_publish(actor=world.drafter_a, consultation=c)
    with django_capture_on_commit_callbacks(execute=True):
        report = cons.report_request(actor=world.drafter_a, consultation=c)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    report.refresh_from_db()
    assert report.status == SynthesisReport.Status.DONE and report.error == ""
    assert report.covers == [proposal_of(c).pk, c.pk]
    assert report.pdf.read(4) == b"%PDF"
    report.pdf.seek(0)
    text = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-layout", report.pdf.path, "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "BÁO CÁO" in text and "Đề nghị giảm mức" in text and "Ý kiến chung" in text

    public = Client()
    url = f"/gop-y/{c.pk}/bao-cao-tong-hop/{report.pk}.pdf"
    assert public.get(url).status_code == 404  # not published yet
    assert "bao-cao-tong-hop" not in public.get(f"/gop-y/{c.pk}/").content.decode()
    staff = Client()
    staff.force_login(world.drafter_a)
    assert staff.get(f"/can-bo/lay-y-kien/{c.pk}/bao-cao/{report.pk}/tai-ve.pdf").status_code == 200
    # The proposal round it covers has not published its answers: refused, with the round named.
    resp = staff.post(f"/can-bo/lay-y-kien/{c.pk}/bao-cao/{report.pk}/cong-khai/")
    assert resp.status_code == 409 and "Chưa công khai kết quả tiếp thu, giải trình của" in resp.content.decode()
    cons.dispositions_publish(actor=world.drafter_a, consultation=proposal_of(c))
    resp = staff.post(f"/can-bo/lay-y-kien/{c.pk}/bao-cao/{report.pk}/cong-khai/")
    assert resp.status_code == 302
    report.refresh_from_db()
    assert report.published_at and report.published_by == world.drafter_a

    got = public.get(url)
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert b"".join(got.streaming_content).startswith(b"%PDF")
    docx = public.get(f"/gop-y/{c.pk}/bao-cao-tong-hop/{report.pk}.docx")
    assert docx.status_code == 200 and "Ý kiến chung" in texts(blocks(b"".join(docx.streaming_content)))
    for pk in (c.pk, proposal_of(c).pk):  # every round's page of the document links it
        link = f"/gop-y/{pk}/bao-cao-tong-hop/{report.pk}.pdf"
        assert link in public.get(f"/gop-y/{pk}/").content.decode()
        assert public.get(link).status_code == 200
    with pytest.raises(DomainError) as err:
        cons.report_publish(actor=world.drafter_a, report=report)
    assert err.value.code == "already_published"


def _built(world: World, c: Consultation, **fields: Any) -> SynthesisReport:
    r = SynthesisReport.objects.create(
        consultation=c, status=SynthesisReport.Status.DONE, requested_by=world.drafter_a, covers=[c.pk], **fields
    )
    r.file.save("bao-cao.docx", ContentFile(render(collect(c))))
    return r


def test_an_early_report_is_not_published(world: World, consultation: Any) -> None:
    _ready(world, consultation)
    early = _built(world, consultation, pending_at_build=2)
    with pytest.raises(DomainError) as err:
        cons.report_publish(actor=world.drafter_a, report=early)
    assert err.value.code == "early_report" and err.value.status == 409
    with pytest.raises(DomainError) as err:
        cons.report_publish(actor=world.communicator_a, report=_built(world, consultation))
    assert err.value.status == 403
    assert SynthesisReport.objects.filter(published_at__isnull=False).count() == 0


def test_another_bodys_consultation_and_report_are_not_found(world: World, consultation: Any) -> None:
    _ready(world, consultation)
    r = _built(world, consultation)
    cons.report_publish(actor=world.drafter_a, report=r)
    ward = Client()
    ward.force_login(world.officer_b)
    base = f"/can-bo/lay-y-kien/{consultation.pk}"
    assert ward.get(f"{base}/tong-hop/").status_code == 404
    assert ward.post(f"{base}/tong-hop/", {"confirm": "on"}).status_code == 404
    assert ward.get(f"{base}/bao-cao/{r.pk}/tai-ve.docx").status_code == 404
    assert ward.post(f"{base}/bao-cao/{r.pk}/cong-khai/").status_code == 404
    # The ward's own consultation does not lend its id to body A's report, in staff or public URLs.
    other = open_consultation(world, register_document(world, body="b"))
    assert ward.get(f"/can-bo/lay-y-kien/{other.pk}/bao-cao/{r.pk}/tai-ve.docx").status_code == 404
    assert Client().get(f"/gop-y/{other.pk}/bao-cao-tong-hop/{r.pk}.docx").status_code == 404
    assert Client().get(f"/gop-y/{consultation.pk}/bao-cao-tong-hop/{r.pk}.docx").status_code == 200
    assert Client().get(f"/gop-y/{consultation.pk}/bao-cao-tong-hop/{r.pk}.pdf").status_code == 404  # no PDF file


def test_a_theme_decision_is_written_out_once(world: World, consultation: Any) -> None:
    c = consultation
    run = AnalysisRun.objects.create(consultation=c, status=AnalysisRun.Status.DONE, finished_at=timezone.now())
    answer = {
        "disposition": D.NOT_ACCEPTED,
        "explanation": "Mức thu đã tính theo chi phí duy tu.",
        "decided_for": "theme",
        "decided_run": run,
        "decided_group": "2",
        "decided_label": "Mức phí",
    }
    add(c, "Phí cao quá.", section="dieu-2", **answer)
    add(c, "Nên giảm phí ở xã.", section="dieu-2.khoan-2", **answer)
    add(c, "Mức phí chung chưa hợp lý.", **answer)
    bl = blocks(build_report(c))
    first, second = after(bl, "Điều 2. Mức thu")[1][1][1:]
    assert (
        first[3]
        == "Không tiếp thu, giải trình. Mức thu đã tính theo chi phí duy tu. (Giải trình chung cho chủ đề “Mức phí”.)"
    )
    assert second[3] == "Không tiếp thu, giải trình: như ý kiến giải trình chung tại STT 1."
    assert after(bl, "Ý kiến chung")[1][1][1][3] == second[3]  # across groups too
