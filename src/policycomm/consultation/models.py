"""Consultation windows, the comments they receive, the officer's dispositions, and the report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from policycomm.identity.models import Tier
from policycomm.lawmaking.rules import DocType


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label of a stored choice, read from its enum. Django's ``get_FOO_display`` rebuilds a hashable copy of
    the field's choices on every call, translating each lazy label to hash it; the portal's lists call this once
    a row instead. A value no longer among the choices shows as stored, as ``get_FOO_display`` does."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Consultation(models.Model):
    class Phase(models.TextChoices):
        PROPOSAL = "proposal", _("Lấy ý kiến đề nghị xây dựng")
        DRAFT = "draft", _("Lấy ý kiến dự thảo")

    document = models.ForeignKey("lawmaking.LegalDocument", on_delete=models.CASCADE, related_name="consultations")
    phase = models.CharField(_("đợt"), max_length=16, choices=Phase.choices, default=Phase.DRAFT)
    title = models.CharField(_("tiêu đề"), max_length=500)
    intro = models.TextField(_("giới thiệu ngắn gọn"), blank=True)
    opens_at = models.DateTimeField(_("bắt đầu nhận ý kiến"))
    closes_at = models.DateTimeField(_("hạn cuối nhận ý kiến"))
    dispositions_published_at = models.DateTimeField(
        _("công khai kết quả tiếp thu, giải trình lúc"), null=True, blank=True
    )
    #: The minimum period (days) in force for the document type and phase when the window was opened.
    minimum_days = models.PositiveSmallIntegerField(_("thời hạn tối thiểu (ngày)"), null=True, blank=True)
    #: Set only when the window is shorter than ``minimum_days``: the legal ground the drafter recorded.
    shortened_ground = models.TextField(_("căn cứ pháp lý rút ngắn thời hạn"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Visibility(models.TextChoices):
        HIDDEN = "hidden", _("Không hiển thị ý kiến trước khi công khai kết quả")
        PRE_MODERATED = "pre", _("Hiển thị sau khi người kiểm duyệt duyệt (kiểm duyệt trước)")
        POST_MODERATED = "post", _("Hiển thị ngay, kiểm duyệt sau")

    #: Whether comments show on the draft page while the window is open (visible.py): not at all (the
    #: default), once a moderator approved each one, or at once with moderation afterwards.
    comment_visibility = models.CharField(
        _("hiển thị ý kiến trong thời gian lấy ý kiến"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.HIDDEN,
    )

    class Meta:
        verbose_name = _("đợt lấy ý kiến")
        verbose_name_plural = _("đợt lấy ý kiến")
        ordering = ["closes_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="window_order")]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: object = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at  # type: ignore[operator]

    @property
    def status(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"

    @property
    def phase_label(self) -> str:
        return choice_label(self.Phase, self.phase)

    @property
    def status_label(self) -> str:
        labels = {"upcoming": _("Sắp mở"), "open": _("Đang lấy ý kiến"), "closed": _("Đã hết hạn")}
        return str(labels[self.status])


class CommentPeriod(models.Model):
    """The minimum period a consultation window stays open, per document type and phase (legal reference
    §2.5), in calendar days. Seeded by a migration; an administrator corrects it in /admin/."""

    doc_type = models.CharField(_("loại văn bản"), max_length=24, choices=DocType.choices)
    phase = models.CharField(_("đợt"), max_length=16, choices=Consultation.Phase.choices)
    min_days = models.PositiveSmallIntegerField(_("số ngày tối thiểu"))
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    #: False where the legal reference says "verify": the figure is a default awaiting confirmation.
    verified = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thời hạn lấy ý kiến tối thiểu")
        verbose_name_plural = _("thời hạn lấy ý kiến tối thiểu")
        ordering = ["doc_type", "phase"]
        constraints = [models.UniqueConstraint(fields=["doc_type", "phase"], name="comment_period_unique")]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} — {self.get_phase_display()}: {self.min_days}"


class DecidedFor(models.TextChoices):
    COMMENT = "comment", _("Xử lý riêng ý kiến này")
    CAMPAIGN = "campaign", _("Xử lý chung cho nhóm ý kiến trùng nội dung")
    THEME = "theme", _("Xử lý chung cho chủ đề")


class Comment(models.Model):
    class SubmitterType(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        ORGANISATION = "organisation", _("Tổ chức")
        BUSINESS = "business", _("Doanh nghiệp")
        AGENCY = "agency", _("Cơ quan nhà nước")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Cổng lấy ý kiến")
        API = "api", _("Ứng dụng qua API")
        MEETING = "meeting", _("Hội nghị, tọa đàm")
        LETTER = "letter", _("Văn bản, thư")
        PHONE = "phone", _("Điện thoại, đường dây nóng")
        PRESS = "press", _("Báo chí")
        SOCIAL = "social", _("Mạng xã hội")
        FATHERLAND_FRONT = "fatherland_front", _("Phản biện xã hội của MTTQ")

    class Disposition(models.TextChoices):
        ACCEPTED = "accepted", _("Tiếp thu")
        PARTIAL = "partial", _("Tiếp thu một phần")
        NOT_ACCEPTED = "not_accepted", _("Không tiếp thu, giải trình")
        OUT_OF_SCOPE = "out_of_scope", _("Ngoài phạm vi dự thảo")

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="comments")
    section = models.ForeignKey(
        "lawmaking.Section",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("điều, khoản góp ý"),
    )
    #: The version of the draft text the comment was made on (null for comments older than versions).
    version = models.ForeignKey(
        "lawmaking.DraftVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("dự thảo lần"),
    )
    text = models.TextField(_("nội dung góp ý"))
    submitter_type = models.CharField(_("chủ thể góp ý"), max_length=16, choices=SubmitterType.choices)
    name = models.CharField(_("họ tên / tên tổ chức"), max_length=200, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    consent = models.BooleanField(_("đồng ý xử lý dữ liệu"))
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.PORTAL)
    receipt = models.CharField(_("mã tiếp nhận"), max_length=16, unique=True)
    idempotency_key = models.CharField(max_length=128, null=True, blank=True)
    payload_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    #: The citizen's identity tier when the comment was sent (anonymous, registered e-mail, verified OIDC).
    tier = models.CharField(_("mức xác thực"), max_length=16, choices=Tier.choices, default=Tier.ANONYMOUS)

    # Opinions that reach the body outside the portal and the API, entered by an officer.
    #: The day the body received it (a letter's date of arrival, the meeting's date); null for the portal.
    received_on = models.DateField(_("ngày nhận"), null=True, blank=True)
    organisation = models.CharField(_("tổ chức, cơ quan"), max_length=300, blank=True)
    #: The scan or file the opinion came in (a letter, a comment form, a press cutting).
    attachment = models.FileField(_("bản chụp, tệp kèm theo"), upload_to="intake/%Y/%m/", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The conference, dialogue or press conference where it was voiced (channel "meeting").
    event = models.ForeignKey(
        "Event", null=True, blank=True, on_delete=models.PROTECT, related_name="comments", verbose_name=_("sự kiện")
    )
    #: The body or person the draft was sent to, when this is their reply (lấy ý kiến đối tượng chịu tác động).
    outreach = models.ForeignKey(
        "Outreach", null=True, blank=True, on_delete=models.PROTECT, related_name="replies", verbose_name=_("nơi gửi")
    )

    hidden = models.BooleanField(_("ẩn (kiểm duyệt)"), default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    #: Visible comments (visible.py): when a moderator approved it for showing while the window is open
    #: (pre-moderation shows nothing before), and whether citizens' reports put it on hold pending a moderator.
    approved_at = models.DateTimeField(_("duyệt hiển thị lúc"), null=True, blank=True)
    held = models.BooleanField(_("tạm ẩn do bị báo cáo"), default=False)
    report_count = models.PositiveIntegerField(_("số lượt báo cáo vi phạm"), default=0)

    disposition = models.CharField(_("kết quả xử lý"), max_length=16, choices=Disposition.choices, blank=True)
    explanation = models.TextField(_("ý kiến tiếp thu, giải trình"), blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disposed_at = models.DateTimeField(null=True, blank=True)
    #: How the officer reached the decision: on this comment alone, or once for a whole campaign or
    #: theme that the machine suggested. The machine's suggestion itself lives in CommentAnalysis.
    decided_for = models.CharField(max_length=16, choices=DecidedFor.choices, blank=True)
    #: A group decision names its group within one run: ``decided_run`` and the key in it (a
    #: campaign's group key, the representative's receipt; or a theme's index). A re-run renumbers
    #: themes and may pick another representative, so the key alone would not say which group.
    decided_run = models.ForeignKey(
        "AnalysisRun", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    decided_group = models.CharField(max_length=64, blank=True)
    #: The theme's label as the officer saw it (a run's summary never changes once it is done).
    decided_label = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["created_at", "pk"]
        #: The portal lists a consultation's comments in this order, a page at a time.
        indexes = [
            models.Index(fields=["consultation", "created_at", "id"], name="comment_in_order"),
            #: The draft page counts and lists the comments on show while the window is open: a partial
            #: index holds only those, so the count is read from the index, not from every row.
            models.Index(
                fields=["consultation", "created_at", "id"],
                name="comment_shown",
                condition=Q(hidden=False, held=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "idempotency_key"],
                name="comment_idempotency",
                condition=Q(idempotency_key__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.receipt

    @property
    def decided_how(self) -> str:
        """How a group decision reached this comment, in words; empty for a decision on the comment alone."""
        if self.decided_for == DecidedFor.CAMPAIGN:
            how = gettext("Xử lý chung cho nhóm ý kiến trùng nội dung với ý kiến %(key)s") % {"key": self.decided_group}
        elif self.decided_for == DecidedFor.THEME:
            how = gettext("Xử lý chung cho chủ đề “%(label)s”") % {"label": self.decided_label or self.decided_group}
        else:
            return ""
        if self.decided_run_id is None:  # decided before runs were recorded with the decision
            return how
        return gettext("%(how)s (lượt phân tích #%(run)d)") % {"how": how, "run": self.decided_run_id}

    @property
    def disposition_label(self) -> str:
        return choice_label(self.Disposition, self.disposition) if self.disposition else ""

    @property
    def public_submitter(self) -> str:
        """How the submitter is shown in public (``public_submitter``)."""
        return public_submitter(self.submitter_type, self.name, self.organisation)


def public_submitter(submitter_type: str, name: str, organisation: str) -> str:
    """How a submitter is shown in public: an individual stays anonymous ("Cá nhân"); an organisation, business
    or state body is named by its organisation when an officer recorded one (the person who spoke for it is
    personal data and is not shown), else by the name typed on the portal's one field ("họ tên hoặc tên tổ
    chức")."""
    label = choice_label(Comment.SubmitterType, submitter_type)
    if submitter_type == Comment.SubmitterType.INDIVIDUAL:
        return label
    shown = organisation or name
    return f"{label}: {shown}" if shown else label


