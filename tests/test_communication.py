from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from policycomm.audit.models import AuditEvent
from policycomm.communication import services as comm
from policycomm.communication.models import Activity, Material
from policycomm.consultation.selectors import published_materials
from policycomm.errors import DomainError
from policycomm.lawmaking import services as law

from .factories import material_for, publish_material, register_document, screen_in_scope

S = Material.Status


@pytest.fixture
def policy(world: Any) -> Any:
    doc = register_document(world)
    p = law.policy_add(actor=world.drafter_a, document=doc, title="Thu phí vỉa hè")
    return screen_in_scope(world.drafter_a, p)


def test_submit_refused_while_a_required_part_is_empty(world: Any, policy: Any) -> None:
    m = material_for(world.drafter_a, policy, part_changes="  ")
    with pytest.raises(DomainError) as exc:
        comm.material_submit(actor=world.drafter_a, material=m)
    assert exc.value.code == "part_missing" and exc.value.field == "part_changes"
    m.refresh_from_db()
    assert m.status == S.DRAFT


def test_approval_flow_submit_approve_publish(world: Any, policy: Any) -> None:
    m = material_for(world.drafter_a, policy)
    comm.material_submit(actor=world.drafter_a, material=m)
    # Not a leader, and not the same body: refused.
    for actor in (world.drafter_a, world.leader_b, world.monitor):
        with pytest.raises(DomainError) as exc:
            comm.material_review(actor=actor, material=m, approve=True)
        assert exc.value.status == 403
    comm.material_review(actor=world.leader_a, material=m, approve=True)
    m.refresh_from_db()
    assert (m.status, m.approved_by_id) == (S.APPROVED, world.leader_a.pk)
    comm.material_publish(actor=world.drafter_a, material=m)
    m.refresh_from_db()
    assert m.status == S.PUBLISHED and m.published_at is not None
    assert list(published_materials(policy.document)) == [m]
    actions = list(AuditEvent.objects.filter(object_type="communication.material").values_list("action", flat=True))
    assert set(actions) >= {"material.save", "material.submit", "material.approve", "material.publish"}


def test_leader_cannot_approve_own_submission(world: Any, policy: Any) -> None:
    from policycomm.orgs.models import Membership, Role

    Membership.objects.create(user=world.leader_a, organisation=world.body_a, role=Role.DRAFTER)
    m = material_for(world.leader_a, policy)
    comm.material_submit(actor=world.leader_a, material=m)
    with pytest.raises(DomainError) as exc:
        comm.material_review(actor=world.leader_a, material=m, approve=True)
    assert exc.value.code == "four_eyes"


def test_return_requires_note(world: Any, policy: Any) -> None:
    m = material_for(world.drafter_a, policy)
    comm.material_submit(actor=world.drafter_a, material=m)
    with pytest.raises(DomainError):
        comm.material_review(actor=world.leader_a, material=m, approve=False, note="")
    comm.material_review(actor=world.leader_a, material=m, approve=False, note="Viết ngắn gọn hơn.")
    m.refresh_from_db()
    assert m.status == S.RETURNED and m.editable


class TestStateSecretNeverPublished:
    """Every path that could make secret content public is refused."""

    def test_submit_refused(self, world: Any, policy: Any) -> None:
        m = material_for(world.drafter_a, policy, state_secret=True)
        with pytest.raises(DomainError) as exc:
            comm.material_submit(actor=world.drafter_a, material=m)
        assert exc.value.code == "state_secret"

    def test_approve_refused_when_flagged_after_submission(self, world: Any, policy: Any) -> None:
        m = material_for(world.drafter_a, policy)
        comm.material_submit(actor=world.drafter_a, material=m)
        Material.objects.filter(pk=m.pk).update(state_secret=True)
        with pytest.raises(DomainError) as exc:
            comm.material_review(actor=world.leader_a, material=m, approve=True)
        assert exc.value.code == "state_secret"
        m.refresh_from_db()
        assert m.status == S.SUBMITTED

    def test_publish_refused_when_flagged_after_approval(self, world: Any, policy: Any) -> None:
        m = material_for(world.drafter_a, policy)
        comm.material_submit(actor=world.drafter_a, material=m)
        comm.material_review(actor=world.leader_a, material=m, approve=True)
        comm.material_save(actor=world.drafter_a, policy=policy, material=m, title=m.title, state_secret=True)
        with pytest.raises(DomainError) as exc:
            comm.material_publish(actor=world.drafter_a, material=m)
        assert exc.value.code == "state_secret"
        m.refresh_from_db()
        assert m.published_at is None

    def test_publish_refused_when_policy_is_secret(self, world: Any, policy: Any) -> None:
        m = material_for(world.drafter_a, policy)
        comm.material_submit(actor=world.drafter_a, material=m)
        comm.material_review(actor=world.leader_a, material=m, approve=True)
        policy.state_secret = True
        policy.save()
        with pytest.raises(DomainError) as exc:
            comm.material_publish(actor=world.drafter_a, material=m)
        assert exc.value.code == "state_secret"

    def test_flagging_published_material_withdraws_it(self, world: Any, policy: Any) -> None:
        m = publish_material(world.drafter_a, world.leader_a, policy)
        comm.material_save(actor=world.drafter_a, policy=policy, material=m, title=m.title, state_secret=True)
        m.refresh_from_db()
        assert m.status == S.WITHDRAWN and m.published_at is None
        assert list(published_materials(policy.document)) == []

    def test_published_selector_hides_secret_policy_even_if_row_says_published(self, world: Any, policy: Any) -> None:
        m = material_for(world.drafter_a, policy)
        Material.objects.filter(pk=m.pk).update(status=S.PUBLISHED)
        policy.state_secret = True
        policy.save()
        assert list(published_materials(policy.document)) == []

    def test_activity_refused_for_secret_policy(self, world: Any, policy: Any) -> None:
        policy.state_secret = True
        policy.save()
        with pytest.raises(DomainError) as exc:
            comm.activity_record(
                actor=world.drafter_a,
                policy=policy,
                form=Activity.Form.PORTAL,
                channel="Cổng",
                date=dt.date(2026, 1, 1),
                evidence_url="https://example.vn/",
            )
        assert exc.value.code == "state_secret"
        assert not Activity.objects.exists()


