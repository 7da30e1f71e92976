"""One-click unsubscribe from the mails a citizen gets about their comments (RFC 8058).

GET shows what the link does and a button; it changes nothing (mail scanners open links).
POST unsubscribes: from the button, or from the mail program itself, which sends
``List-Unsubscribe=One-Click`` without a cookie or a CSRF token; the signed token in the URL is
the authority, so the view is exempt from the CSRF check.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from policycomm.notifications.services import email_unsubscribe, unsubscribe_address
from policycomm.textclean import clean_line


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    token = clean_line(token)[:500]
    if request.method == "POST":
        opt_out = email_unsubscribe(token=token)
        return render(request, "portal/unsubscribe_done.html", {"email": opt_out.email})
    email = unsubscribe_address(token=token)
    return render(request, "portal/unsubscribe.html", {"email": email, "token": token})
