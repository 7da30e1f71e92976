"""Hostile input at the portal door: invisible text, honeypot, votes without a token, receipt guessing,
hidden comments, and a form for a consultation that cannot take comments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from policycomm.consultation import services as cons
from policycomm.consultation.models import Comment, Consultation, StatementVote

from .factories import ALL_TO_DRAFT_CONSULTATION, advance, close, open_consultation, register_document

FORM = {"submitter_type": "individual", "consent": "on"}


@pytest.fixture
def c(world: Any) -> Any:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return open_consultation(world, doc)


def visitor(c: Any, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    assert client.get(f"/gop-y/{c.pk}/").status_code == 200
    return client


# -- text ------------------------------------------------------------------------------------


def test_control_characters_are_cleaned_and_nul_does_not_refuse_the_comment(c: Any) -> None:
    r = Client().post(f"/gop-y/{c.pk}/y-kien/", {**FORM, "text": "Giảm\u0012 phí\x00 vỉa hè", "name": "An\x00"})
    assert r.status_code == 302, r.content.decode()[:500]
    assert Comment.objects.values_list("text", "name").get() == ("Giảm phí vỉa hè", "An")


@pytest.mark.parametrize("text", ["\u200b\u200b", "\ufeff", "\u2060\u200d\u00ad", "\x00\x12"])
def test_invisible_only_text_is_refused_next_to_the_field(c: Any, text: str) -> None:
    r = Client().post(f"/gop-y/{c.pk}/y-kien/", {**FORM, "text": text})
    html = r.content.decode()
    assert r.status_code == 422
    assert 'id="id_text-err" role="alert">Nội dung góp ý chỉ gồm ký tự không nhìn thấy được' in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize("value", [" ", "   ", "\t", "\n", "0"])
def test_any_honeypot_value_but_the_empty_string_is_a_bot(c: Any, value: str) -> None:
    r = Client().post(f"/gop-y/{c.pk}/y-kien/", {**FORM, "text": "Ý kiến", "website": value})
    assert r.status_code == 422 and "Để trống ô này" in r.content.decode()
    assert not Comment.objects.exists()
    assert Client().post(f"/gop-y/{c.pk}/y-kien/", {**FORM, "text": "Ý kiến", "website": ""}).status_code == 302


# -- votes -----------------------------------------------------------------------------------


def test_votes_without_the_page_token_are_refused_and_save_nothing(world: Any, c: Any, settings: Any) -> None:
    """One client without the cookie added 264 votes before the per-address limit."""
    settings.VOTE_RATE = "1000/h"
    st = cons.statement_add(actor=world.drafter_a, consultation=c, text="Nên thu phí theo giờ")
    url = f"/gop-y/{c.pk}/nhan-dinh/{st.pk}/"
    bot = Client(REMOTE_ADDR="198.51.100.4")
    for _ in range(264):
        r = bot.post(url, {"vote": "1"})
        assert r.status_code == 403
        bot.cookies.clear()  # a client that never keeps the cookie
    assert "Chưa ghi nhận được phiếu" in r.content.decode()
    assert not StatementVote.objects.exists()


def test_a_token_is_bound_to_its_consultation_and_signed(world: Any, c: Any) -> None:
    other = open_consultation(world, register_document(world, title="Nghị quyết khác"))
    st = cons.statement_add(actor=world.drafter_a, consultation=c, text="Nên thu phí theo giờ")
    url = f"/gop-y/{c.pk}/nhan-dinh/{st.pk}/"
    holder = visitor(other)  # holds a token for the other consultation only
    stolen = holder.cookies[f"pc_voter_{other.pk}"].value
    thief = Client()
    thief.cookies[f"pc_voter_{c.pk}"] = stolen
    assert thief.post(url, {"vote": "1"}).status_code == 403
    forger = Client()
    forger.cookies[f"pc_voter_{c.pk}"] = f"{c.pk}:{'a' * 32}:forged"
    assert forger.post(url, {"vote": "1"}).status_code == 403
    assert not StatementVote.objects.exists()
    person = visitor(c)
    assert person.post(url, {"vote": "1"}).status_code == 302
    assert StatementVote.objects.count() == 1


def test_rate_limit_counts_per_token_across_addresses(world: Any, c: Any, settings: Any) -> None:
    settings.VOTE_RATE, settings.VOTE_TOKEN_RATE = "1000/h", "2/h"
    st = cons.statement_add(actor=world.drafter_a, consultation=c, text="Nên thu phí theo giờ")
    url = f"/gop-y/{c.pk}/nhan-dinh/{st.pk}/"
    cookie = visitor(c).cookies[f"pc_voter_{c.pk}"].value
    statuses = []
    for i, vote in enumerate(("1", "-1", "0")):
        client = Client(REMOTE_ADDR=f"203.0.113.{i + 1}")  # the same token from three addresses
        client.cookies[f"pc_voter_{c.pk}"] = cookie
        statuses.append(client.post(url, {"vote": vote}).status_code)
    assert statuses == [302, 302, 429]
    assert StatementVote.objects.get().vote == -1


# -- receipts --------------------------------------------------------------------------------


def test_receipt_lookup_is_rate_limited(c: Any, settings: Any) -> None:
    settings.LOOKUP_RATE = "3/h"
    client = Client(REMOTE_ADDR="192.0.2.10")
    for guess in ("GY-AAAA-AAAA", "GY-AAAA-AAAB", "GY-AAAA-AAAC"):
        assert client.get(f"/tra-cuu/?ma={guess}").status_code == 404
    r = client.get("/tra-cuu/?ma=GY-AAAA-AAAD")
    assert r.status_code == 429 and "tra cứu quá nhiều lần" in r.content.decode()
    assert client.get(f"/gop-y/{c.pk}/da-nhan/GY-AAAA-AAAE/").status_code == 429
    assert Client(REMOTE_ADDR="192.0.2.11").get("/tra-cuu/?ma=GY-AAAA-AAAD").status_code == 404
    assert client.get("/tra-cuu/").status_code == 200  # the empty form is not a guess


def test_odd_bytes_in_receipts_and_section_numbers_are_not_a_5xx(c: Any) -> None:
    """A NUL byte reached PostgreSQL in the look-up (500 there); "²" passed isdigit() and broke int()."""
    client = Client(raise_request_exception=False)
    assert client.get("/tra-cuu/?ma=GY-%00AAA").status_code == 404
    assert client.get(f"/gop-y/{c.pk}/da-nhan/GY-%00AAA/").status_code == 404
    r = client.get(f"/gop-y/{c.pk}/y-kien/?dieu=%C2%B2")
    assert r.status_code == 200 and 'name="text"' in r.content.decode()
    assert client.get(f"/gop-y/{c.pk}/y-kien/?dieu={10**30}").status_code == 200


def test_a_hidden_comment_shows_that_it_was_hidden_and_why_not_its_text(world: Any, c: Any) -> None:
    comment, _ = cons.comment_submit(
        consultation=c, text="Nội dung xúc phạm người khác", submitter_type="individual", consent=True
    )
    cons.comment_hide(actor=world.moderator_a, comment=comment, hidden=True, reason="Ngôn từ xúc phạm")
    html = Client().get(f"/tra-cuu/?ma={comment.receipt}").content.decode()
    assert "Nội dung xúc phạm người khác" not in html
    assert "Ý kiến này đã bị ẩn khi kiểm duyệt" in html and "Lý do: Ngôn từ xúc phạm" in html


# -- a consultation that cannot take comments ------------------------------------------------


def test_closed_consultation_says_so_before_the_form_and_shows_none(c: Any) -> None:
    close(c)
    r = Client().get(f"/gop-y/{c.pk}/y-kien/")
    html = r.content.decode()
    closed_at = timezone.localtime(c.closes_at).strftime("%H:%M ngày %d/%m/%Y")
    assert r.status_code == 200
    assert f"Đợt lấy ý kiến này đã hết hạn lúc {closed_at}, nên chưa gửi được ý kiến." in html
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "<form" not in main and 'name="text"' not in html
    assert "hoặc chưa mở" not in html
    r = Client().post(f"/gop-y/{c.pk}/y-kien/", {**FORM, "text": "Ý kiến tôi đã soạn rất lâu"})
    html = r.content.decode()
    assert r.status_code == 409 and f"đã hết hạn lúc {closed_at}" in html
    assert "Ý kiến tôi đã soạn rất lâu</textarea>" in html and 'name="text"' not in html
    assert not Comment.objects.exists()


def test_upcoming_consultation_gives_the_opening_time(world: Any) -> None:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    c = open_consultation(world, doc)
    opens = timezone.now() + dt.timedelta(days=3)
    Consultation.objects.filter(pk=c.pk).update(opens_at=opens, closes_at=opens + dt.timedelta(days=30))
    when = timezone.localtime(opens).strftime("%H:%M ngày %d/%m/%Y")
    r = Client().get(f"/gop-y/{c.pk}/y-kien/")
    assert r.status_code == 200
    assert f"Đợt lấy ý kiến này chưa mở: bắt đầu nhận ý kiến từ {when}" in r.content.decode()
    assert 'name="text"' not in r.content.decode()
    r = Client().post(f"/gop-y/{c.pk}/y-kien/", {**FORM, "text": "Sớm"})
    assert r.status_code == 409 and "chưa mở" in r.content.decode()
    assert f"bắt đầu nhận ý kiến từ {when}" in Client().get(f"/gop-y/{c.pk}/").content.decode()
    assert not Comment.objects.exists()
