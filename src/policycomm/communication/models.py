"""Communication material for a draft policy, its approval, and the activities on each channel."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise


class Material(models.Model):
    """Tài liệu truyền thông: the four content parts of Decision 407."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Chờ phê duyệt")
        RETURNED = "returned", _("Trả lại để chỉnh sửa")
        APPROVED = "approved", _("Đã phê duyệt")
        PUBLISHED = "published", _("Đã công khai")
        WITHDRAWN = "withdrawn", _("Đã gỡ")

    # (field, label, required)
    PARTS: tuple[tuple[str, StrOrPromise, bool], ...] = (
        ("part_need", _("Sự cần thiết; mục đích, quan điểm; phạm vi điều chỉnh, đối tượng áp dụng"), True),
        ("part_content", _("Nội dung cơ bản của chính sách"), True),
        (
            "part_changes",
            _("Điểm mới, sửa đổi, bổ sung, bãi bỏ so với quy định hiện hành; vấn đề khó, có nhiều ý kiến khác nhau"),
            True,
        ),
        ("part_other", _("Nội dung khác cần thông tin rộng rãi"), False),
    )

    policy = models.ForeignKey("lawmaking.DraftPolicy", on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("tiêu đề"), max_length=300)
    audience = models.CharField(_("đối tượng hướng tới"), max_length=200, blank=True)
    part_need = models.TextField(blank=True)
    part_content = models.TextField(blank=True)
    part_changes = models.TextField(blank=True)
    part_other = models.TextField(blank=True)
    state_secret = models.BooleanField(_("có nội dung thuộc bí mật nhà nước"), default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("ý kiến của lãnh đạo"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tài liệu truyền thông")
        verbose_name_plural = _("tài liệu truyền thông")
        ordering = ["policy_id", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def parts(self) -> list[tuple[str, str, bool, str]]:
        return [(f, str(label), req, getattr(self, f)) for f, label, req in self.PARTS]


class Activity(models.Model):
    """Hoạt động truyền thông on one channel, with its evidence and reach."""

    class Form(models.TextChoices):
        MASS_MEDIA = "mass_media", _("Báo chí, phát thanh, truyền hình")
        TAILORED = "tailored", _("Tài liệu theo từng đối tượng, địa bàn")
        CONFERENCE = "conference", _("Hội nghị, hội thảo, tọa đàm, đối thoại, họp báo")
        GRASSROOTS = "grassroots", _("Thông tin cơ sở: loa truyền thanh, bảng tin, màn hình LED")
        PORTAL = "portal", _("Cổng/Trang thông tin điện tử")
        SOCIAL = "social", _("Mạng xã hội và hình thức phù hợp khác")
        FOREIGNERS = "foreigners", _("Người Việt Nam ở nước ngoài, người nước ngoài")

    policy = models.ForeignKey("lawmaking.DraftPolicy", on_delete=models.CASCADE, related_name="activities")
    form = models.CharField(_("hình thức"), max_length=16, choices=Form.choices)
    channel = models.CharField(_("kênh (tên cổng, báo, đài…)"), max_length=200)
    date = models.DateField(_("ngày thực hiện"))
    audience = models.CharField(_("đối tượng"), max_length=200, blank=True)
    area = models.CharField(_("địa bàn"), max_length=200, blank=True)
    evidence_url = models.URLField(_("đường dẫn minh chứng"), blank=True, max_length=500)
    evidence_file = models.FileField(_("tệp minh chứng"), upload_to="evidence/%Y/%m/", blank=True)
    reach = models.PositiveIntegerField(_("số lượt tiếp cận"), default=0)
    comments_received = models.PositiveIntegerField(_("số ý kiến nhận được"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    #: The token of the form that recorded it: sending the same form twice records it once.
    idempotency_token = models.CharField(max_length=64, null=True, blank=True, editable=False)
    #: The planned activity this one carries out (the policy's communication plan), if any.
    planned = models.ForeignKey(
        "PlannedActivity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="done_activities",
        verbose_name=_("thực hiện hoạt động dự kiến"),
    )

    class Meta:
        verbose_name = _("hoạt động truyền thông")
        verbose_name_plural = _("hoạt động truyền thông")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "idempotency_token"],
                name="activity_idempotency",
                condition=models.Q(idempotency_token__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} — {self.channel}"


class PlannedActivity(models.Model):
    """A communication activity planned for a policy before it happens (kế hoạch truyền thông chính sách).

    An activity recorded later fulfils it (``Activity.planned``); until then it is upcoming, or overdue once
    its date has passed. A row planned by mistake or dropped is cancelled, never deleted.
    """

    policy = models.ForeignKey("lawmaking.DraftPolicy", on_delete=models.CASCADE, related_name="planned_activities")
    form = models.CharField(_("hình thức"), max_length=16, choices=Activity.Form.choices)
    channel = models.CharField(_("kênh (tên cổng, báo, đài…)"), max_length=200)
    audience = models.CharField(_("đối tượng"), max_length=200, blank=True)
    area = models.CharField(_("địa bàn"), max_length=200, blank=True)
    lead_body = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan chủ trì")
    )
    #: Named in words: the press, the Fatherland Front or a bar association are often outside the tree.
    co_bodies = models.CharField(_("cơ quan phối hợp"), max_length=500, blank=True)
    planned_on = models.DateField(_("ngày dự kiến"))
    budget_line = models.CharField(_("nguồn, mục kinh phí"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    cancelled = models.BooleanField(_("đã hủy"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hoạt động truyền thông dự kiến")
        verbose_name_plural = _("hoạt động truyền thông dự kiến")
        ordering = ["planned_on", "pk"]
        indexes = [models.Index(fields=["cancelled", "planned_on"], name="planned_activity_due")]

    def __str__(self) -> str:
        return f"{self.get_form_display()} — {self.channel}"


class MaterialTranslation(models.Model):
    """Bản dịch of a material into one language (any Django knows but Vietnamese), with its own approval.

    Written by the material's drafters and approved by the drafting body's leader like the material itself
    (ADR 0013); it reaches the portal only while it is approved and its material is published.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang dịch")
        SUBMITTED = "submitted", _("Chờ phê duyệt")
        RETURNED = "returned", _("Trả lại để chỉnh sửa")
        APPROVED = "approved", _("Đã phê duyệt")

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("ngôn ngữ"), max_length=15)
    title = models.CharField(_("tiêu đề"), max_length=300)
    part_need = models.TextField(blank=True)
    part_content = models.TextField(blank=True)
    part_changes = models.TextField(blank=True)
    part_other = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("ý kiến của lãnh đạo"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bản dịch tài liệu truyền thông")
        verbose_name_plural = _("bản dịch tài liệu truyền thông")
        ordering = ["material_id", "language"]
        constraints = [
            models.UniqueConstraint(fields=["material", "language"], name="material_translation_once"),
            # Vietnamese is the material itself, never a translation of it.
            models.CheckConstraint(condition=~models.Q(language="vi"), name="material_translation_not_vi"),
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def parts(self) -> list[tuple[str, str, bool, str]]:
        """(field, label, required, text), the labels of the material's parts."""
        return [(f, str(label), req, getattr(self, f)) for f, label, req in Material.PARTS]
