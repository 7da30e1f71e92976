"""Draft versions (dự thảo lần N), their comparison, comments on a version, and the dossier (hồ sơ dự thảo)."""

from __future__ import annotations

import importlib
import io
import zipfile
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from policycomm.consultation import services as cons
from policycomm.errors import DomainError
from policycomm.lawmaking import dossier
from policycomm.lawmaking import services as law
from policycomm.lawmaking.models import DossierFile, DraftVersion, Section
from policycomm.lawmaking.versions import compare, text_diff

from .factories import DRAFT, open_consultation, register_document

V2 = DRAFT.replace("20.000", "15.000").replace("2. Tại xã: 10.000 đồng/m²/tháng.\n", "") + (
    "Điều 3. Hiệu lực\nNghị quyết có hiệu lực từ ngày ký.\n"
)


def snap(key: str, heading: str, text: str = "", kind: str = "dieu") -> dict[str, Any]:
    return {"key": key, "kind": kind, "number": key.split("-")[-1], "heading": heading, "text": text, "depth": 0}


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


# -- versions -------------------------------------------------------------------------------------------------


def test_every_replacement_keeps_a_numbered_version(world: Any) -> None:
    doc = register_document(world)
    assert law.sections_replace(actor=world.drafter_a, document=doc, raw_text=DRAFT)["version"] == 1
    assert law.sections_replace(actor=world.drafter_a, document=doc, raw_text=V2)["version"] == 2
    # The same text again keeps no new version.
    assert law.sections_replace(actor=world.drafter_a, document=doc, raw_text=V2)["version"] == 0
    v1, v2 = DraftVersion.objects.filter(document=doc).order_by("number")
    assert (v1.number, v2.number) == (1, 2) and v2.created_by == world.drafter_a
    assert [s["key"] for s in v1.sections] == [
        "chuong-i",
        "dieu-1",
        "dieu-2",
        "dieu-2.khoan-1",
        "dieu-2.khoan-2",
    ]
    assert "15.000" in next(s["text"] for s in v2.sections if s["key"] == "dieu-2.khoan-1")
    # A number taken by a concurrent writer is skipped, not overwritten.
    DraftVersion.objects.create(document=doc, number=3, sections=[])
    assert law.sections_replace(actor=world.drafter_a, document=doc, raw_text=DRAFT)["version"] == 4


def test_a_refused_replacement_keeps_no_version(world: Any) -> None:
    doc = register_document(world)
    with pytest.raises(DomainError):
        law.sections_replace(actor=world.officer_b, document=doc, raw_text=DRAFT)
    assert not DraftVersion.objects.filter(document=doc).exists()


def test_the_migration_gives_existing_texts_their_version_1(world: Any) -> None:
    doc = register_document(world)
    other = register_document(world, title="Không có nội dung")
    Section.objects.create(document=doc, key="dieu-1", kind="dieu", number="1", heading="Điều 1. A", position=0)
    Section.objects.create(document=doc, key="dieu-9", kind="dieu", number="9", heading="Cũ", position=1, retired=True)
    migration = importlib.import_module("policycomm.lawmaking.migrations.0005_first_draft_versions")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice: nothing more
    v = DraftVersion.objects.get(document=doc)
    assert v.number == 1 and [s["key"] for s in v.sections] == ["dieu-1"]
    assert not DraftVersion.objects.filter(document=other).exists()


def test_a_comment_stays_on_the_version_and_section_it_was_made_on(world: Any, client: Client) -> None:
    doc = register_document(world)
    c = open_consultation(world, doc)
    section = Section.objects.get(document=doc, key="dieu-2.khoan-1")
    old, _ = cons.comment_submit(
        consultation=c, text="Phí cao.", submitter_type="individual", consent=True, section_id=section.pk
    )
    law.sections_replace(actor=world.drafter_a, document=doc, raw_text=V2)
    new, _ = cons.comment_submit(consultation=c, text="Được.", submitter_type="individual", consent=True)
    old.refresh_from_db()
    assert old.version is not None and old.version.number == 1 and old.section_id == section.pk
    assert new.version is not None and new.version.number == 2
    staff = Client()
    staff.force_login(world.drafter_a)
    page = staff.get(f"/can-bo/lay-y-kien/{c.pk}/").content.decode()
    assert page.count("góp ý trên dự thảo lần 1") == 1 and "lần 2</span>" not in page
    receipt = client.get(f"/gop-y/{c.pk}/da-nhan/{old.receipt}/").content.decode()
    assert "Góp ý trên dự thảo lần 1" in receipt
    assert "dự thảo lần" not in client.get(f"/gop-y/{c.pk}/da-nhan/{new.receipt}/").content.decode()


