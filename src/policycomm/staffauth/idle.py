"""Staff sessions end after ``STAFF_IDLE_MINUTES`` without a request.

The time of the last request is kept in the session (seconds since the epoch), rewritten at most once a
minute so that the session is not saved on every request. Only sessions of a signed-in Django user (staff)
are touched: a citizen's identity in the session (``identity.session``) is no Django login and stays as it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "staff_last_seen"
#: The stored time is rewritten only when it is at least this old.
WRITE_EVERY_SECONDS = 60


def mark_seen_at_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """``user_logged_in``: the session starts its idle clock at login."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


class IdleStaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY not in session:  # no staff login in this session (a visitor, a citizen)
            return self.get_response(request)
        now = int(time.time())
        seen = session.get(LAST_SEEN_KEY)
        idle_limit = settings.STAFF_IDLE_MINUTES * 60
        if isinstance(seen, int) and now - seen > idle_limit:
            logout(request)
            if request.path.startswith(reverse("backoffice:dashboard")) or request.path.startswith(
                reverse("admin:index")
            ):
                messages.info(
                    request,
                    _("Phiên làm việc đã kết thúc vì không hoạt động quá %(minutes)d phút. Vui lòng đăng nhập lại.")
                    % {"minutes": settings.STAFF_IDLE_MINUTES},
                )
                login = reverse("backoffice:login")
                if request.method == "GET":
                    return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
                return HttpResponseRedirect(login)
            return self.get_response(request)
        if not isinstance(seen, int) or now - seen >= WRITE_EVERY_SECONDS:
            session[LAST_SEEN_KEY] = now
        return self.get_response(request)
