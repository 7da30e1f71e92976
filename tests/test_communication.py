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