# -- the comparison --------------------------------------------------------------------------------------------


def test_word_level_differences() -> None:
    segs = [(s.op, s.text) for s in text_diff("Mức phí là 20.000 đồng mỗi tháng.", "Mức phí là 15.000 đồng mỗi tháng.")]
    assert segs == [("eq", "Mức phí là "), ("del", "20.000 "), ("ins", "15.000 "), ("eq", "đồng mỗi tháng.")]
    assert text_diff("a", "a")[0].op == "eq"
    assert [s.op for s in text_diff("", "Mới.")] == ["ins"]


def test_sections_matched_by_key_added_removed_changed_moved() -> None:
    old = [snap("dieu-1", "Điều 1. A", "x"), snap("dieu-2", "Điều 2. B", "y"), snap("dieu-3", "Điều 3. C", "z")]
    new = [snap("dieu-3", "Điều 3. C", "z"), snap("dieu-1", "Điều 1. A", "x đổi"), snap("dieu-4", "Điều 4. D", "w")]
    cmp = compare(old, new)
    by = {r.key: r for r in cmp.rows}
    assert by["dieu-2"].status == "removed" and by["dieu-4"].status == "added"
    assert by["dieu-1"].status == "changed" and by["dieu-3"].moved is True and by["dieu-3"].status == "moved"
    assert (cmp.added, cmp.removed, cmp.changed, cmp.moved) == (1, 1, 1, 1)
    # The removed article sits after the one that preceded it in the old text.
    assert [r.key for r in cmp.rows] == ["dieu-3", "dieu-1", "dieu-2", "dieu-4"]
    assert compare(old, old).changed == 0 and {r.status for r in compare(old, old).rows} == {"unchanged"}


def test_a_huge_article_is_compared_word_by_word() -> None:
    a = " ".join(f"từ{i}" for i in range(20000))
    b = a.replace("từ100 ", "chữ100 ").replace("từ19000", "chữ19000")
    cmp = compare([snap("dieu-1", "Điều 1", a)], [snap("dieu-1", "Điều 1", b)])
    assert cmp.changed == 1
    # One line longer than the word-diff bound is shown removed then inserted whole (bounded cost).
    ops = [seg.op for seg in cmp.rows[0].text if seg.op != "eq"]
    assert len(ops) == 2 and set(ops) == {"del", "ins"}


@pytest.fixture
def two_versions(world: Any) -> Any:
    doc = register_document(world)
    c = open_consultation(world, doc)
    law.sections_replace(actor=world.drafter_a, document=doc, raw_text=V2 + "Điều 4. <script>alert(1)</script>\nX\n")
    return c


def test_the_portal_compares_and_escapes(two_versions: Any, client: Client) -> None:
    c = two_versions
    page = client.get(f"/gop-y/{c.pk}/").content.decode()
    assert f'href="/gop-y/{c.pk}/so-sanh/?tu=1&amp;den=2"' in page
    r = client.get(f"/gop-y/{c.pk}/so-sanh/?tu=1&den=2")
    html = r.content.decode()
    assert r.status_code == 200
    assert '<del><span class="diff-label">[bỏ: </span>20.000' in html
    assert '<ins><span class="diff-label">[thêm: </span>15.000' in html
    assert "[Mục thêm mới]" in html and "[Mục bị bỏ]" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert client.get(f"/gop-y/{c.pk}/so-sanh/").content.decode().count("15.000") >= 1  # the last two by default
    version = client.get(f"/gop-y/{c.pk}/du-thao/1/").content.decode()
    assert "20.000" in version and "15.000" not in version and "Dự thảo lần 1" in version
    assert "In từ http://testserver/gop-y/" in version


