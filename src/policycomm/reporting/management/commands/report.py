"""``policycomm report list|figures|show|export``: periodic reports for scripts and for checking.

- ``report list --json``: the periods, each with its reports and the units that owe one and have none.
- ``report figures --org ORG_ID --from YYYY-MM-DD --to YYYY-MM-DD --json``: the figures, computed live.
- ``report show ID --json``: the figures as stored in a report, its status, org, period, written parts.
- ``report export ID --format docx|pdf|xlsx --out FILE``.
A bad argument exits with code 2 and a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, NoReturn

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from policycomm.commandline import VietnameseParser


def _date(raw: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else _bad_date(raw, flag)
    except ValueError:
        _bad_date(raw, flag)


def _bad_date(raw: str, flag: str) -> NoReturn:
    raise CommandError(f"Lỗi: {flag} “{raw}” không phải ngày dạng YYYY-MM-DD (ví dụ 2026-06-30).", returncode=2)


def _id(raw: str, what: str) -> int:
    if not (raw.isascii() and raw.isdigit()):
        raise CommandError(f"Lỗi: mã {what} “{raw}” phải là số nguyên dương.", returncode=2)
    return int(raw)


def _json(data: object) -> str:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()


class Command(BaseCommand):
    help = "Báo cáo định kỳ: danh sách kỳ báo cáo, số liệu, xem và xuất báo cáo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.__class__ = VietnameseParser  # the same parser, errors in Vietnamese, and so its subparsers
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list", help="Các kỳ báo cáo và báo cáo của từng kỳ")
        ls.add_argument("--json", action="store_true")
        figs = sub.add_parser("figures", help="Số liệu tính trực tiếp cho một cơ quan và cấp dưới")
        figs.add_argument("--org", required=True, help="Mã cơ quan")
        figs.add_argument("--from", dest="start", required=True, help="Từ ngày YYYY-MM-DD")
        figs.add_argument("--to", dest="end", required=True, help="Đến ngày YYYY-MM-DD")
        figs.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="Số liệu và nội dung của một báo cáo")
        show.add_argument("report_id")
        show.add_argument("--json", action="store_true")
        exp = sub.add_parser("export", help="Xuất báo cáo ra DOCX, PDF hoặc XLSX")
        exp.add_argument("report_id")
        exp.add_argument("--format", dest="fmt", required=True, help="docx, pdf hoặc xlsx")
        exp.add_argument("--out", type=Path, required=True, help="Tệp kết quả")

    def handle(self, *args: Any, **opts: Any) -> None:
        action = opts["action"]
        if action == "list":
            self._list(as_json=opts["json"])
        elif action == "figures":
            self._figures(opts["org"], opts["start"], opts["end"], as_json=opts["json"])
        elif action == "show":
            self._show(opts["report_id"], as_json=opts["json"])
        else:
            self._export(opts["report_id"], opts["fmt"], opts["out"])

    def _list(self, *, as_json: bool) -> None:
        from policycomm.reporting.cli import period_listing

        data = period_listing()
        if as_json:
            self.stdout.write(_json(data))
            return
        for p in data:
            self.stdout.write(f"[{p['id']}] {p['title']} — {p['org']} — hạn {p['due']}")
            for r in p["reports"]:
                self.stdout.write(f"   #{r['id']} {r['org']}: {r['status']}")
            for m in p["missing"]:
                self.stdout.write(f"   (chưa có) {m['name']}")

    def _figures(self, org_raw: str, start_raw: str, end_raw: str, *, as_json: bool) -> None:
        from policycomm.orgs.models import Organisation
        from policycomm.reporting import figures

        org_id = _id(org_raw, "cơ quan")
        start, end = _date(start_raw, "--from"), _date(end_raw, "--to")
        if end < start:
            raise CommandError("Lỗi: --to phải sau hoặc trùng --from.", returncode=2)
        org = Organisation.objects.filter(pk=org_id).first()
        if org is None:
            raise CommandError(f"Lỗi: không có cơ quan mã {org_id}.", returncode=2)
        data = figures.for_subtree(org, start, end)
        self.stdout.write(_json(data) if as_json else _text(data))

    def _report(self, raw: str) -> Any:
        from policycomm.reporting.models import PeriodReport

        pk = _id(raw, "báo cáo")
        report = PeriodReport.objects.select_related("organisation", "period__organisation").filter(pk=pk).first()
        if report is None:
            raise CommandError(f"Lỗi: không có báo cáo mã {pk}.", returncode=2)
        return report

    def _show(self, raw: str, *, as_json: bool) -> None:
        from policycomm.reporting.cli import report_payload

        data: Any = report_payload(self._report(raw))
        if as_json:
            self.stdout.write(_json(data))
        else:
            self.stdout.write(
                f"Báo cáo #{data['id']} — {data['org']['name']} — {data['period']['title']} — {data['status']}"
            )
            self.stdout.write(_text(data))

    def _export(self, raw: str, fmt: str, out: Path) -> None:
        from policycomm.documents.pdf import PdfUnavailableError
        from policycomm.reporting.export import report_docx, report_pdf, report_xlsx

        if fmt not in ("docx", "pdf", "xlsx"):
            raise CommandError(f"Lỗi: --format “{fmt}” không hợp lệ, chọn docx, pdf hoặc xlsx.", returncode=2)
        report = self._report(raw)
        if not out.parent.is_dir():
            raise CommandError(f"Lỗi: không có thư mục {out.parent}.", returncode=2)
        try:
            data = {"docx": report_docx, "pdf": report_pdf, "xlsx": report_xlsx}[fmt](report)
        except PdfUnavailableError as exc:
            raise CommandError(str(exc), returncode=1) from None
        out.write_bytes(data)
        self.stdout.write(f"Đã ghi {out} ({len(data):,} byte).")


def _text(f: Any) -> str:
    cov = f["coverage"]
    ratio = "—" if cov["ratio"] is None else f"{cov['ratio'] * 100:.1f} %"
    return "\n".join(
        [
            f"Bao phủ: {cov['covered']}/{cov['in_scope']} ({ratio}); chưa đạt: {len(cov['failing'])}",
            f"Hoạt động: {sum(x['count'] for x in f['activities_by_form'].values())}",
            f"Ý kiến: {f['comments']['received']} (tiếp thu {f['comments']['accepted']})",
            f"Kế hoạch: {f['plans']}; nhiệm vụ {f['tasks']['done']}/{f['tasks']['total']}, "
            f"quá hạn {f['tasks']['overdue']}",
            f"Tập huấn: {f['training']['sessions']} lớp, {f['training']['participants']} người",
            f"Kinh phí: giao {f['budget']['allocated']}, chi {f['budget']['spent']}",
        ]
    )
