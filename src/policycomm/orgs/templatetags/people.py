from django import template

from policycomm.orgs.access import UserLike, display_name

register = template.Library()


@register.filter
def vn_name(user: UserLike | None) -> str:
    """A person's name in Vietnamese order."""
    return display_name(user) if user else ""