@pytest.mark.parametrize(
    "query", ["tu=1&den=3", "tu=0&den=1", "tu=abc&den=1", "tu=1", "tu=99999999999&den=1", "tu=-1&den=2", "tu=١&den=2"]
)
def test_bad_version_numbers_are_404(two_versions: Any, client: Client, query: str) -> None:
    assert client.get(f"/gop-y/{two_versions.pk}/so-sanh/?{query}").status_code == 404


def test_version_pages_404(two_versions: Any, client: Client) -> None:
    c = two_versions
    assert client.get(f"/gop-y/{c.pk}/du-thao/3/").status_code == 404
    assert client.get(f"/gop-y/{c.pk}/du-thao/999999/").status_code == 404
    assert client.get(f"/gop-y/{c.pk}/du-thao/0/").status_code == 404


def test_staff_see_the_same_comparison(two_versions: Any, world: Any) -> None:
    staff = Client()
    staff.force_login(world.leader_a)
    r = staff.get(f"/can-bo/van-ban/{two_versions.document_id}/so-sanh/?tu=1&den=2")
    assert r.status_code == 200 and "<ins>" in r.content.decode()
    staff.force_login(world.officer_b)
    assert staff.get(f"/can-bo/van-ban/{two_versions.document_id}/so-sanh/").status_code == 404


def test_version_and_compare_budgets_do_not_grow(
    world: Any, client: Client, django_assert_max_num_queries: Any
) -> None:
    doc = register_document(world)
    c = open_consultation(world, doc)
    for n in (3, 30):
        body = "".join(f"Điều {i}. Tiêu đề {i}\n1. Khoản một lần {n}.\n2. Khoản hai.\n" for i in range(1, n + 1))
        law.sections_replace(actor=world.drafter_a, document=doc, raw_text=body)
        last = DraftVersion.objects.filter(document=doc).count()
        for url in (
            f"/gop-y/{c.pk}/du-thao/{last}/",
            f"/gop-y/{c.pk}/so-sanh/",
            f"/gop-y/{c.pk}/so-sanh/?tu=1&den={last}",
        ):
            with django_assert_max_num_queries(3):  # the consultation, the version numbers, the version(s)
                assert client.get(url).status_code == 200, url


# -- the dossier ----------------------------------------------------------------------------------------------


def _upload(client: Client, doc: Any, name: str, data: bytes, **extra: str) -> Any:
    return client.post(
        f"/can-bo/van-ban/{doc.pk}/ho-so/",
        {"kind": "to_trinh", "title": "Tờ trình", "public": "on", "file": SimpleUploadedFile(name, data), **extra},
    )


def test_dossier_upload_validation(world: Any, monkeypatch: Any) -> None:
    doc = register_document(world)
    staff = Client()
    staff.force_login(world.drafter_a)
    r = _upload(staff, doc, "virus.exe", b"MZ\x90\x00")
    assert r.status_code == 422 and "chỉ nhận tệp PDF, DOCX, DOC, XLSX hoặc ODT" in r.content.decode()
    r = _upload(staff, doc, "gia.pdf", _docx())
    assert r.status_code == 422 and "không phải tệp PDF" in r.content.decode()
    r = _upload(staff, doc, "hong.docx", b"PK\x03\x04 not a zip")
    assert r.status_code == 422 and "không phải tệp DOCX hợp lệ" in r.content.decode()
    monkeypatch.setattr(dossier, "DOSSIER_MAX_BYTES", 100)
    r = _upload(staff, doc, "lon.pdf", b"%PDF-1.4" + b"0" * 200)
    assert r.status_code == 413 and "vượt giới hạn" in r.content.decode()
    monkeypatch.undo()
    r = _upload(staff, doc, "to-trinh.pdf", b"%PDF-1.4 ok", title="\x00\u200b")
    assert r.status_code == 422
    assert not DossierFile.objects.exists()
    assert _upload(staff, doc, "bảng so sánh.docx", _docx()).status_code == 302
    assert DossierFile.objects.get().content_type.endswith("wordprocessingml.document")


