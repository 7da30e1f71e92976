"""Administrative units, the organisation tree, and who holds which role where."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _


class AdminUnit(models.Model):
    """A unit of the administrative map. Post-2025 units and legacy ones live side by side."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh")
        CITY = "city", _("Thành phố trực thuộc trung ương")
        DISTRICT = "district", _("Huyện/quận/thị xã (trước 1/7/2025)")
        WARD = "ward", _("Phường")
        COMMUNE = "commune", _("Xã")
        SPECIAL_ZONE = "special_zone", _("Đặc khu")
        TOWN = "town", _("Thị trấn (trước 1/7/2025)")

    code = models.CharField(_("mã"), max_length=8)
    name = models.CharField(_("tên"), max_length=120)
    short_name = models.CharField(_("tên ngắn"), max_length=120)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("trực thuộc")
    )
    is_legacy = models.BooleanField(_("đơn vị cũ (trước 1/7/2025)"), default=False)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name=_("đơn vị mới kế thừa"),
    )

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        constraints = [models.UniqueConstraint(fields=["code", "is_legacy", "kind"], name="adminunit_code_unique")]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (trước 1/7/2025)")
    COMMUNE = "commune", _("Cấp xã")


class Organisation(models.Model):
    """A body in the tree. ``path`` is a materialised path, so a subtree is one prefix query."""

    class Kind(models.TextChoices):
        CENTRAL_AGENCY = "central_agency", _("Cơ quan trung ương")
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        PEOPLES_COUNCIL = "peoples_council", _("Hội đồng nhân dân")
        DEPARTMENT = "department", _("Sở, ban, ngành / phòng chuyên môn")
        OFFICE = "office", _("Văn phòng")
        FATHERLAND_FRONT = "fatherland_front", _("Ủy ban MTTQ Việt Nam")
        SOCIO_POLITICAL = "socio_political", _("Tổ chức chính trị - xã hội")
        PRESS = "press", _("Báo, đài phát thanh - truyền hình")
        LAWYERS = "lawyers", _("Đoàn Luật sư / Hội Luật gia")
        RESIDENTIAL_GROUP = "residential_group", _("Tổ dân phố / thôn")
        PBGDPL_COUNCIL = "pbgdpl_council", _("Hội đồng phối hợp PBGDPL")

    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(
        _("viết tắt (dùng trong ký hiệu văn bản)"),
        max_length=32,
        blank=True,
        help_text=_("Ví dụ: UBND, STP, HĐND."),
    )
    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("trực thuộc"),
    )
    admin_unit = models.ForeignKey(
        AdminUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("địa bàn"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # Where the public reaches the body: printed on posters and read out on the loudspeakers.
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=40, blank=True)
    hotline = models.CharField(_("đường dây nóng"), max_length=40, blank=True)
    contact_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)

    class Meta:
        verbose_name = _("cơ quan, tổ chức")
        verbose_name_plural = _("cơ quan, tổ chức")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if self._parent_in_own_subtree():
            raise ValueError("An organisation cannot be moved under its own subtree.")
        with transaction.atomic():
            super().save(*args, **kwargs)  # type: ignore[arg-type]
            old = self.path
            expected = (self.parent.path if self.parent else "") + f"{self.pk:08d}."
            if old != expected:
                self.path = expected
                Organisation.objects.filter(pk=self.pk).update(path=expected)
                if old:
                    # The whole subtree moves with it: rewrite the prefix of every descendant.
                    Organisation.objects.filter(path__startswith=old).exclude(pk=self.pk).update(
                        path=Concat(Value(expected), Substr("path", len(old) + 1))
                    )

    def _parent_in_own_subtree(self) -> bool:
        return bool(self.path) and self.parent is not None and self.parent.path.startswith(self.path)

    def clean(self) -> None:
        if self._parent_in_own_subtree():
            raise ValidationError({"parent": _("Không thể đặt một cơ quan trực thuộc chính nó hoặc đơn vị cấp dưới.")})

    @property
    def area_id(self) -> int | None:
        """The administrative unit whose drafts the body's are (area filters, feeds and follows): its own, or,
        for a body without one (a department), its parent's. ``search.query.in_area`` is the same rule as a
        query filter. Prefetch: parent."""
        if self.admin_unit_id is not None:
            return self.admin_unit_id
        return self.parent.admin_unit_id if self.parent_id is not None and self.parent is not None else None

    @property
    def place_name(self) -> str:
        """The short place name used on the date line of documents ("La Khê, ngày …")."""
        node: Organisation | None = self
        while node is not None:
            if node.admin_unit_id:
                assert node.admin_unit is not None
                return node.admin_unit.short_name
            node = node.parent
        return ""


class Role(models.TextChoices):
    DRAFTER = "drafter", _("Chuyên viên soạn thảo")
    LEADER = "leader", _("Lãnh đạo cơ quan (phê duyệt)")
    COMMUNICATOR = "communicator", _("Cán bộ truyền thông")
    MONITOR = "monitor", _("Thường trực Hội đồng PBGDPL (giám sát)")
    MODERATOR = "moderator", _("Kiểm duyệt ý kiến")
    ADMIN = "admin", _("Quản trị")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("người dùng")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cơ quan, tổ chức")
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    position = models.CharField(_("chức vụ"), max_length=100, blank=True, help_text=_("Ví dụ: Phó Chủ tịch."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"

    @property
    def scope_path(self) -> str:
        """The subtree this membership reaches.

        A PBGDPL council's monitors watch its whole level: their scope is the council's parent's subtree.
        Any other role held in a council reaches the council only.
        """
        org = self.organisation
        if self.role == Role.MONITOR and org.kind == Organisation.Kind.PBGDPL_COUNCIL and org.parent is not None:
            return org.parent.path
        return org.path
