"""The identity-tier badge of the main comment screen is on every other staff screen that shows single comments:
the moderation queue (waiting, shown, hidden), the analysis list of comments and an event's opinions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from policycomm.consultation.models import Comment, Consultation
from policycomm.identity.models import Tier

from .factories import World
from .test_analysis_refresh import analysed
from .test_events import make_event
from .test_moderation_screens import send, set_visibility
from .test_synthesis import add

VERIFIED = '<span class="tier-badge tier-verified">Đã xác thực</span>'
REGISTERED = '<span class="tier-badge tier-registered">Đăng ký bằng thư điện tử</span>'


def staff(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def card(html: str, anchor: str) -> str:
    """The markup of one comment's card, from its id to the end of the article."""
    part = html[html.index(f'id="{anchor}"') :]
    return part[: part.index("</article>")]


def test_moderation_screen_shows_the_badge_in_each_list(world: World, consultation: Consultation) -> None:
    set_visibility(world, consultation, Consultation.Visibility.PRE_MODERATED)
    waiting = send(consultation, "Chờ duyệt, đã xác thực.")
    shown = send(consultation, "Đang hiển thị, đăng ký bằng thư.")
    hidden = send(consultation, "Đã ẩn, đã xác thực.")
    anonymous = send(consultation, "Ẩn danh, chờ duyệt.")
    Comment.objects.filter(pk__in=[waiting.pk, hidden.pk]).update(tier=Tier.VERIFIED)
    Comment.objects.filter(pk=shown.pk).update(tier=Tier.REGISTERED, approved_at=timezone.now())
    Comment.objects.filter(pk=hidden.pk).update(hidden=True, hidden_reason="Lạc đề")
    html = staff(world, "moderator_a").get(f"/can-bo/lay-y-kien/{consultation.pk}/kiem-duyet/").content.decode()
    assert VERIFIED in card(html, f"kd-{waiting.pk}")
    assert REGISTERED in card(html, f"kd-{shown.pk}")
    assert VERIFIED in card(html, f"kd-{hidden.pk}")
    assert "tier-badge" not in card(html, f"kd-{anonymous.pk}")


def test_event_opinions_show_the_badge(world: World, consultation: Consultation) -> None:
    e = make_event(world, consultation)
    cm = add(consultation, "Ý kiến tại hội nghị.", channel=Comment.Channel.MEETING, event=e, tier=Tier.VERIFIED)
    html = staff(world, "drafter_a").get(f"/can-bo/lay-y-kien/{consultation.pk}/su-kien/{e.pk}/").content.decode()
    part = html[html.index(f'id="y-{cm.pk}"') :]
    assert VERIFIED in part[: part.index("</article>")]


@pytest.mark.django_db(transaction=True)
def test_analysis_comment_list_shows_the_badge(world: World, consultation: Consultation) -> None:
    analysed(world, consultation)
    cm = consultation.comments.order_by("pk").first()
    assert cm is not None
    Comment.objects.filter(pk=cm.pk).update(tier=Tier.VERIFIED)
    html = staff(world, "drafter_a").get(f"/can-bo/lay-y-kien/{consultation.pk}/phan-tich/?xem=y-kien").content.decode()
    row = html[html.index(f"#y-{cm.pk}") :]
    assert VERIFIED in row[: row.index("</article>")]
