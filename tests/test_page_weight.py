"""Issue 13 §5: a draft page weighs at most 100 KB (HTML + the CSS, JS and fonts it links; downloads aside) and
its core (reading, the comment link, the forms) needs no JavaScript. ``bench/portal.py`` prints the same figure."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any, TypedDict

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

BUDGET = 100 * 1024
URL_IN_CSS = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
ASSET_EXT = (".css", ".js", ".woff", ".woff2", ".ttf", ".otf")


class Weight(TypedDict):
    total: int
    files: dict[str, int]
    scripts: int


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.scripts = 0
        self.forms: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script":
            # The only script allowed is the deferred one that moves focus to a form's error summary: an
            # enhancement, since without it the summary is still first in the form and links to each field.
            if not (a.get("src", "").endswith("js/focus-error.js") and "defer" in a):
                self.scripts += 1
            if a.get("src"):
                self.assets.append(a["src"])
        elif tag == "link" and ("stylesheet" in a.get("rel", "") or a.get("rel") == "preload"):
            self.assets.append(a.get("href", ""))
        elif tag == "form":
            self.forms.append(a)


def _static_file(url: str) -> str | None:
    path = url.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith(settings.STATIC_URL):
        return None
    found = finders.find(path[len(settings.STATIC_URL) :])
    return str(found) if found else None


def page_weight(html: bytes) -> Weight:
    """HTML plus every static CSS/JS/font file it links (and the fonts and imports those stylesheets link)."""
    parser = _Links()
    parser.feed(html.decode())
    files: dict[str, int] = {}
    todo = list(parser.assets)
    while todo:
        url = todo.pop()
        if url in files or not url.lower().split("?")[0].endswith(ASSET_EXT):
            continue
        found = _static_file(url)
        assert found, f"linked file not found in the static dirs: {url}"
        data = open(found, "rb").read()  # noqa: SIM115 - small static files
        files[url] = len(data)
        if url.endswith(".css"):
            base = url.rsplit("/", 1)[0] + "/"
            for ref in URL_IN_CSS.findall(data.decode()):
                if not ref.startswith(("data:", "http:", "https:", "#")):
                    todo.append(ref if ref.startswith("/") else base + ref)
    return {"total": len(html) + sum(files.values()), "files": files, "scripts": parser.scripts}


def _draft_page(world: Any) -> tuple[bytes, Any]:
    from policycomm.consultation import services as cons
    from policycomm.lawmaking import services as law

    from .factories import ALL_TO_DRAFT_CONSULTATION, advance, open_consultation, publish_material, register_document
    from .factories import screen_in_scope as screen

    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    p = screen(world.drafter_a, law.policy_add(actor=world.drafter_a, document=doc, title="Thu phí sử dụng vỉa hè"))
    publish_material(world.drafter_a, world.leader_a, p)
    c = open_consultation(world, doc)
    cons.statement_add(actor=world.drafter_a, consultation=c, text="Nên miễn phí cho hộ kinh doanh nhỏ.")
    r = Client().get(f"/gop-y/{c.pk}/")
    assert r.status_code == 200
    return r.content, c


def test_draft_page_weighs_at_most_100_kb(world: Any) -> None:
    html, _c = _draft_page(world)
    w = page_weight(html)
    assert w["files"], "the page links its stylesheet"
    assert w["total"] <= BUDGET, (w["total"], w["files"])


def test_draft_page_core_needs_no_javascript(world: Any) -> None:
    html, c = _draft_page(world)
    text = html.decode()
    parser = _Links()
    parser.feed(text)
    assert parser.scripts == 0, "the draft page carries no script beyond focus-error.js: everything is links and forms"
    assert not re.search(r"\son[a-z]+\s*=", text), "no inline event handlers"
    # The comment form posts to the server as a plain form; votes are plain forms too.
    assert any(f.get("method", "").lower() == "post" and f"/gop-y/{c.pk}/" in f.get("action", "") for f in parser.forms)
    assert 'href="javascript:' not in text
