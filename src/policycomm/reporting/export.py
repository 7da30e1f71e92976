"""A periodic report as a Decree 30 BÁO CÁO (DOCX, PDF from it) and its figures as XLSX."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import xlsxwriter
from django.utils.translation import gettext_noop as n_

from policycomm.communication.models import Activity
from policycomm.consultation.models import Comment
from policycomm.documents.decree30 import Header, OfficialDocument, Recipients, Signer
from policycomm.documents.orgs import issuer_lines, signer_for
from policycomm.documents.pdf import docx_to_pdf
from policycomm.orgs.access import display_name
from policycomm.orgs.models import Membership, Organisation, Role
from policycomm.plans.models import BudgetLine

from . import figures as fig
from .models import PeriodReport
from .selectors import report_figures

PART_TITLES = (
    ("results", "Kết quả đạt được"),
    ("shortcomings", "Tồn tại, hạn chế và nguyên nhân"),
    ("directions", "Phương hướng, nhiệm vụ"),
    ("proposals", "Đề xuất, kiến nghị"),
)
STATUS_LABELS = {
    "draft": "Đang soạn",
    "submitted": "Đã gửi",
    "returned": "Bị trả lại",
    "accepted": "Đã tiếp nhận",
    "missing": "Chưa báo cáo",
    "own": "Cơ quan tổng hợp",
}


def n(value: int) -> str:
    """Vietnamese thousands: 1.234.567."""
    return f"{value:,}".replace(",", ".")


def pct(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio * 100:.1f}".replace(".", ",") + " %"


def _label(choices: Mapping[str, object], key: str) -> str:
    return str(choices.get(key, key))


def figure_rows(f: fig.Figures) -> list[tuple[str, str]]:
    """(indicator, value) lines of the main table; indicators marked for translation (screens translate them,
    documents stay in Vietnamese)."""
    cov, com, tasks, tr, bud, rec = (
        f["coverage"],
        f["comments"],
        f["tasks"],
        f["training"],
        f["budget"],
        f["commendations"],
    )
    forms = f["activities_by_form"].values()
    return [
        (n_("Chính sách thuộc phạm vi truyền thông (văn bản đã thông qua trong kỳ)"), n(cov["in_scope"])),
        (n_("Chính sách được truyền thông đầy đủ"), n(cov["covered"])),
        (n_("Tỷ lệ chính sách được truyền thông"), pct(cov["ratio"])),
        (n_("Hoạt động truyền thông"), n(sum(x["count"] for x in forms))),
        (n_("Lượt tiếp cận"), n(sum(x["reach"] for x in forms))),
        (n_("Ý kiến góp ý nhận được"), n(com["received"])),
        (n_("Ý kiến được tiếp thu"), n(com["accepted"])),
        (n_("Ý kiến được tiếp thu một phần"), n(com["partly_accepted"])),
        (n_("Ý kiến không tiếp thu, có giải trình"), n(com["not_accepted"])),
        (n_("Kế hoạch ban hành trong kỳ"), n(f["plans"])),
        (n_("Nhiệm vụ hoàn thành / tổng số"), f"{n(tasks['done'])} / {n(tasks['total'])}"),
        (n_("Nhiệm vụ quá hạn"), n(tasks["overdue"])),
        (n_("Lớp tập huấn"), n(tr["sessions"])),
        (n_("Lượt người được tập huấn"), n(tr["participants"])),
        (n_("Kinh phí được giao (đồng)"), n(bud["allocated"])),
        (n_("Kinh phí đã chi (đồng)"), n(bud["spent"])),
        (n_("Mô hình hay, cách làm hiệu quả"), n(rec["good_models"])),
        (n_("Đề nghị khen thưởng / được khen thưởng"), f"{n(rec['proposed'])} / {n(rec['approved'])}"),
    ]


def form_rows(f: fig.Figures) -> list[tuple[str, str, str, str]]:
    forms = dict(Activity.Form.choices)
    out = []
    for key, ff in sorted(f["activities_by_form"].items()):
        channels = "; ".join(f"{ch} ({n(c['count'])})" for ch, c in sorted(ff["channels"].items()))
        out.append((_label(forms, key), channels, n(ff["count"]), n(ff["reach"])))
    return out


def channel_rows(f: fig.Figures) -> list[tuple[str, str]]:
    labels = dict(Comment.Channel.choices)
    return [(_label(labels, k), n(v)) for k, v in sorted(f["comments"]["by_channel"].items())]


def source_rows(f: fig.Figures) -> list[tuple[str, str, str]]:
    labels = dict(BudgetLine.Source.choices)
    return [(_label(labels, k), n(v["allocated"]), n(v["spent"])) for k, v in sorted(f["budget"]["by_source"].items())]


# Beyond this many reporting units the DOCX appendix points to the XLSX, which carries every row (a Word
# table of thousands of rows takes python-docx minutes to build and nobody reads it on paper).
APPENDIX_MAX_ROWS = 300
FAILING_MAX_ITEMS = 200


def unit_rows(report: PeriodReport) -> list[fig.UnitRow]:
    return list(report.breakdown or [])


def _numbered(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    return [[str(i), *r] for i, r in enumerate(rows, start=1)]


KIND_TITLES = {
    "six_month": "Kết quả 6 tháng thực hiện Đề án truyền thông chính sách",
    "yearly": "Kết quả năm thực hiện Đề án truyền thông chính sách",
    "so_ket": "Sơ kết thực hiện Đề án truyền thông chính sách",
    "tong_ket": "Tổng kết thực hiện Đề án truyền thông chính sách",
}


def _title(report: PeriodReport) -> str:
    p = report.period
    return f"{KIND_TITLES.get(p.kind, KIND_TITLES['six_month'])} (từ {p.start:%d/%m/%Y} đến {p.end:%d/%m/%Y})"


def issuing_org(report: PeriodReport) -> Organisation:
    """The consolidated report is issued by the standing body (…/BC-STP); a unit's by the unit."""
    if report.is_consolidated and report.period.standing_body is not None:
        return report.period.standing_body
    return report.organisation


