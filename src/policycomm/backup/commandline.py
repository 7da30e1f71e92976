"""Argument errors of ``policycomm backup`` and ``policycomm restore``: in Vietnamese, exit code 2."""

from __future__ import annotations

import re
import sys
from typing import NoReturn

from django.core.management.base import CommandError, CommandParser

_ARG_ERRORS = (
    (re.compile(r"the following arguments are required: (.*)"), "thiếu tham số bắt buộc: {0}"),
    (re.compile(r"one of the arguments (.*) is required"), "cần một trong các tham số: {0}"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), "không dùng {0} cùng với {1}"),
    (re.compile(r"argument (\S+): expected one argument"), "{0}: thiếu giá trị"),
    (re.compile(r"unrecognized arguments: (.*)"), "tham số không nhận ra: {0}"),
)


class VietnameseParser(CommandParser):
    def error(self, message: str) -> NoReturn:
        text = next(
            (t.format(*m.groups()) for pattern, t in _ARG_ERRORS if (m := pattern.search(message))),
            f"tham số không hợp lệ ({message})",
        )
        if getattr(self, "called_from_command_line", False):
            self.print_usage(sys.stderr)
            self.exit(2, f"Lỗi: {text}\n")
        raise CommandError(f"Lỗi: {text}", returncode=2)
