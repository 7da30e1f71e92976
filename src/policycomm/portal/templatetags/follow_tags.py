"""The choices of the home page's follow form (provinces and sectors: two queries, whatever the data)."""

from __future__ import annotations

from typing import TypedDict

from django import template

from policycomm.lawmaking.models import Sector
from policycomm.orgs.models import AdminUnit

register = template.Library()


class FollowChoices(TypedDict):
    provinces: list[AdminUnit]
    sectors: list[Sector]


@register.simple_tag
def follow_choices() -> FollowChoices:
    from policycomm.portal.follow import provinces, sectors

    return {"provinces": provinces(), "sectors": sectors()}
