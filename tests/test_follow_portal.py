"""Following by e-mail through the portal: the whole double opt-in, the alert, the one-click unsubscribe.

The worker commits as in production, so the data must be committed too (``transaction=True``).
"""

from __future__ import annotations

import re
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings

from policycomm.consultation import services as cons
from policycomm.consultation.models import Comment
from policycomm.lawmaking.models import Sector
from policycomm.orgs.models import AdminUnit
from policycomm.subscriptions import tokens
from policycomm.subscriptions.models import Alert, Subscription

from .factories import ALL_TO_DRAFT_CONSULTATION, advance, close, open_consultation, register_document

pytestmark = pytest.mark.django_db(transaction=True)
EMAIL = "dan@example.com"


@pytest.fixture(autouse=True)
def _no_rate_counts_left() -> None:
    """The rate limits' cache table is not emptied between transactional tests."""
    cache.clear()


def work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def draft(world: Any) -> Any:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return open_consultation(world, doc)


def _plain(content: bytes) -> str:
    """A page without its CSRF tokens (masked anew on every render)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())


def _link(body: str, name: str) -> str:
    found = re.search(rf"http://testserver(/theo-doi/{name}/[^/\s]+/)", body)
    assert found, body
    return found.group(1)


def test_the_whole_double_opt_in_through_the_views(world: Any, draft: Any) -> None:
    page = Client().get(f"/gop-y/{draft.pk}/")
    assert "Theo dõi dự thảo này" in page.content.decode() and 'for="follow-email"' in page.content.decode()
    client = Client(enforce_csrf_checks=True)
    client.get(f"/gop-y/{draft.pk}/")
    csrf = client.cookies["csrftoken"].value
    r = client.post("/theo-doi/", {"email": EMAIL, "consultation": draft.pk, "csrfmiddlewaretoken": csrf})
    assert r.status_code == 200 and "kiểm tra hộp thư" in r.content.decode()
    # Asking again answers the same and mails nothing more (the address's state is not told).
    again = client.post("/theo-doi/", {"email": EMAIL, "consultation": draft.pk, "csrfmiddlewaretoken": csrf})
    assert _plain(again.content) == _plain(r.content)
    work()
    assert len(mail.outbox) == 1
    confirm = _link(mail.outbox[0].body, "xac-nhan")
    assert Client().get(confirm).status_code == 200
    assert Subscription.objects.get().confirmed_at is None  # a GET (a mail scanner) confirms nothing
    bad = Client().post(confirm, {"frequency": "hourly"})
    assert bad.status_code == 422 and "Vui lòng chọn cách nhận thư" in bad.content.decode()
    done = Client().post(confirm, {"frequency": "immediate"})
    assert done.status_code == 200 and Subscription.objects.get().confirmed_at is not None

    # The answers are published: the alert job mails them, with the one-click unsubscribe headers.
    cm, _ = cons.comment_submit(consultation=draft, text="Đề nghị giảm phí.", submitter_type="individual", consent=True)
    cons.comment_dispose(actor=world.drafter_a, comment=cm, disposition=Comment.Disposition.ACCEPTED, explanation="")
    close(draft)
    mail.outbox.clear()
    cons.dispositions_publish(actor=world.drafter_a, consultation=draft)
    work()
    assert len(mail.outbox) == 1
    alert = mail.outbox[0]
    assert alert.to == [EMAIL]
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<http://testserver(/theo-doi/huy/[^/]+/)>", alert.extra_headers["List-Unsubscribe"])
    assert unsubscribe

    # The mail program's one-click POST: no cookie, no CSRF token.
    r = Client(enforce_csrf_checks=True).post(unsubscribe.group(1), {"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200 and Subscription.objects.get().unsubscribed_at is not None
    mail.outbox.clear()
    from policycomm.lawmaking.models import DraftVersion

    DraftVersion.objects.create(document=draft.document, number=9, sections=[])
    work()
    assert mail.outbox == []
    assert not Alert.objects.filter(sent_at__isnull=True).exists()


def test_the_follow_form_needs_its_csrf_token(draft: Any) -> None:
    r = Client(enforce_csrf_checks=True).post("/theo-doi/", {"email": EMAIL, "consultation": draft.pk})
    assert r.status_code == 403 and not Subscription.objects.exists()


def test_home_follows_an_area_or_a_sector(world: Any) -> None:
    province = AdminUnit.objects.filter(kind=AdminUnit.Kind.PROVINCE, is_legacy=False).first()
    sector = Sector.objects.first() or Sector.objects.create(name="Đất đai", slug="dat-dai")
    home = Client().get("/").content.decode()
    assert 'name="sector"' in home and 'for="follow-home-email"' in home
    assert home.split('id="theo-doi-h"')[1].count("<option") < 100  # provinces, not every commune
    if province is not None:
        assert Client().post("/theo-doi/", {"email": EMAIL, "area": province.pk}).status_code == 200
    assert Client().post("/theo-doi/", {"email": EMAIL, "sector": sector.pk}).status_code == 200
    r = Client().post("/theo-doi/", {"email": EMAIL, "sector": sector.pk, "area": "1"})
    assert r.status_code == 422
    r = Client().post("/theo-doi/", {"email": EMAIL, "sector": "999999"})
    assert r.status_code == 422 and 'id="follow-sector-error"' in r.content.decode()


@pytest.mark.parametrize(
    "email",
    ["khong-phai-thu", "", "dan@example.com\r\nBcc: ke-gian@example.com", "x" * 5000 + "@example.com", "a\x00b"],
)
def test_hostile_addresses_get_the_form_again(draft: Any, email: str) -> None:
    r = Client().post("/theo-doi/", {"email": email, "consultation": draft.pk})
    assert r.status_code == 422
    body = r.content.decode()
    assert 'id="follow-email-error"' in body and 'aria-describedby="follow-email-error"' in body
    assert not Subscription.objects.exists()


def test_a_hidden_or_missing_draft_is_404(draft: Any) -> None:
    assert Client().post("/theo-doi/", {"email": EMAIL, "consultation": "999999"}).status_code == 404
    assert Client().post("/theo-doi/", {"email": EMAIL}).status_code == 422
    assert not Subscription.objects.exists()


def test_the_follow_form_is_rate_limited(draft: Any) -> None:
    with override_settings(COMMENT_RATE="2/h"):
        codes = [Client().post("/theo-doi/", {"email": EMAIL, "consultation": draft.pk}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_forged_and_foreign_links(draft: Any) -> None:
    Client().post("/theo-doi/", {"email": EMAIL, "consultation": draft.pk})
    sub = Subscription.objects.get()
    for url in ("/theo-doi/xac-nhan/gia-mao/", "/theo-doi/quan-ly/gia-mao/", "/theo-doi/huy/gia-mao/"):
        assert Client().get(url).status_code == 400
        assert Client().post(url, {"frequency": "daily"}).status_code == 400
    other = signing.dumps({"e": "ke-gian@example.com", "s": sub.pk}, salt=tokens.CONFIRM_SALT)
    assert Client().post(f"/theo-doi/xac-nhan/{other}/", {"frequency": "daily"}).status_code == 404
    # Another address's manage link cannot touch this subscription, whatever id it posts.
    foreign = f"/theo-doi/quan-ly/{tokens.manage_token('ke-gian@example.com')}/"
    for data in ({"subscription": sub.pk, "frequency": "weekly"}, {"subscription": sub.pk, "action": "stop"}):
        assert Client().post(foreign, data).status_code == 404
    assert Client().post(foreign, {"subscription": "1" * 40, "frequency": "weekly"}).status_code == 404
    sub.refresh_from_db()
    assert sub.frequency == "immediate" and sub.unsubscribed_at is None


def test_manage_changes_frequency_and_stops_one(draft: Any) -> None:
    Client().post("/theo-doi/", {"email": EMAIL, "consultation": draft.pk})
    sub = Subscription.objects.get()
    Client().post(f"/theo-doi/xac-nhan/{tokens.confirm_token(EMAIL, sub.pk)}/", {"frequency": "immediate"})
    url = f"/theo-doi/quan-ly/{tokens.manage_token(EMAIL)}/"
    page = Client().get(url)
    assert page.status_code == 200 and draft.document.title in page.content.decode()
    assert Client().post(url, {"subscription": sub.pk, "frequency": "weekly"}).status_code == 200
    assert Client().post(url, {"subscription": sub.pk, "frequency": "moi-giay"}).status_code == 422
    sub.refresh_from_db()
    assert sub.frequency == "weekly"
    assert Client().post(url, {"subscription": sub.pk, "action": "stop"}).status_code == 200
    sub.refresh_from_db()
    assert sub.unsubscribed_at is not None


def test_the_confirmation_mail_lands_in_var_mail_with_the_file_backend(draft: Any, tmp_path: Path) -> None:
    with override_settings(
        EMAIL_BACKEND="policycomm.notifications.mailfiles.EmailBackend", EMAIL_FILE_PATH=str(tmp_path)
    ):
        Client().post("/theo-doi/", {"email": EMAIL, "consultation": draft.pk})
        work()
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 1
    msg = message_from_bytes(files[0].read_bytes())
    assert msg["To"] == EMAIL and msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/theo-doi/huy/" in msg["List-Unsubscribe"]
