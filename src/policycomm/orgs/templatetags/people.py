from typing import Any

from django import template

from policycomm.orgs.access import display_name

register = template.Library()


@register.filter
def vn_name(user: Any) -> str:
    """A person's name in Vietnamese order."""
    return display_name(user) if user else ""
