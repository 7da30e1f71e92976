"""The text outputs of the kit: loudspeaker script, LED line, social post, SMS. Pure functions of a KitSource.

Every phrase is in ``PHRASES[lang]``; a translation of the material comes with its own ``lang`` and, once
its phrases are added here, reads in that language (an unknown language falls back to Vietnamese).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .gsm import SMS_LIMIT, to_gsm
from .schema import KitSource
from .spoken import to_spoken, word_count

LED_LIMIT = 120
#: A loudspeaker bulletin lasts 2 to 4 minutes at an announcer's 130–160 words a minute: at least
#: 2 × 160 words (two minutes even read fast), at most 4 × 130 (four minutes even read slowly).
SCRIPT_MIN_WORDS = 320
SCRIPT_MAX_WORDS = 520
SENTENCE_MAX_WORDS = 25

PHRASES: dict[str, dict[str, str]] = {
    "vi": {
        "opening": "Kính thưa toàn thể nhân dân! Kính thưa bà con cô bác!",
        "announce": "Sau đây, {body} thông báo việc lấy ý kiến nhân dân đối với dự thảo sau. {title}.",
        "why": "Ý kiến của bà con giúp cơ quan soạn thảo hoàn thiện chính sách. "
        "Chính sách có đúng, có hợp lòng dân hay không, rất cần tiếng nói của mỗi người dân. "
        "Mọi ý kiến đều được ghi nhận, tổng hợp và trả lời công khai. "
        "Người góp ý không phải nộp bất cứ khoản phí nào.",
        "who": "Dự thảo liên quan đến nhiều hộ gia đình, cá nhân và tổ chức trên địa bàn. "
        "Bà con hãy dành ít phút tìm hiểu và cho ý kiến. "
        "Bà con cũng có thể nhờ tổ trưởng tổ dân phố, trưởng thôn giúp ghi lại ý kiến.",
        "contents": "Dự thảo gồm các nội dung chính sau đây.",
        "deadline": "Ý kiến được nhận từ {opens}. Hạn cuối là hết {deadline}.",
        "deadline_time": "Ý kiến được nhận từ {opens}. Hạn cuối là {time} {deadline}.",
        "deadline_short": "Hạn cuối nhận ý kiến là hết {deadline}.",
        "deadline_short_time": "Hạn cuối nhận ý kiến là {time} {deadline}.",
        "how_short": "Bà con góp ý trực tuyến trên Cổng góp ý dự thảo chính sách{letter}.",
        "how_short_letter": ", hoặc gửi thư đến {body}",
        "how_short_phone": "Bà con cũng có thể gọi số {phone}.",
        "how_short_hotline": "Đường dây nóng: {hotline}.",
        "how_short_meeting": "Hoặc dự {title} {day}.",
        "how": "Bà con có thể góp ý bằng các cách sau.",
        "how_portal": "Góp ý trực tuyến trên Cổng góp ý dự thảo chính sách, hoặc quét mã QR trên áp phích dán tại "
        "bảng tin tổ dân phố.",
        "how_letter": "Gửi thư góp ý đến {body}, địa chỉ {address}.",
        "how_phone": "Gọi điện thoại đến số {phone}.",
        "how_hotline": "Gọi đường dây nóng số {hotline}.",
        "how_email": "Gửi thư điện tử đến địa chỉ {email}.",
        "how_meeting": "Dự {title} lúc {time} {day}, tại {place}.",
        "ordinals": "Thứ nhất|Thứ hai|Thứ ba|Thứ tư|Thứ năm|Thứ sáu|Thứ bảy|Thứ tám",
        "again": "Xin nhắc lại.",
        "closing": "{body} trân trọng cảm ơn bà con. Kính chúc toàn thể nhân dân sức khỏe, hạnh phúc!",
        "led": "LẤY Ý KIẾN DỰ THẢO: {title} - góp ý đến {deadline} tại {link}",
        "sms": "{body}: lay y kien du thao {title}. Han {deadline}. Gop y: {link}",
        "until": "hết {day}",
        "until_time": "{time} {day}",
        "social_head": "📢 LẤY Ý KIẾN NHÂN DÂN: {title}",
        "social_deadline": "⏰ Nhận ý kiến đến {deadline}.",
        "social_how": "✍️ Góp ý trực tuyến tại: {link}",
        "social_phone": "☎️ Điện thoại: {phone}",
        "social_hotline": "Đường dây nóng: {hotline}",
        "social_letter": "📮 Gửi thư: {body}, {address}",
        "social_meeting": "📅 {title}: {time} {day}, {place}",
        "social_tags": "#LayYKienNhanDan #GopYDuThao",
        "day": "ngày {day}",
    },
    "en": {
        "opening": "Good day to all residents! Dear neighbours, please listen to this announcement.",
        "announce": "{body} announces a public consultation on the following draft. {title}",
        "why": "Your views help the drafting body improve the policy. "
        "Whether the policy is right, and whether it has the support of the people, depends on every voice. "
        "Every comment is recorded, summarised and answered in public. "
        "There is no charge of any kind for sending a comment.",
        "who": "The draft concerns many households, individuals and organisations in the area. "
        "Please take a few minutes to read it and give your views. "
        "You may also ask your neighbourhood or village leader to help write down your comments.",
        "contents": "The main points of the draft are as follows.",
        "deadline": "Comments are accepted from {opens}. The deadline is the end of {deadline}.",
        "deadline_time": "Comments are accepted from {opens}. The deadline is {time} on {deadline}.",
        "deadline_short": "The deadline for comments is the end of {deadline}.",
        "deadline_short_time": "The deadline for comments is {time} on {deadline}.",
        "how_short": "You can comment online on the draft policy consultation portal{letter}.",
        "how_short_letter": ", or send a letter to {body}",
        "how_short_phone": "You can also call {phone}.",
        "how_short_hotline": "Hotline: {hotline}.",
        "how_short_meeting": "Or attend {title} on {day}.",
        "how": "You can comment in the following ways.",
        "how_portal": "Comment online on the draft policy consultation portal, or scan the QR code on the poster "
        "on your neighbourhood notice board.",
        "how_letter": "Send a letter to {body}, at {address}.",
        "how_phone": "Call {phone}.",
        "how_hotline": "Call the hotline on {hotline}.",
        "how_email": "Send an e-mail to {email}.",
        "how_meeting": "Attend {title} at {time} on {day}, at {place}.",
        "ordinals": "First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth",
        "again": "Once again.",
        "closing": "{body} thanks you all. We wish everyone good health and happiness!",
        "led": "PUBLIC CONSULTATION: {title} - comment until {deadline} at {link}",
        "sms": "{body}: public consultation on {title}. Until {deadline}. Comment: {link}",
        "until": "the end of {day}",
        "until_time": "{time} on {day}",
        "social_head": "📢 PUBLIC CONSULTATION: {title}",
        "social_deadline": "⏰ Comments accepted until {deadline}.",
        "social_how": "✍️ Comment online at: {link}",
        "social_phone": "☎️ Telephone: {phone}",
        "social_hotline": "Hotline: {hotline}",
        "social_letter": "📮 By letter: {body}, {address}",
        "social_meeting": "📅 {title}: {time} on {day}, {place}",
        "social_tags": "#PublicConsultation #HaveYourSay",
        "day": "{day}",
    },
}


def _as_written(text: str) -> str:
    return text


def phrases(lang: str) -> dict[str, str]:
    return PHRASES.get(lang) or PHRASES["vi"]


def sentences(text: str, *, short: bool = True) -> list[str]:
    """Split into sentences; with ``short``, a long sentence also at its semicolons and commas."""
    out: list[str] = []
    for raw in re.split(r"(?<=[.!?])\s+|\n+", text):
        s = raw.strip()
        if s:
            out.extend(_shorten(s) if short else [_end(s)])
    return out


def _shorten(s: str) -> list[str]:
    """A sentence longer than SENTENCE_MAX_WORDS, cut at its semicolons and colons, then (a part still too
    long) at its commas, into sentences as long as they may be; only a clause longer than twice that is cut
    between words."""
    if len(s.split()) <= SENTENCE_MAX_WORDS:
        return [_end(s)]
    out: list[str] = []
    for part in (p.strip() for p in re.split(r"(?<=[;:])\s+", s) if p.strip()):
        out += [part] if len(part.split()) <= SENTENCE_MAX_WORDS else _at_commas(part)
    return [_end(x[0].upper() + x[1:]) for x in out]


def _at_commas(s: str) -> list[str]:
    out: list[str] = []
    current = ""
    for clause in (p.strip() for p in re.split(r"(?<=,)\s+", s) if p.strip()):
        words = clause.split()
        if len(words) > 2 * SENTENCE_MAX_WORDS:
            if current:
                out.append(current)
                current = ""
            out += [" ".join(words[i : i + SENTENCE_MAX_WORDS]) for i in range(0, len(words), SENTENCE_MAX_WORDS)]
            continue
        trial = f"{current} {clause}".strip()
        if current and len(trial.split()) > SENTENCE_MAX_WORDS:
            out.append(current)
            current = clause
        else:
            current = trial
    if current:
        out.append(current)
    return out


def _end(s: str) -> str:
    s = s.rstrip(" ,;:")
    return s if s.endswith((".", "!", "?")) else s + "."


def _deadline_phrase(src: KitSource, p: dict[str, str]) -> str:
    opens = p["day"].format(day=src["opens_day"])
    deadline = p["day"].format(day=src["deadline_day"])
    if src["deadline_time"]:
        return p["deadline_time"].format(opens=opens, time=src["deadline_time"], deadline=deadline)
    return p["deadline"].format(opens=opens, deadline=deadline)


def _deadline_short(src: KitSource, p: dict[str, str]) -> str:
    deadline = p["day"].format(day=src["deadline_day"])
    if src["deadline_time"]:
        return p["deadline_short_time"].format(time=src["deadline_time"], deadline=deadline)
    return p["deadline_short"].format(deadline=deadline)


def how_short(src: KitSource, p: dict[str, str]) -> list[str]:
    """The ways to comment in a few sentences (the reminder at the end of the bulletin)."""
    c = src["contacts"]
    letter = p["how_short_letter"].format(body=c["body"]) if c["address"] else ""
    out = [p["how_short"].format(letter=letter)]
    if c["phone"]:
        out.append(p["how_short_phone"].format(phone=c["phone"]))
    if c["hotline"]:
        out.append(p["how_short_hotline"].format(hotline=c["hotline"]))
    if src["meetings"]:
        m = src["meetings"][0]
        out.append(p["how_short_meeting"].format(title=m["title"], day=p["day"].format(day=m["day"])))
    return out


def how_to_comment(src: KitSource, p: dict[str, str], *, email: bool = True, ordinals: bool = True) -> list[str]:
    """The ways to comment, each a sentence: the portal, a letter, the telephone, e-mail, the meetings."""
    c = src["contacts"]
    ways = [p["how_portal"]]
    if c["address"]:
        ways.append(p["how_letter"].format(body=c["body"], address=c["address"]))
    if c["phone"]:
        ways.append(p["how_phone"].format(phone=c["phone"]))
    if c["hotline"]:
        ways.append(p["how_hotline"].format(hotline=c["hotline"]))
    if c["email"] and email:
        ways.append(p["how_email"].format(email=c["email"]))
    for m in src["meetings"][:2]:
        place = m["place"] or urlsplit(m["online_url"]).hostname or ""
        ways.append(
            p["how_meeting"].format(title=m["title"], time=m["time"], day=p["day"].format(day=m["day"]), place=place)
        )
    if not ordinals:
        return [p["how"], *ways]
    words = p["ordinals"].split("|")
    return [p["how"]] + [f"{words[i]}, {w[0].lower()}{w[1:]}" if i < len(words) else w for i, w in enumerate(ways)]


def loudspeaker_script(src: KitSource) -> str:
    """The bulletin read on the commune loudspeakers: an opening, the policy in short sentences, the deadline
    and how to comment said twice, a closing; every number and abbreviation written as it is said; 2–4
    minutes long (SCRIPT_MIN_WORDS–SCRIPT_MAX_WORDS words)."""
    p = phrases(src["lang"])
    body = src["contacts"]["body"]
    # Written forms are turned into the words an announcer says in Vietnamese only; another language is read
    # as written (espeak-ng's own voices say numbers and dates).
    spoken = to_spoken if src["lang"] == "vi" else _as_written

    def para(lines: list[str]) -> str:
        return " ".join(spoken(s) for s in lines)

    opening = para([p["opening"], *sentences(p["announce"].format(body=body, title=src["title"]), short=False)])
    notice = para([_deadline_phrase(src, p), *how_to_comment(src, p, email=False)])
    again = para([p["again"], _deadline_short(src, p), *how_short(src, p)])
    closing = spoken(p["closing"].format(body=body))
    fixed = [opening, notice, again, closing]
    budget = SCRIPT_MAX_WORDS - sum(word_count(x) for x in fixed)

    # The policy: intro, then each material's parts, sentence by sentence while they fit.
    content: list[str] = []
    candidates = [(s, False) for s in sentences(src["intro"])]
    for m in src["materials"]:
        candidates.append((_end(m["title"]), True))
        candidates.extend((s, False) for part in m["parts"] for s in sentences(part))
    used, last_heading = 0, False
    for s, is_heading in candidates:
        said = spoken(s)
        n = word_count(said)
        if used + n > budget:
            break
        if is_heading and last_heading:
            used -= word_count(content.pop())  # a heading with nothing under it
        content.append(said)
        used, last_heading = used + n, is_heading
    if last_heading:
        used -= word_count(content.pop())
    # A short material leaves room: the articles of the draft, then why comments matter.
    extras = []
    if src["sections"]:
        heads = [spoken(p["contents"])] + [spoken(_end(h)) for h in src["sections"]]
        extras.append(" ".join(heads))
    extras += [spoken(p["why"]), spoken(p["who"])]
    total = used + sum(word_count(x) for x in fixed)
    for extra in extras:
        n = word_count(extra)
        if total >= SCRIPT_MIN_WORDS:
            break
        if total + n <= SCRIPT_MAX_WORDS:
            content.append(extra)
            total += n
    paragraphs = [opening, " ".join(content), notice, again, closing]
    return "\n\n".join(x for x in paragraphs if x)


def deadline_label(src: KitSource, p: dict[str, str]) -> str:
    """ "hết 21/12/2026", or "14:49 22/12/2026" when the window closes within the day."""
    if src["deadline_time"]:
        return p["until_time"].format(time=src["deadline_time"], day=src["deadline_day"])
    return p["until"].format(day=src["deadline_day"])


def _shorten_to(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + "…"


def _link(url: str) -> str:
    """A link as printed: without the scheme."""
    return re.sub(r"^https?://", "", url).rstrip("/") + "/"


def led_line(src: KitSource) -> str:
    """One line of at most LED_LIMIT characters that can scroll."""
    p = phrases(src["lang"])
    link = _link(src["short_url"])
    deadline = deadline_label(src, p)
    empty = p["led"].format(title="", deadline=deadline, link=link)
    title = _shorten_to(src["title"], LED_LIMIT - len(empty))
    line = p["led"].format(title=title, deadline=deadline, link=link)
    return line[:LED_LIMIT]


def sms_text(src: KitSource) -> str:
    """At most 160 characters of the GSM basic alphabet, no diacritics, with the short link."""
    p = phrases(src["lang"])
    link = src["short_url"]
    body = to_gsm(src["contacts"]["body"])
    deadline = to_gsm(deadline_label(src, p))
    empty = p["sms"].format(body=body, title="", deadline=deadline, link=link)
    if len(empty) > SMS_LIMIT - 20:  # a long body name: no room left for the title
        body = to_gsm(src["issuer"]["symbol"].removeprefix("TCBC-")) or "UBND"
        empty = p["sms"].format(body=body, title="", deadline=deadline, link=link)
    title = _shorten_to(to_gsm(src["title"]), SMS_LIMIT - len(empty)).replace("…", "...")

    def compose(title: str) -> str:
        text = to_gsm(p["sms"].format(body=body, title=title, deadline=deadline, link=link))
        return text.replace("....", "...").replace("?.", "?").replace("!.", "!")

    text = compose(title)
    while len(text) > SMS_LIMIT and title:
        title = _shorten_to(title.removesuffix("..."), len(title) - 4).replace("…", "...")
        text = compose(title)
    return text


def social_post(src: KitSource) -> str:
    """The post for a Zalo Official Account or a Facebook page: the policy in two sentences, the deadline,
    the link, how else to comment."""
    p = phrases(src["lang"])
    c = src["contacts"]
    summary: list[str] = []
    for m in src["materials"]:
        summary.extend(sentences(m["parts"][0])[:2] if m["parts"] else [])
    lines = [p["social_head"].format(title=src["title"]), ""]
    if src["intro"]:
        lines += [src["intro"], ""]
    if summary:
        lines += [" ".join(summary[:3]), ""]
    lines.append(p["social_deadline"].format(deadline=deadline_label(src, p)))
    lines.append(p["social_how"].format(link=src["portal_url"]))
    if c["phone"]:
        lines.append(p["social_phone"].format(phone=c["phone"]))
    if c["hotline"]:
        lines.append(p["social_hotline"].format(hotline=c["hotline"]))
    if c["address"]:
        lines.append(p["social_letter"].format(body=c["body"], address=c["address"]))
    for meeting in src["meetings"][:3]:
        lines.append(
            p["social_meeting"].format(
                title=meeting["title"], time=meeting["time"], day=meeting["day"], place=meeting["place"]
            )
        )
    lines += ["", p["social_tags"]]
    return "\n".join(lines)