def test_dossier_refused_to_other_roles_and_bodies(world: Any) -> None:
    doc = register_document(world)
    for user, status in ((world.officer_b, 404), (world.leader_a, 403)):
        c = Client()
        c.force_login(user)
        assert _upload(c, doc, "a.pdf", b"%PDF-1.4 ok").status_code == status
    with pytest.raises(DomainError) as exc:
        dossier.dossier_add(
            actor=world.officer_b, document=doc, kind="khac", title="X", file=SimpleUploadedFile("a.pdf", b"%PDF-1.4")
        )
    assert exc.value.status == 403
    assert not DossierFile.objects.exists()


def test_dossier_on_the_portal_and_its_download(world: Any, client: Client) -> None:
    doc = register_document(world)
    c = open_consultation(world, doc)
    data = b"%PDF-1.4 " + b"x" * 1_300_000
    f = dossier.dossier_add(
        actor=world.drafter_a,
        document=doc,
        kind="to_trinh",
        title="Tờ trình dự thảo",
        file=SimpleUploadedFile("Tờ trình số 12.pdf", data),
    )
    hidden = dossier.dossier_add(
        actor=world.drafter_a,
        document=doc,
        kind="khac",
        title="Nội bộ",
        file=SimpleUploadedFile("noi-bo.pdf", b"%PDF-1.4"),
        public=False,
    )
    page = client.get(f"/gop-y/{c.pk}/").content.decode()
    assert "Tờ trình dự thảo" in page and "PDF, 1,2 MB" in page and "Nội bộ" not in page
    assert f"/gop-y/{c.pk}/ho-so/{f.pk}/" in page and "/media" not in page
    r = client.get(f"/gop-y/{c.pk}/ho-so/{f.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == 'attachment; filename="To-trinh-so-12.pdf"'
    assert b"".join(r.streaming_content) == data
    assert client.get(f"/gop-y/{c.pk}/ho-so/{hidden.pk}/").status_code == 404
    other = open_consultation(world, register_document(world, body="b", title="Khác"))
    assert client.get(f"/gop-y/{other.pk}/ho-so/{f.pk}/").status_code == 404
    staff = Client()
    staff.force_login(world.drafter_a)
    assert staff.get(f"/can-bo/van-ban/{doc.pk}/ho-so/{hidden.pk}/").status_code == 200
    assert staff.post(f"/can-bo/van-ban/{doc.pk}/ho-so/{hidden.pk}/xoa/").status_code == 302
    assert not DossierFile.objects.filter(pk=hidden.pk).exists()


def test_human_sizes() -> None:
    assert dossier.human_size(312) == "312 B"
    assert dossier.human_size(850 * 1024) == "850 KB"
    assert dossier.human_size(int(1.2 * 1024 * 1024)) == "1,2 MB"


def test_the_demo_open_draft_has_two_versions_and_a_dossier(db: Any, client: Client) -> None:
    from policycomm.consultation.models import Consultation
    from policycomm.demo.data import load_demo

    load_demo()
    c = Consultation.objects.get(title__contains="lòng đường, vỉa hè", phase="draft")
    assert list(c.document.versions.values_list("number", flat=True)) == [1, 2]
    page = client.get(f"/gop-y/{c.pk}/").content.decode()
    assert f"/gop-y/{c.pk}/so-sanh/?tu=1&amp;den=2" in page
    cmp = client.get(f"/gop-y/{c.pk}/so-sanh/").content.decode()
    assert "[Mục thêm mới]" in cmp and "[Mục bị bỏ]" in cmp and "<ins>" in cmp
    files = list(c.document.dossier_files.order_by("pk"))
    assert [f.extension for f in files] == ["pdf", "docx"]
    for f in files:
        r = client.get(f"/gop-y/{c.pk}/ho-so/{f.pk}/")
        assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
