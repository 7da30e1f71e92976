"""Intake from every channel: staff entry (with OCR of a scan), spreadsheet import with its preview, the
command line, the Fatherland Front's social criticism, the draft's outreach, and the public counts by channel."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image, ImageDraw, ImageFont

from policycomm.audit.models import AuditEvent
from policycomm.consultation import feedback, intake
from policycomm.consultation import services as cons
from policycomm.consultation.intake_selectors import channel_counts, criticisms_for_report, outreach_summary
from policycomm.consultation.models import AnalysisRun, Comment, Consultation, Outreach
from policycomm.consultation.ocr import read_scan
from policycomm.consultation.rules import INTAKE_EARLY_DAYS
from policycomm.demo.intake import demo_sheet_csv, demo_sheet_xlsx
from policycomm.errors import DomainError

from .factories import World, close, open_consultation, policycomm, register_document

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = dt.date.today


def enter(w: World, c: Consultation, **kw: Any) -> tuple[Comment, bool]:
    fields: dict[str, Any] = {
        "actor": w.drafter_a,
        "consultation": c,
        "channel": Comment.Channel.LETTER,
        "text": "Đề nghị giảm mức phí tại phường xuống 10.000 đồng/m²/tháng.",
        "submitter_type": "individual",
        "received_on": timezone.localdate(),
    }
    fields.update(kw)
    return intake.comment_enter(**fields)


def section_id(c: Consultation, key: str) -> int:
    return int(c.document.sections.get(key=key).pk)


# -- staff entry ---------------------------------------------------------------------------------------------------


def test_a_letter_entered_is_a_comment_processed_like_any_other(world: World, consultation: Consultation) -> None:
    AnalysisRun.objects.create(consultation=consultation, status=AnalysisRun.Status.DONE)
    scan = SimpleUploadedFile("thư góp ý.pdf", PDF, content_type="application/pdf")
    with_runs = AnalysisRun.objects.count()
    comment, created = enter(
        world,
        consultation,
        name="Nguyễn Văn Bình",
        organisation="Hộ kinh doanh Bình An",
        submitter_type="business",
        section_id=section_id(consultation, "dieu-2"),
        attachment=scan,
        received_on=timezone.localdate() - dt.timedelta(days=2),
    )
    assert created
    comment.refresh_from_db()
    assert comment.channel == "letter" and comment.consent is True
    assert comment.received_on == timezone.localdate() - dt.timedelta(days=2)
    assert comment.organisation == "Hộ kinh doanh Bình An"
    assert comment.entered_by == world.drafter_a
    assert comment.attachment.name.startswith("intake/") and comment.attachment.name.endswith(".pdf")
    assert comment.attachment.read() == PDF
    assert comment.section is not None and comment.section.key == "dieu-2"
    assert set(
        AuditEvent.objects.filter(object_type="consultation.comment", object_id=str(comment.pk)).values_list(
            "action", flat=True
        )
    ) == {
        "comment.submit",
        "comment.enter",
    }
    # Processing: it is in the list and can be disposed like a portal comment.
    cons.comment_dispose(actor=world.drafter_a, comment=comment, disposition="accepted", explanation="")
    assert AnalysisRun.objects.count() >= with_runs  # the refresh ran on commit (a run is queued or waiting)


def test_entry_through_the_screen(world: World, consultation: Consultation) -> None:
    client = Client()
    client.force_login(world.drafter_a)
    url = f"/can-bo/lay-y-kien/{consultation.pk}/nhap-y-kien/"
    page = client.get(url)
    assert page.status_code == 200
    token = re.search(r'name="idempotency_token" value="([^"]+)"', page.content.decode())
    assert token is not None
    data = {
        "channel": "phone",
        "received_on": timezone.localdate().isoformat(),
        "submitter_type": "individual",
        "name": "Bà Lan",
        "text": "Gọi đường dây nóng: đề nghị miễn phí cho hộ nghèo.",
        "section": str(section_id(consultation, "dieu-2.khoan-1")),
        "idempotency_token": token[1],
        "save": "1",
    }
    r1 = client.post(url, data)
    r2 = client.post(url, data)  # a double click
    assert r1.status_code == 302 and r2.status_code == 302
    assert Comment.objects.filter(consultation=consultation, channel="phone").count() == 1
    listing = client.get(f"/can-bo/lay-y-kien/{consultation.pk}/").content.decode()
    assert "đề nghị miễn phí cho hộ nghèo" in listing and "Điện thoại, đường dây nóng" in listing


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"received_on": dt.date.today() + dt.timedelta(days=1)}, "received_on", "ở tương lai"),
        ({"received_on": None}, "received_on", "Vui lòng nhập ngày nhận"),
        ({"received_on": dt.date.today() - dt.timedelta(days=10 + INTAKE_EARLY_DAYS + 2)}, "received_on", "sớm hơn"),
        ({"channel": "portal"}, "channel", "kênh tiếp nhận"),
        ({"text": "\u200b\u200b\x00"}, "text", "Vui lòng nhập nội dung"),
        ({"organisation": "x" * 301}, "organisation", "300 ký tự"),
        ({"attachment": SimpleUploadedFile("virus.exe", b"MZ\x90\x00")}, "attachment", "chỉ nhận tệp PDF, JPEG, PNG"),
        (
            {"attachment": SimpleUploadedFile("anh.png", b"<html>not an image</html>")},
            "attachment",
            "không phải tệp PNG",
        ),
        ({"attachment": SimpleUploadedFile("gop-y.docx", b"PK\x03\x04rubbish")}, "attachment", "DOCX hợp lệ"),
        ({"attachment": SimpleUploadedFile("to.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))}, "attachment", "10 MB"),
    ],
)
def test_hostile_entry_is_refused_in_vietnamese_and_saves_nothing(
    world: World, consultation: Consultation, kw: dict[str, Any], field: str, message: str
) -> None:
    before = Comment.objects.count()
    with pytest.raises(DomainError) as e:
        enter(world, consultation, **kw)
    assert field in e.value.errors
    assert message.lower() in e.value.errors[field][1].lower()
    assert Comment.objects.count() == before


def test_control_characters_are_cleaned(world: World, consultation: Consultation) -> None:
    comment, _ = enter(world, consultation, text="Đề\x00 nghị\u200b giảm\x1b phí", name="An\u202e\u0000")
    assert comment.text == "Đề nghị giảm phí" and comment.name == "An"


def test_only_the_body_drafters_enter(world: World, consultation: Consultation) -> None:
    for who in ("leader_a", "communicator_a", "officer_b"):
        with pytest.raises(DomainError) as e:
            enter(world, consultation, actor=world.users[who])
        assert e.value.status == 403
    client = Client()
    client.force_login(world.officer_b)  # the ward's drafter: body A's consultation does not exist for them
    assert client.get(f"/can-bo/lay-y-kien/{consultation.pk}/nhap-y-kien/").status_code == 404
    assert client.post(f"/can-bo/lay-y-kien/{consultation.pk}/nhap-tep/", {}).status_code == 404
    assert client.get(f"/can-bo/lay-y-kien/{consultation.pk}/phan-bien/").status_code == 404


def test_after_the_deadline_only_opinions_received_in_time(world: World, consultation: Consultation) -> None:
    close(consultation)
    late = timezone.localdate()
    in_time = timezone.localtime(consultation.closes_at).date() - dt.timedelta(days=1)
    comment, created = enter(world, consultation, received_on=in_time)
    assert created and comment.received_on == in_time
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() - dt.timedelta(days=3))
    consultation.refresh_from_db()
    with pytest.raises(DomainError) as e:
        enter(world, consultation, received_on=late, text="Thư đến sau hạn.")
    assert "sau hạn cuối" in e.value.errors["received_on"][1]
    with pytest.raises(DomainError) as e:  # the portal's door stays shut
        cons.comment_submit(consultation=consultation, text="Muộn", submitter_type="individual", consent=True)
    assert e.value.code == "window_closed"


def test_nothing_enters_once_the_answers_are_published(world: World, consultation: Consultation) -> None:
    close(consultation)
    cons.dispositions_publish(actor=world.drafter_a, consultation=consultation)
    with pytest.raises(DomainError) as e:
        enter(world, consultation, received_on=timezone.localdate() - dt.timedelta(days=2))
    assert e.value.status == 409
    with pytest.raises(DomainError):
        intake.comments_import(
            actor=world.drafter_a, consultation=consultation, channel="letter", data=b"text\nA\n", filename="a.csv"
        )


# -- OCR --------------------------------------------------------------------------------------------------------

FORM_LINES = [
    "PHIẾU GÓP Ý DỰ THẢO NGHỊ QUYẾT",
    "Họ và tên: Nguyễn Văn Bình",
    "Địa chỉ: Tổ dân phố số 1, phường Phan Đình Phùng",
    "Ý kiến góp ý về Điều 2:",
    "Mức thu phí hai mươi nghìn đồng một mét vuông mỗi tháng",
    "là quá cao đối với hộ buôn bán nhỏ ở chợ phường.",
    "Đề nghị giảm xuống mười nghìn đồng như ở các xã.",
]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def form_image(fmt: str = "PNG") -> bytes:
    """A comment form as an A4 scan at 300 dpi, in a font with Vietnamese glyphs."""
    font = ImageFont.truetype(FONT, 42)
    img = Image.new("RGB", (2480, 3508), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(FORM_LINES):
        draw.text((180, 200 + i * 110), line, fill="black", font=font)
    out = io.BytesIO()
    img.save(out, fmt, resolution=300.0)
    return out.getvalue()


def words_read(text: str) -> float:
    expected = " ".join(FORM_LINES).split()
    got = set(text.split())
    return sum(1 for word in expected if word in got) / len(expected)


def test_ocr_reads_a_vietnamese_form_from_an_image() -> None:
    result = read_scan(form_image(), "phieu-gop-y.png")
    assert result["method"] == "ocr" and result["pages"] == 1
    assert words_read(result["text"]) >= 0.8, result["text"]


def test_ocr_reads_an_image_only_pdf() -> None:
    result = read_scan(form_image("PDF"), "phieu-gop-y.pdf")
    assert result["method"] == "ocr" and result["pages"] == 1
    assert words_read(result["text"]) >= 0.8, result["text"]


def test_ocr_refuses_a_broken_image() -> None:
    with pytest.raises(DomainError) as e:
        read_scan(b"\x89PNG\r\n\x1a\nbroken", "x.png")
    assert "Không mở được ảnh" in e.value.message


def test_scan_read_then_corrected_then_saved_with_the_scan(world: World, consultation: Consultation) -> None:
    client = Client()
    client.force_login(world.drafter_a)
    url = f"/can-bo/lay-y-kien/{consultation.pk}/nhap-y-kien/"
    base = {
        "channel": "letter",
        "received_on": timezone.localdate().isoformat(),
        "submitter_type": "individual",
        "idempotency_token": "tok-ocr-1",
    }
    page = client.post(url, {**base, "ocr": "1", "attachment": SimpleUploadedFile("phieu.png", form_image())})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đã đọc chữ" in html and "phieu.png" in html
    assert Comment.objects.count() == 0  # nothing saved before the officer checks the text
    token = re.search(r'name="scan_token" value="([0-9a-f]{32})"', html)
    text = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', html, re.S)
    assert token is not None and text is not None
    assert "Nguyễn Văn Bình" in text[1]
    corrected = text[1].strip().replace("PHIẾU GÓP Ý DỰ THẢO NGHỊ QUYẾT", "").strip()
    saved = client.post(url, {**base, "save": "1", "scan_token": token[1], "text": corrected})
    assert saved.status_code == 302
    comment = Comment.objects.get()
    assert comment.text.startswith("Họ và tên") and comment.attachment.name.endswith(".png")
    assert comment.attachment.read()[:8] == b"\x89PNG\r\n\x1a\n"
    download = client.get(f"/can-bo/y-kien/{comment.pk}/tep-kem-theo/")
    assert download.status_code == 200


# -- spreadsheet import -----------------------------------------------------------------------------------------


def cp1258(text: str) -> bytes:
    """Windows-1258 as Windows writes it: a base letter (precomposed where the code page has it) and the tone
    as a combining mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for kept in [marks, *([m] for m in marks), []]:  # the marks the code page composes with the letter
            rest = "".join(m for m in marks if m not in kept)
            try:
                out += unicodedata.normalize("NFC", base + "".join(kept)).encode("cp1258") + rest.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise AssertionError(ch)
    return out


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return cp1258(out.getvalue()) if encoding == "cp1258" else out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run_import(w: World, c: Consultation, data: bytes, name: str, **kw: Any) -> intake.ImportResult:
    return intake.comments_import(
        actor=w.drafter_a, consultation=c, channel=kw.pop("channel", "meeting"), data=data, filename=name, **kw
    )


