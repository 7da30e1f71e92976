"""``policycomm synthesis CONSULTATION_ID --format docx|pdf --out FILE [--yes]``

Builds the synthesis & explanation report of the consultation's document (every round, ADR 0014) and
writes it to FILE. When comments are still unanswered or a window is still open the report is early:
without ``--yes`` the command says why on stderr and exits with code 2, writing nothing. A bad
argument, an unknown consultation or a path that cannot be written exit with code 2 too.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser


class _Parser(CommandParser):
    def error(self, message: str) -> NoReturn:
        text = f"Lỗi: tham số không hợp lệ ({message})."
        if getattr(self, "called_from_command_line", False):
            self.print_usage(sys.stderr)
            self.exit(2, f"{text}\n")
        raise CommandError(text, returncode=2)


class Command(BaseCommand):
    help = "Lập báo cáo tổng hợp, tiếp thu, giải trình ý kiến của một đợt lấy ý kiến (DOCX hoặc PDF)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.__class__ = _Parser  # the same parser, with its errors in Vietnamese and exit code 2
        parser.add_argument("consultation_id", help="Mã đợt lấy ý kiến")
        parser.add_argument("--format", dest="fmt", choices=("docx", "pdf"), required=True, help="docx hoặc pdf")
        parser.add_argument("--out", type=Path, required=True, help="Tệp kết quả")
        parser.add_argument(
            "--yes", action="store_true", help="Vẫn lập khi còn ý kiến chưa xử lý hoặc đợt lấy ý kiến chưa kết thúc"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        from policycomm.consultation.models import Consultation
        from policycomm.consultation.reports import collect, render
        from policycomm.documents.pdf import PdfUnavailableError, docx_to_pdf

        raw: str = opts["consultation_id"]
        if not (raw.isascii() and raw.isdigit()):
            raise CommandError(f"Lỗi: mã đợt lấy ý kiến “{raw}” phải là số nguyên dương.", returncode=2)
        c = (
            Consultation.objects.select_related("document__drafting_body", "document__issuing_authority")
            .filter(pk=int(raw))
            .first()
        )
        if c is None:
            raise CommandError(f"Lỗi: không có đợt lấy ý kiến mã {raw}.", returncode=2)
        out: Path = opts["out"]
        folder = out.parent if str(out.parent) else Path(".")
        if out.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK):
            raise CommandError(f"Lỗi: không ghi được tệp {out} (thư mục không có hoặc không được ghi).", returncode=2)
        synthesis = collect(c)
        if synthesis.warning.any and not opts["yes"]:
            raise CommandError(
                f"Cảnh báo: báo cáo sẽ lập khi {synthesis.warning.message}. "
                "Thêm --yes nếu vẫn muốn lập báo cáo; chưa ghi tệp nào.",
                returncode=2,
            )
        data = render(synthesis)
        if opts["fmt"] == "pdf":
            try:
                data = docx_to_pdf(data)
            except PdfUnavailableError as exc:
                raise CommandError(f"Lỗi: {exc}", returncode=1) from None
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Lỗi: không ghi được tệp {out} ({exc.strerror}).", returncode=2) from None
        self.stdout.write(
            f"Đã ghi {out} ({len(data):,} byte): {synthesis.comments} ý kiến, {len(synthesis.parts)} đợt lấy ý kiến."
        )
