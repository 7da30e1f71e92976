"""The in-app inbox, each person's mail preference, and what was sent to citizens.

Each row that stands for something sent carries the key of the event it reports, under a unique
constraint: a reminder run that meets the same event again finds the row and sends nothing
(ADR 0009, "once per event").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CONSULTATION_CLOSING = "consultation_closing", _("Đợt lấy ý kiến sắp kết thúc")
    STAGE_OVERDUE = "stage_overdue", _("Văn bản quá thời gian thường lệ của giai đoạn")
    TASK_OVERDUE = "task_overdue", _("Nhiệm vụ kế hoạch quá hạn")
    MATERIAL_APPROVAL = "material_approval", _("Tài liệu truyền thông chờ phê duyệt")
    REPORT_DUE = "report_due", _("Báo cáo định kỳ đến hạn")
    OTHER = "other", _("Thông báo khác")


class MailState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    SKIPPED = "skipped", _("Không gửi (không có địa chỉ thư)")


class Notification(models.Model):
    """One message in one person's inbox, for one event."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices)
    #: The event this reports (``task-overdue:12:2026-03-31``): stable across runs, one row per person.
    event_key = models.CharField(max_length=200)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    mail_state = models.CharField(max_length=8, choices=MailState.choices, default=MailState.PENDING)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["mail_state"]),
        ]

    def __str__(self) -> str:
        return self.title


class MailPreference(models.Model):
    """How a person wants the inbox by e-mail. No row: each message at once."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("Gửi thư ngay khi có thông báo")
        DIGEST = "digest", _("Gộp thành một thư mỗi ngày")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference")
    mode = models.CharField(_("nhận thư"), max_length=12, choices=Mode.choices, default=Mode.IMMEDIATE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cách nhận thư thông báo")
        verbose_name_plural = _("cách nhận thư thông báo")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.mode}"


class CitizenNotice(models.Model):
    """The mail telling a citizen that the answers to their comments in a consultation are public.

    One per (consultation, address): a person who left several comments gets one mail listing them.
    """

    consultation = models.ForeignKey("consultation.Consultation", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thư báo kết quả cho người góp ý")
        verbose_name_plural = _("thư báo kết quả cho người góp ý")
        constraints = [models.UniqueConstraint(fields=["consultation", "email"], name="citizen_notice_once")]

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.email}"


class MailOptOut(models.Model):
    """An address that asked for no more mail (one-click unsubscribe, RFC 8058)."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("địa chỉ từ chối nhận thư")
        verbose_name_plural = _("địa chỉ từ chối nhận thư")

    def __str__(self) -> str:
        return self.email
