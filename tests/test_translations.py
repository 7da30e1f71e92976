"""Material in other languages: the approval of a translation, the portal's pages and their ``lang``,
the English interface, the API's ``languages`` and the functions the channel kit reads."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import html as lhtml

from policycomm.audit.models import AuditEvent
from policycomm.communication import services as comm
from policycomm.communication.models import Material, MaterialTranslation
from policycomm.communication.translations import (
    language_or_error,
    languages_published,
    material_text,
    normalise_language,
    texts_in,
    translation_languages,
)
from policycomm.errors import DomainError
from policycomm.lawmaking import services as law

from .factories import (
    ALL_TO_DRAFT_CONSULTATION,
    advance,
    material_for,
    open_consultation,
    publish_material,
    register_document,
    screen_in_scope,
)

T = MaterialTranslation.Status

ENGLISH = {
    "title": "Why charge for using the pavement?",
    "part_need": "Pavements are taken over by stalls.",
    "part_content": "A fee per square metre.",
    "part_changes": "There was no fee before.",
}
FRENCH = {
    "title": "Pourquoi une redevance pour les trottoirs ?",
    "part_need": "Les trottoirs sont occupés.",
    "part_content": "Une redevance au mètre carré.",
    "part_changes": "Il n'y avait pas de redevance.",
}
OTHERS = {
    "zh-hans": {
        "title": "为什么要收取人行道使用费？",
        "part_need": "人行道被占用。",
        "part_content": "按平方米收费。",
        "part_changes": "以前不收费。",
    },
    "km": {
        "title": "ហេតុអ្វីយកថ្លៃប្រើប្រាស់ចិញ្ចើមផ្លូវ?",
        "part_need": "ចិញ្ចើមផ្លូវត្រូវបានកាន់កាប់។",
        "part_content": "ថ្លៃតាមម៉ែត្រការ៉េ។",
        "part_changes": "ពីមុនមិនយកថ្លៃទេ។",
    },
    "ar": {
        "title": "لماذا رسوم الأرصفة؟",
        "part_need": "الأرصفة مشغولة.",
        "part_content": "رسم لكل متر مربع.",
        "part_changes": "لم تكن هناك رسوم.",
    },
}


def translate(w: Any, m: Material, language: str, text: dict[str, str], *, approve: bool = True) -> MaterialTranslation:
    t = comm.translation_save(actor=w.drafter_a, material=m, language=language, **text)
    t = comm.translation_submit(actor=w.drafter_a, translation=t)
    if approve:
        t = comm.translation_review(actor=w.leader_a, translation=t, approve=True)
    return t


@pytest.fixture
def draft(world: Any) -> dict[str, Any]:
    """An open draft consultation of body A whose policy has published material."""
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    policy = screen_in_scope(world.drafter_a, law.policy_add(actor=world.drafter_a, document=doc, title="Thu phí"))
    m = publish_material(world.drafter_a, world.leader_a, policy)
    c = open_consultation(world, doc)
    return {"doc": doc, "policy": policy, "m": m, "c": c}


def page(client: Client, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return lhtml.fromstring(r.content.decode())


# -- languages ------------------------------------------------------------------------------------------


def test_languages_are_djangos_except_vietnamese() -> None:
    langs = translation_languages()
    assert {"en", "fr", "zh-hans", "km", "ar"} <= set(langs)
    assert "vi" not in langs and "zh-cn" not in langs  # zh-cn only points to zh-hans
    assert normalise_language(" EN ") == "en"
    assert normalise_language("zh_CN") == "zh-hans"
    assert normalise_language("vi") is None and normalise_language("xx") is None and normalise_language("") is None


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("vi", "Tài liệu đã viết bằng tiếng Việt; bản dịch phải bằng một ngôn ngữ khác."),
        ("klingon", "Mã ngôn ngữ “klingon” không có trong danh sách ngôn ngữ được hỗ trợ."),
    ],
)
def test_vietnamese_or_an_unknown_code_is_refused_in_vietnamese(code: str, message: str) -> None:
    with pytest.raises(DomainError) as exc:
        language_or_error(code)
    assert (exc.value.code, exc.value.field, exc.value.message) == ("language_invalid", "language", message)


def test_the_database_refuses_vietnamese_and_a_second_translation(world: Any, draft: dict[str, Any]) -> None:
    m = draft["m"]
    with pytest.raises(IntegrityError), transaction.atomic():
        MaterialTranslation.objects.create(material=m, language="vi", title="x", created_by=world.drafter_a)
    MaterialTranslation.objects.create(material=m, language="en", title="x", created_by=world.drafter_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        MaterialTranslation.objects.create(material=m, language="en", title="y", created_by=world.drafter_a)


# -- the approval of a translation -----------------------------------------------------------------------


def test_translation_flow_write_submit_approve(world: Any, draft: dict[str, Any]) -> None:
    m = draft["m"]
    t = comm.translation_save(actor=world.drafter_a, material=m, language="EN", **ENGLISH)
    assert (t.language, t.status, t.created_by_id) == ("en", T.DRAFT, world.drafter_a.pk)
    for actor in (world.communicator_a, world.officer_b, world.leader_b, world.monitor):
        with pytest.raises(DomainError) as exc:
            comm.translation_submit(actor=actor, translation=t)
        assert exc.value.status == 403
    t = comm.translation_submit(actor=world.drafter_a, translation=t)
    assert t.status == T.SUBMITTED
    with pytest.raises(DomainError) as exc:
        comm.translation_save(actor=world.drafter_a, material=m, language="en", translation=t, **FRENCH)
    assert exc.value.code == "not_editable"
    for actor in (world.drafter_a, world.leader_b, world.monitor):
        with pytest.raises(DomainError) as exc:
            comm.translation_review(actor=actor, translation=t, approve=True)
        assert exc.value.status == 403
    with pytest.raises(DomainError) as exc:
        comm.translation_review(actor=world.leader_a, translation=t, approve=False, note=" ")
    assert exc.value.code == "note_required"
    t = comm.translation_review(actor=world.leader_a, translation=t, approve=False, note="Dịch lại phần 2.")
    assert (t.status, t.review_note) == (T.RETURNED, "Dịch lại phần 2.")
    t = comm.translation_save(actor=world.drafter_a, material=m, language="en", translation=t, **ENGLISH)
    t = comm.translation_submit(actor=world.drafter_a, translation=t)
    t = comm.translation_review(actor=world.leader_a, translation=t, approve=True)
    assert (t.status, t.approved_by_id) == (T.APPROVED, world.leader_a.pk)
    actions = set(
        AuditEvent.objects.filter(object_type="communication.materialtranslation").values_list("action", flat=True)
    )
    assert actions == {"translation.save", "translation.submit", "translation.return", "translation.approve"}


def test_a_leader_does_not_approve_a_translation_they_submitted(world: Any, draft: dict[str, Any]) -> None:
    from policycomm.orgs.models import Membership, Role

    Membership.objects.create(user=world.leader_a, organisation=world.body_a, role=Role.DRAFTER)
    leader = get_user_model().objects.get(pk=world.leader_a.pk)  # without the roles cached before
    t = comm.translation_save(actor=leader, material=draft["m"], language="en", **ENGLISH)
    t = comm.translation_submit(actor=leader, translation=t)
    with pytest.raises(DomainError) as exc:
        comm.translation_review(actor=leader, translation=t, approve=True)
    assert exc.value.code == "four_eyes"


def test_a_translation_is_submitted_only_once_its_original_no_longer_changes(world: Any, draft: dict[str, Any]) -> None:
    m = material_for(world.drafter_a, draft["policy"], title="Tờ gấp")
    t = comm.translation_save(actor=world.drafter_a, material=m, language="en", **ENGLISH)  # drafting may start early
    with pytest.raises(DomainError) as exc:
        comm.translation_submit(actor=world.drafter_a, translation=t)
    assert (exc.value.code, exc.value.status) == ("material_not_approved", 409)
    t.refresh_from_db()
    assert t.status == T.DRAFT


def test_every_part_the_original_has_must_be_translated(world: Any, draft: dict[str, Any]) -> None:
    t = comm.translation_save(
        actor=world.drafter_a, material=draft["m"], language="en", **{**ENGLISH, "part_changes": ""}
    )
    with pytest.raises(DomainError) as exc:
        comm.translation_submit(actor=world.drafter_a, translation=t)
    assert (exc.value.code, exc.value.field) == ("part_missing", "part_changes")
    assert exc.value.message.startswith("Bản gốc có phần này nhưng bản dịch chưa có: ")


def test_secret_material_is_not_translated(world: Any, draft: dict[str, Any]) -> None:
    m = material_for(world.drafter_a, draft["policy"], title="Mật", state_secret=True)
    with pytest.raises(DomainError) as exc:
        comm.translation_save(actor=world.drafter_a, material=m, language="en", **ENGLISH)
    assert exc.value.code == "state_secret"
    assert not MaterialTranslation.objects.exists()


def test_control_and_invisible_characters_are_cleaned(world: Any, draft: dict[str, Any]) -> None:
    t = comm.translation_save(
        actor=world.drafter_a,
        material=draft["m"],
        language="en",
        title="Why\x00 charge\u200b for the\n pavement?",
        part_need="Line one\r\nline two\x12\u202e",
        part_content="Cafe\u0301 owners",
        part_changes="x",
    )
    t.refresh_from_db()
    assert t.title == "Why charge for the pavement?"
    assert t.part_need == "Line one\nline two"
    assert t.part_content == "Café owners"  # NFC
    with pytest.raises(DomainError) as exc:
        comm.translation_save(
            actor=world.drafter_a, material=draft["m"], language="fr", **{**FRENCH, "title": "é" * 301}
        )
    assert (exc.value.code, exc.value.field) == ("title_too_long", "title")


def test_the_same_add_sent_twice_saves_one_translation(world: Any, draft: dict[str, Any]) -> None:
    m = draft["m"]
    first = comm.translation_save(actor=world.drafter_a, material=m, language="en", **ENGLISH)
    again = comm.translation_save(actor=world.drafter_a, material=m, language="en", **ENGLISH)
    assert again.pk == first.pk and MaterialTranslation.objects.count() == 1
    with pytest.raises(DomainError) as exc:
        comm.translation_save(actor=world.drafter_a, material=m, language="en", **FRENCH)
    assert (exc.value.code, exc.value.status) == ("translation_exists", 409)
    assert exc.value.message == "Tài liệu đã có bản dịch English; mở bản dịch đó để sửa."
    assert MaterialTranslation.objects.get().title == ENGLISH["title"]


def test_double_submit_of_the_staff_form_creates_one_translation(world: Any, draft: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world.drafter_a)
    url = f"/can-bo/tai-lieu/{draft['m'].pk}/ban-dich/"
    data = {"language": "fr", **FRENCH}
    for _ in range(2):
        r = client.post(url, data)
        assert (r.status_code, r["Location"]) == (302, f"/can-bo/tai-lieu/{draft['m'].pk}/ban-dich/fr/")
    assert MaterialTranslation.objects.filter(material=draft["m"]).count() == 1
    r = client.post(url, {**data, "title": "Autre titre"})
    assert r.status_code == 409
    assert "Tài liệu đã có bản dịch français; mở bản dịch đó để sửa." in r.content.decode()
    r = client.post(url, {**data, "language": "vi"})
    assert r.status_code == 422 and MaterialTranslation.objects.count() == 1


# -- staff screens ---------------------------------------------------------------------------------------


def test_staff_add_edit_and_approve_from_the_material_page(world: Any, draft: dict[str, Any]) -> None:
    m = draft["m"]
    drafter, leader = Client(), Client()
    drafter.force_login(world.drafter_a)
    leader.force_login(world.leader_a)
    doc = page(drafter, f"/can-bo/tai-lieu/{m.pk}/")
    assert doc.xpath("//section[@aria-labelledby='cac-ban-dich']//p[@class='empty']")
    assert doc.xpath(f"//a[@href='/can-bo/tai-lieu/{m.pk}/ban-dich/']")
    form = page(drafter, f"/can-bo/tai-lieu/{m.pk}/ban-dich/")
    options = {o.get("value"): o.text_content() for o in form.xpath("//select[@id='id_language']/option")}
    assert options["fr"] == "Tiếng Pháp — français (fr)" and "vi" not in options
    assert form.xpath("//section[@lang='vi']//h3")[0].text_content() == m.title  # the original beside the form
    r = drafter.post(f"/can-bo/tai-lieu/{m.pk}/ban-dich/", {"language": "en", **ENGLISH})
    assert r.status_code == 302
    edit = page(drafter, f"/can-bo/tai-lieu/{m.pk}/ban-dich/en/")
    assert edit.xpath("//textarea[@name='part_need']")[0].get("lang") == "en"
    r = drafter.post(f"/can-bo/tai-lieu/{m.pk}/ban-dich/en/submit/", {**ENGLISH, "title": "Fixed title"})
    assert r.status_code == 302
    t = MaterialTranslation.objects.get()
    assert (t.status, t.title) == (T.SUBMITTED, "Fixed title")
    assert page(drafter, f"/can-bo/tai-lieu/{m.pk}/ban-dich/en/").xpath("//button[.='Phê duyệt']") == []
    assert drafter.post(f"/can-bo/tai-lieu/{m.pk}/ban-dich/en/approve/").status_code == 403
    assert leader.post(f"/can-bo/tai-lieu/{m.pk}/ban-dich/en/approve/").status_code == 302
    listed = page(leader, f"/can-bo/tai-lieu/{m.pk}/").xpath("//ul[@class='translations']/li")
    assert len(listed) == 1
    text = listed[0].text_content()
    assert "Tiếng Anh · English" in text and "Đã phê duyệt" in text and "đang công khai" in text
    shown = page(leader, f"/can-bo/tai-lieu/{m.pk}/ban-dich/en/").xpath("//div[@lang='en']/h3")
    assert shown[0].text_content() == "Fixed title"
    # Saving a locked translation is refused on the page, with the reason.
    r = drafter.post(f"/can-bo/tai-lieu/{m.pk}/ban-dich/en/save/", ENGLISH)
    assert r.status_code == 409 and "Bản dịch đã trình hoặc đã phê duyệt, không sửa được." in r.content.decode()


def test_another_bodys_material_and_translation_are_not_found(world: Any, draft: dict[str, Any]) -> None:
    m = draft["m"]
    translate(world, m, "en", ENGLISH)
    outsider = Client()
    outsider.force_login(world.officer_b)
    for url in (f"/can-bo/tai-lieu/{m.pk}/ban-dich/", f"/can-bo/tai-lieu/{m.pk}/ban-dich/en/"):
        assert outsider.get(url).status_code == 404
    assert outsider.post(f"/can-bo/tai-lieu/{m.pk}/ban-dich/en/save/", ENGLISH).status_code == 404
    with pytest.raises(DomainError) as exc:
        comm.translation_save(actor=world.officer_b, material=m, language="fr", **FRENCH)
    assert exc.value.status == 403
    # On the portal, another draft's page does not show this draft's translation.
    doc_b = register_document(world, body="b", title="Quyết định về chợ")
    c_b = open_consultation(world, doc_b)
    assert Client().get(f"/gop-y/{c_b.pk}/ban-dich/en/").status_code == 404
    assert languages_published(c_b) == []
    drafter = Client()
    drafter.force_login(world.drafter_a)
    assert drafter.get(f"/can-bo/tai-lieu/{m.pk}/ban-dich/de/").status_code == 404


# -- the portal ------------------------------------------------------------------------------------------


def test_draft_page_lists_its_languages_with_hreflang_links(world: Any, draft: dict[str, Any]) -> None:
    c, m = draft["c"], draft["m"]
    translate(world, m, "en", ENGLISH)
    translate(world, m, "fr", FRENCH)
    doc = page(Client(), f"/gop-y/{c.pk}/")
    assert doc.get("lang") == "vi"
    links = {a.get("hreflang"): a.get("href") for a in doc.xpath("//head/link[@rel='alternate'][@hreflang]")}
    base = f"http://testserver/gop-y/{c.pk}/"
    assert links == {"vi": base, "en": base + "ban-dich/en/", "fr": base + "ban-dich/fr/", "x-default": base}
    nav = doc.xpath("//nav[@class='languages']//a")
    assert [(a.get("href"), a.get("lang"), a.text_content()) for a in nav] == [
        (f"/gop-y/{c.pk}/ban-dich/en/", "en", "English"),
        (f"/gop-y/{c.pk}/ban-dich/fr/", "fr", "Français"),
    ]
    article = doc.xpath("//article[@class='material']")
    assert len(article) == 1 and article[0].get("lang") == "vi"
    assert article[0].xpath("h3")[0].text_content() == m.title


def test_draft_page_without_translations_has_no_language_list(draft: dict[str, Any]) -> None:
    doc = page(Client(), f"/gop-y/{draft['c'].pk}/")
    assert doc.xpath("//nav[@class='languages']") == [] and doc.xpath("//link[@rel='alternate'][@hreflang]") == []


@pytest.mark.parametrize("code", ["fr", "zh-hans", "km", "ar"])
def test_translated_page_in_a_language_without_interface(world: Any, draft: dict[str, Any], code: str) -> None:
    text = FRENCH if code == "fr" else OTHERS[code]
    translate(world, draft["m"], code, text)
    doc = page(Client(), f"/gop-y/{draft['c'].pk}/ban-dich/{code}/")
    assert doc.get("lang") == "vi"  # the interface: no catalogue for this language, so Vietnamese
    content = doc.xpath("//div[@class='translated']")[0]
    assert content.get("lang") == code
    assert content.get("dir") == ("rtl" if code == "ar" else "ltr")
    assert content.xpath(".//h2")[0].text_content() == text["title"]
    labels = content.xpath(".//h3")
    assert [h.get("lang") for h in labels] == ["vi"] * 3  # the headings are interface text
    assert labels[0].text_content().startswith("Sự cần thiết")
    assert [p.text_content() for p in content.xpath(".//p")] == [
        text["part_need"],
        text["part_content"],
        text["part_changes"],
    ]
    assert doc.xpath("//h1")[0].text_content().startswith("Thông tin về chính sách")
    current = doc.xpath("//nav[@class='languages']//strong[@aria-current='page']")[0]
    assert current.get("lang") == code


def test_english_chosen_in_the_switcher_shows_the_english_material(world: Any, draft: dict[str, Any]) -> None:
    c, m = draft["c"], draft["m"]
    translate(world, m, "en", ENGLISH)
    client = Client()
    r = client.post("/i18n/setlang/", {"language": "en", "next": f"/gop-y/{c.pk}/"})
    assert r.status_code == 302 and client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    doc = page(client, f"/gop-y/{c.pk}/")
    assert doc.get("lang") == "en"
    assert doc.xpath("//h2[@id='tt']")[0].text_content() == "About the policy"  # the interface in English
    assert doc.xpath("//h1")[0].get("lang") == "vi"  # the draft itself stays Vietnamese, and says so
    article = doc.xpath("//article[@class='material']")[0]
    assert article.get("lang") == "en"
    assert article.xpath("h3")[0].text_content() == ENGLISH["title"]
    assert [p.text_content() for p in article.xpath("p")] == [
        ENGLISH["part_need"],
        ENGLISH["part_content"],
        ENGLISH["part_changes"],
    ]
    original = article.xpath("details")[0]
    assert original.get("lang") == "vi" and original.xpath("h3")[0].text_content() == m.title
    # The English page: interface and content in the same language.
    doc = page(client, f"/gop-y/{c.pk}/ban-dich/en/")
    assert doc.get("lang") == "en" and doc.xpath("//div[@class='translated']")[0].get("lang") == "en"
    assert all(h.get("lang") is None for h in doc.xpath("//div[@class='translated']//h3"))
    # Back to Vietnamese: the original again.
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    article = page(client, f"/gop-y/{c.pk}/").xpath("//article[@class='material']")[0]
    assert article.get("lang") == "vi" and article.xpath("h3")[0].text_content() == m.title


def test_english_interface_without_an_english_translation_shows_the_original(world: Any, draft: dict[str, Any]) -> None:
    translate(world, draft["m"], "fr", FRENCH)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    doc = page(client, f"/gop-y/{draft['c'].pk}/")
    article = doc.xpath("//article[@class='material']")[0]
    assert article.get("lang") == "vi" and article.xpath("h3")[0].text_content() == draft["m"].title
    assert {h.get("lang") for h in article.xpath("h4")} == {"en"}  # English headings inside Vietnamese content


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("vi", "Tài liệu bằng tiếng Việt ở ngay trang dự thảo; trang này dành cho bản dịch."),
        ("xx", "Không có ngôn ngữ “xx”."),
        ("de", "Tài liệu của dự thảo chưa có bản dịch bằng ngôn ngữ này."),
    ],
)
def test_vietnamese_unknown_or_missing_language_is_a_vietnamese_404(
    world: Any, draft: dict[str, Any], code: str, message: str
) -> None:
    translate(world, draft["m"], "en", ENGLISH)
    r = Client().get(f"/gop-y/{draft['c'].pk}/ban-dich/{code}/")
    assert r.status_code == 404 and message in r.content.decode()


def test_a_code_in_another_spelling_redirects_to_its_own(world: Any, draft: dict[str, Any]) -> None:
    translate(world, draft["m"], "zh-hans", OTHERS["zh-hans"])
    r = Client().get(f"/gop-y/{draft['c'].pk}/ban-dich/zh-CN/")
    assert (r.status_code, r["Location"]) == (301, f"/gop-y/{draft['c'].pk}/ban-dich/zh-hans/")


def test_unpublished_translations_are_not_shown(world: Any, draft: dict[str, Any]) -> None:
    c, m = draft["c"], draft["m"]
    comm.translation_save(actor=world.drafter_a, material=m, language="de", **FRENCH)  # draft
    translate(world, m, "fr", FRENCH, approve=False)  # submitted
    # Approved, but its material is only approved, not published yet.
    unpublished = material_for(world.drafter_a, draft["policy"], title="Tờ gấp thứ hai")
    comm.material_submit(actor=world.drafter_a, material=unpublished)
    comm.material_review(actor=world.leader_a, material=unpublished, approve=True)
    translate(world, unpublished, "en", ENGLISH)
    for code in ("de", "fr", "en"):
        assert Client().get(f"/gop-y/{c.pk}/ban-dich/{code}/").status_code == 404
    assert page(Client(), f"/gop-y/{c.pk}/").xpath("//nav[@class='languages']") == []
    assert languages_published(c) == [] and texts_in(c.document, "en") == []
    # Published, the English one appears; flagged secret, the material and its translation go at once.
    comm.material_publish(actor=world.drafter_a, material=unpublished)
    assert languages_published(c) == ["en"]
    assert Client().get(f"/gop-y/{c.pk}/ban-dich/en/").status_code == 200
    comm.material_save(
        actor=world.drafter_a, policy=draft["policy"], material=unpublished, title="x", state_secret=True
    )
    assert languages_published(c) == []
    assert Client().get(f"/gop-y/{c.pk}/ban-dich/en/").status_code == 404


def test_the_api_lists_the_published_languages(world: Any, draft: dict[str, Any]) -> None:
    c, m = draft["c"], draft["m"]
    assert Client().get(f"/api/v1/consultations/{c.pk}").json()["languages"] == []
    translate(world, m, "fr", FRENCH)
    translate(world, m, "en", ENGLISH)
    translate(world, m, "km", OTHERS["km"], approve=False)
    assert Client().get(f"/api/v1/consultations/{c.pk}").json()["languages"] == ["en", "fr"]
    spec = Client().get("/api/v1/openapi.json").json()
    assert "languages" in spec["components"]["schemas"]["ConsultationDetail"]["required"]


# -- what the channel kit reads --------------------------------------------------------------------------


def test_material_text_in_vietnamese_and_in_a_translation(world: Any, draft: dict[str, Any]) -> None:
    c, m = draft["c"], draft["m"]
    translate(world, m, "en", ENGLISH)
    vi = material_text(m, "vi")
    assert (vi["lang"], vi["title"], vi["material_id"], vi["policy_id"]) == ("vi", m.title, m.pk, m.policy_id)
    en = material_text(m, "EN")
    assert en == {"material_id": m.pk, "policy_id": m.policy_id, "lang": "en", "part_other": "", **ENGLISH}
    for code in ("fr", "xx"):
        with pytest.raises(DomainError) as exc:
            material_text(m, code)
        assert (exc.value.code, exc.value.status) == ("translation_missing", 404)
    assert languages_published(c) == languages_published(c.document) == ["en"]
    assert texts_in(c.document, "en") == [en]


# -- the draft page's queries do not grow with the translations ------------------------------------------


def _queries(url: str, language: str = "vi") -> int:
    client = Client()  # a first visit each time (a returning voter's page reads their votes too)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_draft_page_queries_do_not_grow_with_the_translations(world: Any, draft: dict[str, Any]) -> None:
    c, policy = draft["c"], draft["policy"]
    urls = [(f"/gop-y/{c.pk}/", "vi"), (f"/gop-y/{c.pk}/", "en"), (f"/api/v1/consultations/{c.pk}", "vi")]
    translate(world, draft["m"], "en", ENGLISH)
    counts = [_queries(u, lang) for u, lang in urls]
    page_counts = [_queries(f"/gop-y/{c.pk}/ban-dich/en/")]
    for n in range(3):
        m = publish_material(world.drafter_a, world.leader_a, policy, title=f"Tờ gấp {n}")
        for code, text in (("en", ENGLISH), ("fr", FRENCH), *OTHERS.items()):
            translate(world, m, code, text)
    assert MaterialTranslation.objects.count() == 1 + 3 * 5
    assert [_queries(u, lang) for u, lang in urls] == counts
    assert [_queries(f"/gop-y/{c.pk}/ban-dich/en/")] == page_counts
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert len(page(english, f"/gop-y/{c.pk}/").xpath("//article[@lang='en']")) == 4


# -- the demo --------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_demo_draft_is_in_english_and_french() -> None:
    from policycomm.consultation.models import Consultation
    from policycomm.demo.data import load_demo
    from policycomm.demo.translations import TEXTS

    load_demo()
    c = Consultation.objects.get(title="Lấy ý kiến dự thảo Nghị quyết về tạm sử dụng lòng đường, vỉa hè")
    assert c.status == "open" and languages_published(c) == ["en", "fr"]
    assert Client().get(f"/api/v1/consultations/{c.pk}").json()["languages"] == ["en", "fr"]
    french = page(Client(), f"/gop-y/{c.pk}/ban-dich/fr/").xpath("//div[@lang='fr']//h2")
    assert [h.text_content() for h in french] == [TEXTS["fr"]["title"]]
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    article = page(english, f"/gop-y/{c.pk}/").xpath("//article[@lang='en']/h3")
    assert [h.text_content() for h in article] == [TEXTS["en"]["title"]]


# -- the leader hears of a translation waiting ----------------------------------------------------------


def test_a_submitted_translation_waits_in_the_leaders_queue_and_inbox(world: Any, draft: dict[str, Any]) -> None:
    from django.utils import timezone

    from policycomm.notifications.delivery import deliver_events
    from policycomm.notifications.models import Notification
    from policycomm.notifications.reminders import translation_awaiting_approval

    m = draft["m"]
    translate(world, m, "fr", FRENCH, approve=False)
    link = f"/can-bo/tai-lieu/{m.pk}/ban-dich/fr/"
    leader, drafter = Client(), Client()
    leader.force_login(world.leader_a)
    drafter.force_login(world.drafter_a)
    queue = page(leader, "/can-bo/").xpath(f"//*[@id='hang-approvals']//a[@href='{link}']")
    assert [a.text_content().strip() for a in queue] == [FRENCH["title"]]
    assert link not in drafter.get("/can-bo/").content.decode()
    events = list(translation_awaiting_approval(timezone.now()))
    assert [(e.recipients, e.link) for e in events] == [((world.leader_a.pk,), link)]
    assert events[0].title == f"Bản dịch Tiếng Pháp của tài liệu “{m.title}” chờ phê duyệt"
    deliver_events(events)
    deliver_events(list(translation_awaiting_approval(timezone.now())))
    assert Notification.objects.filter(recipient=world.leader_a, link=link).count() == 1
    comm.translation_review(actor=world.leader_a, translation=MaterialTranslation.objects.get(), approve=True)
    assert list(translation_awaiting_approval(timezone.now())) == []
    assert link not in leader.get("/can-bo/").content.decode()