VI_HEADER = ["STT", "Nội dung", "Chủ thể", "Họ tên", "Tổ chức", "Ngày nhận", "Điều, khoản"]


def test_preview_lists_each_row_error_in_vietnamese_and_saves_nothing(world: World, consultation: Consultation) -> None:
    day = timezone.localdate().strftime("%d/%m/%Y")
    data = csv_bytes(
        [
            VI_HEADER,
            ["1", "Đồng ý với dự thảo.", "Cá nhân", "", "", day, "Điều 1"],
            ["2", "", "Cá nhân", "", "", day, ""],
            ["3", "Giảm phí.", "Hội đoàn", "", "", day, ""],
            ["4", "Giảm phí.", "Doanh nghiệp", "", "", "31/02/2026", ""],
            ["5", "Giảm phí.", "Doanh nghiệp", "", "", "ngày mai", ""],
            ["6", "Giảm phí.", "Tổ chức", "", "", day, "Điều 99"],
            ["7", "Giảm phí.", "Tổ chức", "", "", (TODAY() + dt.timedelta(days=3)).isoformat(), ""],
        ]
    )
    result = run_import(world, consultation, data, "so-y-kien.csv")
    assert result["created"] == 0
    by_row = {(e["row"], e["field"]): e["message"] for e in result["errors"]}
    assert set(by_row) == {
        (3, "text"),
        (4, "submitter_type"),
        (5, "received_on"),
        (6, "received_on"),
        (7, "section"),
        (8, "received_on"),
    }
    assert by_row[(3, "text")] == "Thiếu nội dung góp ý."
    assert "Hội đoàn" in by_row[(4, "submitter_type")] and "Cơ quan nhà nước" in by_row[(4, "submitter_type")]
    assert "DD/MM/YYYY" in by_row[(5, "received_on")]
    assert "Điều 99" in by_row[(7, "section")]
    assert "tương lai" in by_row[(8, "received_on")]
    assert Comment.objects.count() == 0


