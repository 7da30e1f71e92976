"""Legal normative documents (VBQPPL) being made, their draft policies, stages and sections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from policycomm import uploads

from .rules import SCOPE_CRITERIA, DocType, Stage


class Sector(models.Model):
    """A field of state management (lĩnh vực: đất đai, giao thông, thuế …) that staff tag documents with,
    so that citizens can filter and follow by field."""

    name = models.CharField(_("tên lĩnh vực"), max_length=120, unique=True)
    slug = models.SlugField(_("mã"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LegalDocument(models.Model):
    title = models.CharField(_("tên văn bản"), max_length=500)
    doc_type = models.CharField(_("loại văn bản"), max_length=24, choices=DocType.choices)
    issuing_authority = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="issued_documents",
        verbose_name=_("cơ quan ban hành"),
    )
    drafting_body = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="drafted_documents",
        verbose_name=_("cơ quan chủ trì soạn thảo"),
    )
    stage = models.CharField(_("giai đoạn"), max_length=32, choices=Stage.choices, default=Stage.PROPOSAL_PREPARED)
    simplified_procedure = models.BooleanField(_("trình tự, thủ tục rút gọn"), default=False)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="documents", verbose_name=_("lĩnh vực"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("văn bản quy phạm pháp luật")
        verbose_name_plural = _("văn bản quy phạm pháp luật")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class StageTransition(models.Model):
    document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=32, choices=Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("thời điểm"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class DraftPolicy(models.Model):
    document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="policies")
    title = models.CharField(_("tên chính sách"), max_length=500)
    summary = models.TextField(_("tóm tắt"), blank=True)

    c1_requires_proposal = models.BooleanField(default=False)
    c1_reason = models.TextField(blank=True)
    c2_rights_obligations = models.BooleanField(default=False)
    c2_reason = models.TextField(blank=True)
    c3_sensitive = models.BooleanField(default=False)
    c3_reason = models.TextField(blank=True)
    c4_territory = models.BooleanField(default=False)
    c4_reason = models.TextField(blank=True)
    state_secret = models.BooleanField(_("có nội dung thuộc bí mật nhà nước"), default=False)
    state_secret_reason = models.TextField(blank=True)
    voluntary = models.BooleanField(_("tự nguyện truyền thông dù ngoài phạm vi"), default=False)
    voluntary_reason = models.TextField(blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    screened_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dự thảo chính sách")
        verbose_name_plural = _("dự thảo chính sách")
        ordering = ["document_id", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def screened(self) -> bool:
        return self.screened_at is not None

    @property
    def in_scope(self) -> bool:
        """In the Đề án's scope: every criterion holds and no exclusion applies."""
        return all(getattr(self, c.field) for c in SCOPE_CRITERIA) and not self.state_secret

    @property
    def failing_numbers(self) -> list[int]:
        """The numbers (1–4) of the scope criteria a screened policy fails."""
        if not self.screened:
            return []
        return [n for n, c in enumerate(SCOPE_CRITERIA, start=1) if not getattr(self, c.field)]

    @staticmethod
    def in_scope_q() -> Q:
        """The same rule as ``in_scope``, as a query filter."""
        return Q(state_secret=False, **dict.fromkeys((c.field for c in SCOPE_CRITERIA), True))

    @property
    def to_communicate(self) -> bool:
        return not self.state_secret and (self.in_scope or self.voluntary)

    def criteria(self) -> list[tuple[str, bool, str]]:
        return [(str(c.label), getattr(self, c.field), getattr(self, c.field[:2] + "_reason")) for c in SCOPE_CRITERIA]


class Section(models.Model):
    """A heading of the draft text (Chương / Mục / Điều / Khoản) with a stable key."""

    class Kind(models.TextChoices):
        CHAPTER = "chuong", _("Chương")
        PART = "muc", _("Mục")
        ARTICLE = "dieu", _("Điều")
        CLAUSE = "khoan", _("Khoản")
        PREAMBLE = "mo_dau", _("Phần mở đầu")

    document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("mã ổn định"), max_length=64)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    number = models.CharField(max_length=16, blank=True)
    heading = models.CharField(_("tiêu đề"), max_length=500)
    text = models.TextField(_("nội dung"), blank=True)
    position = models.PositiveIntegerField()
    depth = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(_("không còn trong bản dự thảo hiện hành"), default=False)

    class Meta:
        ordering = ["document_id", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="section_key_unique")]

    def __str__(self) -> str:
        return self.heading


