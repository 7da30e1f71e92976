"""Open data (CSV, JSON), Atom feeds and the iCal of deadlines, read with maintained parsers; no personal data,
constant queries."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from typing import Any

import docx
import feedparser
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from policycomm.consultation import services as cons
from policycomm.consultation.models import Comment
from policycomm.consultation.reports import build_report
from policycomm.orgs.models import AdminUnit, Organisation

from .factories import close

D = Comment.Disposition


def _comments(c: Any, n: int) -> list[Comment]:
    out = []
    for i in range(n):
        comment, _ = cons.comment_submit(
            consultation=c,
            text=f"Đề nghị giảm phí, ý kiến số {i}.",
            submitter_type="individual",
            consent=True,
            name=f"Nguyễn Văn Riêng{i}",
            email=f"rieng{i}@example.vn",
        )
        out.append(comment)
    return out


def _publish(world: Any, c: Any, n: int = 2) -> dict[str, Comment]:
    people = _comments(c, n)
    org, _ = cons.comment_submit(
        consultation=c,
        text="Hiệp hội đề nghị miễn phí cho hộ kinh doanh nhỏ.",
        submitter_type="organisation",
        consent=True,
        name="Hiệp hội Doanh nghiệp tỉnh",
        email="hiephoi@example.vn",
    )
    # An officer records a body's opinion with the person who voiced it: the person is personal data.
    spoken, _ = cons.comment_submit(
        consultation=c,
        text="Mặt trận đề nghị kết thúc lúc 21 giờ trong ngõ nhỏ.",
        submitter_type="organisation",
        consent=True,
        name="Trần Thị Phát Ngôn",
        organisation="Ủy ban MTTQ phường",
    )
    hidden, _ = cons.comment_submit(
        consultation=c, text="Nội dung quảng cáo bị ẩn", submitter_type="individual", consent=True
    )
    cons.comment_hide(actor=world.moderator_a, comment=hidden, hidden=True, reason="Quảng cáo")
    for cm in [*people, org, spoken]:
        cons.comment_dispose(actor=world.drafter_a, comment=cm, disposition=D.PARTIAL, explanation="Giảm còn 15.000 đ.")
    close(c)
    cons.dispositions_publish(actor=world.drafter_a, consultation=c)
    return {"person": people[0], "org": org, "spoken": spoken, "hidden": hidden}


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_opendata_is_404_before_publication(world: Any, consultation: Any) -> None:
    _comments(consultation, 1)
    client = Client()
    for name in ("portal:opendata_csv", "portal:opendata_json"):
        assert client.get(reverse(name, args=[consultation.pk])).status_code == 404
    assert client.get(reverse("portal:opendata_csv", args=[999999])).status_code == 404


def test_opendata_csv_and_json(world: Any, consultation: Any) -> None:
    made = _publish(world, consultation)
    client = Client()
    r = client.get(reverse("portal:opendata_csv", args=[consultation.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    raw = _body(r)
    assert raw.startswith(b"\xef\xbb\xbf")
    for secret in (b"Ri\xc3\xaang", b"@example.vn", "Nội dung quảng cáo".encode(), "Phát Ngôn".encode()):
        assert secret not in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 4
    by_receipt = {row["receipt"]: row for row in rows}
    assert made["hidden"].receipt not in by_receipt
    person, org = by_receipt[made["person"].receipt], by_receipt[made["org"].receipt]
    assert person["submitter"] == "Cá nhân"
    assert org["submitter"] == "Tổ chức: Hiệp hội Doanh nghiệp tỉnh"
    assert by_receipt[made["spoken"].receipt]["submitter"] == "Tổ chức: Ủy ban MTTQ phường"
    assert person["disposition"] == "partial" and person["disposition_label"] == "Tiếp thu một phần"
    assert person["explanation"] == "Giảm còn 15.000 đ." and person["channel"] == "portal"

    r = client.get(reverse("portal:opendata_json", args=[consultation.pk]))
    assert r.status_code == 200
    raw = _body(r)
    assert b"@example.vn" not in raw and "Riêng".encode() not in raw and "Phát Ngôn".encode() not in raw
    data = json.loads(raw)
    assert data["consultation"]["id"] == consultation.pk
    assert data["consultation"]["title"] == consultation.title
    assert len(data["answers"]) == 4
    assert {a["receipt"] for a in data["answers"]} == set(by_receipt)

    page = client.get(reverse("portal:consultation", args=[consultation.pk])).content.decode()
    assert "Tổ chức: Ủy ban MTTQ phường" in page and "Phát Ngôn" not in page
    # The synthesis report, published on the portal, names the body the same way.
    report = docx.Document(io.BytesIO(build_report(consultation)))
    cells = " ".join(cell.text for table in report.tables for row in table.rows for cell in row.cells)
    assert "Tổ chức: Ủy ban MTTQ phường" in cells and "Phát Ngôn" not in cells
    assert reverse("portal:opendata_csv", args=[consultation.pk]) in page
    assert reverse("portal:opendata_json", args=[consultation.pk]) in page


def test_opendata_queries_do_not_grow(world: Any, consultation: Any, django_assert_max_num_queries: Any) -> None:
    _publish(world, consultation, n=60)
    client = Client()
    for name in ("portal:opendata_csv", "portal:opendata_json"):
        with django_assert_max_num_queries(6):
            _body(client.get(reverse(name, args=[consultation.pk])))


def test_opendata_queries_with_few(world: Any, consultation: Any, django_assert_max_num_queries: Any) -> None:
    _publish(world, consultation, n=1)
    client = Client()
    for name in ("portal:opendata_csv", "portal:opendata_json"):
        with django_assert_max_num_queries(6):
            _body(client.get(reverse(name, args=[consultation.pk])))


# ---- Atom feeds and the iCal of deadlines ----


def _atom(client: Client, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def test_new_drafts_and_area_feeds(world: Any, consultation: Any) -> None:
    client = Client()
    page = reverse("portal:consultation", args=[consultation.pk])
    feed = _atom(client, reverse("portal:feed_drafts"))
    assert feed.feed.title == "Dự thảo mới lấy ý kiến"
    assert feed.entries[0].title == consultation.title  # newest first (the proposal's window came before)
    assert feed.entries[0].link.endswith(page)
    # Body A placed in the ward: the ward's feed and its province's (code 19) list the draft.
    ward = AdminUnit.objects.get(code="05443")
    Organisation.objects.filter(pk=world.body_a.pk).update(admin_unit=ward)
    for code in ("05443", "19"):
        entries = _atom(client, reverse("portal:feed_area", args=[code])).entries
        assert consultation.title in [e.title for e in entries]
    assert client.get(reverse("portal:feed_area", args=["khong-co"])).status_code == 404


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.alternates: list[dict[str, str]] = []
        self.anchors: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("rel") == "alternate" and a.get("type") == "application/atom+xml":
            self.alternates.append(a)
        elif tag == "a":
            self.anchors.append(a)


def _links(html: bytes) -> _Links:
    p = _Links()
    p.feed(html.decode())
    return p


def test_area_filter_announces_the_area_feed(world: Any, consultation: Any) -> None:
    client = Client()
    province = AdminUnit.objects.get(code="19")
    assert not [a for a in _links(client.get("/").content).alternates if "/khu-vuc/" in a["href"]]
    for page in (reverse("portal:home"), reverse("portal:search")):
        r = client.get(page, {"area": province.pk})
        assert r.status_code == 200
        links = _links(r.content)
        (announced,) = [a for a in links.alternates if a["title"] == "Dự thảo mới tại Tỉnh Thái Nguyên"]
        assert announced["href"] == reverse("portal:feed_area", args=["19"])
        assert announced["href"] in [a.get("href") for a in links.anchors], "a visible link too"
        assert "Nguồn tin Atom" in r.content.decode()
        feed = _atom(client, announced["href"])
        assert consultation.title in [e.title for e in feed.entries]


def test_draft_updates_feed(world: Any, consultation: Any) -> None:
    client = Client()
    url = reverse("portal:feed_draft", args=[consultation.pk])
    before = _atom(client, url)
    _publish(world, consultation)
    after = _atom(client, url)
    titles = [e.title for e in after.entries]
    assert "Đã công khai kết quả tiếp thu, giải trình" in titles
    assert len(after.entries) == len(before.entries) + 1
    assert all(e.link.startswith("http") for e in after.entries)
    assert client.get(reverse("portal:feed_draft", args=[999999])).status_code == 404
    page = client.get(reverse("portal:consultation", args=[consultation.pk])).content.decode()
    assert f'type="application/atom+xml" title="Cập nhật: {consultation.title}" href="{url}"' in page
    assert f'type="text/calendar" title="Hạn góp ý dự thảo" href="{reverse("portal:deadlines_ics")}"' in page


def test_deadlines_ics(world: Any, consultation: Any) -> None:
    client = Client()
    r = client.get(reverse("portal:deadlines_ics"))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    assert events[0].decoded("dtstart") == consultation.closes_at.replace(microsecond=0)
    assert str(events[0]["url"]).endswith(reverse("portal:consultation", args=[consultation.pk]))
    assert consultation.title in str(events[0]["summary"])
    close(consultation)
    assert Calendar.from_ical(client.get(reverse("portal:deadlines_ics")).content).walk("VEVENT") == []


def test_feed_queries_do_not_grow(world: Any, consultation: Any, django_assert_max_num_queries: Any) -> None:
    _publish(world, consultation, n=30)
    client = Client()
    for url in (
        reverse("portal:feed_drafts"),
        reverse("portal:feed_draft", args=[consultation.pk]),
        reverse("portal:deadlines_ics"),
    ):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
