"""Periodic reports in the reminders (once when due soon, once when late) and in the reviewer's work queue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from policycomm.notifications.models import Notification
from policycomm.notifications.tasks import run_reminders
from policycomm.orgs.models import Level, Organisation
from policycomm.reporting import services as rs
from policycomm.reporting.models import ReportPeriod

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date.today()


def run_job() -> None:
    run_reminders.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def period(w: Any, due: dt.date) -> ReportPeriod:
    return rs.period_create(
        actor=w.monitor,
        organisation=w.province,
        kind=ReportPeriod.Kind.SIX_MONTH,
        title="Báo cáo 6 tháng",
        start=TODAY - dt.timedelta(days=180),
        end=TODAY,
        due=due,
        units=[w.body_a, w.ward],
    )


def report_notes(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind="report_due").order_by("pk"))


def test_a_report_due_soon_then_late_is_announced_once_each_to_the_units_writers(world: Any) -> None:
    p = period(world, TODAY + dt.timedelta(days=3))
    run_job()
    run_job()
    # The ward's report is written in its office (officer_b, leader_b); body A's by its drafter and leader.
    for user in (world.officer_b, world.leader_b, world.drafter_a, world.leader_a):
        notes = report_notes(user)
        assert len(notes) == 1, user.username
        assert "đến hạn ngày" in notes[0].title
        assert notes[0].link == f"/can-bo/bao-cao/ky/{p.pk}/"
    assert report_notes(world.monitor) == []

    # Body A submits; the ward does not, and the due date passes.
    report = rs.report_start(actor=world.drafter_a, period=p, organisation=world.body_a)
    rs.report_save(
        actor=world.drafter_a,
        report=report,
        parts={"results": "Đã truyền thông.", "shortcomings": "", "directions": "", "proposals": ""},
    )
    rs.report_submit(actor=world.leader_a, report=report)
    ReportPeriod.objects.filter(pk=p.pk).update(due=TODAY - dt.timedelta(days=1))
    run_job()
    run_job()
    late = report_notes(world.officer_b)
    assert len(late) == 2 and "đã quá hạn" in late[1].title
    assert len(report_notes(world.drafter_a)) == 1  # submitted: nothing more


def test_the_reviewer_sees_late_units_on_the_staff_home_and_the_unit_does_not(world: Any) -> None:
    p = period(world, TODAY - dt.timedelta(days=2))
    client = Client()
    client.force_login(world.monitor)
    page = client.get("/can-bo/").content.decode()
    assert 'id="hang-late_reports"' in page
    assert world.ward.name in page and f"/can-bo/bao-cao/ky/{p.pk}/" in page
    client.force_login(world.officer_b)
    assert 'id="hang-late_reports"' not in client.get("/can-bo/").content.decode()


def test_the_late_reports_section_does_not_grow_with_units(world: Any, django_assert_max_num_queries: Any) -> None:
    client = Client()
    client.force_login(world.monitor)
    for n in (2, 12):
        units = [
            Organisation.objects.create(
                name=f"Ủy ban nhân dân phường thử {n}-{i}",
                kind=Organisation.Kind.PEOPLES_COMMITTEE,
                level=Level.COMMUNE,
                parent=world.province,
            )
            for i in range(n)
        ]
        rs.period_create(
            actor=world.monitor,
            organisation=world.province,
            kind=ReportPeriod.Kind.YEARLY,
            title=f"Báo cáo năm {n}",
            start=TODAY - dt.timedelta(days=300),
            end=TODAY,
            due=TODAY - dt.timedelta(days=1),
            units=units,
        )
        # The monitor's home (11 without late reports) plus the late reports: periods, their units, the reports.
        with django_assert_max_num_queries(16):
            page = client.get("/can-bo/").content.decode()
        assert 'id="hang-late_reports"' in page
