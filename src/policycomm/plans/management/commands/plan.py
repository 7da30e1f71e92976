"""``policycomm plan import FILE [--json]``: read a plan (Kế hoạch) from .txt, .docx or .pdf.

``policycomm plan export PLAN_ID --format docx|pdf --out FILE`` writes a saved plan in the format
of Decree 30.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from policycomm.plans.parser import parse_file
from policycomm.plans.schema import PlanData
from policycomm.plans.text import ReadError


class Command(BaseCommand):
    help = "Kế hoạch thực hiện Đề án: đọc từ tệp (.txt, .docx, .pdf) hoặc xuất theo thể thức Nghị định 30."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Đọc kế hoạch từ tệp và in cấu trúc")
        imp.add_argument("file", type=Path, help="Tệp kế hoạch: .txt, .docx hoặc PDF có lớp chữ")
        imp.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
        exp = sub.add_parser("export", help="Xuất kế hoạch đã lưu ra DOCX hoặc PDF")
        exp.add_argument("plan_id", type=int, help="Mã kế hoạch")
        exp.add_argument("--format", choices=("docx", "pdf"), default="docx")
        exp.add_argument("--out", type=Path, required=True, help="Tệp kết quả")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "import":
            self._import(opts["file"], as_json=opts["json"])
        else:
            self._export(opts["plan_id"], opts["format"], opts["out"])

    def _import(self, path: Path, *, as_json: bool) -> None:
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}", returncode=2)
        try:
            plan = parse_file(path)
        except ReadError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if as_json:
            self.stdout.write(orjson.dumps(plan, option=orjson.OPT_INDENT_2).decode())
        else:
            self.stdout.write(render(plan))

    def _export(self, plan_id: int, fmt: str, out: Path) -> None:
        from policycomm.plans.export import plan_docx, plan_pdf
        from policycomm.plans.models import Plan as PlanModel

        plan = PlanModel.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch mã {plan_id}.", returncode=2)
        data = plan_docx(plan) if fmt == "docx" else plan_pdf(plan)
        out.write_bytes(data)
        self.stdout.write(f"Đã ghi {out} ({len(data):,} byte).")


def render(plan: PlanData) -> str:
    signer = plan["signer"]
    date = "/".join(reversed(plan["date"].split("-"))) if plan["date"] else "…"
    lines = [
        f"Số: {plan['number'] or '…'}/{plan['symbol'] or '…'}   {plan['place'] or '…'}, ngày {date}",
        f"Cơ quan ban hành: {plan['issuer'] or '(không ghi)'}",
        f"{plan['kind'] or 'VĂN BẢN'}: {plan['title'] or '(không có trích yếu)'}",
        "",
    ]
    for g in plan["groups"]:
        lines.append(f"{g['index']}. {g['title']}  ({len(g['tasks'])} nhiệm vụ)")
        for t in g["tasks"]:
            who = ", ".join(t["lead"]) or "chưa rõ cơ quan chủ trì"
            lines.append(f"   - [{t['number'] or '·'}] {who}; thời gian: {t['timeframe'] or '—'}")
    if plan["duties"]:
        lines.append(f"Tổ chức thực hiện: {len(plan['duties'])} nhiệm vụ")
    lines.append(f"Nơi nhận: {len(plan['recipients'])}")
    if signer:
        parts = (signer["authority"], signer["deputy"], signer["position"], signer["name"])
        lines.append("Ký: " + " / ".join(v for v in parts if v))
    for p in plan["problems"]:
        lines.append(f"! {p}")
    if plan["unparsed"]:
        lines.append(f"Chưa xếp được {len(plan['unparsed'])} đoạn (giữ nguyên để người duyệt xem).")
    return "\n".join(lines)
