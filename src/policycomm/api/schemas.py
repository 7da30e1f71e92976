from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from annotated_types import Ge, Le
from django.conf import settings
from ninja import Schema
from pydantic import BeforeValidator, Field, JsonValue, StrictBool, StrictInt, StrictStr

from policycomm.consultation.models import Comment
from policycomm.textclean import VISIBLE_PATTERN


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
    #: Comments not hidden by moderation, from every channel.
    comment_count: int
    #: The same, per channel: every channel of ``Comment.Channel`` is a key, 0 when none came by it.
    comments_by_channel: dict[str, int]
    #: Languages, besides Vietnamese, the published material is translated into (/gop-y/{id}/ban-dich/{code}/).
    languages: list[str]


#: Largest id and offset accepted: the range of a PostgreSQL bigint, beyond which the database refuses.
MAX_ID = 2**63 - 1
MAX_OFFSET = 2**31 - 1

SUBMITTER_TYPES: list[JsonValue] = list(Comment.SubmitterType.values)


def _integral(value: Any) -> Any:
    """JSON Schema's integer: ``3`` and ``3.0`` are the same number; ``"3"`` and ``true`` are not numbers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: An integer as JSON Schema means it (no strings, no booleans, integral floats allowed).
JsonInt = Annotated[StrictInt, BeforeValidator(_integral)]
#: An id: a JSON integer from 1 to MAX_ID. The bounds sit inside the annotation, before the validator,
#: so that the schema says ``minimum``/``maximum`` (a bound given to ``Field`` on an optional field
#: comes out as the non-standard ``ge``/``le``, which no client reads).
JsonId = Annotated[StrictInt, Ge(1), Le(MAX_ID), BeforeValidator(_integral)]


def _email_schema(schema: dict[str, Any]) -> None:
    """An address, or nothing: the empty string and null both mean "no address"."""
    schema["anyOf"] = [
        {"type": "string", "format": "email", "maxLength": 254},
        {"type": "string", "maxLength": 0},
        {"type": "null"},
    ]


# The schema says exactly what the server accepts. The refusals of a ``submitter_type`` outside the
# enum, of ``consent`` other than true and of a text with nothing visible come from the service (not
# from pydantic), so that every field at fault is reported at once, each with its Vietnamese message.
class CommentIn(Schema):
    text: StrictStr = Field(
        max_length=settings.COMMENT_MAX_CHARS,
        description="Nội dung góp ý. Ký tự điều khiển và ký tự vô hình bị loại bỏ; phải còn ít nhất một ký tự "
        "nhìn thấy được.",
        json_schema_extra={"minLength": 1, "pattern": VISIBLE_PATTERN},
    )
    section_id: JsonId | None = None
    submitter_type: StrictStr = Field(json_schema_extra={"enum": SUBMITTER_TYPES})
    name: StrictStr | None = Field(default=None, max_length=200)
    email: StrictStr | None = Field(
        default=None,
        max_length=254,
        description="Thư điện tử (không bắt buộc): một địa chỉ hợp lệ, chuỗi rỗng hoặc null.",
        json_schema_extra=_email_schema,
    )
    consent: StrictBool = Field(
        description="Phải là true: người góp ý đồng ý để cơ quan soạn thảo tiếp nhận và xử lý ý kiến.",
        json_schema_extra={"const": True, "enum": [True]},
    )


class ChannelItem(Schema):
    """One output of the channel kit: its text, or a link to its file (with ``duration_s`` for audio)."""

    kind: str = Field(
        json_schema_extra={
            "enum": [
                "poster",
                "loudspeaker_script",
                "loudspeaker_audio",
                "led",
                "social",
                "sms",
                "press_release",
                "social_image",
            ]
        }
    )
    media_type: str
    lang: str
    text: str | None = None
    url: str | None = None
    duration_s: float | None = None


class ChannelKit(Schema):
    items: list[ChannelItem]


class Receipt(Schema):
    receipt: str


class FieldError(Schema):
    field: str
    code: str
    message: str


class ErrorOut(Schema):
    """Every refusal: a machine-readable ``code``, a Vietnamese ``message``, and the fields at fault."""

    code: str
    message: str
    errors: list[FieldError]
