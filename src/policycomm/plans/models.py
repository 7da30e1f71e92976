"""Implementation plans (Kế hoạch), their groups and tasks, who does each task, progress, revisions,
and the training sessions and budget lines that serve the tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from policycomm.orgs.models import Organisation


class Plan(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plans", verbose_name=_("cơ quan ban hành")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("kế hoạch cấp trên"),
    )
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, blank=True, default="KH-UBND")
    issuer_name = models.CharField(_("tên cơ quan ban hành trên văn bản"), max_length=255, blank=True)
    place = models.CharField(_("địa danh"), max_length=120, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"))
    period = models.CharField(_("thời gian thực hiện"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    purposes = models.TextField(_("mục đích"), blank=True)
    requirements = models.TextField(_("yêu cầu"), blank=True)
    targets = models.TextField(_("mục tiêu"), blank=True)
    scope = models.TextField(_("phạm vi"), blank=True)
    budget_text = models.TextField(_("kinh phí thực hiện"), blank=True)
    closing = models.TextField(_("câu kết"), blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    signer_authority = models.TextField(_("quyền hạn ký"), blank=True)
    signer_deputy = models.TextField(_("ký thay"), blank=True)
    signer_position = models.TextField(_("chức vụ người ký"), blank=True)
    signer_name = models.TextField(_("họ tên người ký"), blank=True)
    unparsed = models.JSONField(_("đoạn chưa xếp được"), default=list, blank=True)
    source_name = models.CharField(_("tệp gốc"), max_length=255, blank=True)
    version = models.PositiveIntegerField(_("lần sửa"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            # One plan per body derived from a given plan.
            models.UniqueConstraint(fields=["parent", "organisation"], name="plan_one_derived_per_body")
        ]

    def __str__(self) -> str:
        return f"Kế hoạch {self.reference} — {self.title[:60]}"

    @property
    def reference(self) -> str:
        """What follows "Kế hoạch" wherever the plan is named: "số 01/KH-UBND", or "(chưa số)"."""
        if self.number:
            return f"số {self.number}/{self.symbol}"
        return "(chưa số)"


class PlanGroup(models.Model):
    """A numbered group of solutions; ``is_duties`` marks the "Tổ chức thực hiện" section."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups")
    index = models.PositiveSmallIntegerField(_("số thứ tự"))
    title = models.TextField(_("tên nhóm"))
    intro = models.TextField(_("đoạn mở đầu"), blank=True)
    is_duties = models.BooleanField(_("tổ chức thực hiện"), default=False)

    class Meta:
        ordering = ["is_duties", "index", "pk"]

    def __str__(self) -> str:
        return f"{self.index}. {self.title[:60]}"


class PlanTask(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa triển khai")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    group = models.ForeignKey(PlanGroup, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(_("số hiệu"), max_length=12, blank=True)
    text = models.TextField(_("nội dung"))
    timeframe = models.TextField(_("thời gian thực hiện"), blank=True)
    timeframe_parsed = models.JSONField(null=True, blank=True)
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    product = models.TextField(_("sản phẩm"), blank=True)
    parent_task = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived",
        verbose_name=_("nhiệm vụ cấp trên"),
    )
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0, validators=[MaxValueValidator(100)])
    evidence = models.TextField(_("kết quả, minh chứng"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group__is_duties", "group__index", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.number or '·'} {self.text[:60]}"

    def bodies_of(self, role: str) -> list[TaskBody]:
        return [b for b in self.bodies.all() if b.role == role]

    @property
    def leads(self) -> list[TaskBody]:
        return self.bodies_of(TaskBody.Role.LEAD)

    @property
    def cooperating(self) -> list[TaskBody]:
        return self.bodies_of(TaskBody.Role.COOPERATING)


class TaskBody(models.Model):
    """A lead or co-operating body of a task: its name as written, and the organisation it is, once known."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Cơ quan chủ trì")
        COOPERATING = "cooperating", _("Cơ quan phối hợp")

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="bodies")
    role = models.CharField(max_length=12, choices=Role.choices)
    order = models.PositiveSmallIntegerField(default=0)
    name = models.TextField(_("tên như trong văn bản"))
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_tasks"
    )
    confirmed = models.BooleanField(_("đã xác nhận"), default=True)

    class Meta:
        ordering = ["role", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class TaskUpdate(models.Model):
    """One report of progress on a task: the history behind the task's current status."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=16, choices=PlanTask.Status.choices)
    progress = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    evidence = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.progress}%"


class PlanRevision(models.Model):
    """The plan as it stood before a revision (the same shape as an imported plan)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    note = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["plan", "version"], name="planrevision_unique")]

    def __str__(self) -> str:
        return f"{self.plan} — lần {self.version}"


class TrainingSession(models.Model):
    class Audience(models.TextChoices):
        PRESS = "press", _("Phóng viên, biên tập viên")
        PRESS_MANAGERS = "press_managers", _("Cán bộ quản lý thông tin, báo chí")
        LEGAL_REPORTERS = "legal_reporters", _("Báo cáo viên pháp luật")
        PROPAGANDISTS = "propagandists", _("Tuyên truyền viên pháp luật cấp xã")
        LEGAL_OFFICERS = "legal_officers", _("Công chức làm công tác pháp chế")
        DRAFTERS = "drafters", _("Cán bộ soạn thảo văn bản")
        OTHER = "other", _("Đối tượng khác")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="trainings")
    task = models.ForeignKey(
        PlanTask, null=True, blank=True, on_delete=models.SET_NULL, related_name="trainings", verbose_name=_("nhiệm vụ")
    )
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255)
    held_on = models.DateField(_("ngày tổ chức"))
    topic = models.CharField(_("chủ đề"), max_length=500)
    audiences = models.JSONField(_("đối tượng"), default=list)
    participants = models.PositiveIntegerField(_("số người tham dự"))
    materials = models.TextField(_("tài liệu"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lớp tập huấn")
        verbose_name_plural = _("lớp tập huấn")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} — {self.topic[:60]}"

    def audience_labels(self) -> list[str]:
        labels = dict(self.Audience.choices)
        return [str(labels.get(a, a)) for a in self.audiences]


class BudgetLine(models.Model):
    class Source(models.TextChoices):
        CENTRAL = "central", _("Ngân sách trung ương")
        PROVINCE = "province", _("Ngân sách cấp tỉnh")
        COMMUNE = "commune", _("Ngân sách cấp xã")
        SPONSORSHIP = "sponsorship", _("Tài trợ, đóng góp")
        INTEGRATED = "integrated", _("Lồng ghép chương trình, đề án khác")
        OTHER = "other", _("Nguồn hợp pháp khác")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="budget_lines")
    task = models.ForeignKey(
        PlanTask,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_lines",
        verbose_name=_("nhiệm vụ"),
    )
    activity = models.ForeignKey(
        "communication.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_lines",
        verbose_name=_("hoạt động truyền thông"),
    )
    year = models.PositiveSmallIntegerField(_("năm ngân sách"))
    source = models.CharField(_("nguồn"), max_length=16, choices=Source.choices)
    description = models.CharField(_("nội dung chi"), max_length=500)
    estimate = models.PositiveBigIntegerField(_("dự toán (đồng)"), default=0)
    allocated = models.PositiveBigIntegerField(_("được giao (đồng)"), default=0)
    spent = models.PositiveBigIntegerField(_("đã chi (đồng)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("kinh phí")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return f"{self.year} — {self.description[:60]}"
