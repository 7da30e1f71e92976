"""Statements citizens vote on, and the opinion map on the analysis screen."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from policycomm.audit.models import AuditEvent
from policycomm.consultation import analysis_job
from policycomm.consultation import services as cons
from policycomm.consultation.models import AnalysisRun, Statement, StatementVote
from policycomm.errors import DomainError

from .factories import close
from .test_insights import work

CAMP_A = [
    "Nên thu phí vỉa hè theo giờ",
    "Phí thu được phải dùng để chỉnh trang vỉa hè",
    "Hộ kinh doanh nhỏ cần được miễn phí",
]
CAMP_B = ["Không nên thu phí vỉa hè", "Vỉa hè là của người đi bộ", "Mức phí đề xuất quá cao"]
SHARED = "Cần công khai danh sách tuyến phố được thu phí"


def visitor(c: Any, **kwargs: Any) -> Client:
    """A browser that opened the draft page, and so holds its voter token."""
    client = Client(**kwargs)
    client.get(f"/gop-y/{c.pk}/")
    return client


def add_all(world: Any, c: Any) -> dict[str, Statement]:
    return {
        text: cons.statement_add(actor=world.drafter_a, consultation=c, text=text)
        for text in [*CAMP_A, *CAMP_B, SHARED, "Nên thí điểm trước ở một phường", "Thời hạn thu phí nên là 5 năm"]
    }


def cast_camps(c: Any, statements: dict[str, Statement], people: int = 24) -> None:
    """Half the people agree with camp A and reject camp B, the other half the opposite; all back SHARED."""
    for p in range(people):
        a_side = p % 2 == 0
        for text, st in statements.items():
            if text == SHARED:
                vote = 1
            elif text in CAMP_A:
                vote = 1 if a_side else -1
            elif text in CAMP_B:
                vote = -1 if a_side else 1
            else:
                vote = 0
            cons.statement_vote(consultation=c, statement_id=st.pk, voter=f"nguoi-{p}", vote=vote)


def test_staff_add_statements_with_checks_and_audit(world: Any, consultation: Any) -> None:
    st = cons.statement_add(actor=world.drafter_a, consultation=consultation, text="  Nên   thu phí theo giờ ")
    assert st.text == "Nên thu phí theo giờ"
    assert AuditEvent.objects.filter(action="statement.add").count() == 1
    with pytest.raises(DomainError) as err:
        cons.statement_add(actor=world.drafter_a, consultation=consultation, text="Nên thu phí theo giờ")
    assert err.value.code == "duplicate" and err.value.status == 409
    with pytest.raises(DomainError) as err:
        cons.statement_add(actor=world.drafter_a, consultation=consultation, text="x" * 301)
    assert err.value.code == "too_long" and "301 ký tự" in err.value.message
    with pytest.raises(DomainError) as err:
        cons.statement_add(actor=world.officer_b, consultation=consultation, text="Ý khác")
    assert err.value.status == 403
    assert Statement.objects.count() == 1


def test_citizen_votes_changes_mind_and_sees_the_tally(world: Any, consultation: Any) -> None:
    st = cons.statement_add(actor=world.drafter_a, consultation=consultation, text="Nên thu phí theo giờ")
    client = Client()
    page = client.get(f"/gop-y/{consultation.pk}/").content.decode()
    assert "Nên thu phí theo giờ" in page and "Không đồng ý" in page and "lượt biểu quyết" not in page

    url = f"/gop-y/{consultation.pk}/nhan-dinh/{st.pk}/"
    resp = client.post(url, {"vote": "1"})
    assert resp.status_code == 302 and resp["Location"].endswith(f"#nd-{st.pk}")
    voter = StatementVote.objects.get().voter
    assert len(voter) == 32
    page = client.get(f"/gop-y/{consultation.pk}/").content.decode()
    assert "1 lượt biểu quyết: 1 đồng ý, 0 không đồng ý, 0 bỏ qua" in page
    assert 'aria-pressed="true">Đồng ý' in page

    client.post(url, {"vote": "-1"})  # the same browser changes its mind: one vote, replaced
    assert list(StatementVote.objects.values_list("voter", "vote")) == [(voter, -1)]
    visitor(consultation).post(url, {"vote": "0"})  # another person
    assert StatementVote.objects.count() == 2


def test_bad_votes_are_refused_in_vietnamese_and_nothing_is_saved(world: Any, consultation: Any) -> None:
    st = cons.statement_add(actor=world.drafter_a, consultation=consultation, text="Nên thu phí theo giờ")
    person = visitor(consultation)
    resp = person.post(f"/gop-y/{consultation.pk}/nhan-dinh/{st.pk}/", {"vote": "5"})
    assert resp.status_code == 422
    assert "Vui lòng chọn Đồng ý, Không đồng ý hoặc Bỏ qua" in resp.content.decode()
    cons.statement_hide(actor=world.drafter_a, statement=st, hidden=True)
    resp = person.post(f"/gop-y/{consultation.pk}/nhan-dinh/{st.pk}/", {"vote": "1"})
    assert resp.status_code == 404 and "Không tìm thấy nhận định" in resp.content.decode()
    cons.statement_hide(actor=world.drafter_a, statement=st, hidden=False)
    close(consultation)
    resp = person.post(f"/gop-y/{consultation.pk}/nhan-dinh/{st.pk}/", {"vote": "1"})
    assert resp.status_code == 409 and "chưa biểu quyết được" in resp.content.decode()
    assert not StatementVote.objects.exists()


def test_vote_rate_limit(world: Any, consultation: Any, settings: Any) -> None:
    settings.VOTE_RATE = "2/h"
    st = cons.statement_add(actor=world.drafter_a, consultation=consultation, text="Nên thu phí theo giờ")
    client = visitor(consultation, REMOTE_ADDR="203.0.113.9")
    url = f"/gop-y/{consultation.pk}/nhan-dinh/{st.pk}/"
    assert client.post(url, {"vote": "1"}).status_code == 302
    assert client.post(url, {"vote": "-1"}).status_code == 302
    resp = client.post(url, {"vote": "0"})
    assert resp.status_code == 429 and "quá nhanh" in resp.content.decode()
    assert StatementVote.objects.get().vote == -1


def test_opinion_map_from_votes_in_the_analysis_run(world: Any, consultation: Any) -> None:
    statements = add_all(world, consultation)
    cast_camps(consultation, statements)
    found = analysis_job.opinion_summary(consultation)
    assert found["participants"] == 24 and found["grouped"] == 24
    assert sorted(g["size"] for g in found["groups"]) == [12, 12]
    shared = [p for p in found["consensus"] if p["text"] == SHARED]
    assert shared and "mọi nhóm" in shared[0]["explanation"]
    split = {p["text"] for p in found["divisive"]}
    assert split and split <= set(CAMP_A + CAMP_B)
    assert "membership" not in found  # voters' tokens stay out of the stored summary


def test_too_few_voters_is_reported_not_raised(world: Any, consultation: Any) -> None:
    statements = add_all(world, consultation)
    cast_camps(consultation, statements, people=4)
    found = analysis_job.opinion_summary(consultation)
    assert "cần ít nhất 10 người" in found["error"] and found["participants"] == 4
    assert (
        analysis_job.opinion_summary(
            type(consultation).objects.create(
                document=consultation.document,
                title="Đợt khác",
                opens_at=consultation.opens_at,
                closes_at=consultation.closes_at,
                created_by=world.drafter_a,
            )
        )
        == {}
    )


@pytest.mark.django_db(transaction=True)
def test_analysis_screen_shows_opinion_groups_after_the_job(
    world: Any, consultation: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.drafter_a)
    url = f"/can-bo/lay-y-kien/{consultation.pk}/phan-tich/?xem=tranh-luan"
    resp = client.post(f"/can-bo/lay-y-kien/{consultation.pk}/nhan-dinh/", {"text": CAMP_A[0]}, follow=True)
    assert "Đã thêm nhận định" in resp.content.decode()
    resp = client.post(f"/can-bo/lay-y-kien/{consultation.pk}/nhan-dinh/", {"text": ""}, follow=True)
    assert "Vui lòng nhập nội dung nhận định" in resp.content.decode()
    statements = {CAMP_A[0]: Statement.objects.get()}
    statements.update(
        {
            t: cons.statement_add(actor=world.drafter_a, consultation=consultation, text=t)
            for t in [*CAMP_A[1:], *CAMP_B, SHARED]
        }
    )
    cast_camps(consultation, statements)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/can-bo/lay-y-kien/{consultation.pk}/analyze/")
    work()
    assert AnalysisRun.objects.get().status == AnalysisRun.Status.DONE
    page = client.get(url).content.decode()
    assert "Nhóm A gồm 12 người" in page and "Nhóm B gồm 12 người" in page
    assert "Vấn đề có nhiều ý kiến khác nhau" in page and "Các nhóm chia rẽ về" in page
    assert SHARED in page and "mọi nhóm ý kiến" in page
    # Hiding a statement takes it off the portal; only the body's own staff may do it.
    st = statements[SHARED]
    client.post(f"/can-bo/lay-y-kien/{consultation.pk}/nhan-dinh/{st.pk}/an/", {"hidden": "1"})
    assert SHARED not in Client().get(f"/gop-y/{consultation.pk}/").content.decode()
    client.force_login(world.officer_b)
    assert client.post(f"/can-bo/lay-y-kien/{consultation.pk}/nhan-dinh/", {"text": "Ý khác"}).status_code == 404
