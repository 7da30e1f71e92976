"""Argument errors of the ``policycomm`` commands in Vietnamese, with exit code 2.

A command sets ``parser.__class__ = VietnameseParser`` in ``add_arguments``; its subparsers inherit the class.
argparse's English messages are matched and rewritten; one not listed is kept, in brackets, after a Vietnamese
lead-in.
"""

from __future__ import annotations

import re
import sys
from typing import NoReturn

from django.core.management.base import CommandError, CommandParser

_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), "thiếu tham số bắt buộc: {0}"),
    (re.compile(r"one of the arguments (.*) is required"), "cần một trong các tham số: {0}"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), "không dùng {0} cùng với {1}"),
    (
        re.compile(r"argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.*)\)"),
        "{0}: “{1}” không hợp lệ, chọn một trong: {2}",
    ),
    (re.compile(r"argument (\S+): invalid choice: '?([^' ]*)'?"), "{0}: “{1}” không hợp lệ"),
    (re.compile(r"argument (\S+): invalid (\w+) value: '?([^']*)'?"), "{0}: “{2}” không phải là số"),
    (re.compile(r"argument (\S+): expected one argument"), "{0}: thiếu giá trị"),
    (re.compile(r"unrecognized arguments: (.*)"), "tham số không nhận ra: {0}"),
)


def vietnamese(message: str) -> str:
    for pattern, template in _MESSAGES:
        m = pattern.search(message)
        if m:
            return template.format(*m.groups())
    return f"tham số không hợp lệ ({message})"


class VietnameseParser(CommandParser):
    """Argument errors in Vietnamese, exit code 2."""

    def error(self, message: str) -> NoReturn:
        text = vietnamese(message)
        if getattr(self, "called_from_command_line", False):
            self.print_usage(sys.stderr)
            self.exit(2, f"Lỗi: {text}\n")
        raise CommandError(f"Lỗi: {text}", returncode=2)
