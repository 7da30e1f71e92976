"""Periodic reports compiled up the tree (báo cáo định kỳ, sơ kết, tổng kết), good models and commendations.

A body sets a ``ReportPeriod`` for its subtree and names the units that owe a report. Each unit's
``PeriodReport`` is live until submitted; its figures are frozen on submission. The setting body's
own report in its period is the consolidated one: it sums the frozen figures of the accepted reports
below (``consolidates``) plus the live figures of the setting body's own bodies, and goes to the
body above it in the tree (province → Bộ Tư pháp).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from policycomm.orgs.models import Organisation


class ReportPeriod(models.Model):
    class Kind(models.TextChoices):
        SIX_MONTH = "six_month", _("Báo cáo 6 tháng")
        YEARLY = "yearly", _("Báo cáo năm")
        SO_KET = "so_ket", _("Báo cáo sơ kết")
        TONG_KET = "tong_ket", _("Báo cáo tổng kết")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="report_periods", verbose_name=_("cơ quan giao báo cáo")
    )
    standing_body = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan thường trực tổng hợp"),
    )
    kind = models.CharField(_("loại kỳ báo cáo"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("tên kỳ báo cáo"), max_length=300)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    due = models.DateField(_("hạn gửi báo cáo"))
    units = models.ManyToManyField(
        Organisation, related_name="owed_periods", blank=True, verbose_name=_("đơn vị phải báo cáo")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-end", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_order")]

    def __str__(self) -> str:
        return self.title


class PeriodReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="period_reports", verbose_name=_("đơn vị báo cáo")
    )
    period = models.ForeignKey(ReportPeriod, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField(_("số liệu (chốt khi gửi)"), null=True, blank=True)
    breakdown = models.JSONField(_("số liệu theo đơn vị"), default=list, blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế và nguyên nhân"), blank=True)
    directions = models.TextField(_("phương hướng, nhiệm vụ"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, blank=True, default="BC-UBND")
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    consolidates = models.ManyToManyField(
        "self", symmetrical=False, related_name="consolidated_in", blank=True, verbose_name=_("tổng hợp từ")
    )
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["period", "organisation__path"]
        constraints = [models.UniqueConstraint(fields=["organisation", "period"], name="one_report_per_period")]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.period}"

    @property
    def is_consolidated(self) -> bool:
        return self.organisation_id == self.period.organisation_id

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.symbol}" if self.number else f"…/{self.symbol}"


# The written parts of a report, in the order of the document.
PARTS = ("results", "shortcomings", "directions", "proposals")


class GoodModel(models.Model):
    """A good model or effective practice (mô hình hay, cách làm hiệu quả) of a body."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="good_models", verbose_name=_("cơ quan, đơn vị")
    )
    period = models.ForeignKey(
        ReportPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="good_models"
    )
    title = models.CharField(_("tên mô hình"), max_length=300)
    description = models.TextField(_("mô tả"))
    evidence_url = models.URLField(_("đường dẫn minh chứng"), blank=True, max_length=500)
    evidence_file = models.FileField(_("tệp minh chứng"), upload_to="good-models/%Y/", blank=True)
    recorded_on = models.DateField(_("ngày ghi nhận"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mô hình hay, cách làm hiệu quả")
        verbose_name_plural = _("mô hình hay, cách làm hiệu quả")
        ordering = ["-recorded_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Commendation(models.Model):
    """A commendation (khen thưởng) the standing body proposes for a body or a person; a leader decides."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề nghị")
        APPROVED = "approved", _("Đã khen thưởng")
        REJECTED = "rejected", _("Không khen thưởng")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="commendations_proposed", verbose_name=_("cấp đề nghị")
    )
    target_org = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendations",
        verbose_name=_("tập thể được đề nghị"),
    )
    person_name = models.CharField(_("cá nhân được đề nghị"), max_length=200, blank=True)
    person_org = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị công tác"),
    )
    period = models.ForeignKey(
        ReportPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="commendations"
    )
    reason = models.TextField(_("thành tích"))
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    proposed_on = models.DateField(_("ngày đề nghị"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến quyết định"), blank=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_org__isnull=False) | ~Q(person_name=""), name="commendation_has_someone"
            )
        ]

    def __str__(self) -> str:
        return self.person_name or str(self.target_org)

    @property
    def subject_org(self) -> Organisation | None:
        """The body the commendation counts for: the collective, or the person's unit."""
        return self.target_org or self.person_org
