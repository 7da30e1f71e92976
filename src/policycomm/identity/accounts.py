"""Accounts for a verified login (an OIDC subject at an issuer)."""

from __future__ import annotations

from django.db import transaction

from policycomm.identity.models import CitizenAccount, Tier


def verified_account(*, issuer: str, subject: str) -> CitizenAccount:
    with transaction.atomic():
        account, _created = CitizenAccount.objects.get_or_create(
            oidc_issuer=issuer, oidc_subject=subject, defaults={"tier": Tier.VERIFIED}
        )
        account.save(update_fields=["last_seen_at"])
    return account
