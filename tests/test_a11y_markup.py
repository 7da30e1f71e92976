"""Portal forms with errors: the error summary comes first, is focusable and links to each field in error;
every aria-describedby target exists on the page (issue 13, section 4)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from policycomm.consultation.models import Comment, Consultation

from .factories import ALL_TO_DRAFT_CONSULTATION, advance, open_consultation, register_document


@pytest.fixture
def c(world: Any) -> Any:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return open_consultation(world, doc)


def assert_describedby_targets_exist(html: str) -> None:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    for value in re.findall(r'aria-describedby="([^"]*)"', html):
        for target in value.split():
            assert target in ids, f"aria-describedby names {target!r}, which is not on the page"


def assert_summary_first_in_form(html: str, *field_ids: str) -> None:
    summary = re.search(r'<div class="alert error-summary"[^>]*>', html)
    assert summary, "no error summary"
    tag = summary.group(0)
    assert 'tabindex="-1"' in tag and re.search(r'\sid="[^"]+"', tag)
    form_start = html.rfind("<form", 0, summary.start())
    between = re.sub(r'<input type="hidden"[^>]*>', "", html[html.index(">", form_start) + 1 : summary.start()])
    assert between.strip() == "", f"something before the error summary: {between!r}"
    for fid in field_ids:
        assert f'href="#{fid}"' in html[summary.start() :]
        assert f'id="{fid}"' in html
    assert "js/focus-error.js" in html


def test_comment_form_errors(c: Any) -> None:
    r = Client().post(f"/gop-y/{c.pk}/y-kien/", {"text": "", "submitter_type": "", "consent": ""})
    html = r.content.decode()
    assert 400 <= r.status_code < 500
    assert_summary_first_in_form(html, "id_text")
    assert 'aria-invalid="true"' in html
    assert_describedby_targets_exist(html)


def test_comment_form_without_errors_has_no_summary_and_valid_describedby(c: Any) -> None:
    html = Client().get(f"/gop-y/{c.pk}/y-kien/").content.decode()
    assert "error-summary" not in html
    assert_describedby_targets_exist(html)


def test_lookup_error(c: Any) -> None:
    r = Client().get("/tra-cuu/?ma=GY-KHONG-CO")
    html = r.content.decode()
    assert_summary_first_in_form(html, "ma")
    assert_describedby_targets_exist(html)


def test_login_and_code_errors(c: Any) -> None:
    client = Client()
    html = client.post("/dang-nhap/gui-ma/", {"email": "khong-phai-email"}).content.decode()
    assert_summary_first_in_form(html, "dn-email-o")
    assert_describedby_targets_exist(html)
    client.post("/dang-nhap/gui-ma/", {"email": "dan@example.vn"})
    html = client.post("/dang-nhap/nhap-ma/", {"email": "dan@example.vn", "code": "000000"}).content.decode()
    assert_summary_first_in_form(html, "dn-ma")
    assert_describedby_targets_exist(html)


def test_report_form_errors(c: Any) -> None:
    Consultation.objects.filter(pk=c.pk).update(comment_visibility=Consultation.Visibility.POST_MODERATED)
    client = Client()
    client.post(f"/gop-y/{c.pk}/y-kien/", {"text": "Giảm phí", "submitter_type": "individual", "consent": "on"})
    cm = Comment.objects.get()
    r = client.post(f"/gop-y/{c.pk}/y-kien/{cm.pk}/bao-cao/", {"reason": ""})
    html = r.content.decode()
    assert 400 <= r.status_code < 500
    assert_summary_first_in_form(html)
    assert_describedby_targets_exist(html)
