"""One rule for an e-mail address a citizen types: on a comment, an event registration, a sign-in code request
and a follow. The same input gets the same answer, in the same words, everywhere.

``check_email`` gives the address as stored and its problem (code and message); callers that gather every
field's errors (comment, event) take them as they are. ``clean_email`` raises the problem as a ``DomainError``
for the services that stop at the first one (sign-in code, follow).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from policycomm.errors import DomainError
from policycomm.textclean import clean_line

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

#: RFC 5321's limit on a forward path, which Django's ``EmailField`` uses too.
EMAIL_MAX = 254


class EmailProblem(NamedTuple):
    #: ``required``, ``too_long`` or ``invalid``.
    code: str
    message: str


def _too_long() -> str:
    return _("Địa chỉ thư điện tử dài quá %(n)d ký tự.") % {"n": EMAIL_MAX}


def check_email(raw: object, *, required: bool = False) -> tuple[str, EmailProblem | None]:
    """The address as stored (one line, invisible characters dropped, lower case) and what is wrong with it,
    or None. A control character (a NUL, a line break that would start a mail header) makes the address
    wrong rather than being dropped. An empty address is a problem only when required."""
    text = str(raw or "")
    if len(text) > 4 * EMAIL_MAX:  # refused as too long before a megabyte is cleaned
        return text[:EMAIL_MAX], EmailProblem("too_long", _too_long())
    email = clean_line(text).lower()
    if not email:
        return email, (EmailProblem("required", _("Vui lòng nhập địa chỉ thư điện tử.")) if required else None)
    if len(email) > EMAIL_MAX:
        return email, EmailProblem("too_long", _too_long())
    invalid = EmailProblem("invalid", _("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.vn."))
    if _CONTROL.search(text.strip()):
        return email, invalid
    try:
        validate_email(email)
    except ValidationError:
        return email, invalid
    return email, None


def clean_email(raw: object, *, field: str = "email") -> str:
    """The normalised, required address; a ``DomainError`` ``email_required`` / ``email_too_long`` /
    ``email_invalid`` (422) on the field otherwise."""
    email, problem = check_email(raw, required=True)
    if problem is not None:
        raise DomainError(f"email_{problem.code}", problem.message, field=field)
    return email
