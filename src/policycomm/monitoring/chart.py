"""The coverage chart per period, drawn on the server as SVG with pygal, readable without JavaScript.

pygal's output carries a configuration script and a tooltip group meant for its JavaScript: both are
removed. Its ``<style>`` is removed too (the page's CSP allows no inline style): the same rules, scoped to
``#coverage-chart``, are the static file ``static/css/chart.css``, which ``chart_css()`` regenerates (a test
checks that they are equal). The SVG is labelled by its own ``<title>`` and ``<desc>``; the same figures are
in the table beside it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import pygal
from lxml import etree
from pygal.style import Style

from .selectors import PeriodRow

SVG = "{http://www.w3.org/2000/svg}"

STYLE = Style(
    background="transparent",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#52606d",
    colors=("#a3161a", "#a8a8a0"),
    value_colors=("#1a1a1a", "#1a1a1a"),
    font_family="'Noto Sans', 'Liberation Sans', Arial, sans-serif",
    title_font_size=17,
    legend_font_size=15,
    label_font_size=15,
    major_label_font_size=15,
    value_font_size=15,
    opacity="1",
    opacity_hover="1",
)


CHART_ID = "coverage-chart"


def _chart(n_labels: int, longest: int = 4) -> pygal.Bar:
    return pygal.Bar(
        style=STYLE,
        width=520,
        height=340,
        range=(0, 100),
        include_x_axis=True,
        print_values=True,
        print_zeroes=True,
        print_values_position="top",
        value_formatter=lambda v: f"{v:.0f}%",
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        disable_xml_declaration=True,
        js=[],
        show_y_guides=True,
        truncate_label=-1,
        x_label_rotation=0 if n_labels * max(longest, 4) <= 28 else 30,
        margin=12,
        spacing=8,
    )


def chart_css() -> str:
    """The stylesheet pygal writes for our style, scoped to ``#coverage-chart`` (``static/css/chart.css``)."""
    chart = _chart(1)
    for name in ("ratio", "target"):  # a rule per series colour
        chart.add(name, [1])
    root = etree.fromstring(chart.render(is_unicode=True).encode())
    css = "".join(node.text or "" for node in root.iter(f"{SVG}style"))
    return css.replace(f"#{root.get('id')}", f"#{CHART_ID}").strip() + "\n"


def coverage_chart(rows: Sequence[PeriodRow], *, title: str, description: str, series: tuple[str, str]) -> str:
    """An SVG bar chart: the covered percentage per period beside the year's target."""
    chart = _chart(len(rows), max((len(r.label) for r in rows), default=4))
    chart.title = title
    chart.x_labels = [r.label for r in rows]
    chart.add(series[0], [r.figures.percent for r in rows])
    chart.add(series[1], [r.target for r in rows])
    return _clean(chart.render(is_unicode=True), description=description)


def _drop(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is not None:
        parent.remove(node)


def _clean(svg: str, *, description: str) -> str:
    root = etree.fromstring(svg.encode())
    for node in list(root.iter(f"{SVG}script", f"{SVG}style")):
        _drop(node)
    for node in list(root.iter(f"{SVG}g")):
        if "tooltip" in (node.get("class") or "").split():
            _drop(node)
    root.set("id", CHART_ID)
    for node in root.iter():
        if node.get("style"):
            del node.attrib["style"]
    uid = uuid.uuid4().hex[:8]
    title = root.find(f"{SVG}title")
    if title is None:
        title = etree.Element(f"{SVG}title")
        root.insert(0, title)
    else:
        root.remove(title)
        root.insert(0, title)
    title.set("id", f"chart-title-{uid}")
    desc = etree.Element(f"{SVG}desc")
    desc.set("id", f"chart-desc-{uid}")
    desc.text = description
    root.insert(1, desc)
    root.set("role", "img")
    root.set("aria-labelledby", f"chart-title-{uid} chart-desc-{uid}")
    root.set("class", (root.get("class") or "") + " coverage-chart")
    for attr in ("width", "height"):
        root.attrib.pop(attr, None)
    return etree.tostring(root, encoding="unicode")
