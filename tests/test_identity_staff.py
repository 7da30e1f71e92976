"""Staff see each comment's identity tier; the synthesis report counts them, in one aggregate query."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from policycomm.consultation.models import Comment, Consultation
from policycomm.consultation.reports import TierCounts, build_report, collect, tiers_line
from policycomm.identity.models import Tier

from .factories import World
from .test_synthesis import add, blocks, proposal_of, texts


def test_the_report_says_how_many_opinions_came_from_each_tier(world: World, consultation: Any) -> None:
    c = consultation
    add(c, "Ủng hộ.", tier=Tier.VERIFIED)
    add(c, "Phản đối.", tier=Tier.VERIFIED, section="dieu-1")
    add(proposal_of(c), "Ý kiến vòng đề nghị.", tier=Tier.VERIFIED)  # the proposal round is covered too
    add(c, "Đề nghị sửa.", tier=Tier.REGISTERED)
    add(c, "Ẩn danh.")
    add(c, "Đã ẩn.", tier=Tier.VERIFIED, hidden=True)  # hidden: not in the report, not counted
    s = collect(Consultation.objects.get(pk=c.pk))
    assert s.tiers == TierCounts(verified=3, registered=1)
    text = texts(blocks(build_report(c)))
    assert "3 ý kiến từ tài khoản đã xác thực, 1 ý kiến từ tài khoản đăng ký bằng thư điện tử." in text


def test_the_tier_counts_are_one_aggregate_query(world: World, consultation: Any) -> None:
    add(consultation, "Một.", tier=Tier.REGISTERED)
    with CaptureQueriesContext(connection) as q:
        collect(Consultation.objects.get(pk=consultation.pk))
    tier_queries = [x["sql"] for x in q.captured_queries if "verified" in x["sql"]]
    assert len(tier_queries) == 1, tier_queries
    assert "COUNT" in tier_queries[0].upper()


def test_no_opinions_no_tier_sentence(world: World, consultation: Any) -> None:
    assert not Comment.objects.exists()
    assert not any("tài khoản đã xác thực" in t for t in texts(blocks(build_report(consultation))))
    line = "0 ý kiến từ tài khoản đã xác thực, 0 ý kiến từ tài khoản đăng ký bằng thư điện tử."
    assert tiers_line(TierCounts()) == line


def test_staff_see_the_tier_badge_on_each_comment(world: World, consultation: Any) -> None:
    add(consultation, "Đã xác thực.", tier=Tier.VERIFIED, disposition="")
    add(consultation, "Bằng e-mail.", tier=Tier.REGISTERED, disposition="")
    add(consultation, "Ẩn danh.", disposition="")
    client = Client()
    client.force_login(world.drafter_a)
    html = client.get(reverse("backoffice:consultation", kwargs={"pk": consultation.pk})).content.decode()
    assert html.count('<span class="tier-badge tier-verified">Đã xác thực</span>') == 1
    assert html.count('<span class="tier-badge tier-registered">Đăng ký bằng thư điện tử</span>') == 1
    assert html.count("tier-badge") == 2  # an anonymous comment has none
