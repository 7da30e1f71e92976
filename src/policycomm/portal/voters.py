"""The anonymous voter token: issued by a view of the consultation page, required for a vote.

The token lives in a signed cookie, one per consultation, and the signed value carries the
consultation's id: a token copied to another consultation, forged, or older than a year is refused.
A request without a valid token never creates a voter, so a client that drops cookies cannot add a
new voter with every request.
"""

from __future__ import annotations

import secrets

from django.core import signing
from django.http import HttpRequest, HttpResponse

from policycomm.consultation.models import Consultation

SALT = "portal.voter"
MAX_AGE = 400 * 24 * 3600


def cookie_name(consultation: Consultation) -> str:
    return f"pc_voter_{consultation.pk}"


def voter_token(request: HttpRequest, consultation: Consultation) -> str | None:
    """The token this browser was issued for ``consultation``, or ``None`` when it has no valid one."""
    raw = request.COOKIES.get(cookie_name(consultation))
    if not raw:
        return None
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(raw, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    pk, _, token = value.partition(":")
    if pk != str(consultation.pk) or len(token) != 32:
        return None
    return token


def issue(request: HttpRequest, response: HttpResponse, consultation: Consultation) -> str:
    """Give the browser a token for ``consultation`` (kept when it already has a valid one)."""
    token = voter_token(request, consultation)
    if token is None:
        token = secrets.token_hex(16)
        response.set_cookie(
            cookie_name(consultation),
            signing.TimestampSigner(salt=SALT).sign(f"{consultation.pk}:{token}"),
            max_age=MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return token
