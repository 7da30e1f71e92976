"""Subscriptions without an account: an e-mail follows a draft, an area or a sector (double opt-in),
and the alerts each subscription is owed (the sent-log, one row per subscription and event)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    class Target(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        AREA = "area", _("Địa bàn")
        SECTOR = "sector", _("Lĩnh vực")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Ngay khi có tin")
        DAILY = "daily", _("Tổng hợp hằng ngày")
        WEEKLY = "weekly", _("Tổng hợp hằng tuần")

    email = models.EmailField(_("thư điện tử"), max_length=254)
    target = models.CharField(_("theo dõi"), max_length=8, choices=Target.choices)
    consultation = models.ForeignKey(
        "consultation.Consultation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    admin_unit = models.ForeignKey("orgs.AdminUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    sector = models.ForeignKey("lawmaking.Sector", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(_("cách nhận"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # When the confirmation link was last mailed: a repeated request re-sends it at a limited rate.
    link_sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đăng ký theo dõi")
        verbose_name_plural = _("đăng ký theo dõi")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "consultation"], condition=Q(target="draft"), name="follow_draft_once"
            ),
            models.UniqueConstraint(
                fields=["email", "admin_unit"], condition=Q(target="area"), name="follow_area_once"
            ),
            models.UniqueConstraint(
                fields=["email", "sector"], condition=Q(target="sector"), name="follow_sector_once"
            ),
            models.CheckConstraint(
                condition=(
                    Q(target="draft", consultation__isnull=False, admin_unit__isnull=True, sector__isnull=True)
                    | Q(target="area", consultation__isnull=True, admin_unit__isnull=False, sector__isnull=True)
                    | Q(target="sector", consultation__isnull=True, admin_unit__isnull=True, sector__isnull=False)
                ),
                name="follow_one_target",
            ),
        ]
        indexes = [models.Index(fields=["email"], name="follow_email")]

    def __str__(self) -> str:
        return f"{self.email} → {self.target}"

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Alert(models.Model):
    """One event a subscription is told about. ``key`` names the event (``version:12``, ``answers:3``,
    ``deadline:3``, ``opened:7``); the unique pair makes every alert go out once."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="alerts")
    key = models.CharField(max_length=64)
    title = models.CharField(max_length=600)
    body = models.CharField(max_length=1000, blank=True)
    link = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thư báo theo dõi")
        verbose_name_plural = _("thư báo theo dõi")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["subscription", "key"], name="follow_alert_once")]
        indexes = [models.Index(fields=["sent_at", "subscription"], name="follow_alert_pending")]

    def __str__(self) -> str:
        return f"{self.subscription_id}:{self.key}"
