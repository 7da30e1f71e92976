from __future__ import annotations

from typing import Any

import pytest

from policycomm.audit.models import AuditEvent
from policycomm.errors import DomainError
from policycomm.lawmaking import services as law
from policycomm.lawmaking.models import LegalDocument, Section, StageTransition
from policycomm.lawmaking.rules import DocType, Stage, allowed_next
from policycomm.lawmaking.sections import split_sections

from .factories import ALL_TO_DRAFT_CONSULTATION, DRAFT, advance, register_document, screen_in_scope


def test_split_sections_keys_and_text() -> None:
    secs = split_sections(DRAFT)
    assert [(s.key, s.heading) for s in secs] == [
        ("chuong-i", "Chương I. QUY ĐỊNH CHUNG"),
        ("dieu-1", "Điều 1. Phạm vi điều chỉnh"),
        ("dieu-2", "Điều 2. Mức thu"),
        ("dieu-2.khoan-1", "Khoản 1 Điều 2"),
        ("dieu-2.khoan-2", "Khoản 2 Điều 2"),
    ]
    assert secs[1].text == "Nghị quyết này quy định mức thu phí sử dụng vỉa hè."
    assert secs[3].text == "1. Tại phường: 20.000 đồng/m²/tháng."


def test_split_sections_muc_preamble_nfd_and_duplicates() -> None:
    import unicodedata

    raw = unicodedata.normalize(
        "NFD",
        "Căn cứ Luật Tổ chức chính quyền địa phương;\nChương II. QUY ĐỊNH CỤ THỂ\n"
        "Mục 1\nPHÍ\nĐiều 3: Đối tượng\nnội dung\nĐiều 3. Lặp lại\n",
    )
    secs = split_sections(raw)
    assert [s.key for s in secs] == ["mo-dau", "chuong-ii", "chuong-ii.muc-1", "dieu-3", "dieu-3~2"]
    assert secs[2].heading == "Mục 1. PHÍ"
    assert secs[0].text == "Căn cứ Luật Tổ chức chính quyền địa phương;"


def test_register_refuses_doc_type_of_another_level(world: Any) -> None:
    with pytest.raises(DomainError) as exc:
        law.document_register(
            actor=world.drafter_a,
            title="X",
            doc_type=DocType.QD_UBND_XA,
            issuing_authority=world.users["hdnd"],
            drafting_body=world.body_a,
        )
    assert exc.value.code == "doc_type_not_allowed"
    assert exc.value.field == "doc_type"
    assert not LegalDocument.objects.exists()


def test_register_refuses_officer_of_other_body(world: Any) -> None:
    with pytest.raises(DomainError) as exc:
        law.document_register(
            actor=world.officer_b,
            title="X",
            doc_type=DocType.NQ_HDND_TINH,
            issuing_authority=world.users["hdnd"],
            drafting_body=world.body_a,
        )
    assert exc.value.status == 403
    assert not LegalDocument.objects.exists()


def test_stage_machine_full_path_records_transitions(world: Any) -> None:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    # advance() meets each precondition on the way: windows closed, answers published, records written.
    advance(world.drafter_a, doc, Stage.SYNTHESIS_PUBLISHED, Stage.DRAFT_APPRAISAL, Stage.EXAMINATION, Stage.ADOPTED)
    doc.refresh_from_db()
    assert doc.stage == Stage.ADOPTED
    trs = list(StageTransition.objects.filter(document=doc).values_list("from_stage", "to_stage"))
    assert trs[0] == ("", Stage.PROPOSAL_PREPARED)
    assert trs[-1] == (Stage.EXAMINATION, Stage.ADOPTED)
    assert len(trs) == 10
    assert all(t.actor_id == world.drafter_a.pk for t in StageTransition.objects.filter(document=doc))
    assert AuditEvent.objects.filter(action="document.transition", object_id=str(doc.pk)).count() == 9


def test_illegal_transition_refused_with_reason(world: Any) -> None:
    doc = register_document(world)
    with pytest.raises(DomainError) as exc:
        law.document_transition(actor=world.drafter_a, document=doc, to_stage=Stage.ADOPTED)
    assert exc.value.code == "transition_not_allowed"
    assert "Lấy ý kiến đề nghị xây dựng" in exc.value.message
    doc.refresh_from_db()
    assert doc.stage == Stage.PROPOSAL_PREPARED
    assert StageTransition.objects.filter(document=doc).count() == 1


