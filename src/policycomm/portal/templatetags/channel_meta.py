"""Open Graph and Twitter card metadata for the draft's page: a shared link shows the kit's image card."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from policycomm.channels.models import ChannelOutput
from policycomm.consultation.models import Consultation

register = template.Library()


@register.inclusion_tag("portal/channel_meta.html", takes_context=True)
def channel_meta(context: dict[str, Any], c: Consultation, materials: list[Any]) -> dict[str, Any]:
    request = context["request"]
    card = (
        ChannelOutput.objects.filter(consultation=c, kind=ChannelOutput.Kind.SOCIAL_IMAGE, lang="vi")
        .exclude(file="")
        .exists()
    )
    description = c.intro or (materials[0].part_need if materials else "") or c.title
    image = ""
    if card and materials:  # no published material (or a secret one): no card is served
        image = request.build_absolute_uri(
            reverse("portal:channel_file", kwargs={"pk": c.pk, "kind": ChannelOutput.Kind.SOCIAL_IMAGE})
        )
    return {
        "title": c.document.title,
        "description": " ".join(description.split())[:300],
        "url": request.build_absolute_uri(reverse("portal:consultation", kwargs={"pk": c.pk})),
        "image": image,
    }
