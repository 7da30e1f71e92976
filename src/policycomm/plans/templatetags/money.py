"""Amounts of money as Vietnamese write them: 18.500.000 đ."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def vnd(value: object) -> str:
    try:
        n = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return "—"
    return f"{n:,}".replace(",", ".") + " đ"
