"""Demo: comments shown while the window is open (post-moderation) on the open draft, and one comment put on
hold by three citizens' reports, waiting in the moderator's queue (/can-bo/lay-y-kien/<id>/kiem-duyet/)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from policycomm.consultation.access import can_set_comment_visibility
from policycomm.consultation.models import Consultation
from policycomm.consultation.visible import comment_report, visibility_set
from policycomm.orgs.models import Organisation

from .versions import OPEN_TITLE

REPORTERS = ("203.0.113.10", "203.0.113.11", "203.0.113.12")


def visible_demo(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    c = (
        Consultation.objects.select_related("document__drafting_body")
        .filter(document__title__startswith=OPEN_TITLE, closes_at__gt=timezone.now())
        .order_by("-pk")
        .first()
    )
    if c is None:
        return
    drafter = next((u for u in users.values() if can_set_comment_visibility(u, c)), None)
    if drafter is None:
        return
    visibility_set(actor=drafter, consultation=c, visibility=Consultation.Visibility.POST_MODERATED)
    comment = c.comments.filter(hidden=False, held=False).order_by("pk").last()
    if comment is None:
        return
    for address in REPORTERS:  # one report per address: a second load changes nothing
        comment_report(comment=comment, address=address, reason="Nội dung không liên quan đến dự thảo")
