"""What monitoring stores: the yearly target, and each policy's coverage status kept up to date."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CoverageTarget(models.Model):
    """The share of counted policies that should be covered, for the policies adopted in a year.

    A year without its own row takes the latest earlier year's (seeded: 70 % for 2022, 100 % from 2023,
    as Quyết định 407/QĐ-TTg set). An admin edits them in ``/admin/``.
    """

    year = models.PositiveSmallIntegerField(
        _("năm"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    percent = models.PositiveSmallIntegerField(
        _("mục tiêu (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    basis = models.CharField(
        _("căn cứ"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: Quyết định số 407/QĐ-TTg ngày 30/3/2022 của Thủ tướng Chính phủ."),
    )

    class Meta:
        verbose_name = _("mục tiêu tỷ lệ truyền thông")
        verbose_name_plural = _("mục tiêu tỷ lệ truyền thông")
        ordering = ["year"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="coverage_target_percent")]

    def __str__(self) -> str:
        return f"{self.year}: {self.percent}%"


class CoverageStatus(models.Model):
    """One policy's coverage as the rule (``coverage.assess``) last found it.

    Recomputed in the same transaction whenever its document's transitions, its material, its activities,
    its screening or its document's consultation pages change (``status.py``), so that the monitoring page
    and the reports sum it in SQL instead of judging every policy on every request (ADR 0011).
    """

    class State(models.TextChoices):
        EXCLUDED = "excluded", _("Ngoài phạm vi")
        PENDING = "pending", _("Đang xây dựng")
        COVERED = "covered", _("Đạt")
        FAILING = "failing", _("Chưa đạt")

    policy = models.OneToOneField(
        "lawmaking.DraftPolicy", primary_key=True, on_delete=models.CASCADE, related_name="coverage_status"
    )
    #: The document's drafting body, and its path (kept equal to ``body.path``, moves included), so that
    #: the sums over a subtree read one index and join nothing.
    body = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    body_path = models.CharField(max_length=255)
    state = models.CharField(max_length=16, choices=State.choices)
    adopted_on = models.DateField(null=True, blank=True)
    #: The period of adoption as numbers (1 or 2 for the half), for sums per year and six months.
    adopted_year = models.PositiveSmallIntegerField(null=True, blank=True)
    adopted_half = models.PositiveSmallIntegerField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("tình trạng truyền thông của chính sách")
        verbose_name_plural = _("tình trạng truyền thông của chính sách")
        indexes = [
            # Covers the sums: state, then the subtree prefix, then the period.
            models.Index(fields=["state", "body_path", "adopted_year", "adopted_half"], name="coverage_sums"),
            models.Index(fields=["body", "state"], name="coverage_body_state"),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id}: {self.state}"


class CoverageTally(models.Model):
    """Sums of the stored status per unit and period, kept with it (ADR 0011).

    ``path`` is an organisation's path. ``own`` rows sum the policies of the body's own documents; the other
    rows sum its whole subtree. ``year`` 0 is every year; ``half`` 0 the whole year (or every year).
    """

    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    own = models.BooleanField()
    year = models.PositiveSmallIntegerField()
    half = models.PositiveSmallIntegerField()
    counted = models.IntegerField(default=0)
    covered = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["path", "own", "year", "half"], name="coverage_tally_key"),
        ]
        indexes = [
            models.Index(fields=["own", "depth", "year", "half", "path"], name="coverage_tally_level"),
            # A subtree's bodies for a period, down to a depth.
            models.Index(fields=["own", "year", "half", "depth", "path"], name="coverage_tally_bodies"),
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.year}/{self.half}: {self.covered}/{self.counted}"
