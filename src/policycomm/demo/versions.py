"""Demo: the open draft's second version (dự thảo lần 2) and its dossier (hồ sơ dự thảo).

Version 2 lowers the ward fee (a changed clause), adds a clause on business hours at weekends and an article on
the use of the fee, and drops the clause naming state bodies among those the resolution applies to. The comments
already received stay on version 1. The dossier holds a small submission (PDF, drawn with reportlab) and a
comparison table (DOCX, python-docx), uploaded through the dossier service.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from policycomm.lawmaking import services as law
from policycomm.lawmaking.dossier import dossier_add
from policycomm.lawmaking.models import DossierFile, LegalDocument
from policycomm.orgs.models import Organisation

OPEN_TITLE = "Nghị quyết quy định việc tạm sử dụng một phần lòng đường, vỉa hè"


def second_version(text: str) -> str:
    out = text.replace(
        "1. Mức thu phí sử dụng tạm thời vỉa hè tại các phường là 20.000 đồng/m²/tháng.",
        "1. Mức thu phí sử dụng tạm thời vỉa hè tại các phường là 15.000 đồng/m²/tháng; hộ kinh doanh tại chợ "
        "phường được giảm 50%.",
    )
    out = out.replace("3. Cơ quan quản lý nhà nước có liên quan.\n", "")
    out = out.replace(
        "2. Việc tạm sử dụng để tổ chức việc cưới, việc tang không quá 48 giờ.\n",
        "2. Việc tạm sử dụng để tổ chức việc cưới, việc tang không quá 48 giờ.\n"
        "3. Vào ngày thứ Bảy, Chủ nhật và ngày lễ, thời gian kinh doanh được kéo dài đến 23 giờ.\n",
    )
    out = out.replace(
        "Chương III\n",
        "Điều 6. Quản lý, sử dụng tiền phí\n"
        "Tiền phí thu được nộp ngân sách phường, xã để duy tu, sửa chữa vỉa hè và lắp đặt biển báo.\n"
        "Chương III\n",
    )
    return out.replace("Điều 6. Trách nhiệm thi hành", "Điều 7. Trách nhiệm thi hành")


def _pdf(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from policycomm.channels.fonts import font_path

    pdfmetrics.registerFont(TTFont("DemoVi", str(font_path())))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.setTitle(title)
    pdf.setFont("DemoVi", 14)
    y = A4[1] - 72
    pdf.drawString(72, y, title)
    pdf.setFont("DemoVi", 11)
    for line in lines:
        y -= 20
        pdf.drawString(72, y, line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _docx(title: str, rows: list[tuple[str, str, str]]) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(title, level=1)
    table = d.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Điều, khoản", "Dự thảo lần 1", "Dự thảo lần 2"), strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def versions_demo(orgs: dict[str, Organisation], users: dict[str, Any], draft_text: str) -> None:
    """``draft_text``: version 1 as the demo pasted it (``data.DRAFT_TEXT``)."""
    drafter = users["stp.soanthao"]
    doc = LegalDocument.objects.get(drafting_body=orgs["stp"], title__startswith=OPEN_TITLE)
    law.sections_replace(actor=drafter, document=doc, raw_text=second_version(draft_text))
    submission = _pdf(
        "TỜ TRÌNH dự thảo Nghị quyết về tạm sử dụng lòng đường, vỉa hè",
        [
            "Kính gửi: Hội đồng nhân dân tỉnh Thái Nguyên.",
            "Sở Tư pháp trình dự thảo Nghị quyết (dự thảo lần 2) sau khi tiếp thu ý kiến góp ý.",
            "Mức phí tại phường giảm từ 20.000 xuống 15.000 đồng/m²/tháng.",
        ],
    )
    table = _docx(
        "Bảng so sánh dự thảo lần 1 và lần 2",
        [
            ("Khoản 1 Điều 5", "20.000 đồng/m²/tháng", "15.000 đồng/m²/tháng; chợ phường giảm 50%"),
            ("Khoản 3 Điều 4", "(chưa có)", "Cuối tuần, ngày lễ kinh doanh đến 23 giờ"),
            ("Điều 6", "(chưa có)", "Quản lý, sử dụng tiền phí"),
        ],
    )
    files = [
        (DossierFile.Kind.SUBMISSION, "Tờ trình dự thảo Nghị quyết", "to-trinh.pdf", submission),
        (DossierFile.Kind.COMPARISON, "Bảng so sánh dự thảo lần 1 và lần 2", "bang-so-sanh.docx", table),
    ]
    for kind, title, name, data in files:
        dossier_add(actor=drafter, document=doc, kind=kind, title=title, file=SimpleUploadedFile(name, data))
