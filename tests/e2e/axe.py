"""axe-core in the browser tests (issue 13 §4): WCAG 2.1 A and AA rules, every violation printed."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_AXE = Axe()


def violations(page: Page) -> list[dict[str, Any]]:
    results = _AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    found: list[dict[str, Any]] = results.response.get("violations", [])
    return found


def describe(found: list[dict[str, Any]]) -> str:
    lines = []
    for v in found:
        targets = ", ".join(" ".join(map(str, n.get("target", []))) for n in v.get("nodes", []))
        lines.append(f"{v['id']} [{v.get('impact')}]: {v.get('help')} — {targets}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, where: str = "") -> None:
    found = violations(page)
    if found:
        report = describe(found)
        print(f"axe violations on {where or page.url}:\n{report}")  # noqa: T201 — shown with -s on failure
        raise AssertionError(f"{len(found)} axe violation(s) on {where or page.url}:\n{report}")
