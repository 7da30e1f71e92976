"""The third-party models in the administration: Vietnamese where their own admin classes hard-code English
(column and field names, an action's message), and diacritic-free search (ADR 0027).

This app comes after django.contrib.auth, axes and django_tasks_db in INSTALLED_APPS, so their admin
modules have registered their classes when this one replaces them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from axes import admin as axes_admin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db import admin as tasks_admin
from django_tasks_db.models import DBTaskResult

from policycomm.orgs.access import may_reset_two_factor
from policycomm.staffauth.twofactor import two_factor_reset

from .search import FoldedSearchAdmin


def _replace(model: type[Model], admin_class: type[admin.ModelAdmin]) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, admin_class)


class UserAdmin(FoldedSearchAdmin, auth_admin.UserAdmin):
    actions = ["reset_two_factor"]

    @admin.action(
        permissions=["change"], description=_("Đặt lại xác thực hai bước (người dùng bật lại ở lần đăng nhập sau)")
    )
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        """For someone who lost both phone and recovery codes (ADR 0024): their devices go, with an audit event.
        Offered only to who may change users; a superuser's only by a superuser (``may_reset_two_factor``)."""
        actor = request.user
        assert isinstance(actor, get_user_model())
        refused = [user for user in queryset if not may_reset_two_factor(actor, user)]
        if refused:
            self.message_user(
                request,
                _(
                    "Chỉ quản trị viên toàn hệ thống đặt lại được xác thực hai bước của: %(names)s. "
                    "Không tài khoản nào được đặt lại."
                )
                % {"names": ", ".join(u.get_username() for u in refused)},
                messages.ERROR,
            )
            return
        count = sum(two_factor_reset(actor=actor, user=user) for user in queryset)
        self.message_user(
            request,
            ngettext(
                "Đã đặt lại xác thực hai bước cho %(count)d tài khoản.",
                "Đã đặt lại xác thực hai bước cho %(count)d tài khoản.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class GroupAdmin(FoldedSearchAdmin, auth_admin.GroupAdmin):
    pass


class AccessAttemptAdmin(FoldedSearchAdmin, axes_admin.AccessAttemptAdmin):
    @admin.action(description=_("Xóa các bộ đếm đăng nhập sai đã hết hạn"))
    def cleanup_expired_attempts(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request,
            ngettext(
                "Đã xóa %(count)d bộ đếm đăng nhập sai hết hạn.",
                "Đã xóa %(count)d bộ đếm đăng nhập sai hết hạn.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.display(description=_("hết hạn lúc"))
    def expiration(self, obj: AccessAttempt) -> Any:
        return super().expiration(obj)

    @admin.display(description=_("tình trạng"))
    def status(self, obj: AccessAttempt) -> str:
        left = axes_settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if left > 0:
            return ngettext("còn %(left)d lần thử", "còn %(left)d lần thử", left) % {"left": left}
        return str(_("Đang bị khóa"))


class AccessLogAdmin(FoldedSearchAdmin, axes_admin.AccessLogAdmin):
    pass


class AccessFailureLogAdmin(FoldedSearchAdmin, axes_admin.AccessFailureLogAdmin):
    pass


class DBTaskResultAdmin(FoldedSearchAdmin, tasks_admin.DBTaskResultAdmin):
    """The task rows with Vietnamese names for what django_tasks_db labels in code (its id, the task's name)."""

    list_display = (
        "task_id",
        "name",
        "status",
        "enqueued_at",
        "started_at",
        "finished_at",
        "priority",
        "queue_name",
    )
    search_fields = ("task_path", "queue_name")

    def get_readonly_fields(self, request: HttpRequest, obj: DBTaskResult | None = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        return ["task_id" if f == "id" else f for f in fields]

    @admin.display(description=_("mã tác vụ"), ordering="id")
    def task_id(self, obj: DBTaskResult) -> str:
        return str(obj.id)

    @admin.display(description=_("tên tác vụ"), ordering="task_path")
    def name(self, obj: DBTaskResult) -> str:
        return obj.task_name

    @admin.display(description=_("vết lỗi"))
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description=_("chạy sau thời điểm"))
    def display_run_after(self, obj: DBTaskResult) -> datetime | str:
        return super().display_run_after(obj)


admin.site.site_title = _("Trang quản trị")
admin.site.site_header = _("Trang quản trị · Góp ý dự thảo chính sách")
admin.site.index_title = _("Quản trị hệ thống")

_replace(get_user_model(), UserAdmin)
_replace(Group, GroupAdmin)
_replace(AccessAttempt, AccessAttemptAdmin)
_replace(AccessLog, AccessLogAdmin)
_replace(AccessFailureLog, AccessFailureLogAdmin)
_replace(DBTaskResult, DBTaskResultAdmin)
# The second factor's devices are not edited by hand (django-otp's admin would show their secrets, in English):
# an administrator resets a user's second factor with the users' action above.
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)
