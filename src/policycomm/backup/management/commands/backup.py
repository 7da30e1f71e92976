"""``policycomm backup --out FILE [--force] [--json]`` and ``policycomm backup --verify FILE [--json]``.

``--out`` writes a consistent backup while the server runs (policycomm.backup.archive): the database, every
file in the storage (MEDIA_ROOT or the S3 bucket) and a manifest, into one .tar.gz, renamed into place only
when complete. ``--verify`` checks every checksum of a backup against its manifest without restoring anything.
A bad argument, an existing FILE without ``--force``, an unwritable directory or a backup that does not match
its manifest exits with code 2; a failure while dumping exits with code 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from policycomm.backup.archive import BackupError, backup, verify
from policycomm.commandline import VietnameseParser


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và mọi tệp đã lưu (MEDIA_ROOT hoặc kho S3) vào một tệp .tar.gz, "
        "hoặc kiểm tra một bản sao lưu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.__class__ = VietnameseParser
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--out", type=Path, metavar="FILE", help="Tệp sao lưu sẽ ghi (.tar.gz)")
        what.add_argument("--verify", type=Path, metavar="FILE", help="Kiểm tra một bản sao lưu, không khôi phục")
        parser.add_argument("--force", action="store_true", help="Ghi đè FILE nếu đã có")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            if opts["verify"] is not None:
                manifest = verify(opts["verify"])
                summary = {
                    "ok": True,
                    "path": str(opts["verify"]),
                    "database_vendor": manifest["database_vendor"],
                    "created_at": manifest["created_at"],
                    "files": len(manifest["files"]),
                    "rows": sum(manifest["tables"].values()),
                }
                text = _(
                    "Bản sao lưu %(path)s khớp manifest: cơ sở dữ liệu %(vendor)s, %(files)s tệp, "
                    "%(rows)s dòng, tạo lúc %(at)s."
                ) % {
                    "path": opts["verify"],
                    "vendor": manifest["database_vendor"],
                    "files": summary["files"],
                    "rows": summary["rows"],
                    "at": manifest["created_at"],
                }
            else:
                result = backup(opts["out"], force=opts["force"])
                summary = {
                    "ok": True,
                    "path": str(result.path),
                    "size": result.size,
                    "seconds": round(result.seconds, 3),
                    "database_vendor": result.manifest["database_vendor"],
                    "files": len(result.manifest["files"]),
                    "rows": sum(result.manifest["tables"].values()),
                }
                text = (
                    _("Đã sao lưu vào %(path)s (%(size)s byte, %(files)s tệp, %(rows)s dòng) trong %(seconds)s giây.")
                    % summary
                )
        except BackupError as e:
            raise CommandError(e.message, returncode=2 if e.bad_input else 1) from None
        self.stdout.write(json.dumps(summary, ensure_ascii=False) if opts["json"] else text)
