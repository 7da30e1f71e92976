"""Reads of the channel kit: what the public may pull, and what the staff screen shows."""

from __future__ import annotations

from policycomm.consultation.models import Consultation

from .builders import ORDER
from .models import ChannelOutput
from .source import secret_reason

_RANK: dict[str, int] = {str(k): i for i, k in enumerate(ORDER)}


def kit_outputs(consultation: Consultation, *, lang: str = "vi") -> list[ChannelOutput]:
    """The outputs made for the consultation in ``lang``, in the kit's order."""
    rows = list(ChannelOutput.objects.filter(consultation=consultation, lang=lang))
    return sorted(rows, key=lambda o: _RANK.get(o.kind, 99))


def public_kit(consultation: Consultation, *, lang: str = "vi") -> list[ChannelOutput]:
    """What anyone may pull: nothing at all while any of the draft's content is flagged state secret."""
    if secret_reason(consultation) is not None:
        return []
    return kit_outputs(consultation, lang=lang)
