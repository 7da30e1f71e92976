"""``policycomm comments import CONSULTATION_ID FILE --channel CHANNEL [--dry-run] [--user USERNAME] --json``.

Imports the opinions of a spreadsheet (CSV or XLSX) into a consultation, as the back office does after its
preview. Prints ``{"created": N, "skipped_duplicates": N, "errors": [{"row", "field", "message"}]}`` and
exits with code 2 when there are errors, having saved nothing. Without ``--user`` the import is recorded as
made by the system from the command line; with it, the user must be a drafter of the consultation's body.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from policycomm.commandline import VietnameseParser
from policycomm.errors import DomainError


class Command(BaseCommand):
    help = (
        "Ý kiến góp ý: nhập từ bảng tính CSV hoặc XLSX "
        "(cột text / Nội dung, Chủ thể, Họ tên, Tổ chức, Ngày nhận, Điều, khoản)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.__class__ = VietnameseParser  # errors in Vietnamese, for the subcommand's parser too
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Nhập ý kiến từ bảng tính")
        imp.add_argument("consultation_id", help="Mã đợt lấy ý kiến")
        imp.add_argument("file", type=Path, help="Tệp .csv hoặc .xlsx")
        imp.add_argument("--channel", required=True, help="letter, phone, meeting, press, social hoặc fatherland_front")
        imp.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu")
        imp.add_argument("--user", help="Tên đăng nhập của cán bộ nhập (mặc định: hệ thống)")
        imp.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        from django.contrib.auth import get_user_model

        from policycomm.consultation.intake import comments_import
        from policycomm.consultation.models import Consultation

        raw = str(opts["consultation_id"])
        if not (raw.isascii() and raw.isdigit()):
            raise CommandError(f"Lỗi: mã đợt lấy ý kiến “{raw}” phải là số nguyên dương.", returncode=2)
        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(f"Lỗi: không tìm thấy tệp {path}.", returncode=2)
        c = Consultation.objects.select_related("document__drafting_body").filter(pk=int(raw)).first()
        if c is None:
            raise CommandError(f"Lỗi: không có đợt lấy ý kiến mã {raw}.", returncode=2)
        actor = None
        if opts["user"]:
            actor = get_user_model().objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"Lỗi: không có tài khoản “{opts['user']}”.", returncode=2)
        try:
            result = comments_import(
                actor=actor,
                consultation=c,
                channel=opts["channel"],
                data=path.read_bytes(),
                filename=path.name,
                dry_run=opts["dry_run"],
                note="policycomm comments import" + (" --dry-run" if opts["dry_run"] else ""),
            )
            created, skipped, errors = result["created"], result["skipped_duplicates"], result["errors"]
        except DomainError as exc:
            created, skipped = 0, 0
            errors = [{"row": 0, "field": exc.field or "file", "message": exc.message}]
        out = {"created": created, "skipped_duplicates": skipped, "errors": errors}
        if opts["json"]:
            self.stdout.write(orjson.dumps(out, option=orjson.OPT_INDENT_2).decode())
        else:
            self.stdout.write(f"Đã nhập {created} ý kiến; bỏ qua {skipped} ý kiến đã nhập trước đó.")
            for e in errors:
                where = f"dòng {e['row']}" if e["row"] else "tệp"
                self.stdout.write(f"  {where}, {e['field']}: {e['message']}")
        if errors:
            raise CommandError(f"Lỗi: {len(errors)} lỗi, chưa lưu ý kiến nào; sửa tệp rồi nhập lại.", returncode=2)
