"""Demo synthesis report: the adopted ward regulation's report, built over both rounds (DOCX and PDF) and
published, so that its portal pages offer it for download. Built through the consultation services."""

from __future__ import annotations

from typing import Any

from policycomm.consultation import services as cons
from policycomm.consultation.models import Consultation
from policycomm.consultation.tasks import build_synthesis_report
from policycomm.orgs.models import Organisation


def synthesis_demo(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    drafter = users["phuong.soanthao"]
    draft = Consultation.objects.get(
        document__drafting_body=orgs["ward_office"], phase=Consultation.Phase.DRAFT, title__contains="tổ dân phố"
    )
    for c in draft.document.consultations.filter(dispositions_published_at__isnull=True):
        cons.dispositions_publish(actor=drafter, consultation=c)  # the proposal round, which had no comments
    report = cons.report_request(actor=drafter, consultation=draft)
    build_synthesis_report.call(report.pk)  # now, not by the worker: the demo publishes it at once
    report.refresh_from_db()
    cons.report_publish(actor=drafter, report=report)
