from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class ConsultationOut(Schema):
    id: int
    title: str
    document_title: str
    document_type: str
    drafting_body: str
    phase: str
    status: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    dispositions_published: bool


class ConsultationList(Schema):
    items: list[ConsultationOut]
    count: int


class MaterialOut(Schema):
    policy: str
    title: str
    audience: str
    parts: list[dict[str, str]]


class SectionOut(Schema):
    id: int
    key: str
    kind: str
    heading: str
    text: str


class ConsultationDetail(ConsultationOut):
    intro: str
    material: list[MaterialOut]
    sections: list[SectionOut]


class CommentIn(Schema):
    text: str = Field(max_length=100_000)
    section_id: int | None = None
    submitter_type: str
    name: str | None = Field(default=None, max_length=1000)
    email: str | None = Field(default=None, max_length=1000)
    consent: bool


class Receipt(Schema):
    receipt: str


class FieldError(Schema):
    field: str
    code: str
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[FieldError] = []