def _signer(report: PeriodReport, org: Organisation) -> Signer:
    signer = signer_for(org)
    if signer.name or report.submitted_by is None:
        return signer
    m = Membership.objects.filter(user=report.submitted_by, role=Role.LEADER).order_by("pk").first()
    position = (m.position if m and m.position else "Thủ trưởng cơ quan").upper()
    return Signer(position=position, name=display_name(report.submitted_by))


def report_docx(report: PeriodReport) -> bytes:
    org = issuing_org(report)
    parent_body, issuer = issuer_lines(org)
    header = Header(
        issuer=issuer,
        parent_body=parent_body,
        symbol=report.symbol or "BC-UBND",
        place=org.place_name,
        number=report.number or None,
        date=(report.submitted_at.date() if report.submitted_at else None),
    )
    f = report_figures(report)
    doc = OfficialDocument(header, "BÁO CÁO", _title(report))
    doc.heading("I. KẾT QUẢ THỰC HIỆN")
    section = iter(range(1, 10))  # the headings under I are numbered as they appear (empty tables are left out)
    doc.heading(f"{next(section)}. Số liệu chủ yếu")
    doc.table(["STT", "Chỉ tiêu", "Số liệu"], _numbered(figure_rows(f)), (1.4, 11.1, 4.0))
    if f["activities_by_form"]:
        doc.heading(f"{next(section)}. Hoạt động truyền thông theo hình thức, kênh")
        doc.table(
            ["STT", "Hình thức", "Kênh", "Số hoạt động", "Lượt tiếp cận"],
            _numbered(form_rows(f)),
            (1.4, 4.8, 5.3, 2.5, 2.5),
        )
    if f["comments"]["by_channel"]:
        doc.heading(f"{next(section)}. Ý kiến nhận được theo kênh")
        doc.table(["STT", "Kênh", "Số ý kiến"], _numbered(channel_rows(f)), (1.4, 11.1, 4.0))
    if f["budget"]["by_source"]:
        doc.heading(f"{next(section)}. Kinh phí theo nguồn")
        doc.table(
            ["STT", "Nguồn", "Được giao (đồng)", "Đã chi (đồng)"], _numbered(source_rows(f)), (1.4, 7.1, 4.0, 4.0)
        )
    if f["coverage"]["failing"]:
        doc.heading(f"{next(section)}. Chính sách chưa được truyền thông đầy đủ")
        failing = f["coverage"]["failing"]
        for item in failing[:FAILING_MAX_ITEMS]:
            doc.paragraph(f"- {item['title']} ({item['body']}): {' '.join(item['reasons'])}")
        if len(failing) > FAILING_MAX_ITEMS:
            doc.paragraph(
                f"(Còn {n(len(failing) - FAILING_MAX_ITEMS)} chính sách khác; danh sách đầy đủ ở tệp Excel kèm theo.)"
            )
    doc.heading(f"{next(section)}. Kết quả đạt được")
    for line in (report.results or "(Chưa viết.)").split("\n"):
        doc.paragraph(line)
    doc.heading("II. ĐÁNH GIÁ CHUNG")
    doc.heading("1. Tồn tại, hạn chế và nguyên nhân")
    for line in (report.shortcomings or "(Chưa viết.)").split("\n"):
        doc.paragraph(line)
    doc.heading("III. PHƯƠNG HƯỚNG, NHIỆM VỤ")
    for line in (report.directions or "(Chưa viết.)").split("\n"):
        doc.paragraph(line)
    doc.heading("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    for line in (report.proposals or "(Chưa viết.)").split("\n"):
        doc.paragraph(line)
    units = unit_rows(report)
    if len(units) > APPENDIX_MAX_ROWS:
        doc.heading("PHỤ LỤC: SỐ LIỆU THEO ĐƠN VỊ BÁO CÁO")
        doc.paragraph(
            f"Báo cáo tổng hợp {n(len(units))} đơn vị; bảng số liệu theo từng đơn vị ở tệp Excel (.xlsx) "
            "kèm theo báo cáo này."
        )
    elif units:
        doc.heading("PHỤ LỤC: SỐ LIỆU THEO ĐƠN VỊ BÁO CÁO")
        doc.table(
            ["STT", "Đơn vị", "Tình trạng", "CS trong phạm vi / đạt", "Hoạt động", "Ý kiến", "Tập huấn (người)"],
            [
                [
                    str(i),
                    u["name"],
                    STATUS_LABELS.get(u["status"], u["status"]),
                    f"{n(u['in_scope'])} / {n(u['covered'])}",
                    n(u["activities"]),
                    n(u["comments"]),
                    n(u["participants"]),
                ]
                for i, u in enumerate(units, start=1)
            ],
            (1.4, 4.3, 2.4, 2.6, 2.0, 1.6, 2.2),
        )
    return doc.finish(Recipients(items=recipients(report), archive="Lưu: VT"), _signer(report, org))


def recipients(report: PeriodReport) -> list[str]:
    """Nơi nhận: the body above (and the committee, for the standing body's report); a unit's goes to the
    setting body and its standing body."""
    period = report.period
    if report.is_consolidated:
        above = report.organisation.parent
        items = [above.name if above else "Cơ quan cấp trên"]
        if period.standing_body is not None:
            items.append(f"{period.organisation.name} (để báo cáo)")
        return items
    items = [period.organisation.name]
    if period.standing_body is not None and period.standing_body_id != period.organisation_id:
        items.append(f"{period.standing_body.name} (tổng hợp)")
    return items


def report_pdf(report: PeriodReport) -> bytes:
    return docx_to_pdf(report_docx(report))


def report_xlsx(report: PeriodReport) -> bytes:
    f = report_figures(report)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = wb.add_format({"bold": True, "font_name": "Times New Roman"})
    cell = wb.add_format({"font_name": "Times New Roman"})
    ws = wb.add_worksheet("Số liệu")
    ws.write(0, 0, f"{report.organisation.name} — {report.period.title}", bold)
    ws.write_row(2, 0, ["STT", "Chỉ tiêu", "Số liệu"], bold)
    raw = [
        ("Chính sách thuộc phạm vi", f["coverage"]["in_scope"]),
        ("Chính sách được truyền thông đầy đủ", f["coverage"]["covered"]),
        ("Tỷ lệ", f["coverage"]["ratio"] if f["coverage"]["ratio"] is not None else ""),
        ("Hoạt động truyền thông", sum(x["count"] for x in f["activities_by_form"].values())),
        ("Lượt tiếp cận", sum(x["reach"] for x in f["activities_by_form"].values())),
        ("Ý kiến nhận được", f["comments"]["received"]),
        ("Tiếp thu", f["comments"]["accepted"]),
        ("Tiếp thu một phần", f["comments"]["partly_accepted"]),
        ("Không tiếp thu", f["comments"]["not_accepted"]),
        ("Kế hoạch ban hành", f["plans"]),
        ("Nhiệm vụ hoàn thành", f["tasks"]["done"]),
        ("Nhiệm vụ quá hạn", f["tasks"]["overdue"]),
        ("Tổng số nhiệm vụ", f["tasks"]["total"]),
        ("Lớp tập huấn", f["training"]["sessions"]),
        ("Người được tập huấn", f["training"]["participants"]),
        ("Kinh phí được giao (đồng)", f["budget"]["allocated"]),
        ("Kinh phí đã chi (đồng)", f["budget"]["spent"]),
        ("Mô hình hay", f["commendations"]["good_models"]),
        ("Đề nghị khen thưởng", f["commendations"]["proposed"]),
        ("Được khen thưởng", f["commendations"]["approved"]),
    ]
    for i, (label, value) in enumerate(raw, start=1):
        ws.write_number(2 + i, 0, i, cell)
        ws.write_string(2 + i, 1, label, cell)
        ws.write(2 + i, 2, value, cell)
    ws.set_column(1, 1, 45)
    ws.set_column(2, 2, 16)
    forms = wb.add_worksheet("Hình thức, kênh")
    forms.write_row(0, 0, ["Hình thức", "Kênh", "Số hoạt động", "Lượt tiếp cận"], bold)
    labels = dict(Activity.Form.choices)
    row = 1
    for key, ff in sorted(f["activities_by_form"].items()):
        for ch, c in sorted(ff["channels"].items()):
            forms.write_row(row, 0, [_label(labels, key), ch, c["count"], c["reach"]], cell)
            row += 1
    forms.set_column(0, 1, 40)
    failing = wb.add_worksheet("Chính sách chưa đạt")
    failing.write_row(0, 0, ["Chính sách", "Cơ quan", "Lý do"], bold)
    for i, item in enumerate(f["coverage"]["failing"], start=1):
        failing.write_row(i, 0, [item["title"], item["body"], " ".join(item["reasons"])], cell)
    failing.set_column(0, 2, 40)
    units = unit_rows(report)
    if units:
        us = wb.add_worksheet("Theo đơn vị")
        cols = [
            ("name", "Đơn vị"),
            ("status", "Tình trạng"),
            ("in_scope", "CS trong phạm vi"),
            ("covered", "CS đạt"),
            ("activities", "Hoạt động"),
            ("reach", "Lượt tiếp cận"),
            ("comments", "Ý kiến"),
            ("tasks_done", "NV hoàn thành"),
            ("tasks_total", "Tổng NV"),
            ("trainings", "Lớp tập huấn"),
            ("participants", "Người tập huấn"),
            ("allocated", "Được giao"),
            ("spent", "Đã chi"),
        ]
        us.write_row(0, 0, [c[1] for c in cols], bold)
        for i, u in enumerate(units, start=1):
            values = [u[k] for k, _l in cols]  # type: ignore[literal-required]
            values[1] = STATUS_LABELS.get(str(values[1]), str(values[1]))
            us.write_row(i, 0, values, cell)
        us.set_column(0, 0, 45)
    wb.close()
    return buf.getvalue()