class DraftVersion(models.Model):
    """One version of the draft text (dự thảo lần 1, 2, …), kept whenever staff replace the text.

    ``sections`` is the text as it stood: ``[{"key", "kind", "number", "heading", "text", "depth"}, …]`` in
    reading order. The live ``Section`` rows always hold the newest version.
    """

    document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("lần"))
    sections = models.JSONField(default=list)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản dự thảo")
        verbose_name_plural = _("phiên bản dự thảo")
        ordering = ["document_id", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="draft_version_number")]

    def __str__(self) -> str:
        return f"{self.document_id}/{self.number}"


class DossierFile(models.Model):
    """A file of the draft's dossier (hồ sơ dự thảo): the submission, the policy impact assessment, the
    comparison table… Staff upload it; the portal lists the public ones and serves them through an access
    check, never as a raw media link."""

    class Kind(models.TextChoices):
        SUBMISSION = "to_trinh", _("Tờ trình")
        IMPACT = "danh_gia_tac_dong", _("Báo cáo đánh giá tác động của chính sách")
        COMPARISON = "bang_so_sanh", _("Bảng so sánh, thuyết minh")
        REVIEW = "tong_ket", _("Báo cáo tổng kết")
        APPRAISAL = "tham_dinh", _("Ý kiến thẩm định")
        OTHER = "khac", _("Tài liệu khác")

    document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="dossier_files")
    kind = models.CharField(_("loại tài liệu"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("tên tài liệu"), max_length=300)
    file = models.FileField(_("tệp"), upload_to="dossier/%Y/%m/")
    original_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    content_type = models.CharField(max_length=120)
    public = models.BooleanField(_("công khai trên cổng"), default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu hồ sơ dự thảo")
        verbose_name_plural = _("tài liệu hồ sơ dự thảo")
        ordering = ["document_id", "kind", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return uploads.extension(self.file.name or "")


class ReviewRecord(models.Model):
    """What a reviewing body's report says: who, when, its number, its conclusion, and whether it states
    that the policy was communicated. Thẩm định (appraisal) and thẩm tra (examination) share it."""

    body = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan (trong hệ thống)"),
    )
    body_name = models.CharField(_("tên cơ quan (ghi bằng chữ)"), max_length=300, blank=True)
    date = models.DateField(_("ngày báo cáo"))
    report_number = models.CharField(_("số báo cáo"), max_length=100)
    conclusion = models.TextField(_("kết luận"))
    states_communicated = models.BooleanField(_("báo cáo nêu việc đã truyền thông chính sách"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người ghi nhận")
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def body_label(self) -> str:
        return self.body.name if self.body_id and self.body else self.body_name


class AppraisalRecord(ReviewRecord):
    """The appraisal (thẩm định) report on the proposal or on the draft."""

    class Phase(models.TextChoices):
        PROPOSAL = "proposal", _("Thẩm định đề nghị xây dựng")
        DRAFT = "draft", _("Thẩm định dự thảo")

    document = models.ForeignKey(
        LegalDocument, on_delete=models.CASCADE, related_name="appraisals", verbose_name=_("văn bản")
    )
    phase = models.CharField(_("giai đoạn thẩm định"), max_length=16, choices=Phase.choices)

    class Meta:
        verbose_name = _("kết quả thẩm định")
        verbose_name_plural = _("kết quả thẩm định")
        ordering = ["document_id", "phase"]
        constraints = [models.UniqueConstraint(fields=["document", "phase"], name="appraisal_one_per_phase")]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} — {self.report_number}"


class ExaminationRecord(ReviewRecord):
    """The examination (thẩm tra) report of a People's Council committee, and that committee's check that
    the policy was communicated before the resolution goes to the Council."""

    document = models.OneToOneField(
        LegalDocument, on_delete=models.CASCADE, related_name="examination", verbose_name=_("văn bản")
    )
    committee_checked_on = models.DateField(_("ngày Ban của HĐND kiểm tra việc truyền thông"), null=True, blank=True)
    committee_confirms_communication = models.BooleanField(
        _("Ban của HĐND xác nhận chính sách đã được truyền thông"), default=False
    )
    committee_note = models.TextField(_("ghi chú của Ban về việc truyền thông"), blank=True)

    class Meta:
        verbose_name = _("kết quả thẩm tra")
        verbose_name_plural = _("kết quả thẩm tra")

    def __str__(self) -> str:
        return f"{_('Thẩm tra')} — {self.report_number}"

    @property
    def communication_checked(self) -> bool:
        return self.committee_checked_on is not None and self.committee_confirms_communication
