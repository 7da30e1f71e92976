"""Reminders, the inbox, mail (at once or as a digest), the citizen's answer mail and unsubscribing.

The reminder job runs in the real database worker (``db_worker --batch``), as the scheduler has it run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from policycomm.communication import services as comm
from policycomm.consultation import services as cons
from policycomm.consultation.models import Comment
from policycomm.lawmaking.models import StageTransition
from policycomm.notifications import sources
from policycomm.notifications.mail import unsubscribe_token
from policycomm.notifications.models import CitizenNotice, MailOptOut, MailPreference, Notification
from policycomm.notifications.schedule import build_scheduler, trigger
from policycomm.notifications.sources import ReminderEvent, register_reminder_source
from policycomm.notifications.tasks import run_reminders, send_daily_digests
from policycomm.plans import services as plans
from policycomm.plans.models import PlanTask, TaskBody
from policycomm.plans.parser import parse_file

from .factories import ALL_TO_DRAFT_CONSULTATION, ROOT, advance, close, material_for, open_consultation
from .factories import register_document as register
from .factories import screen_in_scope as screen

SEED = ROOT.parent / "shared" / "seeds" / "thainguyen-01-KH-UBND-2025.txt"

# The worker commits and checks its connection as in production: the tests' data must be committed too
# (PostgreSQL closes a connection left inside the test's transaction).
pytestmark = pytest.mark.django_db(transaction=True)


def work() -> None:
    """Let the real worker run what is queued."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def run_job() -> None:
    run_reminders.enqueue()
    work()


def with_email(*users: Any) -> None:
    for u in users:
        u.email = f"{u.username}@example.vn"
        u.save(update_fields=["email"])


def submitted_material(w: Any) -> Any:
    from policycomm.lawmaking import services as law

    doc = register(w)
    policy = screen(w.drafter_a, law.policy_add(actor=w.drafter_a, document=doc, title="Thu phí vỉa hè"))
    m = material_for(w.drafter_a, policy)
    return comm.material_submit(actor=w.drafter_a, material=m)


def mails_to(address: str) -> list[Any]:
    return [m for m in mail.outbox if address in m.to]


# Reminders: each event once, whatever the number of runs


def test_material_waiting_reaches_the_leader_once_in_the_inbox_and_by_mail(world: Any) -> None:
    with_email(world.leader_a, world.drafter_a)
    m = submitted_material(world)
    run_job()
    run_job()
    notes = Notification.objects.filter(recipient=world.leader_a, kind="material_approval")
    assert notes.count() == 1
    assert notes.get().link == f"/can-bo/tai-lieu/{m.pk}/"
    sent = mails_to(world.leader_a.email)
    assert len(sent) == 1
    assert "chờ phê duyệt" in sent[0].subject
    assert f"http://testserver/can-bo/tai-lieu/{m.pk}/" in sent[0].body
    html, mimetype = sent[0].alternatives[0]
    assert mimetype == "text/html" and "Kính gửi" in html
    # The submitter is never asked to approve their own material, and nobody else in the body is a leader.
    assert not Notification.objects.filter(recipient=world.drafter_a, kind="material_approval").exists()