class CommentReport(models.Model):
    """A citizen's report of a visible comment (abuse, personal data, off-topic). One per address per
    comment (the constraint); the third puts the comment on hold pending a moderator (visible.py)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    #: A keyed hash of the reporter's address: never the address itself.
    reporter = models.CharField(max_length=64)
    reason = models.CharField(_("lý do báo cáo"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo ý kiến vi phạm")
        verbose_name_plural = _("báo cáo ý kiến vi phạm")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="comment_report_once")]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.reason[:40]}"


class Event(models.Model):
    """A conference, dialogue, seminar or press conference on a draft (hội nghị, đối thoại, họp báo)."""

    class Form(models.TextChoices):
        CONFERENCE = "conference", _("Hội nghị")
        SEMINAR = "seminar", _("Hội thảo, tọa đàm")
        DIALOGUE = "dialogue", _("Đối thoại")
        PRESS_CONFERENCE = "press_conference", _("Họp báo")

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="events")
    form = models.CharField(_("hình thức"), max_length=20, choices=Form.choices)
    title = models.CharField(_("tên sự kiện"), max_length=300)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    online_url = models.URLField(_("đường dẫn trực tuyến"), max_length=500, blank=True)
    organiser = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan tổ chức")
    )
    #: Named in words: the Fatherland Front, the bar association, a newspaper are often outside the tree.
    co_organisers = models.CharField(_("cơ quan phối hợp"), max_length=500, blank=True)
    audience = models.CharField(_("thành phần, đối tượng tham dự"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("số chỗ"), null=True, blank=True)
    registration_open = models.BooleanField(_("nhận đăng ký trên cổng"), default=True)
    attendance = models.PositiveIntegerField(_("số người tham dự"), null=True, blank=True)
    minutes = models.TextField(_("biên bản, tóm tắt"), blank=True)
    minutes_file = models.FileField(_("tệp biên bản"), upload_to="events/%Y/%m/", blank=True)
    cancelled = models.BooleanField(_("đã hủy"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hội nghị, đối thoại, họp báo")
        verbose_name_plural = _("hội nghị, đối thoại, họp báo")
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_order")]

    def __str__(self) -> str:
        return self.title


class EventRegistration(models.Model):
    """A citizen's registration to attend an event, made on the portal."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("họ tên"), max_length=200)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    organisation = models.CharField(_("cơ quan, tổ chức"), max_length=300, blank=True)
    receipt = models.CharField(_("mã đăng ký"), max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký tham dự")
        verbose_name_plural = _("đăng ký tham dự")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], name="registration_once_per_email", condition=~Q(email="")
            ),
            models.UniqueConstraint(
                fields=["event", "phone"], name="registration_once_per_phone", condition=~Q(phone="")
            ),
        ]

    def __str__(self) -> str:
        return self.receipt


