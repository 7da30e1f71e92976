"""Open data: the published answers of one consultation as CSV and JSON, without personal data.

Only consultations whose answers are published (``dispositions_published_at`` set) have files; before that,
404. Hidden comments are left out. Individuals' names, e-mails, organisations and attachments never leave
the database: the rows are built from a fixed list of columns (``values()``), not from the model. Rows are
streamed from ``iterator()`` so a consultation with 10,000 answers is never loaded at once, in a constant
number of queries (the consultation, then the rows).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TypedDict

from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from policycomm.consultation import selectors
from policycomm.consultation.models import Comment, Consultation, public_submitter

ITERATOR_CHUNK = 1000
COLUMNS = (
    "receipt",
    "section_key",
    "section_heading",
    "submitter",
    "channel",
    "text",
    "disposition",
    "disposition_label",
    "explanation",
    "received",
    "version",
)


class AnswerRow(TypedDict):
    receipt: str
    section_key: str
    section_heading: str
    submitter: str
    channel: str
    text: str
    disposition: str
    disposition_label: str
    explanation: str
    received: str
    version: int | None


def published_consultation(pk: int) -> Consultation:
    """A public consultation whose answers are published; 404 otherwise."""
    c = get_object_or_404(selectors.public_consultations(), pk=pk)
    if c.dispositions_published_at is None:
        raise Http404
    return c


def answer_rows(c: Consultation) -> Iterator[AnswerRow]:
    """The published answers, one row each, without personal data of individuals."""
    dispositions = dict(Comment.Disposition.choices)
    qs = selectors.published_comments(c).values_list(
        "receipt",
        "section__key",
        "section__heading",
        "submitter_type",
        "name",
        "organisation",
        "channel",
        "text",
        "disposition",
        "explanation",
        "received_on",
        "created_at",
        "version__number",
    )
    rows = qs.iterator(chunk_size=ITERATOR_CHUNK)
    for receipt, key, heading, stype, name, org, channel, text, disp, expl, received_on, created, version in rows:
        submitter = public_submitter(stype, name, org)
        yield AnswerRow(
            receipt=receipt,
            section_key=key or "",
            section_heading=heading or "",
            submitter=submitter,
            channel=channel,
            text=text,
            disposition=disp,
            disposition_label=str(dispositions.get(disp, "")),
            explanation=expl,
            received=(received_on or created.date()).isoformat(),
            version=version,
        )


def _filename(c: Consultation, ext: str) -> str:
    return f'attachment; filename="gop-y-{c.pk}-ket-qua.{ext}"'


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(c: Consultation) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)
    for row in answer_rows(c):
        yield writer.writerow(
            [
                row["receipt"],
                row["section_key"],
                row["section_heading"],
                row["submitter"],
                row["channel"],
                row["text"],
                row["disposition"],
                row["disposition_label"],
                row["explanation"],
                row["received"],
                "" if row["version"] is None else row["version"],
            ]
        )


@require_GET
def opendata_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    c = published_consultation(pk)
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in _csv_lines(c)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = _filename(c, "csv")
    return response


def metadata(request: HttpRequest, c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "document": c.document.title,
        "drafting_body": c.document.drafting_body.name,
        "phase": c.phase,
        "opens_at": c.opens_at.isoformat(),
        "closes_at": c.closes_at.isoformat(),
        "dispositions_published_at": c.dispositions_published_at.isoformat() if c.dispositions_published_at else None,
        "url": request.build_absolute_uri(reverse("portal:consultation", args=[c.pk])),
        "licence": _("Dữ liệu mở, được sử dụng lại với điều kiện ghi rõ nguồn."),
        "columns": list(COLUMNS),
    }


def _json_chunks(request: HttpRequest, c: Consultation) -> Iterator[str]:
    head = json.dumps({"consultation": metadata(request, c)}, ensure_ascii=False)
    yield head[:-1] + ', "answers": ['
    first = True
    for row in answer_rows(c):
        yield ("" if first else ",") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]}"


@require_GET
def opendata_json(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    c = published_consultation(pk)
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in _json_chunks(request, c)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = _filename(c, "json")
    return response
