"""``{% published_synthesis c as report %}``: the synthesis report published for a consultation's document."""

from __future__ import annotations

from django import template

from policycomm.consultation.models import Consultation, SynthesisReport
from policycomm.consultation.reports import published_report

register = template.Library()


@register.simple_tag
def published_synthesis(c: Consultation) -> SynthesisReport | None:
    return published_report(c.document_id)
