"""Vietnamese names for the third-party apps that do not give theirs through gettext (ADR 0027).

Named in INSTALLED_APPS in place of the apps' own configurations; everything else is theirs. Their rows'
names, which the apps write in English in ``__str__`` (the administration's page titles and breadcrumbs),
are given here too: ``__str__`` is no part of a model's migration state.
"""

from __future__ import annotations

from typing import Any

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


def _attempt(obj: Any) -> str:
    return gettext("Đăng nhập sai của “%(username)s” từ %(ip)s") % {"username": obj.username, "ip": obj.ip_address}


def _access(obj: Any) -> str:
    return gettext("Đăng nhập của “%(username)s” lúc %(at)s") % {"username": obj.username, "at": obj.attempt_time}


def _task(obj: Any) -> str:
    return gettext("Tác vụ nền “%(name)s”") % {"name": obj.task_name}


class AxesConfig(AxesAppConfig):
    verbose_name = _("Kiểm soát đăng nhập")

    def ready(self) -> None:
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = _attempt
        AccessFailureLog.__str__ = _attempt
        AccessLog.__str__ = _access


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Tác vụ nền")  # type: ignore[assignment]  # lazy, as Django's own apps name themselves

    def ready(self) -> None:
        super().ready()
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.__str__ = _task  # type: ignore[method-assign]
