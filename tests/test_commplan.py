"""A policy's communication plan: planned against done on the policy page, an activity recorded from a
planned row, and the overdue rows seen by monitoring (its subtree only) and by the reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from policycomm.communication import commplan
from policycomm.communication import services as comm
from policycomm.communication.models import Activity, PlannedActivity
from policycomm.communication.selectors import overdue_planned, policy_plan
from policycomm.errors import DomainError
from policycomm.lawmaking import services as law
from policycomm.notifications.delivery import deliver_events
from policycomm.notifications.models import Notification
from policycomm.notifications.reminders import collect, planned_activities_overdue
from policycomm.orgs.models import Organisation

from .factories import ALL_TO_DRAFT_CONSULTATION, World, advance, register_document, screen_in_scope


@pytest.fixture
def policy(world: World) -> Any:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return screen_in_scope(world.drafter_a, law.policy_add(actor=world.drafter_a, document=doc, title="Thu phí"))


def plan(world: World, policy: Any, days: int, *, channel: str = "Báo Thái Nguyên", **kw: Any) -> PlannedActivity:
    return commplan.planned_save(
        actor=world.communicator_a,
        policy=policy,
        form=kw.pop("form", Activity.Form.MASS_MEDIA),
        channel=channel,
        lead_body=kw.pop("lead_body", world.body_a),
        planned_on=timezone.localdate() + dt.timedelta(days=days),
        **kw,
    )


def staff(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def test_planned_against_done_on_the_policy_page(world: World, policy: Any) -> None:
    done = plan(world, policy, -10, channel="Loa truyền thanh")
    overdue = plan(world, policy, -2, channel="Đài truyền hình", budget_line="Kinh phí PBGDPL 2026")
    upcoming = plan(world, policy, 7, channel="Hội nghị")
    dropped = plan(world, policy, 3, channel="Tờ gấp")
    commplan.planned_cancel(actor=world.drafter_a, planned=dropped, reason="Gộp vào hội nghị")
    comm.activity_record(
        actor=world.communicator_a,
        policy=policy,
        form=done.form,
        channel=done.channel,
        date=done.planned_on,
        evidence_url="https://example.gov.vn/a",
        planned=done,
    )
    rows, counts = policy_plan(policy)
    assert {r["planned"].pk: r["state"] for r in rows} == {
        done.pk: "done",
        overdue.pk: "overdue",
        upcoming.pk: "upcoming",
        dropped.pk: "cancelled",
    }
    assert counts == {"planned": 3, "done": 1, "overdue": 1, "upcoming": 1, "cancelled": 1}
    page = staff(world, "leader_a").get(f"/can-bo/chinh-sach/{policy.pk}/").content.decode()
    assert "Dự kiến 3 hoạt động · đã thực hiện <strong>1</strong> · quá hạn <strong>1</strong>" in page
    assert "Kinh phí PBGDPL 2026" in page and "Gộp vào hội nghị" in page
    assert f'id="du-kien-{overdue.pk}" class="plan-overdue"' in page
    assert "Thêm hoạt động dự kiến" not in page  # a leader reads the plan, the communicators write it


def test_staff_add_edit_and_cancel_planned_rows(world: World, policy: Any) -> None:
    client = staff(world, "communicator_a")
    data = {
        "planned-form": "grassroots",
        "planned-channel": "Loa truyền thanh\x07 phường",
        "planned-lead_body": str(world.ward.pk),
        "planned-co_bodies": "Ủy ban MTTQ phường",
        "planned-planned_on": (timezone.localdate() + dt.timedelta(days=4)).isoformat(),
        "planned-budget_line": "Ngân sách phường",
    }
    r = client.post(f"/can-bo/chinh-sach/{policy.pk}/ke-hoach-truyen-thong/", data)
    assert r.status_code == 302
    p = PlannedActivity.objects.get()
    assert p.channel == "Loa truyền thanh phường" and p.lead_body == world.ward and p.created_by == world.communicator_a
    # A body outside the drafting body's tree cannot lead it.
    elsewhere = Organisation.objects.create(
        name="UBND tỉnh khác", short_name="UBND", kind="peoples_committee", level="province"
    )
    r = client.post(
        f"/can-bo/chinh-sach/{policy.pk}/ke-hoach-truyen-thong/", {**data, "planned-lead_body": str(elsewhere.pk)}
    )
    assert r.status_code == 422 and PlannedActivity.objects.count() == 1
    r = client.post(
        f"/can-bo/chinh-sach/{policy.pk}/ke-hoach-truyen-thong/", {**data, "planned-planned_on": "2200-01-01"}
    )
    assert r.status_code == 422 and "trong vòng 5 năm" in r.content.decode()
    assert client.get(f"/can-bo/hoat-dong-du-kien/{p.pk}/sua/").status_code == 200
    r = client.post(f"/can-bo/hoat-dong-du-kien/{p.pk}/sua/", {**data, "planned-channel": "Bảng tin tổ dân phố"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.channel == "Bảng tin tổ dân phố"
    assert client.post(f"/can-bo/hoat-dong-du-kien/{p.pk}/huy/", {"reason": "Không còn cần"}).status_code == 302
    p.refresh_from_db()
    assert p.cancelled and "Không còn cần" in p.note
    with pytest.raises(DomainError) as exc:
        commplan.planned_save(
            actor=world.communicator_a,
            policy=policy,
            planned=p,
            form="portal",
            channel="x",
            lead_body=world.body_a,
            planned_on=timezone.localdate(),
        )
    assert exc.value.status == 409


def test_recording_done_from_the_plan_fills_the_form_and_links_the_activity(world: World, policy: Any) -> None:
    p = plan(world, policy, -1, channel="Chuyên mục Pháp luật", audience="Hộ kinh doanh", area="Phường A")
    client = staff(world, "communicator_a")
    page = client.get(f"/can-bo/hoat-dong-du-kien/{p.pk}/thuc-hien/").content.decode()
    assert 'value="Chuyên mục Pháp luật"' in page and 'value="Hộ kinh doanh"' in page and 'value="Phường A"' in page
    token = "tok-" + "a" * 20
    data = {
        "activity-form": p.form,
        "activity-channel": p.channel,
        "activity-date": p.planned_on.isoformat(),
        "activity-evidence_url": "https://example.gov.vn/bai",
        "activity-reach": "500",
        "activity-comments_received": "0",
        "activity-idempotency_token": token,
    }
    assert client.post(f"/can-bo/hoat-dong-du-kien/{p.pk}/thuc-hien/", data).status_code == 302
    assert client.post(f"/can-bo/hoat-dong-du-kien/{p.pk}/thuc-hien/", data).status_code == 302  # sent twice
    act = Activity.objects.get()
    assert act.planned == p and act.reach == 500
    assert list(overdue_planned(None)) == []
    # Carried out, it cannot be cancelled any more.
    with pytest.raises(DomainError) as exc:
        commplan.planned_cancel(actor=world.drafter_a, planned=p)
    assert exc.value.code == "already_done"


def test_access_to_planned_rows(world: World, policy: Any) -> None:
    p = plan(world, policy, 2)
    assert staff(world, "officer_b").get(f"/can-bo/hoat-dong-du-kien/{p.pk}/sua/").status_code == 404
    assert staff(world, "officer_b").post(f"/can-bo/hoat-dong-du-kien/{p.pk}/huy/").status_code == 404
    assert staff(world, "leader_a").get(f"/can-bo/hoat-dong-du-kien/{p.pk}/sua/").status_code == 403
    assert staff(world, "leader_a").post(f"/can-bo/hoat-dong-du-kien/{p.pk}/huy/").status_code == 403
    assert staff(world, "drafter_a").get(f"/can-bo/hoat-dong-du-kien/{p.pk + 99}/sua/").status_code == 404
    with pytest.raises(DomainError) as exc:
        commplan.planned_save(
            actor=world.officer_b,
            policy=policy,
            form="portal",
            channel="x",
            lead_body=world.body_b,
            planned_on=timezone.localdate(),
        )
    assert exc.value.status == 403
    # A planned row of another policy cannot be carried out by this policy's activity.
    doc = register_document(world, title="Văn bản khác")
    other = law.policy_add(actor=world.drafter_a, document=doc, title="Khác")
    with pytest.raises(DomainError) as exc:
        comm.activity_record(
            actor=world.drafter_a,
            policy=other,
            form="portal",
            channel="c",
            date=timezone.localdate(),
            evidence_url="https://example.gov.vn/",
            planned=p,
        )
    assert exc.value.code == "planned_invalid"


def test_a_secret_policy_has_no_public_plan(world: World, policy: Any) -> None:
    policy.state_secret = True
    policy.save(update_fields=["state_secret"])
    with pytest.raises(DomainError) as exc:
        plan(world, policy, 3)
    assert exc.value.code == "state_secret"


def test_monitoring_shows_the_overdue_planned_activities_of_its_subtree(world: World, policy: Any) -> None:
    overdue = plan(world, policy, -5, channel="Đài phát thanh tỉnh")
    plan(world, policy, 5, channel="Sắp tới")
    page = staff(world, "monitor").get("/can-bo/giam-sat/").content.decode()
    assert '<strong id="so-du-kien-qua-han">1</strong>' in page and "Đài phát thanh tỉnh" in page
    assert f"#du-kien-{overdue.pk}" in page
    # The ward's leader monitors the ward: body A's plan is not theirs to see.
    other = staff(world, "leader_b").get("/can-bo/giam-sat/").content.decode()
    assert '<strong id="so-du-kien-qua-han">0</strong>' in other and "Đài phát thanh tỉnh" not in other


def test_reminders_tell_the_drafters_and_communicators_once(world: World, policy: Any) -> None:
    overdue = plan(world, policy, -3, channel="Đài phát thanh tỉnh", lead_body=world.body_b)
    plan(world, policy, 3)
    now = timezone.now()
    (event,) = list(planned_activities_overdue(now))
    assert event.key == f"planned-overdue:{overdue.pk}:{overdue.planned_on.isoformat()}"
    assert {world.drafter_a.pk, world.communicator_a.pk, world.leader_a.pk, world.officer_b.pk} <= set(event.recipients)
    assert world.moderator_a.pk not in event.recipients
    assert "Đài phát thanh tỉnh" in event.title and event.link.endswith(f"#du-kien-{overdue.pk}")
    mine = [e for e in collect(now) if e.key.startswith("planned-overdue:")]
    deliver_events(mine)
    deliver_events(mine)
    assert Notification.objects.filter(recipient=world.communicator_a).count() == 1
    # Carried out, it is no longer overdue and no longer reminded.
    comm.activity_record(
        actor=world.communicator_a,
        policy=policy,
        form=overdue.form,
        channel=overdue.channel,
        date=timezone.localdate(),
        evidence_url="https://example.gov.vn/",
        planned=overdue,
    )
    assert list(planned_activities_overdue(now)) == []


def test_policy_and_monitoring_pages_do_not_grow_with_the_plan(
    world: World, policy: Any, django_assert_max_num_queries: Any
) -> None:
    leader, monitor = staff(world, "drafter_a"), staff(world, "monitor")
    for n in (2, 10):
        for i in range(n):
            plan(world, policy, -i - 1, channel=f"Kênh {n}-{i}")
        # Each + the second factor (the device, or whether the drafter enrolled one): one query per staff request.
        with django_assert_max_num_queries(11):
            assert leader.get(f"/can-bo/chinh-sach/{policy.pk}/").status_code == 200
        with django_assert_max_num_queries(24):
            assert monitor.get("/can-bo/giam-sat/").status_code == 200


def test_the_staff_home_lists_the_overdue_planned_activities(world: World, policy: Any) -> None:
    overdue = plan(world, policy, -2, channel="Đài phát thanh tỉnh")
    home = staff(world, "communicator_a").get("/can-bo/").content.decode()
    assert "Hoạt động truyền thông dự kiến đã quá hạn" in home and f"#du-kien-{overdue.pk}" in home
    assert "Đài phát thanh tỉnh" not in staff(world, "officer_b").get("/can-bo/").content.decode()
