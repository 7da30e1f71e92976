"""Reads of the channel kit: what the public may pull, and what the staff screen shows."""

from __future__ import annotations

from policycomm.consultation.models import Consultation

from .builders import ORDER
from .kit import kit_languages
from .models import ChannelOutput
from .source import secret_reason

_RANK: dict[str, int] = {str(k): i for i, k in enumerate(ORDER)}


def kit_outputs(consultation: Consultation, *, lang: str | list[str] = "vi") -> list[ChannelOutput]:
    """The outputs made for the consultation in ``lang`` (or in each of a list of languages, language by
    language), in the kit's order."""
    langs = [lang] if isinstance(lang, str) else lang
    rows = list(ChannelOutput.objects.filter(consultation=consultation, lang__in=langs))
    return sorted(rows, key=lambda o: (langs.index(o.lang), _RANK.get(o.kind, 99)))


def public_kit(consultation: Consultation, *, lang: str | None = "vi") -> list[ChannelOutput]:
    """What anyone may pull, in ``lang`` (None: every language): nothing at all while any of the draft's
    content is flagged state secret, nothing in a language whose translation is not (or no longer) public."""
    if secret_reason(consultation) is not None:
        return []
    if lang == "vi":  # always made: no need to read which translations are public
        return kit_outputs(consultation, lang=lang)
    langs = kit_languages(consultation)
    if lang is not None:
        langs = [lang] if lang in langs else []
    return kit_outputs(consultation, lang=langs) if langs else []
