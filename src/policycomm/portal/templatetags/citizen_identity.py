"""``{% citizen_identity as identity %}``: the citizen identity from the session (no query)."""

from __future__ import annotations

from typing import Any

from django import template

from policycomm.identity.session import CitizenIdentity, current_identity

register = template.Library()


@register.simple_tag(takes_context=True)
def citizen_identity(context: dict[str, Any]) -> CitizenIdentity | None:
    request = context.get("request")
    return current_identity(request) if request is not None else None