def test_decision_skips_examination_and_simplified_skips_policy_phase() -> None:
    assert allowed_next(Stage.DRAFT_APPRAISAL, doc_type=DocType.QD_UBND_XA, simplified=False) == [Stage.ADOPTED]
    assert allowed_next(Stage.DRAFT_APPRAISAL, doc_type=DocType.NQ_HDND_XA, simplified=False) == [Stage.EXAMINATION]
    assert allowed_next(Stage.PROPOSAL_PREPARED, doc_type=DocType.QD_UBND_XA, simplified=True) == [Stage.DRAFTING]
    assert allowed_next(Stage.ADOPTED, doc_type=DocType.QD_UBND_XA, simplified=False) == []


def test_monitor_cannot_move_stage(world: Any) -> None:
    doc = register_document(world)
    with pytest.raises(DomainError) as exc:
        law.document_transition(actor=world.monitor, document=doc, to_stage=Stage.PROPOSAL_CONSULTATION)
    assert exc.value.status == 403
    doc.refresh_from_db()
    assert doc.stage == Stage.PROPOSAL_PREPARED


def test_screening_rules(world: Any) -> None:
    doc = register_document(world)
    p = law.policy_add(actor=world.drafter_a, document=doc, title="Thu phí")
    with pytest.raises(DomainError) as exc:
        law.policy_screen(
            actor=world.drafter_a, policy=p, criteria={"c1": True}, reasons={"c1": "x"}, state_secret=False
        )
    assert exc.value.field == "c2_reason"
    p.refresh_from_db()
    assert not p.screened
    screen_in_scope(world.drafter_a, p)
    assert p.in_scope and p.to_communicate
    reasons = {"c1": "a", "c2": "b", "c3": "c", "c4": "d"}
    law.policy_screen(
        actor=world.drafter_a,
        policy=p,
        criteria=dict.fromkeys(reasons, True),
        reasons=reasons,
        state_secret=True,
        state_secret_reason="Tài liệu mật theo danh mục.",
    )
    assert not p.in_scope and not p.to_communicate
    law.policy_screen(
        actor=world.drafter_a,
        policy=p,
        criteria={"c1": True, "c2": True, "c3": False, "c4": True},
        reasons=reasons,
        state_secret=False,
        voluntary=True,
        voluntary_reason="Người dân quan tâm.",
    )
    assert not p.in_scope and p.voluntary and p.to_communicate
    ev = AuditEvent.objects.filter(action="policy.screen", object_id=str(p.pk)).order_by("pk").last()
    assert ev is not None and ev.before["state_secret"] is True and ev.after["voluntary"] is True


def test_screening_reports_every_fault_at_once_and_asks_reasons_only_where_the_rule_needs_them(
    world: Any,
) -> None:
    p = law.policy_add(actor=world.drafter_a, document=register_document(world), title="Thu phí")
    with pytest.raises(DomainError) as exc:
        law.policy_screen(
            actor=world.drafter_a,
            policy=p,
            criteria={"c1": True, "c2": True, "c3": False, "c4": False},
            reasons={"c2": "Phát sinh nghĩa vụ nộp phí."},
            state_secret=True,
            state_secret_reason=" ",
            voluntary=True,
        )
    # A ticked criterion without its reason, the secret's basis and the voluntary reason, together;
    # the unticked criteria need nothing, since the secret already excludes the policy.
    assert set(exc.value.errors) == {"c1_reason", "state_secret_reason", "voluntary_reason"}
    assert "tiêu chí 1" in exc.value.errors["c1_reason"][1]
    p.refresh_from_db()
    assert not p.screened

    # Out of scope: one failing criterion with its reason is enough; the other may stay blank.
    law.policy_screen(
        actor=world.drafter_a,
        policy=p,
        criteria={"c1": True, "c2": True, "c3": False, "c4": False},
        reasons={"c1": "Phải lập đề nghị.", "c2": "Phát sinh nghĩa vụ nộp phí.", "c4": "Chỉ áp dụng ở hai phường."},
        state_secret=False,
    )
    p.refresh_from_db()
    assert p.screened and not p.in_scope and p.c4_reason == "Chỉ áp dụng ở hai phường." and p.c3_reason == ""

    # But an out-of-scope result with no reason at all is refused, on the first failing criterion.
    with pytest.raises(DomainError) as exc:
        law.policy_screen(
            actor=world.drafter_a,
            policy=p,
            criteria={"c1": True, "c2": True, "c3": False, "c4": False},
            reasons={"c1": "Phải lập đề nghị.", "c2": "Phát sinh nghĩa vụ nộp phí."},
            state_secret=False,
        )
    assert set(exc.value.errors) == {"c3_reason"} and exc.value.errors["c3_reason"][0] == "exclusion_reason_required"


