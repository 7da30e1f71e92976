"""Portal search and filters: diacritics, đ, ranking, excerpts, only public content, pagination, hostile q.

Runs on SQLite (FTS5) and, under scripts/with-postgres.sh, on PostgreSQL (tsvector + unaccent).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from policycomm.consultation import services as cons
from policycomm.consultation.models import Comment
from policycomm.lawmaking import services as law
from policycomm.lawmaking.models import Sector
from policycomm.search.fold import fold, terms
from policycomm.search.models import SearchEntry
from policycomm.search.query import excerpt

from .factories import (
    ALL_TO_DRAFT_CONSULTATION,
    advance,
    close,
    open_consultation,
    publish_material,
    register_document,
)
from .factories import screen_in_scope as screen

SIDEWALK = "Quy định sử dụng tạm thời một phần lòng đường, vỉa hè"


@pytest.fixture
def c(world: Any) -> Any:
    doc = register_document(world, title=SIDEWALK)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return open_consultation(world, doc)


def get(url: str, **params: str) -> Any:
    return Client().get(url, params)


def test_fold_keeps_length_and_folds_d() -> None:
    for text in ("Lòng đường, vỉa hè", "ĐẤT ĐAI", "Thuế thu nhập cá nhân", "x\u0301"):
        assert len(fold(text)) == len(text)
    assert fold("Lòng đường, vỉa hè") == "long duong, via he"
    assert fold("ĐẤT ĐAI") == "dat dai"
    assert terms("Lòng  ĐƯỜNG lòng") == ["long", "duong"]


def test_search_without_diacritics_finds_the_title(c: Any) -> None:
    r = get("/tim-kiem/", q="long duong via he")
    html = r.content.decode()
    assert r.status_code == 200
    assert f'href="/gop-y/{c.pk}/"' in html
    assert "<mark>lòng</mark> <mark>đường</mark>, <mark>vỉa</mark> <mark>hè</mark>" in html


def test_search_d_and_section_anchor(c: Any) -> None:
    html = get("/tim-kiem/", q="20.000 dong").content.decode()
    assert f'href="/gop-y/{c.pk}/#dieu-2.khoan-1"' in html
    assert "<mark>đồng</mark>" in html
    assert "không tìm thấy" not in get("/tim-kiem/", q="DUONG").content.decode().lower()


def test_ranking_puts_title_matches_first(world: Any, c: Any) -> None:
    other = register_document(world, title="Nghị quyết về phí trông giữ xe")
    advance(world.drafter_a, other, *ALL_TO_DRAFT_CONSULTATION)
    p = screen(world.drafter_a, law.policy_add(actor=world.drafter_a, document=other, title="Phí"))
    m = publish_material(world.drafter_a, world.leader_a, p, part_content="Xe đỗ trên vỉa hè phải trả phí.")
    oc = open_consultation(world, other)
    html = get("/tim-kiem/", q="via he").content.decode()
    assert html.index(SIDEWALK) < html.index("Xe đỗ trên <mark>vỉa</mark> <mark>hè</mark>")
    # The material hit links to the material's article on the draft page, which carries that id.
    assert f'href="/gop-y/{oc.pk}/#tai-lieu-{m.pk}"' in html
    assert f'id="tai-lieu-{m.pk}"' in get(f"/gop-y/{oc.pk}/").content.decode()


def test_excerpt_escapes_everything_but_the_mark() -> None:
    out = str(excerpt("<script>alert(1)</script> vỉa hè & lòng đường", ["via", "he"]))
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out
    assert "<mark>vỉa</mark> <mark>hè</mark>" in out
    long = "chữ " * 200 + "vỉa hè" + " chữ" * 200
    out = str(excerpt(long, ["via"]))
    assert out.startswith("… ") and out.endswith(" …") and "<mark>vỉa</mark>" in out and len(out) < 400


def test_only_public_content_is_found(world: Any, c: Any) -> None:
    section = c.document.sections.get(key="dieu-1")
    comment, _ = cons.comment_submit(
        consultation=c,
        text="Đề nghị miễn phí cho hộ kinh doanh nhỏ xyzzy",
        section_id=section.pk,
        submitter_type="individual",
        name="Nguyễn Văn Bí Mật",
        email="bimat@example.org",
        consent=True,
    )
    # Unpublished answers, an unpublished material and personal data are never found.
    p = screen(world.drafter_a, law.policy_add(actor=world.drafter_a, document=c.document, title="Phí"))
    from .factories import material_for

    material_for(world.drafter_a, p, title="Bản nháp quux chưa duyệt")
    assert 'class="search-hit"' not in get("/tim-kiem/", q="xyzzy").content.decode()
    assert 'class="search-hit"' not in get("/tim-kiem/", q="quux").content.decode()
    close(c)
    cons.comment_dispose(
        actor=world.drafter_a, comment=comment, disposition="accepted", explanation="Tiếp thu, bổ sung plugh."
    )
    cons.dispositions_publish(actor=world.drafter_a, consultation=c)
    html = get("/tim-kiem/", q="xyzzy").content.decode()
    assert f'href="/gop-y/{c.pk}/#y-kien-{comment.pk}"' in html
    assert "<mark>plugh</mark>" in get("/tim-kiem/", q="plugh").content.decode()
    for secret in ("Bi Mat", "bimat"):
        assert f"/gop-y/{c.pk}/#y-kien" not in get("/tim-kiem/", q=secret).content.decode()
    # Hidden after publishing: gone.
    comment = Comment.objects.get(pk=comment.pk)
    comment.hidden = True
    comment.save()
    assert f"#y-kien-{comment.pk}" not in get("/tim-kiem/", q="xyzzy").content.decode()
    # A retired section is gone after re-pasting a text without it.
    law.sections_replace(
        actor=world.drafter_a, document=c.document, raw_text="Điều 1. Phạm vi điều chỉnh\nChỉ một điều."
    )
    assert "#dieu-2.khoan-1" not in get("/tim-kiem/", q="20.000 dong").content.decode()


def test_reindex_command_rebuilds(c: Any) -> None:
    n = SearchEntry.objects.count()
    SearchEntry.objects.all().delete()
    call_command("search_reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SearchEntry.objects.count() == n
    assert f'href="/gop-y/{c.pk}/"' in get("/tim-kiem/", q="long duong").content.decode()


@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        ({"q": "x" * 201}, 400, "dài quá 200 ký tự"),
        ({"q": "vỉa\x00hè"}, 400, "ký tự điều khiển"),
        ({"q": "!!! ???"}, 400, "ít nhất một chữ"),
        ({"q": ""}, 200, "Nhập từ khóa"),
        ({"q": '"via" OR he* NEAR(a b) -x'}, 200, "kết quả"),
        ({"q": "via", "status": "gone"}, 400, "Trạng thái không hợp lệ"),
        ({"q": "via", "body": "1; drop"}, 400, "Cơ quan không hợp lệ"),
        ({"q": "via", "area": "9" * 40}, 400, "Địa bàn không hợp lệ"),
        ({"q": "via", "doc_type": "x"}, 400, "Loại văn bản không hợp lệ"),
        ({"q": "via", "sector": "<b>"}, 400, "Lĩnh vực không hợp lệ"),
        ({"q": "via", "trang": "abc"}, 200, "kết quả"),
    ],
)
def test_hostile_queries(c: Any, params: dict[str, str], status: int, text: str) -> None:
    r = get("/tim-kiem/", **params)
    assert r.status_code == status
    assert text in r.content.decode()


def test_filters_and_pagination(world: Any, c: Any) -> None:
    land, _ = Sector.objects.get_or_create(slug="dat-dai", defaults={"name": "Đất đai"})
    c.document.sectors.add(land)
    ward_doc = register_document(world, body="b", title="Quyết định về vỉa hè của phường")
    advance(world.officer_b, ward_doc, *ALL_TO_DRAFT_CONSULTATION)
    wc = open_consultation(world, ward_doc)
    both = get("/tim-kiem/", q="via he").content.decode()
    assert f"/gop-y/{c.pk}/" in both and f"/gop-y/{wc.pk}/" in both
    only = get("/tim-kiem/", q="via he", sector="dat-dai").content.decode()
    assert f"/gop-y/{c.pk}/" in only and f"/gop-y/{wc.pk}/" not in only
    commune = get("/tim-kiem/", q="via he", level="commune").content.decode()
    assert f"/gop-y/{wc.pk}/" in commune and f"/gop-y/{c.pk}/" not in commune
    # The province includes its communes; the ward's unit is only the ward's.
    province_unit = world.province.admin_unit_id
    ward_unit = world.ward.admin_unit_id
    area = get("/tim-kiem/", q="via he", area=str(province_unit)).content.decode()
    assert f"/gop-y/{wc.pk}/" in area and f"/gop-y/{c.pk}/" in area
    area = get("/tim-kiem/", q="via he", area=str(ward_unit)).content.decode()
    assert f"/gop-y/{wc.pk}/" in area and f"/gop-y/{c.pk}/" not in area
    upcoming = get("/tim-kiem/", q="via he", status="answered").content.decode()
    assert f"/gop-y/{wc.pk}/" not in upcoming
    body = get("/tim-kiem/", status="open", body=str(world.body_b.pk)).content.decode()
    assert f"/gop-y/{wc.pk}/" in body and f"/gop-y/{c.pk}/" not in body
    # The home page takes the same filters.
    home = get("/", doc_type=ward_doc.doc_type).content.decode()
    assert f"/gop-y/{wc.pk}/" in home and f"/gop-y/{c.pk}/" not in home
    assert get("/", status="nope").status_code == 400
    # Pagination: 20 a page.
    for i in range(25):
        cons.comment_submit(consultation=c, text=f"ý kiến {i}", submitter_type="individual", consent=True)
    SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                consultation=c, kind="material", source_id=10_000 + i, title=f"Vỉa hè {i}", title_folded=f"via he {i}"
            )
            for i in range(30)
        ]
    )
    first = get("/tim-kiem/", q="via he").content.decode()
    assert first.count('class="search-hit"') == 20 and "trang=2" in first
    second = get("/tim-kiem/", q="via he", trang="2").content.decode()
    assert 0 < second.count('class="search-hit"') <= 20


def test_search_page_query_budget(world: Any, c: Any, django_assert_max_num_queries: Any) -> None:
    def grow(n: int) -> None:
        for i in range(n):
            doc = register_document(world, title=f"Vỉa hè số {i}")
            advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
            open_consultation(world, doc)

    for size in (1, 6):
        grow(size)
        for params in ({"q": "via he"}, {"q": "via he", "status": "open", "sector": "dat-dai"}, {"status": "open"}):
            with django_assert_max_num_queries(6):
                assert get("/tim-kiem/", **params).status_code == 200
        # The lists, the pager's COUNT, the search form's choices (3), the follow form's choices (2).
        with django_assert_max_num_queries(8):
            assert get("/", status="open", level="province").status_code == 200


def test_api_list_takes_q_and_filters(world: Any, c: Any) -> None:
    r = Client().get("/api/v1/consultations", {"q": "long duong via he"})
    assert r.status_code == 200 and c.pk in [i["id"] for i in r.json()["items"]]
    assert Client().get("/api/v1/consultations", {"q": "khongcogi"}).json()["count"] == 0
    r = Client().get("/api/v1/consultations", {"q": "x" * 201})
    assert r.status_code in (400, 422) and "code" in r.json()
    r = Client().get("/api/v1/consultations", {"status": "answered"})
    assert r.status_code == 200 and r.json()["count"] == 0
    r = Client().get("/api/v1/consultations", {"area": "abc"})
    assert r.status_code in (400, 422) and "code" in r.json()
    r = Client().get("/api/v1/consultations", {"sector": "dat-dai", "level": "province"})
    assert r.status_code == 200 and r.json()["count"] == 0


@pytest.mark.django_db(transaction=True)
def test_demo_draft_is_found_without_diacritics_and_by_sector() -> None:
    from policycomm.demo.data import load_demo

    load_demo()
    html = get("/tim-kiem/", q="long duong via he", sector="giao-thong").content.decode()
    assert html.count('class="search-hit"') >= 1 and "<mark>" in html