def test_each_watched_deadline_gives_one_message_per_person(world: Any) -> None:
    with_email(world.drafter_a, world.leader_a, world.officer_b, world.leader_b)
    # A consultation closing in two days with an unanswered comment.
    doc = register(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    c = open_consultation(world, doc, closes_in=dt.timedelta(days=2))
    cons.comment_submit(consultation=c, text="Góp ý chưa trả lời", submitter_type="individual", consent=True)
    # A ward document that has sat in "proposal prepared" for 61 days (usual: 60).
    late = register(world, body="b", title="Quyết định về chợ phường")
    StageTransition.objects.filter(document=late).update(at=timezone.now() - dt.timedelta(days=61))
    # A plan task led by the ward office, due last week.
    plan = plans.plan_create(actor=world.monitor, organisation=world.province, data=parse_file(SEED))
    task = PlanTask.objects.filter(plan=plan).order_by("pk").first()
    assert task is not None
    PlanTask.objects.filter(pk=task.pk).update(due_on=timezone.localdate() - dt.timedelta(days=7))
    TaskBody.objects.create(task=task, role=TaskBody.Role.LEAD, name="Văn phòng phường", organisation=world.body_b)

    run_job()
    kinds = {(n.recipient.username, n.kind) for n in Notification.objects.select_related("recipient")}
    assert ("drafter_a", "consultation_closing") in kinds
    assert ("leader_a", "consultation_closing") in kinds
    assert ("officer_b", "stage_overdue") in kinds
    assert ("leader_b", "stage_overdue") in kinds
    assert ("officer_b", "task_overdue") in kinds
    assert ("drafter_a", "stage_overdue") not in kinds  # body A's document is in its stage for a day only
    first = (Notification.objects.count(), len(mail.outbox))
    assert first[0] == first[1]  # each message mailed once, at once

    run_job()
    call_command("reminders", verbosity=0)
    assert (Notification.objects.count(), len(mail.outbox)) == first


def test_a_source_registered_by_another_app_is_run_and_delivered_once(world: Any) -> None:
    with_email(world.leader_b)

    def report_due(now: dt.datetime) -> list[ReminderEvent]:
        return [
            ReminderEvent(
                key="report-due:1:2026-06",
                kind="report_due",
                recipients=(world.leader_b.pk,),
                title="Báo cáo sáu tháng đến hạn ngày 15/06/2026",
                link="/can-bo/",
            )
        ]

    register_reminder_source("test_report_due", report_due)
    try:
        run_job()
        run_job()
    finally:
        sources._SOURCES.pop("test_report_due")
    assert Notification.objects.filter(recipient=world.leader_b, kind="report_due").count() == 1
    assert len(mails_to(world.leader_b.email)) == 1


def test_digest_readers_get_one_mail_a_day_with_everything(world: Any) -> None:
    with_email(world.leader_a)
    from policycomm.notifications import services as notes

    notes.mail_preference_set(actor=world.leader_a, mode=MailPreference.Mode.DIGEST)
    submitted_material(world)
    submitted_material(world)
    run_job()
    assert Notification.objects.filter(recipient=world.leader_a).count() == 2
    assert mails_to(world.leader_a.email) == []  # nothing at once
    send_daily_digests.enqueue()
    work()
    send_daily_digests.enqueue()
    work()
    sent = mails_to(world.leader_a.email)
    assert len(sent) == 1
    assert "(2)" in sent[0].subject
    assert sent[0].body.count("chờ phê duyệt") == 2


def test_a_person_without_an_address_still_has_the_inbox(world: Any) -> None:
    submitted_material(world)
    run_job()
    n = Notification.objects.get(recipient=world.leader_a)
    assert n.mail_state == "skipped"
    assert mail.outbox == []


# The scheduler


def test_the_scheduler_enqueues_the_jobs_for_the_worker(world: Any) -> None:
    with_email(world.leader_a)
    submitted_material(world)
    scheduler = build_scheduler()
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) >= {"reminders", "digests"}
    assert jobs["reminders"].max_instances == 1 and jobs["reminders"].coalesce
    jobs["reminders"].func()  # what the scheduler does at each tick: enqueue
    assert mail.outbox == []  # enqueued, not run
    work()
    assert len(mails_to(world.leader_a.email)) == 1
    jobs["reminders"].func()
    work()
    assert len(mails_to(world.leader_a.email)) == 1


def test_a_numeric_weekday_is_refused() -> None:
    with pytest.raises(ValueError, match="weekday"):
        trigger("0 7 * * 1")
    assert trigger("0 7 * * mon") is not None


# The citizen who left an address


def publish_answers(w: Any, consultation: Any, email: str = "dan@example.com") -> Comment:
    comment, _ = cons.comment_submit(
        consultation=consultation, text="Nên giảm phí.", submitter_type="individual", consent=True, email=email
    )
    close(consultation)
    for c in Comment.objects.filter(consultation=consultation):
        cons.comment_dispose(actor=w.drafter_a, comment=c, disposition="accepted", explanation="Đã giảm phí.")
    cons.dispositions_publish(actor=w.drafter_a, consultation=consultation)
    return comment


