"""Translation: Vietnamese by default everywhere, English when a person chooses it."""

from __future__ import annotations

import datetime as dt
import gettext
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from django.utils.timesince import TIME_STRINGS, timesince, timeuntil

from policycomm.consultation.models import Comment, Consultation, choice_label
from policycomm.errors import DomainError
from policycomm.lawmaking import services as law
from policycomm.portal.templatetags.durations import DJANGO_TIME_UNITS, duration, time_left

from .factories import ALL_TO_DRAFT_CONSULTATION, advance, open_consultation, register_document

# Django keeps the number and its unit together with a no-break space.
NBSP = "\xa0"
LOCALE = Path(settings.LOCALE_PATHS[0])


@pytest.fixture
def two_open(world: Any) -> list[Any]:
    """Two consultations closing in 19 days and in 12 minutes (with a margin for the time the test takes)."""
    first = register_document(world, title="Nghị quyết quy định phí sử dụng vỉa hè")
    second = register_document(world, title="Nghị quyết về chợ đêm")
    out = []
    for doc, left in ((first, dt.timedelta(days=19, seconds=50)), (second, dt.timedelta(minutes=12, seconds=50))):
        advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
        out.append(open_consultation(world, doc, closes_in=left))
    return out


def english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_home_page_durations_are_vietnamese(two_open: list[Any]) -> None:
    html = Client().get("/").content.decode()
    assert f"(còn 2{NBSP}tuần 5{NBSP}ngày)" in html
    assert f"(còn 12{NBSP}phút)" in html
    assert "week" not in html and "minute" not in html


def test_home_page_in_english_for_who_chose_it(two_open: list[Any]) -> None:
    r = english_client().get("/")
    html = r.content.decode()
    assert r["Content-Language"] == "en" and '<html lang="en">' in html
    assert "<h1>Drafts open for public comment</h1>" in html
    assert "Comments close: <time" in html
    assert f"(2{NBSP}weeks, 5{NBSP}days left)" in html
    assert f"(12{NBSP}minutes left)" in html
    assert "Drafting body: Sở Tư pháp" in html
    assert "Consultation on the draft" in html  # the consultation's phase, a model choice


def test_durations_follow_the_active_language() -> None:
    now = timezone.now()
    with translation.override("en"):
        assert time_left(now + dt.timedelta(days=19, seconds=50)) == f"2{NBSP}weeks, 5{NBSP}days"
        assert duration(dt.timedelta(minutes=15)) == f"15{NBSP}minutes"
    with translation.override("vi"):
        assert time_left(now + dt.timedelta(days=19, seconds=50)) == f"2{NBSP}tuần 5{NBSP}ngày"
        assert duration(dt.timedelta(days=400)) == f"1{NBSP}năm 1{NBSP}tháng"
        assert duration(dt.timedelta(hours=3, minutes=5)) == f"3{NBSP}giờ 5{NBSP}phút"
        assert time_left(now - dt.timedelta(minutes=1)) == f"0{NBSP}phút"
        assert time_left(None) == ""


def test_django_own_duration_filters_are_vietnamese_too() -> None:
    """Django's vi catalogue lacks the "%(num)d week" msgids; ours supplies them to |timeuntil and |timesince."""
    now = timezone.now()
    with translation.override("vi"):
        assert timeuntil(now + dt.timedelta(days=19, seconds=50), now) == f"2{NBSP}tuần, 5{NBSP}ngày"
        assert timesince(now - dt.timedelta(days=3, seconds=50), now) == f"3{NBSP}ngày"
        assert timesince(now - dt.timedelta(days=800), now) == f"2{NBSP}năm, 2{NBSP}tháng"
        assert timesince(now - dt.timedelta(hours=5, minutes=1), now) == f"5{NBSP}giờ, 1{NBSP}phút"


def test_our_catalogue_carries_djangos_current_duration_msgids() -> None:
    """When Django renames them, this fails and DJANGO_TIME_UNITS (and the vi catalogue) must follow."""
    assert DJANGO_TIME_UNITS.keys() == TIME_STRINGS.keys()
    with translation.override(None):  # no catalogue: each string is its msgid
        for unit, ours in DJANGO_TIME_UNITS.items():
            for n in (1, 2):
                assert ours % {"num": n} == TIME_STRINGS[unit] % {"num": n}


def test_browser_language_alone_does_not_switch(two_open: list[Any]) -> None:
    r = Client().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = r.content.decode()
    assert r["Content-Language"] == "vi" and '<html lang="vi">' in html
    assert "Dự thảo đang lấy ý kiến nhân dân" in html and f"(còn 12{NBSP}phút)" in html


def test_unknown_language_cookie_falls_back_to_vietnamese(db: Any) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    r = client.get("/")
    assert r["Content-Language"] == "vi" and "Dự thảo đang lấy ý kiến nhân dân" in r.content.decode()