def test_activity_record_requires_evidence_and_role(world: Any, policy: Any) -> None:
    with pytest.raises(DomainError) as exc:
        comm.activity_record(
            actor=world.communicator_a,
            policy=policy,
            form=Activity.Form.GRASSROOTS,
            channel="Loa phường",
            date=dt.date(2026, 1, 1),
        )
    assert exc.value.field == "evidence_url"
    with pytest.raises(DomainError) as exc:
        comm.activity_record(
            actor=world.monitor,
            policy=policy,
            form=Activity.Form.GRASSROOTS,
            channel="Loa",
            date=dt.date(2026, 1, 1),
            evidence_url="https://example.vn/",
        )
    assert exc.value.status == 403
    a = comm.activity_record(
        actor=world.communicator_a,
        policy=policy,
        form=Activity.Form.GRASSROOTS,
        channel="Loa phường",
        date=dt.date(2026, 1, 1),
        evidence_url="https://example.vn/",
        reach=1200,
        audience="Hộ kinh doanh",
        area="Phường Phan Đình Phùng",
    )
    assert (a.reach, a.get_form_display()) == (1200, "Thông tin cơ sở: loa truyền thanh, bảng tin, màn hình LED")


def _activity_post(token: str = "", **changes: str) -> dict[str, str]:
    data = {
        "activity-form": Activity.Form.GRASSROOTS,
        "activity-channel": "Loa truyền thanh phường",
        "activity-date": "2026-01-05",
        "activity-evidence_url": "https://phuong.example.vn/loa/1",
        "activity-reach": "1500",
        "activity-comments_received": "3",
        "activity-idempotency_token": token,
    }
    data.update({f"activity-{k}": v for k, v in changes.items()})
    return data


def test_sending_the_activity_form_twice_records_one_activity(world: Any, policy: Any, client: Any) -> None:
    client.force_login(world.communicator_a)
    page = client.get(f"/can-bo/chinh-sach/{policy.pk}/").content.decode()
    marker = 'name="activity-idempotency_token" value="'
    token = page[page.index(marker) + len(marker) :].split('"', 1)[0]
    assert len(token) >= 20
    url = f"/can-bo/chinh-sach/{policy.pk}/activity/"
    assert client.post(url, _activity_post(token)).status_code == 302
    assert client.post(url, _activity_post(token)).status_code == 302  # the double click
    assert Activity.objects.count() == 1
    assert AuditEvent.objects.filter(action="activity.record").count() == 1
    # The same form sent again with other content is not silently dropped: it is refused, saying why.
    resp = client.post(url, _activity_post(token, channel="Bảng tin tổ dân phố"))
    assert resp.status_code == 422 and "Biểu mẫu này đã được gửi" in resp.content.decode()
    assert list(Activity.objects.values_list("channel", flat=True)) == ["Loa truyền thanh phường"]
    # A fresh form (a new token) records a new activity.
    page = client.get(f"/can-bo/chinh-sach/{policy.pk}/").content.decode()
    fresh = page[page.index(marker) + len(marker) :].split('"', 1)[0]
    assert fresh != token
    assert client.post(url, _activity_post(fresh, channel="Bảng tin tổ dân phố")).status_code == 302
    assert Activity.objects.count() == 2


def test_the_same_token_records_once_in_the_service(world: Any, policy: Any) -> None:
    fields: dict[str, Any] = {
        "form": Activity.Form.PORTAL,
        "channel": "Cổng thông tin tỉnh",
        "date": dt.date(2026, 1, 2),
        "evidence_url": "https://example.vn/tin",
        "idempotency_token": "tok-1",
    }
    a = comm.activity_record(actor=world.communicator_a, policy=policy, **fields)
    b = comm.activity_record(actor=world.communicator_a, policy=policy, **fields)
    assert a.pk == b.pk and Activity.objects.count() == 1


