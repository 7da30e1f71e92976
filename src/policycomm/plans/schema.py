"""The plan structure that flows from the importer to review, to the services and back to export.

One shape for all of them: ``parser.parse_paragraphs`` returns a :class:`PlanData`, the review screen
edits it, ``services.plan_create`` saves it, ``services.plan_data`` gives a saved plan back in it (with
task ids), a :class:`~policycomm.plans.models.PlanRevision` stores it as JSON, and
``selectors.changes_between`` compares two of them. A field the document does not state is ``None``;
a list field is empty. Pure Python, no Django.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, NotRequired, Required, TypedDict

TimeframeKind = Literal["ongoing", "annual", "quarter", "month", "year", "deadline", "period", "event"]


class Timeframe(TypedDict, total=False):
    """A task's time frame as parsed: ``kind`` and the fields that kind carries."""

    kind: Required[TimeframeKind]
    year: int  # quarter, month, year
    quarter: int  # quarter: 1-4
    month: int  # month: 1-12
    date: str  # deadline: ISO date
    start_year: int  # period
    end_year: int  # period
    text: str  # event: the words as written


class Period(TypedDict):
    """The years a plan runs ("Từ năm 2025 đến năm 2027")."""

    start_year: int
    end_year: int


class TaskData(TypedDict):
    """A task of a group, or a duty of "Tổ chức thực hiện"."""

    number: str | None  # "1.1", "a", or None when the task is not numbered
    text: str
    lead: list[str]  # lead bodies as written
    cooperating: list[str]  # co-operating bodies as written
    timeframe: str | None
    timeframe_parsed: Timeframe | None
    product: str | None
    id: NotRequired[int]  # a saved task's id (``services.plan_data``); absent in an import


class GroupData(TypedDict):
    """A numbered group of solutions with its tasks."""

    index: int
    title: str
    intro: str | None  # paragraphs before the first task
    tasks: list[TaskData]


class SignerData(TypedDict):
    authority: str | None  # "TM. ỦY BAN NHÂN DÂN"
    deputy: str | None  # "KT. CHỦ TỊCH"
    position: str | None  # "PHÓ CHỦ TỊCH"
    name: str | None


class PlanData(TypedDict):
    """A whole plan, as read from a document or as saved (the JSON of ``policycomm plan import``)."""

    number: str | None
    symbol: str | None
    issuer: str | None
    place: str | None
    date: str | None  # ISO date; None when the document leaves the day or month blank
    kind: str | None  # "KẾ HOẠCH", "QUYẾT ĐỊNH"…
    title: str | None
    legal_basis: str | None
    purposes: str | None
    requirements: str | None
    targets: str | None
    scope: str | None
    period: str | None
    period_parsed: Period | None
    groups: list[GroupData]
    budget: str | None
    duties: list[TaskData]
    closing: str | None
    recipients: list[str]
    signer: SignerData | None
    unparsed: list[str]  # paragraphs that found no place, kept for the reviewer
    problems: list[str]  # what the reviewer must look at, in Vietnamese


class PlanEdit(TypedDict, total=False):
    """The header and text fields a revision may change (``services.plan_revise``); a field left out
    stays as it is. Names are those of :class:`~policycomm.plans.models.Plan`."""

    number: str
    symbol: str
    issuer_name: str
    place: str
    issued_on: dt.date | str | None
    title: str
    period: str
    legal_basis: str
    purposes: str
    requirements: str
    targets: str
    scope: str
    closing: str
    budget_text: str


class TaskEdit(TypedDict):
    """The editable fields of a saved task (``services.plan_revise``)."""

    text: str
    timeframe: str
    product: str


class NewTask(TypedDict):
    """A task added by a revision (``services.plan_revise``)."""

    group: int | None  # the PlanGroup id
    number: str | None
    text: str
    lead: list[str]
    cooperating: list[str]
    timeframe: str | None
    product: str | None


BodyChoices = dict[str, int | None]
"""Body name as written → the organisation staff chose (None: kept as a name, linked to no body)."""
