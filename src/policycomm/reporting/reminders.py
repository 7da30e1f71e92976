"""Periodic reports in the reminders and the work queue (registered from ``ReportingConfig.ready``).

- ``report_due``: a unit whose report is due within ``DUE_AHEAD`` days, or late, and not yet
  submitted. Its drafters and leaders (and those of the office or department that advises it) are
  told once when it falls due soon and once more when it is late: the key names the state.
- ``late_reports``: on the staff home of whoever reviews a period (its standing body, the monitors
  reaching it), the units that have not submitted past the due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.notifications.queues import LIMIT, QueueItem, QueueSection, register_queue_section
from policycomm.notifications.reminders import responsible_people
from policycomm.notifications.sources import ReminderEvent, register_reminder_source
from policycomm.orgs.access import UserLike

from .access import can_review_period, periods_for_user
from .selectors import DueReport, late_reports, reports_due

DUE_AHEAD = 7


def _link(due: DueReport) -> str:
    if due["report"]:
        return reverse("backoffice:report", args=[due["report"]])
    return reverse("backoffice:report_period", args=[due["period"]])


def reports_falling_due(now: dt.datetime) -> Iterator[ReminderEvent]:
    today = timezone.localdate(now)
    due = reports_due(today=today, within_days=DUE_AHEAD)
    writers = responsible_people(d["org"] for d in due)
    for d in due:
        recipients = tuple(writers.get(d["org"], ()))
        if not recipients:
            continue
        state = "late" if d["late"] else "soon"
        when = d["due"].strftime("%d/%m/%Y")
        if d["late"]:
            title = _("Báo cáo “%(period)s” của %(org)s đã quá hạn (hạn %(due)s)")
        else:
            title = _("Báo cáo “%(period)s” của %(org)s đến hạn ngày %(due)s")
        yield ReminderEvent(
            key=f"report-due:{d['period']}:{d['org']}:{state}",
            kind="report_due",
            recipients=recipients,
            title=title % {"period": d["period_title"], "org": d["org_name"], "due": when},
            body=_("Báo cáo chưa được gửi. Mở báo cáo để hoàn thiện số liệu, phần đánh giá và trình lãnh đạo gửi."),
            link=_link(d),
        )


def late_reports_section(user: UserLike) -> QueueSection | None:
    """The units late with their report, in the periods this person reviews; None for anyone else."""
    today = timezone.localdate()
    reviewed = [
        p.pk
        for p in periods_for_user(user).filter(due__lt=today).select_related("organisation")
        if can_review_period(user, p)
    ]
    if not reviewed:
        return None
    late = late_reports(today=today, period_ids=reviewed)
    items: list[QueueItem] = [
        {
            "label": d["org_name"],
            "detail": _("Chưa gửi báo cáo “%(period)s”") % {"period": d["period_title"]},
            "url": reverse("backoffice:report_period", args=[d["period"]]),
            "due": d["due"],
            "overdue": True,
        }
        for d in late[:LIMIT]
    ]
    return {
        "key": "late_reports",
        "title": _("Đơn vị chậm gửi báo cáo định kỳ"),
        "items": items,
        "total": len(late),
        "capped": False,
        "more_url": reverse("backoffice:reports") if len(late) > LIMIT else "",
    }


def register() -> None:
    register_reminder_source("report_due", reports_falling_due)
    register_queue_section("late_reports", late_reports_section)