def test_an_activity_can_be_corrected_and_deleted_by_who_records_them(world: Any, policy: Any, client: Any) -> None:
    a = comm.activity_record(
        actor=world.communicator_a,
        policy=policy,
        form=Activity.Form.GRASSROOTS,
        channel="Loa phường",
        date=dt.date(2026, 1, 1),
        evidence_url="https://example.vn/loa",
        reach=100,
    )
    edit, delete = f"/can-bo/hoat-dong/{a.pk}/sua/", f"/can-bo/hoat-dong/{a.pk}/xoa/"

    # Outside the subtree: not found; a role that only reads: forbidden. Nothing changes.
    for user, status in ((world.officer_b, 404), (world.leader_a, 403), (world.monitor, 403)):
        client.force_login(user)
        assert client.get(edit).status_code == status
        assert client.post(edit, _activity_post(channel="Sửa trái phép")).status_code == status
        assert client.get(delete).status_code == status
        assert client.post(delete).status_code == status
    a.refresh_from_db()
    assert a.channel == "Loa phường"

    client.force_login(world.communicator_a)
    page = client.get(f"/can-bo/chinh-sach/{policy.pk}/").content.decode()
    assert f'href="{edit}"' in page and f'href="{delete}"' in page
    page = client.get(edit).content.decode()
    assert 'value="Loa phường"' in page

    # A correction that loses the evidence is refused beside the field, with the input kept.
    resp = client.post(edit, _activity_post(channel="Loa truyền thanh phường", evidence_url=""))
    assert resp.status_code == 422
    page = resp.content.decode()
    assert "Vui lòng đính kèm đường dẫn hoặc tệp minh chứng." in page and 'value="Loa truyền thanh phường"' in page

    resp = client.post(edit, _activity_post(channel="Loa truyền thanh phường", reach="1800"))
    assert resp.status_code == 302 and resp.url == f"/can-bo/chinh-sach/{policy.pk}/"
    a.refresh_from_db()
    assert (a.channel, a.reach, a.comments_received) == ("Loa truyền thanh phường", 1800, 3)
    ev = AuditEvent.objects.get(action="activity.update", object_id=str(a.pk))
    assert ev.actor_label == "communicator_a"
    assert ev.before["channel"] == "Loa phường" and ev.after["reach"] == 1800

    # Delete asks first; only the confirmation deletes, and the audit keeps what it said.
    page = client.get(delete).content.decode()
    assert "Xoá hoạt động truyền thông?" in page and 'method="post"' in page
    assert Activity.objects.filter(pk=a.pk).exists()
    resp = client.post(delete, follow=True)
    assert "Đã xoá hoạt động" in resp.content.decode()
    assert not Activity.objects.filter(pk=a.pk).exists()
    ev = AuditEvent.objects.get(action="activity.delete", object_id=str(a.pk))
    assert ev.before["channel"] == "Loa truyền thanh phường" and ev.before["reach"] == 1800
    assert client.get(edit).status_code == 404


def test_evidence_files_follow_corrections_and_deletion(
    world: Any, policy: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = comm.activity_record(
        actor=world.drafter_a,
        policy=policy,
        form=Activity.Form.CONFERENCE,
        channel="Hội nghị lấy ý kiến",
        date=dt.date(2026, 2, 1),
        evidence_file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban"),
    )
    first = a.evidence_file.name
    storage = a.evidence_file.storage
    assert storage.exists(first)
    base: dict[str, Any] = {"form": a.form, "channel": a.channel, "date": a.date}
    with pytest.raises(DomainError) as exc:  # dropping the only evidence is refused
        comm.activity_update(actor=world.drafter_a, activity=a, clear_file=True, **base)
    assert exc.value.field == "evidence_url"
    with django_capture_on_commit_callbacks(execute=True):
        a = comm.activity_update(
            actor=world.drafter_a,
            activity=a,
            evidence_file=SimpleUploadedFile("bien-ban-2.pdf", b"%PDF-1.4 ban sua"),
            **base,
        )
    assert a.evidence_file.name != first and not storage.exists(first) and storage.exists(a.evidence_file.name)
    second = a.evidence_file.name
    with django_capture_on_commit_callbacks(execute=True):
        a = comm.activity_update(
            actor=world.drafter_a, activity=a, clear_file=True, evidence_url="https://example.vn/bien-ban", **base
        )
    a.refresh_from_db()
    assert not a.evidence_file and not storage.exists(second) and a.evidence_url == "https://example.vn/bien-ban"
    with django_capture_on_commit_callbacks(execute=True):
        a = comm.activity_update(
            actor=world.drafter_a,
            activity=a,
            evidence_file=SimpleUploadedFile("bien-ban-3.pdf", b"%PDF-1.4 ban cuoi"),
            **base,
        )
    third = a.evidence_file.name
    with django_capture_on_commit_callbacks(execute=True):
        comm.activity_delete(actor=world.drafter_a, activity=a)
    assert not storage.exists(third) and not Activity.objects.exists()
