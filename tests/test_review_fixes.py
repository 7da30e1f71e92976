"""Regression tests: each guards one defect that was found and fixed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from policycomm.audit.models import AuditEvent
from policycomm.communication import services as comm
from policycomm.communication.models import Material
from policycomm.consultation import services as cons
from policycomm.consultation.models import Comment
from policycomm.errors import DomainError
from policycomm.lawmaking import services as law
from policycomm.lawmaking.rules import DocType
from policycomm.orgs.access import reaches
from policycomm.orgs.models import Membership, Organisation, Role

from .factories import (
    ALL_TO_DRAFT_CONSULTATION,
    advance,
    close,
    material_for,
    open_consultation,
    publish_material,
    register_document,
    screen_in_scope,
)


@pytest.fixture
def c(world: Any) -> Any:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return open_consultation(world, doc)


def api_post(c: Any, body: dict[str, Any], key: str | None = None, ip: str = "198.51.100.1") -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return Client(REMOTE_ADDR=ip).post(
        f"/api/v1/consultations/{c.pk}/comments", json.dumps(body), content_type="application/json", headers=headers
    )


def test_api_rate_limit_applies_with_fresh_idempotency_keys(c: Any, settings: Any) -> None:
    settings.COMMENT_RATE = "2/h"
    body = {"text": "Ý kiến", "submitter_type": "individual", "consent": True}
    assert api_post(c, body, "k1").status_code == 201
    assert api_post(c, body, "k2").status_code == 201
    r = api_post(c, body, "k3")
    assert r.status_code == 429 and r.json()["code"] == "rate_limited"
    # A retry of a comment already received is still answered with its receipt.
    assert api_post(c, body, "k1").status_code == 200
    assert Comment.objects.count() == 2


def test_published_material_can_be_flagged_secret_from_the_ui(world: Any) -> None:
    doc = register_document(world)
    p = screen_in_scope(world.drafter_a, law.policy_add(actor=world.drafter_a, document=doc, title="T"))
    m = publish_material(world.drafter_a, world.leader_a, p)
    client = Client()
    client.force_login(world.drafter_a)
    page = client.get(f"/can-bo/tai-lieu/{m.pk}/").content.decode()
    assert "Đánh dấu bí mật nhà nước" in page
    r = client.post(f"/can-bo/tai-lieu/{m.pk}/save/", {"title": m.title, "state_secret": "on"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert (m.status, m.state_secret, m.published_at) == (Material.Status.WITHDRAWN, True, None)
    # Saving a locked material without the flag changes nothing.
    m2 = material_for(world.drafter_a, p, title="Khác")
    comm.material_submit(actor=world.drafter_a, material=m2)
    r = client.post(f"/can-bo/tai-lieu/{m2.pk}/save/", {"title": "Đổi tên"})
    assert r.status_code == 409
    m2.refresh_from_db()
    assert m2.title == "Khác"


def test_moving_an_organisation_moves_its_subtree(world: Any) -> None:
    other = Organisation.objects.create(name="UBND tỉnh khác", kind="peoples_committee", level="province")
    world.ward.parent = other
    world.ward.save()
    world.body_b.refresh_from_db()
    assert world.body_b.path == f"{other.pk:08d}.{world.ward.pk:08d}.{world.body_b.pk:08d}."
    assert not reaches(world.monitor, world.body_b.path)  # the province's monitor no longer reaches it
    world.province.refresh_from_db()
    world.province.parent = world.body_a
    with pytest.raises(ValueError, match="own subtree"):
        world.province.save()


def test_council_scope_widens_for_monitors_only(world: Any) -> None:
    Membership.objects.create(user=world.nobody, organisation=world.council, role=Role.DRAFTER)
    assert not reaches(world.nobody, world.body_a.path, {Role.DRAFTER})
    assert reaches(world.monitor, world.body_a.path, {Role.MONITOR})


def test_long_email_is_a_field_error(c: Any) -> None:
    email = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "vn"
    r = api_post(c, {"text": "x", "submitter_type": "individual", "consent": True, "email": email})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "email"
    assert not Comment.objects.exists()


def test_overlong_headings_are_refused(world: Any) -> None:
    doc = register_document(world)
    for raw in ("Điều 3. " + "dài " * 200, "Điều " + "9" * 70 + ". Số lạ"):
        with pytest.raises(DomainError) as exc:
            law.sections_replace(actor=world.drafter_a, document=doc, raw_text=raw)
        assert exc.value.field == "raw_text"
    assert not doc.sections.exists()


def test_moderation_reason_length_and_activity_range(world: Any, c: Any) -> None:
    comment, _ = cons.comment_submit(consultation=c, text="x", submitter_type="individual", consent=True)
    with pytest.raises(DomainError) as exc:
        cons.comment_hide(actor=world.moderator_a, comment=comment, hidden=True, reason="r" * 301)
    assert exc.value.field == "reason"
    client = Client()
    client.force_login(world.drafter_a)
    policy = law.policy_add(actor=world.drafter_a, document=c.document, title="P")
    r = client.post(
        f"/can-bo/chinh-sach/{policy.pk}/activity/",
        {
            "activity-form": "portal",
            "activity-channel": "Cổng",
            "activity-date": "2026-01-02",
            "activity-evidence_url": "https://example.vn/",
            "activity-reach": str(10**12),
            "activity-comments_received": "0",
        },
    )
    assert r.status_code == 422 and policy.activities.count() == 0


def test_no_decision_after_publication(world: Any, c: Any) -> None:
    comment, _ = cons.comment_submit(consultation=c, text="x", submitter_type="individual", consent=True)
    cons.comment_dispose(actor=world.drafter_a, comment=comment, disposition="accepted", explanation="")
    close(c)
    cons.dispositions_publish(actor=world.drafter_a, consultation=c)
    for call in (
        lambda: cons.comment_hide(actor=world.moderator_a, comment=comment, hidden=True, reason="spam"),
        lambda: cons.comment_dispose(actor=world.drafter_a, comment=comment, disposition="partial", explanation="y"),
    ):
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.code == "already_published"
    comment.refresh_from_db()
    assert (comment.hidden, comment.disposition) == (False, "accepted")


def test_api_errors_are_json(db: Any) -> None:
    r = Client().get("/api/v1/khong-co")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = Client().delete("/api/v1/consultations")
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"


def test_issuer_must_belong_to_the_drafting_body(world: Any) -> None:
    with pytest.raises(DomainError) as exc:
        law.document_register(
            actor=world.drafter_a,
            title="X",
            doc_type=DocType.QD_UBND_XA,
            issuing_authority=world.ward,
            drafting_body=world.body_a,
        )
    assert exc.value.field == "issuing_authority"
    client = Client()
    client.force_login(world.drafter_a)
    page = client.get("/can-bo/van-ban/moi/").content.decode()
    assert "Hội đồng nhân dân tỉnh Thái Nguyên" in page and world.ward.name not in page


def test_section_error_sits_next_to_its_field(world: Any, c: Any) -> None:
    other = register_document(world, title="Khác")
    law.sections_replace(actor=world.drafter_a, document=other, raw_text="Điều 9. X\nY")
    # The form only offers this draft's sections, so a foreign id is refused by the form itself.
    r = Client().post(
        f"/gop-y/{c.pk}/y-kien/",
        {"text": "x", "submitter_type": "individual", "consent": "on", "section": other.sections.get().pk},
    )
    assert r.status_code == 422 and 'id="id_section-err"' in r.content.decode()


def test_admin_changes_are_audited(world: Any) -> None:
    client = Client()
    client.force_login(world.admin)
    r = client.post(
        f"/admin/orgs/membership/{Membership.objects.get(user=world.monitor).pk}/change/",
        {"user": world.monitor.pk, "organisation": world.council.pk, "role": "leader", "position": "Phó Chủ tịch"},
    )
    assert r.status_code == 302
    ev = AuditEvent.objects.get(action="admin.membership.change")
    assert ev.actor_id == world.admin.pk and ev.after["role"] == "leader"
