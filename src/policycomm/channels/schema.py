"""What the kit is made from, as plain data (no Django): the builders take a ``KitSource`` and nothing else."""

from __future__ import annotations

from typing import TypedDict


class Contacts(TypedDict):
    body: str
    address: str
    phone: str
    hotline: str
    email: str


class Meeting(TypedDict):
    title: str
    day: str  # 15/12/2026
    time: str  # 08:00
    place: str
    online_url: str


class MaterialText(TypedDict):
    title: str
    parts: list[str]  # the four parts of Decision 407 that are filled, in order


class Issuer(TypedDict):
    parent_body: str
    issuer: str
    place: str
    symbol: str
    signer_authority: str
    signer_deputy: str
    signer_position: str
    signer_name: str


class KitSource(TypedDict):
    consultation_id: int
    lang: str
    title: str  # the draft's title
    doc_type: str  # "Nghị quyết"… as displayed
    intro: str
    materials: list[MaterialText]
    sections: list[str]  # headings of the articles (Điều) of the draft
    opens_day: str
    deadline_day: str  # the last day comments are taken
    deadline_time: str  # "" when the window closes at the end of that day
    portal_url: str  # the draft's page, absolute
    short_url: str  # /p/<id>/, absolute
    contacts: Contacts
    meetings: list[Meeting]
    issuer: Issuer
