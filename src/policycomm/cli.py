"""The ``policycomm`` command (and ``manage.py``): Django's management commands under the project's name.

A configuration the settings refuse (no secret key in production, a malformed setting) is the operator's
to fix, not a crash: it is printed as one message naming what to set, and the command exits with 2.
"""

from __future__ import annotations

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policycomm.config.settings")
    try:
        execute_from_command_line(argv if argv is not None else sys.argv)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"policycomm: cấu hình chưa đúng (ImproperlyConfigured): {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
