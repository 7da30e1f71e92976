"""``policycomm coverage refresh``: recompute every policy's stored coverage status (ADR 0011)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from policycomm.monitoring.status import coverage_refresh


class Command(BaseCommand):
    help = _("Tính lại tình trạng truyền thông đã lưu của mọi chính sách.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["refresh"])

    def handle(self, *args: Any, **options: Any) -> None:
        n = coverage_refresh()
        self.stdout.write(_("Đã tính lại %(n)d chính sách.") % {"n": n})