def test_the_screen_previews_then_confirms(world: World, consultation: Consultation) -> None:
    client = Client()
    client.force_login(world.drafter_a)
    data = demo_sheet_xlsx(consultation, rows=12)
    r = client.post(
        f"/can-bo/lay-y-kien/{consultation.pk}/nhap-tep/",
        {"channel": "meeting", "file": SimpleUploadedFile("hoi-nghi.xlsx", data)},
    )
    assert r.status_code == 302
    preview_url = r["Location"]
    page = client.get(preview_url)
    assert page.status_code == 200 and "Xác nhận nhập 12 ý kiến" in page.content.decode()
    assert Comment.objects.count() == 0
    assert client.post(preview_url).status_code == 302
    assert Comment.objects.filter(channel="meeting").count() == 12
    assert client.get(preview_url).status_code == 404  # the session is done
    bad = csv_bytes([["text", "submitter_type"], ["Ý kiến", "robot"]])
    r = client.post(
        f"/can-bo/lay-y-kien/{consultation.pk}/nhap-tep/",
        {"channel": "meeting", "file": SimpleUploadedFile("loi.csv", bad)},
    )
    page = client.get(r["Location"])
    assert page.status_code == 422
    html = page.content.decode()
    assert "Có 1 dòng lỗi; chưa lưu ý kiến nào" in html and "“robot” không hợp lệ" in html
    assert "Xác nhận nhập" not in html
    assert client.post(r["Location"]).status_code == 422
    assert Comment.objects.count() == 12