def test_screening_page_keeps_input_shows_errors_by_their_fields_and_names_the_failing_criteria(
    world: Any, client: Any
) -> None:
    p = law.policy_add(actor=world.drafter_a, document=register_document(world), title="Thu phí")
    client.force_login(world.drafter_a)
    url = f"/can-bo/chinh-sach/{p.pk}/screen/"
    resp = client.post(url, {"c1": "on", "c2": "on", "c2_reason": "Phát sinh nghĩa vụ nộp phí.", "c3": "on"})
    assert resp.status_code == 422
    page = resp.content.decode()
    assert page.count('role="alert">Vui lòng nêu lý do chính sách đáp ứng tiêu chí') == 2  # c1 and c3, at once
    assert "Phát sinh nghĩa vụ nộp phí.</textarea>" in page  # input kept
    assert 'id="id_c4_reason-err"' in page  # c4 fails: the one failing criterion needs its reason

    resp = client.post(
        url,
        {
            "c1": "on",
            "c1_reason": "Phải lập đề nghị.",
            "c2": "on",
            "c2_reason": "Phát sinh nghĩa vụ nộp phí.",
            "c4": "on",
            "c4_reason": "Toàn tỉnh.",
            "c3_reason": "Mức phí thấp, chưa có ý kiến trái chiều.",
        },
        follow=True,
    )
    page = resp.content.decode()
    assert "ngoài phạm vi Đề án 407 vì không đáp ứng tiêu chí 3. Là vấn đề khó, nhạy cảm" in page
    assert '<ul id="tieu-chi-khong-dat"><li>3. Là vấn đề khó, nhạy cảm' in page


def test_sections_keep_identity_on_repaste(world: Any) -> None:
    doc = register_document(world)
    law.sections_replace(actor=world.drafter_a, document=doc, raw_text=DRAFT)
    k1 = Section.objects.get(document=doc, key="dieu-2.khoan-1")
    revised = DRAFT.replace("20.000", "15.000").replace("2. Tại xã: 10.000 đồng/m²/tháng.\n", "")
    counts = law.sections_replace(actor=world.drafter_a, document=doc, raw_text=revised)
    assert counts == {"created": 0, "updated": 4, "retired": 1, "version": 2}
    k1.refresh_from_db()
    assert k1.text == "1. Tại phường: 15.000 đồng/m²/tháng." and not k1.retired
    assert Section.objects.get(document=doc, key="dieu-2.khoan-2").retired


def test_the_document_page_names_the_criteria_a_policy_fails(world: Any, client: Any) -> None:
    doc = register_document(world)
    policy = law.policy_add(actor=world.drafter_a, document=doc, title="Thu phí")
    law.policy_screen(
        actor=world.drafter_a,
        policy=policy,
        criteria={"c1": True, "c2": True, "c3": False, "c4": False},
        reasons={"c1": "Có đề nghị.", "c2": "Nghĩa vụ nộp phí.", "c3": "Ít ý kiến khác nhau.", "c4": ""},
        state_secret=False,
    )
    policy.refresh_from_db()
    assert policy.failing_numbers == [3, 4]
    client.force_login(world.drafter_a)
    page = client.get(f"/can-bo/van-ban/{doc.pk}/").content.decode()
    assert "Ngoài phạm vi: không đáp ứng tiêu chí 3, 4" in page
