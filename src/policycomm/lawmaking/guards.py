"""Preconditions on stage transitions contributed by the apps above law-making.

A document's stage machine lives here, but some of its preconditions are facts other apps own
(a consultation's answers published, later an appraisal record). Those apps register a guard in
their ``AppConfig.ready``; ``document_transition`` calls every guard, which refuses with a
``DomainError`` saying what is missing. Law-making never imports the apps that build on it.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import LegalDocument

TransitionGuard = Callable[[LegalDocument, str], None]

_GUARDS: list[TransitionGuard] = []


def register_transition_guard(guard: TransitionGuard) -> None:
    if guard not in _GUARDS:
        _GUARDS.append(guard)


def check_transition_guards(document: LegalDocument, to_stage: str) -> None:
    for guard in _GUARDS:
        guard(document, to_stage)