def test_reimport_creates_nothing_and_an_extended_file_only_the_new_rows(
    world: World, consultation: Consultation
) -> None:
    rows = [["text", "submitter_type", "name"], ["Đồng ý.", "individual", ""], ["Đồng ý.", "individual", ""]]
    first = run_import(world, consultation, csv_bytes(rows), "a.csv")
    assert (first["created"], first["skipped_duplicates"], first["errors"]) == (2, 0, [])  # two people, same words
    again = run_import(world, consultation, csv_bytes(rows), "a.csv")
    assert (again["created"], again["skipped_duplicates"]) == (0, 2)
    more = run_import(world, consultation, csv_bytes([*rows, ["Phản đối.", "business", "Cơ sở An"]]), "a-v2.csv")
    assert (more["created"], more["skipped_duplicates"]) == (1, 2)
    assert Comment.objects.filter(consultation=consultation).count() == 3
    assert AuditEvent.objects.filter(action="comment.import").count() == 3  # one per import, not per row


def test_xlsx_with_vietnamese_headers_real_dates_and_sections(world: World, consultation: Consultation) -> None:
    day = timezone.localdate() - dt.timedelta(days=1)
    data = xlsx_bytes(
        [
            ["SỔ TỔNG HỢP Ý KIẾN HỘI NGHỊ"],  # a title above the header
            ["noi dung", "CHỦ THỂ", "Họ và tên", "Tổ chức", "Ngày nhận", "Điều, khoản"],
            ["Giảm phí ở phường.", "Doanh nghiệp", "", "Công ty An Phát", dt.datetime.combine(day, dt.time()), 2],
            ["Làm rõ khoản 2.", "Cơ quan nhà nước", "", "UBND xã", day.strftime("%d/%m/%Y"), "Khoản 2 Điều 2"],
            ["Ý kiến chung.", "", "Bà Hoa", "", day.isoformat(), ""],
            [None, None, None, None, None, None],
        ]
    )
    result = run_import(world, consultation, data, "hoi-nghi.xlsx")
    assert result["errors"] == [] and result["created"] == 3
    got = {c.text: c for c in Comment.objects.select_related("section")}
    assert got["Giảm phí ở phường."].submitter_type == "business"
    assert got["Giảm phí ở phường."].section.key == "dieu-2"  # type: ignore[union-attr]
    assert got["Giảm phí ở phường."].received_on == day
    assert got["Làm rõ khoản 2."].section.key == "dieu-2.khoan-2"  # type: ignore[union-attr]
    assert got["Làm rõ khoản 2."].submitter_type == "agency"
    assert got["Ý kiến chung."].section is None and got["Ý kiến chung."].submitter_type == "individual"
    assert {c.channel for c in got.values()} == {"meeting"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_csv_encodings_excel_writes(world: World, consultation: Consultation, encoding: str) -> None:
    rows = [["Nội dung", "Chủ thể", "Điều, khoản"], ["Đề nghị giảm phí ở phường.", "Cá nhân", "dieu-2.khoan-1"]]
    # Excel's "Unicode text" is tab-separated UTF-16 with a BOM.
    unicode_text = "\n".join("\t".join(r) for r in rows).encode("utf-16")
    data = unicode_text if encoding == "utf-16" else csv_bytes(rows, encoding)
    result = run_import(world, consultation, data, "y-kien.csv")
    assert result["errors"] == [] and result["created"] == 1
    comment = Comment.objects.get()
    assert comment.text == "Đề nghị giảm phí ở phường." and comment.submitter_type == "individual"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"ho ten,ngay\nAn,2026-01-01\n", "a.csv", "Không tìm thấy cột nội dung"),
        (b"text\n", "a.csv", "không có dòng ý kiến"),
        (b"\xd0\xcf\x11\xe0", "a.xls", "Excel 97"),
        (b"not a zip", "a.xlsx", "không phải bảng tính"),
        (b"text\nA\n", "a.docx", "Chỉ nhận bảng tính"),
        (b"text\n" + b"A\n" * (10 * 1024 * 1024 // 2), "big.csv", "vượt giới hạn 10 MB"),
    ],
)
def test_unreadable_files_are_refused_whole(
    world: World, consultation: Consultation, data: bytes, name: str, message: str
) -> None:
    with pytest.raises(DomainError) as e:
        run_import(world, consultation, data, name)
    assert message in e.value.message
    assert Comment.objects.count() == 0


