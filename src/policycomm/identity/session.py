"""The citizen identity kept in the session (no database read per page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from policycomm.identity.models import CitizenAccount, Tier

SESSION_KEY = "citizen_identity"


@dataclass(frozen=True)
class CitizenIdentity:
    account_id: int
    tier: str
    #: The name the provider gave (verified tier only), used to pre-fill the name field; never shown in public.
    name: str = ""

    @property
    def verified(self) -> bool:
        return self.tier == Tier.VERIFIED

    @property
    def tier_label(self) -> str:
        return str(Tier(self.tier).label)


def current_identity(request: HttpRequest) -> CitizenIdentity | None:
    raw = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not isinstance(raw, dict):
        return None
    account_id, tier, name = raw.get("account_id"), raw.get("tier"), raw.get("name", "")
    if not isinstance(account_id, int) or tier not in (Tier.REGISTERED, Tier.VERIFIED) or not isinstance(name, str):
        return None
    return CitizenIdentity(account_id=account_id, tier=tier, name=name)


def current_tier(request: HttpRequest) -> str:
    identity = current_identity(request)
    return identity.tier if identity else Tier.ANONYMOUS


def log_in(request: HttpRequest, account: CitizenAccount, *, name: str = "") -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"account_id": account.pk, "tier": account.tier, "name": name[:200]}


def log_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
