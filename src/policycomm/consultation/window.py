"""Why a consultation does not take comments or votes right now: not open yet, or closed.

One place words the refusal, so that the portal (before the form), the services (on a write) and
the API say the same thing, with the date that matters.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Consultation


class WindowState(TypedDict):
    #: ``window_not_open`` or ``window_closed``.
    code: str
    #: The Vietnamese sentence shown to the citizen, with the opening or closing date and time.
    message: str
    #: The moment that matters: when it opens, or when it closed.
    at: dt.datetime


def _when(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M ngày %d/%m/%Y")


def window_shut(consultation: Consultation, *, doing: str = "") -> WindowState | None:
    """``None`` while the consultation is open; otherwise which way it is shut and since when.

    ``doing`` ends the sentence ("nên chưa gửi được ý kiến"), so each door says what cannot be done.
    """
    now = timezone.now()
    if now < consultation.opens_at:
        message = _("Đợt lấy ý kiến này chưa mở: bắt đầu nhận ý kiến từ %(when)s") % {
            "when": _when(consultation.opens_at)
        }
        return {"code": "window_not_open", "message": f"{message}{doing}.", "at": consultation.opens_at}
    if now >= consultation.closes_at:
        message = _("Đợt lấy ý kiến này đã hết hạn lúc %(when)s") % {"when": _when(consultation.closes_at)}
        return {"code": "window_closed", "message": f"{message}{doing}.", "at": consultation.closes_at}
    return None
