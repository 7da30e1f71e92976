"""Demo: opinions from every channel on the open consultation — a letter with its scan, a call to the hotline,
the Fatherland Front's social criticism (three points, two answered), the draft sent to four bodies (two
replied), and a spreadsheet of opinions from a meeting, imported as an officer would. All through the services.

The spreadsheet is generated here (``demo_sheet_xlsx`` / ``demo_sheet_csv``), never kept as a binary file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image, ImageDraw, ImageFont

from policycomm.consultation import feedback, intake
from policycomm.consultation.models import Comment, Consultation, Outreach
from policycomm.orgs.models import Organisation

HEADER = ["STT", "Nội dung", "Chủ thể", "Họ tên", "Tổ chức", "Ngày nhận", "Điều, khoản"]

OPINIONS = [
    ("Cá nhân", "", "Mức phí ở phường nên giảm xuống cho hộ buôn bán nhỏ."),
    ("Doanh nghiệp", "Hộ kinh doanh", "Đề nghị cho phép kinh doanh đến 23 giờ vào cuối tuần."),
    ("Cá nhân", "", "Cần để lại lối đi cho người khuyết tật, xe lăn."),
    ("Tổ chức", "Hội Phụ nữ phường", "Đề nghị miễn phí cho hộ nghèo, hộ cận nghèo."),
    ("Cá nhân", "", "Tôi đồng ý với dự thảo, vỉa hè phải trả lại cho người đi bộ."),
    ("Cơ quan nhà nước", "Công an phường", "Cần quy định rõ trách nhiệm xử lý vi phạm lấn chiếm."),
    ("Doanh nghiệp", "Cửa hàng", "Thủ tục xin chấp thuận nên làm trực tuyến."),
    ("Cá nhân", "", "Phí thu được phải công khai và dùng để sửa vỉa hè."),
]
NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]


def _rows(consultation: Consultation, rows: int) -> list[list[Any]]:
    """Rows as officials write them: Vietnamese headers, labels, DD/MM/YYYY dates, "Điều N" headings."""
    articles = list(
        consultation.document.sections.filter(kind="dieu", retired=False)
        .order_by("position")
        .values_list("heading", flat=True)
    )
    refs = [h.split(".")[0] for h in articles] + [""]
    today = timezone.localdate()
    opened = timezone.localtime(consultation.opens_at).date()
    span = max(1, min((today - opened).days + 1, 10))
    out: list[list[Any]] = [HEADER]
    for i in range(rows):
        kind, org, text = OPINIONS[i % len(OPINIONS)]
        day = today - dt.timedelta(days=i % span)
        name = NAMES[i % len(NAMES)] if kind == "Cá nhân" and i % 3 else ""
        org_name = f"{org} số {i % 7 + 1}" if org else ""
        variant = f" (ý kiến tổ {i % 12 + 1})" if i >= len(OPINIONS) else ""
        out.append([i + 1, text + variant, kind, name, org_name, day.strftime("%d/%m/%Y"), refs[i % len(refs)]])
    return out


def demo_sheet_xlsx(consultation: Consultation, *, rows: int = 30) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Ý kiến hội nghị"
    for row in _rows(consultation, rows):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def demo_sheet_csv(consultation: Consultation, *, rows: int = 30) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(_rows(consultation, rows))
    return out.getvalue().encode("utf-8-sig")  # as Excel saves "CSV UTF-8"


def _letter_scan(lines: list[str]) -> bytes:
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 36)
    img = Image.new("RGB", (1654, 2339), "white")  # A4 at 200 dpi
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((140, 160 + i * 80), line, fill="black", font=font)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


LETTER = [
    "Kính gửi: Sở Tư pháp tỉnh Thái Nguyên",
    "Tôi là Đinh Văn Hùng, tổ dân phố số 1, phường Phan Đình Phùng.",
    "Về Điều 5 của dự thảo, đề nghị miễn phí sử dụng vỉa hè",
    "cho hộ nghèo buôn bán nhỏ trước cửa nhà mình.",
]


def load_intake_demo(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    drafter = users["stp.soanthao"]
    c = (
        Consultation.objects.filter(document__drafting_body=orgs["stp"], phase=Consultation.Phase.DRAFT)
        .select_related("document__drafting_body")
        .order_by("-opens_at")
        .first()
    )
    if c is None:  # pragma: no cover - the open document is built first
        return
    today = timezone.localdate()
    keys = {s.key: s.pk for s in c.document.sections.all()}
    intake.comment_enter(
        actor=drafter,
        consultation=c,
        channel=Comment.Channel.LETTER,
        text=" ".join(LETTER[1:]),
        submitter_type=Comment.SubmitterType.INDIVIDUAL,
        name="Đinh Văn Hùng",
        received_on=today - dt.timedelta(days=4),
        section_id=keys.get("dieu-5"),
        attachment=SimpleUploadedFile("thu-gop-y.png", _letter_scan(LETTER), content_type="image/png"),
        idempotency_key="demo-letter-1",
    )
    intake.comment_enter(
        actor=drafter,
        consultation=c,
        channel=Comment.Channel.PHONE,
        text="Gọi đường dây nóng: đề nghị nói rõ vỉa hè trước nhà ai thì người đó có được ưu tiên đăng ký không.",
        submitter_type=Comment.SubmitterType.INDIVIDUAL,
        received_on=today - dt.timedelta(days=2),
        section_id=keys.get("dieu-3"),
        idempotency_key="demo-phone-1",
    )
    sc, _ = feedback.criticism_record(
        actor=drafter,
        consultation=c,
        issuer=orgs["mttq"].name,
        reference="25/MTTQ-BTT",
        issued_on=today - dt.timedelta(days=5),
        received_on=today - dt.timedelta(days=4),
        summary="Ủy ban MTTQ tỉnh tổ chức hội nghị phản biện xã hội dự thảo Nghị quyết và gửi ba nội dung.",
        points=[
            {
                "text": "Mức thu 20.000 đồng/m²/tháng tại phường chưa có căn cứ tính toán.",
                "section_id": keys.get("dieu-5"),
            },
            {"text": "Cần bổ sung miễn phí cho hộ nghèo, người khuyết tật.", "section_id": keys.get("dieu-5")},
            {
                "text": "Đề nghị quy định việc công khai danh sách điểm được chấp thuận.",
                "section_id": keys.get("dieu-3"),
            },
        ],
    )
    p1, p2, _p3 = sc.points.order_by("number")
    feedback.criticism_point_answer(
        actor=drafter,
        point=p1,
        disposition=Comment.Disposition.PARTIAL,
        explanation="Bổ sung thuyết minh cách tính; giữ mức thu, giảm 50 % cho chợ truyền thống.",
    )
    feedback.criticism_point_answer(actor=drafter, point=p2, disposition=Comment.Disposition.ACCEPTED, explanation="")
    feedback.outreach_record(
        actor=drafter,
        consultation=c,
        recipients=[
            {"name": "", "organisation_id": orgs["ward"].pk},
            {"name": "", "organisation_id": orgs["lawyers"].pk},
            {"name": "Hiệp hội Doanh nghiệp tỉnh Thái Nguyên", "organisation_id": None},
            {"name": "Ban quản lý chợ Thái", "organisation_id": None},
        ],
        sent_on=today - dt.timedelta(days=9),
        reference="312/STP-XDKTVB",
    )
    for recipient, text, kind in [
        (
            orgs["ward"].name,
            "UBND phường thống nhất với dự thảo; đề nghị giao cấp phường quyết định khung giờ cụ thể.",
            Comment.SubmitterType.AGENCY,
        ),
        (
            "Hiệp hội Doanh nghiệp tỉnh Thái Nguyên",
            "Hiệp hội đề nghị giảm phí cho hộ kinh doanh trong năm đầu áp dụng.",
            Comment.SubmitterType.ORGANISATION,
        ),
    ]:
        o = Outreach.objects.get(consultation=c, recipient=recipient)
        intake.comment_enter(
            actor=drafter,
            consultation=c,
            channel=Comment.Channel.LETTER,
            text=text,
            submitter_type=kind,
            organisation=recipient,
            received_on=today - dt.timedelta(days=3),
            outreach=o,
            idempotency_key=f"demo-reply-{o.pk}",
        )
    intake.comments_import(
        actor=drafter,
        consultation=c,
        channel=Comment.Channel.MEETING,
        data=demo_sheet_xlsx(c, rows=30),
        filename="y-kien-hoi-nghi-cho-thai.xlsx",
    )
