"""The compact search box in the portal header (issue 13): on every citizen page, a plain GET form to /tim-kiem/
with its own label and ids; left out where the page has the full search form, and on staff screens."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

import policycomm


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.forms: list[dict[str, str]] = []
        self.inputs: list[dict[str, str]] = []
        self.label_for: list[str] = []
        self._in_header = 0
        self.header_forms: list[dict[str, str]] = []
        self.header_inputs: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids[a["id"]] += 1
        if tag == "header":
            self._in_header += 1
        if tag == "form":
            self.forms.append(a)
            if self._in_header:
                self.header_forms.append(a)
        if tag == "input":
            self.inputs.append(a)
            if self._in_header:
                self.header_inputs.append(a)
        if tag == "label" and a.get("for"):
            self.label_for.append(a["for"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "header":
            self._in_header -= 1


def parse(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    return p


def header_search(p: _Page) -> list[dict[str, str]]:
    return [f for f in p.header_forms if f.get("action") == "/tim-kiem/"]


@pytest.mark.parametrize("path", ["consultation", "/tra-cuu/", "/dang-nhap/"])
def test_citizen_pages_have_the_header_search(consultation: Any, path: str) -> None:
    url = f"/gop-y/{consultation.pk}/" if path == "consultation" else path
    r = Client().get(url)
    assert r.status_code == 200, url
    page = parse(r.content.decode())
    forms = header_search(page)
    assert len(forms) == 1, url
    assert forms[0].get("method") == "get"
    (box,) = [i for i in page.header_inputs if i.get("name") == "q"]
    assert box["type"] == "search"
    assert box["id"] in page.label_for  # a real label, not only a placeholder
    assert "Tìm dự thảo" in r.content.decode()
    assert [i for i, n in page.ids.items() if n > 1] == [], url


@pytest.mark.parametrize("url", ["/", "/tim-kiem/", "/tim-kiem/?q=phi"])
def test_pages_with_the_full_form_do_not_repeat_it(db: Any, url: str) -> None:
    r = Client().get(url)
    page = parse(r.content.decode())
    assert header_search(page) == []
    assert [i for i in page.inputs if i.get("name") == "q" and i.get("type") == "search"]
    assert [i for i, n in page.ids.items() if n > 1] == []


def test_header_search_works_without_javascript(consultation: Any) -> None:
    """The box is a GET form: submitting it is just loading the search page with ``q``."""
    r = Client().get("/tim-kiem/", {"q": consultation.document.title.split()[0]})
    assert r.status_code == 200
    assert f'href="/gop-y/{consultation.pk}/' in r.content.decode()


def test_staff_screens_have_no_citizen_search(world: Any) -> None:
    client = Client()
    client.force_login(world.users["drafter_a"])
    page = parse(client.get("/can-bo/").content.decode())
    assert header_search(page) == []


def test_print_hides_the_header_search() -> None:
    css = (Path(policycomm.__file__).parent / "static" / "css" / "site.css").read_text()
    print_block = css[css.index("@media print") :]
    hidden = re.search(r"([^{}]+)\{\s*display:\s*none\s*!important", print_block)
    assert hidden is not None
    selectors = {s.strip() for s in hidden.group(1).split(",")}
    assert ".topbar" in selectors and "form" in selectors
