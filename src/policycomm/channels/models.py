"""The channel kit: what each channel needs, made from a consultation's published material."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelOutput(models.Model):
    """One output of the kit (a poster, a loudspeaker script…) for one consultation in one language.

    ``fingerprint`` is the digest of what it was made from (builders.source_fingerprint): the kit is
    made again only for outputs whose fingerprint no longer matches the published material and the
    consultation.
    """

    class Kind(models.TextChoices):
        POSTER = "poster", _("Áp phích cho bảng tin (A4, PDF)")
        LOUDSPEAKER_SCRIPT = "loudspeaker_script", _("Bài đọc trên loa truyền thanh cơ sở")
        LOUDSPEAKER_AUDIO = "loudspeaker_audio", _("Tệp âm thanh cho loa truyền thanh")
        LED = "led", _("Dòng chữ cho màn hình LED")
        SOCIAL = "social", _("Bài đăng mạng xã hội (Zalo OA, Facebook)")
        SMS = "sms", _("Tin nhắn SMS")
        PRESS_RELEASE = "press_release", _("Thông cáo báo chí (DOCX)")
        SOCIAL_IMAGE = "social_image", _("Ảnh thẻ mạng xã hội (PNG 1200×630)")

    class Source(models.TextChoices):
        BUILT = "built", _("Tạo tự động")
        HUMAN = "human", _("Bản thu của phát thanh viên")

    consultation = models.ForeignKey(
        "consultation.Consultation", on_delete=models.CASCADE, related_name="channel_outputs"
    )
    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    lang = models.CharField(_("ngôn ngữ"), max_length=12, default="vi")
    text = models.TextField(_("nội dung"), blank=True)
    file = models.FileField(_("tệp"), upload_to="channels/%Y/%m/", blank=True)
    #: A small PNG of a file output (a poster's first page) for the staff screen.
    preview = models.FileField(upload_to="channels/%Y/%m/", blank=True)
    media_type = models.CharField(max_length=100)
    duration_s = models.FloatField(_("thời lượng (giây)"), null=True, blank=True)
    #: A human announcer's recording replaces the synthesised audio until it is removed.
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.BUILT)
    fingerprint = models.CharField(max_length=64, blank=True)
    made_at = models.DateTimeField(_("tạo lúc"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sản phẩm truyền thông theo kênh")
        verbose_name_plural = _("sản phẩm truyền thông theo kênh")
        ordering = ["consultation_id", "lang", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "kind", "lang"], name="channel_output_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}:{self.kind}:{self.lang}"

    @property
    def is_file(self) -> bool:
        return bool(self.file)
