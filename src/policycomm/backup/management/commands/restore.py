"""``policycomm restore FILE [--json]``: restores a backup of ``policycomm backup`` into an empty instance.

Refused (exit code 2, nothing changed) when the database holds data beyond what ``migrate`` puts there, when
MEDIA_ROOT holds a file, or when any member of the backup does not match its manifest. Row counts are compared
with the manifest afterwards (exit code 1 when they differ). Stop the server and the worker while restoring.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from policycomm.backup.archive import BackupError, restore
from policycomm.commandline import VietnameseParser


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào một cài đặt trống (cơ sở dữ liệu chưa có dữ liệu, nơi lưu tệp trống)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.__class__ = VietnameseParser
        parser.add_argument("file", type=Path, metavar="FILE", help="Tệp sao lưu (.tar.gz)")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            manifest = restore(opts["file"])
        except BackupError as e:
            raise CommandError(e.message, returncode=2 if e.bad_input else 1) from None
        summary = {
            "ok": True,
            "database_vendor": manifest["database_vendor"],
            "created_at": manifest["created_at"],
            "files": len(manifest["files"]),
            "tables": manifest["tables"],
        }
        if opts["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(
                _("Đã khôi phục bản sao lưu tạo lúc %(at)s: %(files)s tệp, %(rows)s dòng, số dòng khớp manifest.")
                % {
                    "at": manifest["created_at"],
                    "files": len(manifest["files"]),
                    "rows": sum(manifest["tables"].values()),
                }
            )
