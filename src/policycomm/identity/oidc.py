"""The one place the OpenID Connect client is set up (authlib's Django integration).

Configured by settings read from the environment (``POLICYCOMM_OIDC_ISSUER``, ``_CLIENT_ID``,
``_CLIENT_SECRET``, ``_NAME``); with no issuer the login is off and hidden. The provider's endpoints and
keys come from its discovery document (``<issuer>/.well-known/openid-configuration``). authlib keeps the
state, the nonce and the PKCE verifier in the session and validates the ID token: signature (JWKS), issuer,
audience, expiry and nonce. Every failure is turned into :class:`OidcError`, which views show as a 4xx.
Staff single sign-on (``staffauth.sso``) uses the same client with its own :class:`OidcConfig`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from joserfc.errors import JoseError


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    name: str
    scope: str = "openid email profile"

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


@dataclass(frozen=True)
class OidcLogin:
    issuer: str
    subject: str
    name: str
    #: The e-mail address the provider gave, and whether it says it verified it (staff single sign-on).
    email: str = ""
    email_verified: bool = False


class OidcError(Exception):
    """The provider's answer could not be trusted or reached; ``code`` is machine-readable."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL (for the CSP ``form-action`` of the page that starts the login)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def config_from_settings(prefix: str, default_name: str) -> OidcConfig | None:
    """The client configured by the settings ``<prefix>ISSUER``, ``_CLIENT_ID``, ``_CLIENT_SECRET`` and ``_NAME``;
    None (the login off) without an issuer or a client id."""
    issuer = getattr(settings, f"{prefix}ISSUER", "")
    client_id = getattr(settings, f"{prefix}CLIENT_ID", "")
    if not issuer or not client_id:
        return None
    return OidcConfig(
        issuer=issuer,
        client_id=client_id,
        client_secret=getattr(settings, f"{prefix}CLIENT_SECRET", ""),
        name=getattr(settings, f"{prefix}NAME", "") or default_name,
    )


def citizen_config() -> OidcConfig | None:
    return config_from_settings("OIDC_", "VNeID")


@lru_cache(maxsize=8)
def client(config: OidcConfig) -> Any:
    """An authlib client for this provider (cached: discovery and JWKS are fetched once per process)."""
    oauth = OAuth()
    return oauth.register(
        name="oidc",
        client_id=config.client_id,
        client_secret=config.client_secret,
        server_metadata_url=config.discovery_url,
        client_kwargs={"scope": config.scope, "code_challenge_method": "S256", "timeout": 10},
    )


_FAILURES = (AuthlibBaseError, JoseError, requests.RequestException, ValueError, KeyError, TypeError)


def start(request: HttpRequest, config: OidcConfig, redirect_uri: str) -> HttpResponse:
    try:
        response: HttpResponse = client(config).authorize_redirect(request, redirect_uri)
    except _FAILURES:
        raise OidcError("provider_unreachable") from None
    return response


def finish(request: HttpRequest, config: OidcConfig) -> OidcLogin:
    """Exchange the code and validate the ID token; the state is spent, so a replay fails."""
    if request.GET.get("error"):
        raise OidcError("provider_refused")
    if not request.GET.get("state") or not request.GET.get("code"):
        raise OidcError("bad_request")
    try:
        token = client(config).authorize_access_token(request)
    except _FAILURES:
        raise OidcError("token_invalid") from None
    claims = token.get("userinfo") if isinstance(token, dict) else None
    if not claims or not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise OidcError("token_invalid")
    name = claims.get("name") or " ".join(
        str(part) for part in (claims.get("family_name"), claims.get("given_name")) if part
    )
    email = claims.get("email")
    return OidcLogin(
        issuer=str(claims["iss"]),
        subject=claims["sub"][:255],
        name=str(name or "")[:200],
        email=email.strip()[:254] if isinstance(email, str) else "",
        email_verified=claims.get("email_verified") is True,
    )
