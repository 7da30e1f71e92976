"""The claims the test provider gives for its user (django-oidc-provider's ``OIDC_USERINFO`` hook)."""

from __future__ import annotations

from typing import Any


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["name"] = f"{user.last_name} {user.first_name}".strip()
    claims["family_name"] = user.last_name
    claims["given_name"] = user.first_name
    claims["email"] = user.email
    claims["email_verified"] = True
    return claims