def test_the_citizen_is_told_once_with_the_link_and_one_click_unsubscribe(world: Any, consultation: Any) -> None:
    comment = publish_answers(world, consultation, email="Dan@Example.com")
    run_job()
    run_job()
    sent = mails_to("dan@example.com")
    assert len(sent) == 1
    msg = sent[0]
    assert f"http://testserver/gop-y/{consultation.pk}/#y-kien-{comment.pk}" in msg.body
    assert comment.receipt in msg.body and "Tiếp thu" in msg.body
    link = msg.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://testserver/huy-nhan-thu/")
    assert msg.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in msg.body and link in msg.alternatives[0][0]
    # The anchor the link points at is on the public page.
    page = Client().get(f"/gop-y/{consultation.pk}/")
    assert f'id="y-kien-{comment.pk}"' in page.content.decode()

    # The mail program's one-click POST: no cookie, no CSRF token, no page to show.
    client = Client(enforce_csrf_checks=True)
    path = link.removeprefix("http://testserver")
    r = client.post(path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 200
    assert MailOptOut.objects.filter(email="dan@example.com").exists()

    # Another consultation answers the same person: nothing more is sent.
    doc = register(world, title="Nghị quyết thứ hai")
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    publish_answers(world, open_consultation(world, doc), email="dan@example.com")
    run_job()
    assert len(mails_to("dan@example.com")) == 1
    assert not CitizenNotice.objects.filter(email="dan@example.com", consultation__document=doc).exists()


def test_nothing_is_sent_before_the_answers_are_published(world: Any, consultation: Any) -> None:
    cm, _ = cons.comment_submit(
        consultation=consultation, text="Góp ý", submitter_type="individual", consent=True, email="a@example.com"
    )
    close(consultation)
    cons.comment_dispose(actor=world.drafter_a, comment=cm, disposition="accepted", explanation="Tiếp thu.")
    run_job()
    assert mails_to("a@example.com") == []


def test_the_unsubscribe_page_asks_first_then_confirms_in_vietnamese(world: Any) -> None:
    token = unsubscribe_token("b@example.com")
    r = Client().get(f"/huy-nhan-thu/{token}/")
    assert r.status_code == 200
    assert "Xác nhận hủy nhận thư" in r.content.decode()
    assert not MailOptOut.objects.exists()  # a GET (a mail scanner opening the link) changes nothing
    r = Client().post(f"/huy-nhan-thu/{token}/", {"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200 and "Bạn đã hủy nhận thư" in r.content.decode()
    r = Client().post(f"/huy-nhan-thu/{token}/", {"List-Unsubscribe": "One-Click"})  # twice: still fine
    assert r.status_code == 200
    assert MailOptOut.objects.filter(email="b@example.com").count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_unsubscribe_token_is_a_400_in_vietnamese_and_changes_nothing(world: Any, method: str) -> None:
    token = unsubscribe_token("c@example.com")
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    # Another address with the first one's signature.
    other = signing.b64_encode(b'{"e":"d@example.com"}').decode() + token[token.index(":") :]
    signed_elsewhere = signing.dumps({"e": "c@example.com"}, salt="another.purpose")
    for bad in (forged, "khong-phai-ma", other, signed_elsewhere):
        r = getattr(Client(), method)(f"/huy-nhan-thu/{bad}/", {"List-Unsubscribe": "One-Click"})
        assert r.status_code == 400
        assert "Đường dẫn hủy nhận thư không hợp lệ" in r.content.decode()
    assert not MailOptOut.objects.exists()


def test_an_expired_unsubscribe_token_is_a_400_and_changes_nothing(world: Any, settings: Any) -> None:
    token = unsubscribe_token("e@example.com")
    settings.UNSUBSCRIBE_MAX_AGE = -1  # every token is older than that
    r = Client().post(f"/huy-nhan-thu/{token}/", {"List-Unsubscribe": "One-Click"})
    assert r.status_code == 400
    assert "đã hết hạn" in r.content.decode()
    assert not MailOptOut.objects.exists()


# The staff inbox


def test_inbox_lists_marks_read_and_counts_unread_in_the_menu(world: Any) -> None:
    submitted_material(world)
    run_job()
    n = Notification.objects.get(recipient=world.leader_a)
    client = Client()
    client.force_login(world.leader_a)
    page = client.get("/can-bo/thong-bao/").content.decode()
    assert n.title in page and 'id="so-chua-doc">1' in page
    assert client.post(f"/can-bo/thong-bao/{n.pk}/da-doc/").status_code == 302
    n.refresh_from_db()
    assert n.read_at is not None
    assert 'id="so-chua-doc"' not in client.get("/can-bo/").content.decode()


def test_another_persons_notification_is_404_and_stays_unread(world: Any) -> None:
    submitted_material(world)
    run_job()
    n = Notification.objects.get(recipient=world.leader_a)
    for persona in ("drafter_a", "leader_b", "admin"):
        client = Client()
        client.force_login(world.users[persona])
        assert client.post(f"/can-bo/thong-bao/{n.pk}/da-doc/").status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_a_bad_mail_preference_is_refused_with_the_form_again(world: Any) -> None:
    client = Client()
    client.force_login(world.drafter_a)
    r = client.post("/can-bo/thong-bao/cach-nhan-thu/", {"mode": "hourly"})
    assert r.status_code == 422
    assert "Hãy chọn một lựa chọn hợp lệ" in r.content.decode() or "Lựa chọn" in r.content.decode()
    assert not MailPreference.objects.exists()
    r = client.post("/can-bo/thong-bao/cach-nhan-thu/", {"mode": "digest"})
    assert r.status_code == 302
    assert MailPreference.objects.get(user=world.drafter_a).mode == "digest"


# The work queue on the staff home


def test_each_role_sees_its_queue_with_links_to_where_it_is_dealt_with(world: Any, consultation: Any) -> None:
    m = submitted_material(world)
    cons.comment_submit(consultation=consultation, text="Góp ý mới", submitter_type="individual", consent=True)
    expected = {
        "leader_a": ("hang-approvals", f"/can-bo/tai-lieu/{m.pk}/"),
        "drafter_a": ("hang-comments", f"/can-bo/lay-y-kien/{consultation.pk}/"),
        "moderator_a": ("hang-moderation", f"/can-bo/lay-y-kien/{consultation.pk}/"),
        "monitor": ("hang-failing", "/can-bo/giam-sat/"),
    }
    for persona, (section, link) in expected.items():
        client = Client()
        client.force_login(world.users[persona])
        page = client.get("/can-bo/").content.decode()
        assert f'id="{section}"' in page, persona
        assert link in page, persona
    # The ward's leader has no approvals of body A's material.
    client = Client()
    client.force_login(world.leader_b)
    assert f"/can-bo/tai-lieu/{m.pk}/" not in client.get("/can-bo/").content.decode()


def test_the_ward_sees_its_plan_tasks_due(world: Any) -> None:
    plan = plans.plan_create(actor=world.monitor, organisation=world.province, data=parse_file(SEED))
    task = PlanTask.objects.filter(plan=plan).order_by("pk").first()
    assert task is not None
    PlanTask.objects.filter(pk=task.pk).update(due_on=timezone.localdate() + dt.timedelta(days=5))
    TaskBody.objects.create(task=task, role=TaskBody.Role.LEAD, name="Văn phòng phường", organisation=world.body_b)
    client = Client()
    client.force_login(world.officer_b)
    page = client.get("/can-bo/").content.decode()
    assert 'id="hang-tasks"' in page and f"/can-bo/ke-hoach/nhiem-vu/{task.pk}/tien-do/" in page


def test_the_staff_home_and_inbox_stay_within_budget(world: Any, django_assert_max_num_queries: Any) -> None:
    from .test_query_budget import grow

    # Measured: session, user, memberships, unread count, the two lists, and one or two queries per queue section
    # (the monitor's coverage check takes four once adopted policies exist), and the report periods the person
    # reviews past their due date (one query; none here, so the late-reports section stops there).
    # Drafters, communicators and the admin also see the overdue planned activities (one query). Everyone: the
    # second factor (the device that verified the session, or whether an optional user enrolled one).
    budgets = {
        "leader_a": 11,  # the approvals section: material, and translations of it
        "drafter_a": 12,
        "moderator_a": 9,
        "monitor": 12,
        "officer_b": 12,
        "communicator_a": 9,
        "admin": 11,
    }
    for n in (1, 4):
        grow(world, n)
        submitted_material(world)
        run_job()
        for persona, budget in budgets.items():
            client = Client()
            client.force_login(world.users[persona])
            with django_assert_max_num_queries(budget):
                assert client.get("/can-bo/").status_code == 200
            with django_assert_max_num_queries(8):  # a page of messages, their count, the preference, the device
                assert client.get("/can-bo/thong-bao/").status_code == 200


def test_without_a_mail_server_each_message_is_its_own_file(
    world: Any, consultation: Any, settings: Any, tmp_path: Any
) -> None:
    import email
    from email import policy

    settings.EMAIL_BACKEND = "policycomm.notifications.mailfiles.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    with_email(world.leader_a)
    submitted_material(world)
    submitted_material(world)
    publish_answers(world, consultation, email="dan@example.com")
    run_job()
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 3  # two approvals for the leader, one answer for the citizen
    parsed = [email.message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]
    to_citizen = [m for m in parsed if m["To"] == "dan@example.com"]
    assert len(to_citizen) == 1
    msg = to_citizen[0]
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Đã có kết quả tiếp thu, giải trình" in msg["Subject"]
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert "Hủy nhận thư bằng một lần bấm" in text.get_content()
    assert "<a href=" in html.get_content()


def test_a_committees_tasks_are_followed_by_the_office_that_advises_it(world: Any) -> None:
    # The ward's committee has no staff of its own in the system; its office (body B) follows its tasks.
    plan = plans.plan_create(actor=world.monitor, organisation=world.province, data=parse_file(SEED))
    overdue, soon = PlanTask.objects.filter(plan=plan).order_by("pk")[:2]
    today = timezone.localdate()
    PlanTask.objects.filter(pk=overdue.pk).update(due_on=today - dt.timedelta(days=3))
    PlanTask.objects.filter(pk=soon.pk).update(due_on=today + dt.timedelta(days=3))
    for t in (overdue, soon):
        TaskBody.objects.create(task=t, role=TaskBody.Role.LEAD, name="UBND phường", organisation=world.ward)
    run_job()
    told = set(Notification.objects.filter(kind="task_overdue").values_list("recipient__username", flat=True))
    assert told == {"officer_b", "leader_b"}
    client = Client()
    client.force_login(world.officer_b)
    page = client.get("/can-bo/").content.decode()
    for t in (overdue, soon):
        assert f"/can-bo/ke-hoach/nhiem-vu/{t.pk}/tien-do/" in page


def test_another_app_adds_a_section_to_the_work_queue(world: Any) -> None:
    from policycomm.notifications import queues

    def extra_section(user: Any) -> queues.QueueSection | None:
        if not user.memberships.filter(role="monitor").exists():
            return None
        item: queues.QueueItem = {
            "label": "Báo cáo sáu tháng của phường Phan Đình Phùng",
            "detail": "Chưa nộp",
            "url": "/can-bo/giam-sat/",
            "due": timezone.localdate() - dt.timedelta(days=2),
            "overdue": True,
        }
        return {
            "key": "extra",
            "title": "Báo cáo nộp muộn",
            "items": [item],
            "total": 1,
            "capped": False,
            "more_url": "",
        }

    queues.register_queue_section("extra", extra_section)
    try:
        for persona, shown in (("monitor", True), ("drafter_a", False)):
            client = Client()
            client.force_login(world.users[persona])
            page = client.get("/can-bo/").content.decode()
            assert ('id="hang-extra"' in page) is shown, persona
    finally:
        queues._EXTRA.pop("extra")


def test_a_long_queue_says_ten_and_more(world: Any) -> None:
    for _ in range(12):
        submitted_material(world)
    client = Client()
    client.force_login(world.leader_a)
    page = client.get("/can-bo/").content.decode()
    assert ">10+</span>" in page
    assert page.count("/can-bo/tai-lieu/") == 10
