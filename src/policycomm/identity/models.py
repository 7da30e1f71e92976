"""Citizen identities: not Django users. An account is an e-mail (registered tier) or an OIDC subject at an
issuer (verified tier); nothing more personal is stored. E-mail one-time codes are kept hashed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    ANONYMOUS = "anonymous", _("Ẩn danh")
    REGISTERED = "registered", _("Đã đăng ký bằng e-mail")
    VERIFIED = "verified", _("Đã xác thực")


class CitizenAccount(models.Model):
    tier = models.CharField(max_length=16, choices=Tier.choices)
    email = models.EmailField(max_length=254, blank=True, default="")
    oidc_issuer = models.CharField(max_length=500, blank=True, default="")
    oidc_subject = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~models.Q(email=""), name="identity_account_unique_email"
            ),
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="identity_account_unique_oidc_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tier} #{self.pk}"


class EmailCode(models.Model):
    """One pending one-time code per e-mail address (a new request replaces the old one)."""

    email = models.EmailField(max_length=254, unique=True)
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"code #{self.pk}"