class Outreach(models.Model):
    """The draft sent for opinions to a body or person it affects (lấy ý kiến đối tượng chịu tác động).

    Their replies are comments with ``outreach`` set; the synthesis says "gửi N cơ quan, nhận M ý kiến".
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="outreach")
    recipient = models.CharField(_("nơi nhận"), max_length=300)
    recipient_org = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_on = models.DateField(_("ngày gửi"))
    reference = models.CharField(_("số, ký hiệu công văn"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nơi gửi lấy ý kiến")
        verbose_name_plural = _("nơi gửi lấy ý kiến")
        ordering = ["sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "recipient"], name="outreach_once_per_recipient")
        ]

    def __str__(self) -> str:
        return self.recipient


class SocialCriticism(models.Model):
    """The Fatherland Front's social criticism (phản biện xã hội) of a draft: a document of its own,
    answered point by point, with its own part in the synthesis."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="criticisms")
    issuer = models.CharField(_("cơ quan phản biện"), max_length=300)
    reference = models.CharField(_("số, ký hiệu văn bản"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày văn bản"))
    received_on = models.DateField(_("ngày nhận"), null=True, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    file = models.FileField(_("tệp văn bản"), upload_to="criticism/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản phản biện xã hội")
        verbose_name_plural = _("văn bản phản biện xã hội")
        ordering = ["issued_on", "pk"]
        constraints = [
            # The same document recorded twice (a double click, a second officer) is one document.
            models.UniqueConstraint(
                fields=["consultation", "issuer", "reference", "issued_on"], name="criticism_once_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.reference}".strip()


class CriticismPoint(models.Model):
    """One point of a social criticism, with the drafting body's answer."""

    criticism = models.ForeignKey(SocialCriticism, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung phản biện"))
    section = models.ForeignKey(
        "lawmaking.Section",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("điều, khoản"),
    )
    disposition = models.CharField(_("kết quả xử lý"), max_length=16, choices=Comment.Disposition.choices, blank=True)
    explanation = models.TextField(_("ý kiến tiếp thu, giải trình"), blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disposed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("nội dung phản biện")
        verbose_name_plural = _("nội dung phản biện")
        ordering = ["criticism_id", "number"]
        constraints = [models.UniqueConstraint(fields=["criticism", "number"], name="criticism_point_number")]

    def __str__(self) -> str:
        return f"{self.criticism_id}.{self.number}"


class SynthesisReport(models.Model):
    """Bản tổng hợp, tiếp thu, giải trình, generated in the background as DOCX."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    #: The DOCX; ``pdf`` is the same document converted by LibreOffice.
    file = models.FileField(upload_to="reports/%Y/", blank=True)
    pdf = models.FileField(upload_to="reports/%Y/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: The consultations of the document the report covers (ids), as they stood when it was built.
    covers = models.JSONField(default=list, blank=True)
    #: What the report said of itself when built: comments still unanswered, a window still open.
    pending_at_build = models.PositiveIntegerField(default=0)
    open_at_build = models.BooleanField(default=False)
    #: Set when staff confirmed building it although comments were unanswered or a window open.
    confirmed_early = models.BooleanField(default=False)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["consultation", "published_at"])]

    def __str__(self) -> str:
        return f"Báo cáo #{self.pk}"


class AnalysisRun(models.Model):
    """One machine analysis of a consultation's comments (campaigns, themes, sections, stance)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang phân tích")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="analyses")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    #: The earliest the worker starts it: automatic runs wait so that comments arriving close
    #: together share one run (``insights.analysis_refresh``).
    run_after = models.DateTimeField(null=True, blank=True)
    comment_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    #: What produced the run (``analysis.method.MethodCard``): engine version, parameters, models,
    #: input fingerprint. Empty for runs made before cards existed and for runs not finished.
    method = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    #: Null when the run was started automatically because new comments arrived.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt phân tích ý kiến")
        verbose_name_plural = _("lượt phân tích ý kiến")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.consultation_id}/{self.pk}"


class CommentAnalysis(models.Model):
    """The machine's suggestion for one comment in one run. Never a decision: see Comment.disposition."""

    class Stance(models.TextChoices):
        SUPPORT = "support", _("Ủng hộ")
        OPPOSE = "oppose", _("Phản đối")
        CHANGE = "change", _("Đề nghị sửa đổi, bổ sung")
        QUESTION = "question", _("Hỏi, đề nghị làm rõ")
        OTHER = "other", _("Khác")

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="items")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="analyses")
    #: Receipt of the comment that stands for the group (its own receipt when it stands alone).
    group_key = models.CharField(max_length=16)
    group_size = models.PositiveIntegerField(default=1)
    is_representative = models.BooleanField(default=False)
    theme = models.PositiveSmallIntegerField(default=0)
    #: [[section key, score], ...], best first.
    sections = models.JSONField(default=list, blank=True)
    stance = models.CharField(max_length=16, choices=Stance.choices)

    class Meta:
        verbose_name = _("gợi ý của máy cho ý kiến")
        verbose_name_plural = _("gợi ý của máy cho ý kiến")
        constraints = [models.UniqueConstraint(fields=["run", "comment"], name="analysis_one_per_comment")]
        indexes = [models.Index(fields=["run", "group_key"]), models.Index(fields=["run", "theme"])]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.comment_id}"


class Statement(models.Model):
    """A short statement about the draft that citizens mark agree / disagree / pass (Polis-style).

    The votes show the opinion groups and the points of consensus and division
    ("vấn đề khó, có nhiều ý kiến khác nhau").
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("nhận định"), max_length=300)
    hidden = models.BooleanField(_("ẩn"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhận định để biểu quyết")
        verbose_name_plural = _("nhận định để biểu quyết")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class StatementVote(models.Model):
    class Choice(models.IntegerChoices):
        AGREE = 1, _("Đồng ý")
        DISAGREE = -1, _("Không đồng ý")
        PASS = 0, _("Bỏ qua")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    #: An anonymous participant key (a random token kept in the citizen's browser).
    voter = models.CharField(max_length=64)
    vote = models.SmallIntegerField(choices=Choice.choices)
    updated_at = models.DateTimeField(auto_now=True)
    tier = models.CharField(max_length=16, choices=Tier.choices, default=Tier.ANONYMOUS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "voter"], name="one_vote_per_statement"),
            models.CheckConstraint(condition=Q(vote__in=[-1, 0, 1]), name="vote_value"),
        ]
        indexes = [models.Index(fields=["voter"])]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.voter}={self.vote}"