def test_row_limit(world: World, consultation: Consultation, monkeypatch: pytest.MonkeyPatch) -> None:
    from policycomm.consultation import sheets

    monkeypatch.setattr(sheets, "MAX_ROWS", 50)
    with pytest.raises(DomainError) as e:
        run_import(world, consultation, csv_bytes([["text"]] + [[f"Ý kiến {i}"] for i in range(51)]), "a.csv")
    assert "hơn 50 dòng" in e.value.message


def test_a_thousand_rows_in_bulk(world: World, consultation: Consultation, django_assert_max_num_queries: Any) -> None:
    data = demo_sheet_csv(consultation, rows=1000)
    AnalysisRun.objects.create(consultation=consultation, status=AnalysisRun.Status.DONE)
    # Measured 41 since Comment gained its tier column: SQLite fits fewer rows per bulk INSERT (one more batch).
    with django_assert_max_num_queries(41):  # bulk inserts in batches, one audit event
        result = run_import(world, consultation, data, "1000.csv")
    assert result["errors"] == [] and result["created"] == 1000
    assert Comment.objects.filter(consultation=consultation).count() == 1000
    assert AuditEvent.objects.filter(action="comment.import").count() == 1


# -- the command line -----------------------------------------------------------------------------------------------


def cli(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("comments", "import", *args, stdout=out)
    return dict(json.loads(out.getvalue()))


def test_cli_imports_prints_json_and_exits_2_on_errors(
    world: World, consultation: Consultation, tmp_path: Path
) -> None:
    good = tmp_path / "y-kien.xlsx"
    good.write_bytes(demo_sheet_xlsx(consultation, rows=30))
    c = str(consultation.pk)
    assert cli(c, str(good), "--channel", "meeting", "--dry-run", "--json") == {
        "created": 0,
        "skipped_duplicates": 0,
        "errors": [],
    }
    assert Comment.objects.count() == 0
    assert cli(c, str(good), "--channel", "meeting", "--json") == {"created": 30, "skipped_duplicates": 0, "errors": []}
    assert cli(c, str(good), "--channel", "meeting", "--json") == {"created": 0, "skipped_duplicates": 30, "errors": []}
    bad = tmp_path / "loi.csv"
    today = timezone.localdate().isoformat()
    bad.write_bytes(csv_bytes([["text", "received_on"], ["Ý kiến mới", "2026-99-01"], ["", today], ["", ""]]))
    out = io.StringIO()
    with pytest.raises(CommandError) as e:
        call_command("comments", "import", c, str(bad), "--channel", "letter", "--json", stdout=out)
    assert e.value.returncode == 2
    printed = json.loads(out.getvalue())
    assert printed["created"] == 0 and [(x["row"], x["field"]) for x in printed["errors"]] == [
        (2, "received_on"),
        (3, "text"),
    ]
    assert set(printed["errors"][0]) == {"row", "field", "message"}
    assert Comment.objects.count() == 30
    with pytest.raises(CommandError) as e:
        call_command("comments", "import", c, str(good), "--channel", "portal", "--json", stdout=io.StringIO())
    assert e.value.returncode == 2
    with pytest.raises(CommandError) as e:
        call_command("comments", "import", "999999", str(good), "--channel", "letter", stdout=io.StringIO())
    assert e.value.returncode == 2 and "không có đợt lấy ý kiến mã 999999" in str(e.value)


def test_cli_in_a_real_process_refuses_a_missing_file() -> None:
    proc = policycomm("comments", "import", "1", "/khong/co/tep.csv", "--channel", "letter", "--json")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "không tìm thấy tệp" in proc.stderr
    proc = policycomm("comments", "import", "1", "/khong/co/tep.csv", "--json")
    assert proc.returncode == 2 and "thiếu tham số bắt buộc: --channel" in proc.stderr


# -- the Fatherland Front's social criticism ------------------------------------------------------------------------


def record_criticism(w: World, c: Consultation) -> Any:
    sc, created = feedback.criticism_record(
        actor=w.drafter_a,
        consultation=c,
        issuer="Ủy ban MTTQ Việt Nam tỉnh Thái Nguyên",
        reference="15/MTTQ-BTT",
        issued_on=timezone.localdate() - dt.timedelta(days=3),
        received_on=timezone.localdate() - dt.timedelta(days=2),
        summary="Phản biện dự thảo Nghị quyết.",
        points=[
            {"text": "Mức phí tại phường cao.", "section_id": section_id(c, "dieu-2.khoan-1")},
            {"text": "Cần quy định miễn phí cho hộ nghèo.", "section_id": None},
            {"text": "Cần đánh giá tác động.", "section_id": None},
        ],
        file=SimpleUploadedFile("phan-bien.pdf", PDF),
    )
    assert created
    return sc


def test_criticism_points_answered_one_by_one(world: World, consultation: Consultation) -> None:
    sc = record_criticism(world, consultation)
    p1, p2, p3 = sc.points.order_by("number")
    assert (p1.number, p3.number) == (1, 3)
    feedback.criticism_point_answer(actor=world.drafter_a, point=p1, disposition="partial", explanation="Giảm 20 %.")
    feedback.criticism_point_answer(actor=world.drafter_a, point=p2, disposition="accepted", explanation="")
    with pytest.raises(DomainError) as e:  # the same rule as for a comment
        feedback.criticism_point_answer(actor=world.drafter_a, point=p3, disposition="not_accepted", explanation="")
    assert e.value.code == "explanation_required"
    with pytest.raises(DomainError) as e:
        feedback.criticism_point_answer(actor=world.leader_a, point=p3, disposition="accepted", explanation="")
    assert e.value.status == 403
    data = criticisms_for_report(consultation)
    assert len(data) == 1 and data[0]["answered"] == 2 and data[0]["has_file"]
    assert [p["disposition"] for p in data[0]["points"]] == ["partial", "accepted", ""]
    assert data[0]["points"][0]["section_key"] == "dieu-2.khoan-1"
    assert data[0]["points"][0]["disposition_label"] == "Tiếp thu một phần"
    # Sent twice: one document.
    again, created = feedback.criticism_record(
        actor=world.drafter_a,
        consultation=consultation,
        issuer="Ủy ban MTTQ Việt Nam tỉnh Thái Nguyên",
        reference="15/MTTQ-BTT",
        issued_on=timezone.localdate() - dt.timedelta(days=3),
        received_on=None,
        summary="",
        points=[{"text": "x", "section_id": None}],
    )
    assert again.pk == sc.pk and not created
    # Frozen once the answers are published.
    close(consultation)
    Consultation.objects.filter(pk=consultation.pk).update(dispositions_published_at=timezone.now())
    with pytest.raises(DomainError) as e:
        feedback.criticism_point_answer(actor=world.drafter_a, point=p3, disposition="accepted", explanation="")
    assert e.value.status == 409


def test_criticism_screens(world: World, consultation: Consultation) -> None:
    client = Client()
    client.force_login(world.drafter_a)
    url = f"/can-bo/lay-y-kien/{consultation.pk}/phan-bien/"
    r = client.post(
        url,
        {
            "issuer": "Ủy ban MTTQ Việt Nam tỉnh",
            "reference": "20/MTTQ",
            "issued_on": timezone.localdate().isoformat(),
            "points": "1. Về khoản 1 Điều 2: mức phí cao.\n2) Cần bổ sung miễn phí.\n\n",
        },
    )
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert "mức phí cao" in page and "Khoản 1" in page  # the point was tied to the clause it names
    sc = consultation.criticisms.get()
    assert [p.section.key if p.section else None for p in sc.points.order_by("number")] == ["dieu-2.khoan-1", None]
    answer = client.post(f"{url}{sc.pk}/noi-dung-2/", {"disposition": "not_accepted", "explanation": ""})
    assert answer.status_code == 422 and "Vui lòng ghi nội dung giải trình" in answer.content.decode()
    assert client.post(f"{url}{sc.pk}/noi-dung-2/", {"disposition": "accepted"}).status_code == 302
    assert client.post(f"{url}{sc.pk}/noi-dung-9/", {"disposition": "accepted"}).status_code == 404
    future = client.post(
        url, {"issuer": "MTTQ", "issued_on": (TODAY() + dt.timedelta(days=2)).isoformat(), "points": "A"}
    )
    assert future.status_code == 422 and "không được sau hôm nay" in future.content.decode()


# -- outreach ---------------------------------------------------------------------------------------------------


def test_outreach_counts_sent_replied_and_replies(world: World, consultation: Consultation) -> None:
    sent = timezone.localdate() - dt.timedelta(days=5)
    result = feedback.outreach_record(
        actor=world.drafter_a,
        consultation=consultation,
        recipients=[
            {"name": "", "organisation_id": world.ward.pk},
            {"name": "", "organisation_id": world.body_b.pk},
            {"name": "Hiệp hội Doanh nghiệp tỉnh", "organisation_id": None},
            {"name": "Ban quản lý chợ Thái", "organisation_id": None},
            {"name": "Ban quản lý chợ Thái", "organisation_id": None},
        ],
        sent_on=sent,
        reference="123/STP-XDKTVB",
    )
    assert len(result["created"]) == 4 and result["already"] == []
    again = feedback.outreach_record(
        actor=world.drafter_a,
        consultation=consultation,
        recipients=[{"name": "Hiệp hội Doanh nghiệp tỉnh", "organisation_id": None}],
        sent_on=sent,
    )
    assert again["created"] == [] and again["already"] == ["Hiệp hội Doanh nghiệp tỉnh"]
    assert outreach_summary(consultation) == {"sent": 4, "replied": 0, "replies": 0}
    ward = Outreach.objects.get(recipient_org=world.ward)
    assoc = Outreach.objects.get(recipient="Hiệp hội Doanh nghiệp tỉnh")
    enter(world, consultation, outreach=ward, channel="phone", submitter_type="agency", text="Đồng ý.")
    enter(world, consultation, outreach=ward, submitter_type="agency", text="Bổ sung khoản 3.")
    reply, _ = enter(world, consultation, outreach=assoc, submitter_type="organisation", text="Giảm phí.")
    assert reply.channel == "letter" and reply.outreach == assoc  # a reply to a letter is a letter
    hidden, _ = enter(world, consultation, outreach=assoc, submitter_type="organisation", text="Spam")
    cons.comment_hide(actor=world.moderator_a, comment=hidden, hidden=True, reason="Trùng lặp.")
    assert outreach_summary(consultation) == {"sent": 4, "replied": 2, "replies": 3}
    with pytest.raises(DomainError) as e:
        feedback.outreach_record(
            actor=world.drafter_a,
            consultation=consultation,
            recipients=[{"name": "X", "organisation_id": None}],
            sent_on=TODAY() + dt.timedelta(days=1),
        )
    assert "không được sau hôm nay" in e.value.errors["sent_on"][1]


def test_outreach_screens(world: World, consultation: Consultation) -> None:
    client = Client()
    client.force_login(world.drafter_a)
    url = f"/can-bo/lay-y-kien/{consultation.pk}/gui-lay-y-kien/"
    r = client.post(
        url,
        {
            "organisations": [str(world.ward.pk)],
            "others": "Hiệp hội Doanh nghiệp tỉnh\n\nBan quản lý chợ Thái",
            "sent_on": timezone.localdate().isoformat(),
            "reference": "45/STP",
        },
    )
    assert r.status_code == 302
    o = Outreach.objects.get(recipient="Hiệp hội Doanh nghiệp tỉnh")
    form = client.get(f"{url}{o.pk}/tra-loi/")
    assert form.status_code == 200 and "Hiệp hội Doanh nghiệp tỉnh" in form.content.decode()
    reply = client.post(
        f"{url}{o.pk}/tra-loi/",
        {
            "received_on": timezone.localdate().isoformat(),
            "submitter_type": "organisation",
            "organisation": o.recipient,
            "text": "Hiệp hội đề nghị giảm phí.",
            "idempotency_token": "reply-1",
            "save": "1",
        },
    )
    assert reply.status_code == 302
    page = client.get(url).content.decode()
    assert "Đã gửi 3 cơ quan, tổ chức; 1 nơi đã trả lời, nhận 1 ý kiến." in page
    other = Client()
    other.force_login(world.officer_b)
    assert other.get(f"{url}{o.pk}/tra-loi/").status_code == 404
    reader = Client()
    reader.force_login(world.leader_a)
    assert reader.get(f"{url}{o.pk}/tra-loi/").status_code == 403
    assert reader.get(url).status_code == 200


# -- public counts -------------------------------------------------------------------------------------------------


def test_api_counts_by_channel(world: World, consultation: Consultation, django_assert_max_num_queries: Any) -> None:
    cons.comment_submit(consultation=consultation, text="Qua cổng", submitter_type="individual", consent=True)
    enter(world, consultation)
    enter(world, consultation, channel="fatherland_front", text="MTTQ")
    hidden, _ = enter(world, consultation, channel="phone", text="Spam")
    cons.comment_hide(actor=world.moderator_a, comment=hidden, hidden=True, reason="Spam.")
    with django_assert_max_num_queries(5):  # the consultation, material, sections, counts (one query)
        r = Client().get(f"/api/v1/consultations/{consultation.pk}")
    data = r.json()
    assert data["comment_count"] == 3
    assert data["comments_by_channel"] == {
        "portal": 1,
        "api": 0,
        "meeting": 0,
        "letter": 1,
        "press": 0,
        "phone": 0,
        "social": 0,
        "fatherland_front": 1,
    }
    assert channel_counts(consultation)["phone"] == 0


def test_a_consultation_of_another_body_stays_out_of_reach(world: World) -> None:
    doc_b = register_document(world, body="b")
    c_b = open_consultation(world, doc_b)
    with pytest.raises(DomainError) as e:
        enter(world, c_b)  # drafter_a on the ward's consultation
    assert e.value.status == 403
    client = Client()
    client.force_login(world.drafter_a)
    for path in ("nhap-y-kien/", "nhap-tep/", "phan-bien/", "gui-lay-y-kien/"):
        assert client.get(f"/can-bo/lay-y-kien/{c_b.pk}/{path}").status_code == 404
