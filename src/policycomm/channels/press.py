"""The press release (thông cáo báo chí) for newspapers, radio and television, as a Decree 30 DOCX."""

from __future__ import annotations

import datetime as dt

from policycomm.documents.decree30 import Header, OfficialDocument, Recipients, Signer

from .schema import KitSource
from .texts import how_to_comment, phrases, sentences

PRESS_PHRASES = {
    "vi": {
        "kind": "THÔNG CÁO BÁO CHÍ",
        "summary": "Về việc lấy ý kiến nhân dân đối với dự thảo {title}",
        "lead": "{body} tổ chức lấy ý kiến rộng rãi của Nhân dân, tổ chức, doanh nghiệp đối với dự thảo {title}. "
        "Thời gian nhận ý kiến từ ngày {opens} đến hết ngày {deadline}.",
        "contents": "Các nội dung chính của dự thảo",
        "how": "Cách thức góp ý",
        "portal": "Toàn văn dự thảo và tài liệu truyền thông được đăng tải tại: {url}.",
        "request": "{body} đề nghị các cơ quan báo chí, đài phát thanh, truyền hình đưa tin rộng rãi để Nhân dân "
        "biết và tham gia góp ý.",
        "recipients": "Các cơ quan báo chí, phát thanh, truyền hình|Cổng thông tin điện tử|Ủy ban Mặt trận Tổ quốc "
        "Việt Nam cùng cấp",
    },
    "en": {
        "kind": "PRESS RELEASE",
        "summary": "On the public consultation on the draft: {title}",
        "lead": "{body} is consulting the public, organisations and businesses widely on the draft: {title} "
        "Comments are accepted from {opens} until the end of {deadline}.",
        "contents": "The main points of the draft",
        "how": "How to comment",
        "portal": "The full draft and the information material are published at: {url}.",
        "request": "{body} asks newspapers, radio and television stations to report this widely so that the "
        "public know about it and take part.",
        "recipients": "Newspapers, radio and television stations|The electronic information portal|The Viet Nam "
        "Fatherland Front Committee at the same level",
    },
}


def press_release_docx(src: KitSource, *, date: dt.date | None = None) -> bytes:
    p = PRESS_PHRASES.get(src["lang"]) or PRESS_PHRASES["vi"]
    i = src["issuer"]
    body = src["contacts"]["body"]
    header = Header(
        issuer=i["issuer"], symbol=i["symbol"], place=i["place"], parent_body=i["parent_body"] or None, date=date
    )
    doc = OfficialDocument(header, p["kind"], p["summary"].format(title=src["title"]))
    doc.paragraph(p["lead"].format(body=body, title=src["title"], opens=src["opens_day"], deadline=src["deadline_day"]))
    if src["materials"]:
        doc.heading(f"1. {p['contents']}")
        for m in src["materials"]:
            doc.paragraph(m["title"], italic=True)
            for part in m["parts"]:
                doc.paragraph(" ".join(sentences(part, short=False)))
    doc.heading(f"2. {p['how']}")
    doc.paragraph(p["portal"].format(url=src["portal_url"]))
    for line in how_to_comment(src, phrases(src["lang"]), ordinals=False)[1:]:
        doc.paragraph(f"- {line}")
    doc.paragraph(p["request"].format(body=body))
    signer = Signer(
        position=i["signer_position"],
        name=i["signer_name"],
        authority=i["signer_authority"] or None,
        deputy=i["signer_deputy"] or None,
    )
    return doc.finish(Recipients(items=p["recipients"].split("|")), signer)