def test_person_switches_language_in_the_footer(db: Any) -> None:
    client = Client()
    html = client.get("/tra-cuu/").content.decode()
    assert 'action="/i18n/setlang/"' in html and '<option value="en" lang="en">English</option>' in html
    r = client.post("/i18n/setlang/", {"language": "en", "next": "/tra-cuu/"})
    assert r.status_code == 302 and r["Location"] == "/tra-cuu/"
    html = client.get("/tra-cuu/").content.decode()
    assert "<h1>Look up a comment you sent</h1>" in html
    assert '<option value="en" lang="en" selected>English</option>' in html
    client.post("/i18n/setlang/", {"language": "vi", "next": "/tra-cuu/"})
    assert "<h1>Tra cứu ý kiến đã gửi</h1>" in client.get("/tra-cuu/").content.decode()


def test_staff_pages_in_english(world: Any, two_open: list[Any]) -> None:
    client = english_client()
    html = client.get("/can-bo/dang-nhap/").content.decode()
    assert "<h1>Staff sign-in</h1>" in html and ">Username</label>" in html and ">Sign in</button>" in html
    client.force_login(world.drafter_a)
    html = client.get("/can-bo/").content.decode()
    assert "<h1>Documents in preparation</h1>" in html and "Register a new document" in html
    assert "Consultation on the draft" in html  # the stage, from lawmaking.rules
    client.force_login(world.monitor)
    html = client.get("/can-bo/giam-sat/").content.decode()
    assert "<h1>Monitoring the communication of draft policies</h1>" in html and "Plans, training and budget" in html


def test_lockout_says_how_long_in_the_active_language(world: Any, settings: Any) -> None:
    settings.AXES_COOLOFF_TIME = 1  # hours
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        r = client.post("/can-bo/dang-nhap/", {"username": "drafter_a", "password": "wrong"})
    assert r.status_code == 429
    assert f"Vui lòng thử lại sau 1{NBSP}giờ hoặc liên hệ quản trị viên." in r.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = client.post("/can-bo/dang-nhap/", {"username": "drafter_a", "password": "wrong"})
    assert f"Please try again in 1{NBSP}hour or contact the administrator." in r.content.decode()


def test_service_messages_in_the_active_language(world: Any) -> None:
    def refusal() -> str:
        with pytest.raises(DomainError) as e:
            law.document_register(
                actor=world.drafter_a,
                title=" ",
                doc_type="provincial_resolution",
                issuing_authority=world.hdnd,
                drafting_body=world.body_a,
            )
        return e.value.message

    assert refusal() == "Vui lòng nhập tên văn bản."
    with translation.override("en"):
        assert refusal() == "Please enter the document's title."
        assert translation.gettext("Dự thảo đang lấy ý kiến") == "Drafts open for comment"


def _po(lang: str) -> dict[Any, str]:
    """The translated entries of a .po, keyed as Python's gettext keys a compiled catalogue."""
    with (LOCALE / lang / "LC_MESSAGES" / "django.po").open("rb") as f:
        catalogue = read_po(f)
    out: dict[Any, str] = {}
    for m in catalogue:
        if not m.id or m.fuzzy:
            continue
        ctx = f"{m.context}\x04" if m.context else ""
        if isinstance(m.id, str):
            if m.string:
                out[ctx + m.id] = m.string
        elif all(m.string):
            out.update({(ctx + m.id[0], i): s for i, s in enumerate(m.string)})
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_compiled_catalogues_match_their_po(lang: str) -> None:
    """The committed .mo is what `make messages` compiles from the committed .po (run it after editing a .po)."""
    with (LOCALE / lang / "LC_MESSAGES" / "django.mo").open("rb") as f:
        compiled = dict(gettext.GNUTranslations(f)._catalog)  # type: ignore[attr-defined]
    compiled.pop("", None)  # the header
    assert compiled == _po(lang)


def test_catalogues_cover_the_durations_and_the_english_pages() -> None:
    vi, en = _po("vi"), _po("en")
    assert vi[("%(num)d week", 0)] == "%(num)d tuần"
    assert vi["between the units of a duration\x04, "] == " "
    assert en["Cán bộ đăng nhập"] == "Staff sign-in"
    assert len(en) > 400


def test_choice_labels_follow_the_language_and_keep_unknown_values() -> None:
    """The portal's lists read choice labels from the enum (``choice_label``), in the active language, as
    ``get_FOO_display`` does; a value that is no longer a choice shows as stored instead of failing."""
    c = Consultation(phase="draft")
    cm = Comment(submitter_type="organisation", name="Hội Luật gia", disposition="accepted")
    with translation.override("vi"):
        assert c.phase_label == c.get_phase_display() == "Lấy ý kiến dự thảo"
        assert cm.disposition_label == cm.get_disposition_display() != ""
        assert cm.public_submitter == f"{cm.get_submitter_type_display()}: Hội Luật gia"
    with translation.override("en"):
        assert c.phase_label == str(c.get_phase_display())
        assert c.phase_label != "Lấy ý kiến dự thảo"
    assert choice_label(Consultation.Phase, "retired-phase") == "retired-phase"
    assert Comment(disposition="").disposition_label == ""
