"""Signed links of the follow mails: confirm a subscription, manage an address's follows, unsubscribe.

Each link names what it acts on and nothing else; the signature is the authority (no account, no cookie).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "policycomm.subscriptions.confirm"
MANAGE_SALT = "policycomm.subscriptions.manage"
UNSUBSCRIBE_SALT = "policycomm.subscriptions.unsubscribe"
#: A confirmation link is valid for a week; the manage and unsubscribe links as long as the comment mails'.
CONFIRM_MAX_AGE = 7 * 24 * 3600


@dataclass(frozen=True)
class Claim:
    email: str
    #: One subscription, or ``None``: every follow of the address.
    subscription_id: int | None


def _dump(claim: Claim, salt: str) -> str:
    data: dict[str, object] = {"e": claim.email}
    if claim.subscription_id is not None:
        data["s"] = claim.subscription_id
    return signing.dumps(data, salt=salt, compress=True)


def _load(token: str, salt: str, max_age: int) -> Claim:
    """Raises ``signing.SignatureExpired`` or ``signing.BadSignature``."""
    data = signing.loads(token, salt=salt, max_age=max_age)
    if not isinstance(data, dict):
        raise signing.BadSignature("shape")
    email, sid = data.get("e"), data.get("s")
    if not isinstance(email, str) or "@" not in email or not (sid is None or isinstance(sid, int)):
        raise signing.BadSignature("shape")
    return Claim(email=email, subscription_id=sid)


def confirm_token(email: str, subscription_id: int) -> str:
    return _dump(Claim(email, subscription_id), CONFIRM_SALT)


def manage_token(email: str) -> str:
    return _dump(Claim(email, None), MANAGE_SALT)


def unsubscribe_token(email: str, subscription_id: int | None) -> str:
    return _dump(Claim(email, subscription_id), UNSUBSCRIBE_SALT)


def read_confirm(token: str) -> Claim:
    return _load(token, CONFIRM_SALT, CONFIRM_MAX_AGE)


def read_manage(token: str) -> Claim:
    return _load(token, MANAGE_SALT, settings.UNSUBSCRIBE_MAX_AGE)


def read_unsubscribe(token: str) -> Claim:
    return _load(token, UNSUBSCRIBE_SALT, settings.UNSUBSCRIBE_MAX_AGE)
