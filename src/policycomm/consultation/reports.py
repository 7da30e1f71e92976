"""The synthesis and explanation report (bản tổng hợp, tiếp thu, giải trình) as a Decree 30 DOCX.

It covers the whole consultation history of the document (ADR 0014): a part for the
proposal round and a part for the draft round, each grouping the opinions by the article (Điều) they
concern in the draft's order, then the general opinions; a part for the Fatherland Front's social
criticism, point by point; a part for the letters sent to the bodies the draft affects.

Reading is a fixed number of queries whatever the number of comments (values, not model objects),
and the table rows are written as XML (``decree30.OfficialDocument.table``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.shared import Pt

from policycomm.documents.decree30 import Header, OfficialDocument, Recipients, TableRowError
from policycomm.documents.orgs import issuer_lines, signer_for
from policycomm.identity.models import Tier
from policycomm.lawmaking.models import Section

from .analysis_job import method_note
from .models import (
    AnalysisRun,
    Comment,
    CommentAnalysis,
    Consultation,
    DecidedFor,
    Event,
    Outreach,
    SocialCriticism,
    SynthesisReport,
    public_submitter,
)

HEADERS = ("STT", "Chủ thể góp ý", "Nội dung góp ý", "Ý kiến tiếp thu, giải trình")
WIDTHS = (1.4, 3.7, 5.7, 5.7)
CRITICISM_HEADERS = ("STT", "Nội dung phản biện", "Ý kiến tiếp thu, giải trình")
CRITICISM_WIDTHS = (1.4, 7.55, 7.55)
OUTREACH_HEADERS = ("STT", "Cơ quan, tổ chức, cá nhân được gửi", "Ngày gửi, số công văn", "Số ý kiến trả lời")
OUTREACH_WIDTHS = (1.4, 8.1, 4.5, 2.5)
PHASE_ORDER: dict[str, int] = {Consultation.Phase.PROPOSAL: 0, Consultation.Phase.DRAFT: 1}
PHASE_TITLES: dict[str, str] = {
    Consultation.Phase.PROPOSAL: "Ý kiến góp ý đối với đề nghị xây dựng văn bản (chính sách)",
    Consultation.Phase.DRAFT: "Ý kiến góp ý đối với dự thảo văn bản",
}
#: Rows per table (see ``render``).
CHUNK = 80
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


class ReportError(Exception):
    """The report could not be built because of one comment; the message names it by its receipt."""

    def __init__(self, receipt: str, cause: Exception) -> None:
        super().__init__(
            _("Không lập được báo cáo vì ý kiến %(receipt)s: %(cause)s")
            % {"receipt": receipt, "cause": f"{type(cause).__name__}: {cause}"}
        )
        self.receipt = receipt


def _d(value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


# -- what the report covers, and what it warns of ------------------------------------------------


def covered_consultations(consultation: Consultation) -> list[Consultation]:
    """The consultations of the document the report covers: every window that has opened (and the one the
    report is requested from), proposal round first, then the draft round, each by opening date."""
    rows = list(
        Consultation.objects.filter(
            Q(opens_at__lte=timezone.now()) | Q(pk=consultation.pk), document_id=consultation.document_id
        ).order_by("opens_at", "pk")
    )
    return sorted(rows, key=lambda c: (PHASE_ORDER.get(c.phase, 9), c.opens_at, c.pk))


@dataclass(frozen=True)
class SynthesisWarning:
    """Why a report built now would be early: comments not answered yet, windows not closed yet."""

    pending: int
    open_until: dt.datetime | None  # the latest deadline of a covered window still open

    @property
    def any(self) -> bool:
        return bool(self.pending) or self.open_until is not None

    @property
    def message(self) -> str:
        parts = []
        if self.open_until is not None:
            parts.append(
                _("đợt lấy ý kiến còn đang mở, đến %(at)s mới kết thúc")
                % {"at": timezone.localtime(self.open_until).strftime("%H:%M ngày %d/%m/%Y")}
            )
        if self.pending:
            parts.append(
                ngettext("còn %(n)d ý kiến chưa xử lý", "còn %(n)d ý kiến chưa xử lý", self.pending)
                % {"n": self.pending}
            )
        return "; ".join(parts)


def synthesis_warning(consultation: Consultation, covered: list[Consultation] | None = None) -> SynthesisWarning:
    covered = covered if covered is not None else covered_consultations(consultation)
    now = timezone.now()
    open_until = max((c.closes_at for c in covered if c.is_open(now)), default=None)
    pending = Comment.objects.filter(consultation_id__in=[c.pk for c in covered], hidden=False, disposition="").count()
    return SynthesisWarning(pending=pending, open_until=open_until)


def published_report(document_id: int) -> SynthesisReport | None:
    """The synthesis the public downloads from the draft's pages: the latest one published for the document."""
    return (
        SynthesisReport.objects.filter(consultation__document_id=document_id, published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )


# -- the report's content, read once --------------------------------------------------------------


class CommentRow(NamedTuple):
    pk: int
    consultation_id: int
    section_id: int | None
    text: str
    submitter_type: str
    name: str
    organisation: str
    channel: str
    receipt: str
    disposition: str
    explanation: str
    decided_for: str
    decided_run_id: int | None
    decided_group: str
    decided_label: str
    event_id: int | None
    outreach_id: int | None


COMMENT_FIELDS = CommentRow._fields


@dataclass
class Opinion:
    """One row of the table: a distinct opinion, the people who gave it, and the answer."""

    members: list[CommentRow]
    text: str
    where: str  # "Khoản 2 Điều 5" when it concerns a clause, else ""
    submitter: str
    answer: str


@dataclass
class Group:
    """The opinions on one article (or on the draft as a whole, ``general``)."""

    heading: str
    general: bool
    comments: int = 0
    by_channel: Counter[str] = field(default_factory=Counter)
    by_type: Counter[str] = field(default_factory=Counter)
    opinions: list[Opinion] = field(default_factory=list)


@dataclass
class Part:
    phase: str
    consultations: list[Consultation]
    groups: list[Group]
    comments: int
    by_channel: Counter[str]
    by_type: Counter[str]
    by_disposition: Counter[str]


@dataclass
class PointRow:
    number: int
    text: str
    where: str
    answer: str


@dataclass
class CriticismPart:
    criticism: SocialCriticism
    points: list[PointRow]


@dataclass
class OutreachLine:
    recipient: str
    sent_on: dt.date
    reference: str
    replies: int


@dataclass(frozen=True)
class TierCounts:
    """How many of the report's comments came from a verified (OIDC) account and from an e-mail account."""

    verified: int = 0
    registered: int = 0


@dataclass
class Synthesis:
    consultation: Consultation
    covered: list[Consultation]
    parts: list[Part]
    criticisms: list[CriticismPart]
    outreach: list[OutreachLine]
    outreach_replies: int
    warning: SynthesisWarning
    built_at: dt.datetime
    tiers: TierCounts = field(default_factory=TierCounts)
    #: The "Cách phân tích" note of the latest finished analysis of each covered consultation that has one.
    method_notes: list[list[str]] = field(default_factory=list)

    @property
    def comments(self) -> int:
        return sum(p.comments for p in self.parts)


_WORDS = re.compile(r"[\W_]+", re.UNICODE)


def normalised(text: str) -> str:
    """The text two people wrote identically: NFC, case and punctuation folded, spaces collapsed."""
    return _WORDS.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def _article_of(sections: list[tuple[int, str, str, str]]) -> tuple[dict[int, int], dict[int, str]]:
    """section id → the id of the unit it is counted under (its Điều for a Khoản), and each unit's heading.

    Sections come in the draft's order. A Khoản belongs to the Điều its key names (``dieu-5.khoan-2``),
    or failing that to the Điều before it; a Chương, Mục or the preamble is a unit of its own.
    """
    by_key = {key: pk for pk, key, kind, _h in sections if kind == Section.Kind.ARTICLE}
    unit: dict[int, int] = {}
    heading: dict[int, str] = {}
    current: int | None = None
    for pk, key, kind, head in sections:
        if kind == Section.Kind.ARTICLE:
            current = pk
            unit[pk], heading[pk] = pk, head
        elif kind == Section.Kind.CLAUSE:
            owner = by_key.get(key.split(".", 1)[0], current)
            unit[pk] = owner if owner is not None else pk
            heading.setdefault(unit[pk], head)
        else:
            unit[pk], heading[pk] = pk, head
    return unit, heading


def _campaigns(consultations: Iterable[Consultation]) -> dict[int, str]:
    """comment id → its campaign's key in the latest finished analysis of its consultation (2 or more copies)."""
    runs: dict[int, int] = {}
    for run_id, cid in (
        AnalysisRun.objects.filter(consultation__in=list(consultations), status=AnalysisRun.Status.DONE)
        .order_by("finished_at", "pk")
        .values_list("pk", "consultation_id")
    ):
        runs[cid] = run_id  # the newest wins
    if not runs:
        return {}
    rows = CommentAnalysis.objects.filter(run_id__in=runs.values(), group_size__gt=1).values_list(
        "comment_id", "run_id", "group_key"
    )
    return {pk: f"{run}:{key}" for pk, run, key in rows}


def _method_notes(consultations: Iterable[Consultation]) -> list[list[str]]:
    """The method note of the latest finished analysis of each consultation, skipping runs without a card."""
    cards: dict[int, dict[str, Any]] = {}
    for cid, card in (
        AnalysisRun.objects.filter(consultation__in=list(consultations), status=AnalysisRun.Status.DONE)
        .order_by("finished_at", "pk")
        .values_list("consultation_id", "method")
    ):
        cards[cid] = card  # the newest wins
    return [note for card in cards.values() if (note := method_note(card))]


def _labels(counter: Counter[str], choices: type[Comment.Channel] | type[Comment.SubmitterType]) -> str:
    return "; ".join(f"{label}: {counter[value]}" for value, label in choices.choices if counter[value])


def _submitter(c: CommentRow) -> str:
    """As on the portal (``models.public_submitter``): the report is published."""
    return public_submitter(c.submitter_type, c.name, c.organisation) if c.submitter_type else ""


def collect(consultation: Consultation) -> Synthesis:
    """Everything the report says, in a fixed number of queries."""
    doc = consultation.document
    covered = covered_consultations(consultation)
    ids = [c.pk for c in covered]
    warning = synthesis_warning(consultation, covered)
    sections = list(
        Section.objects.filter(document_id=doc.pk)
        .order_by("position", "pk")
        .values_list("pk", "key", "kind", "heading")
    )
    unit_of, unit_heading = _article_of(sections)
    order = {pk: i for i, (pk, *_rest) in enumerate(sections)}
    clause_heading = {pk: head for pk, _k, kind, head in sections if kind == Section.Kind.CLAUSE}
    events = {
        e["pk"]: f"{Event.Form(e['form']).label} “{e['title']}” ngày {_d(e['starts_at'])}"
        for e in Event.objects.filter(consultation_id__in=ids).values("pk", "form", "title", "starts_at")
    }
    outreach_rows = list(
        Outreach.objects.filter(consultation_id__in=ids)
        .annotate(n=Count("replies", filter=Q(replies__hidden=False)))
        .order_by("sent_on", "pk")
        .values_list("pk", "recipient", "sent_on", "reference", "n")
    )
    recipients = {pk: name for pk, name, *_r in outreach_rows}
    campaign = _campaigns(covered)

    comments = [
        CommentRow(*row)
        for row in Comment.objects.filter(consultation_id__in=ids, hidden=False)
        .order_by("created_at", "pk")
        .values_list(*COMMENT_FIELDS)
    ]
    tiers = TierCounts(
        **Comment.objects.filter(consultation_id__in=ids, hidden=False).aggregate(
            verified=Count("pk", filter=Q(tier=Tier.VERIFIED)),
            registered=Count("pk", filter=Q(tier=Tier.REGISTERED)),
        )
    )
    phase_of = {c.pk: c.phase for c in covered}
    parts: list[Part] = []
    for phase in sorted({c.phase for c in covered}, key=lambda p: PHASE_ORDER.get(p, 9)):
        mine = [c for c in comments if phase_of[c.consultation_id] == phase]
        parts.append(
            _part(
                phase,
                [c for c in covered if c.phase == phase],
                mine,
                unit_of=unit_of,
                unit_heading=unit_heading,
                order=order,
                clause_heading=clause_heading,
                campaign=campaign,
                events=events,
                recipients=recipients,
            )
        )

    criticisms = list(
        SocialCriticism.objects.filter(consultation_id__in=ids).order_by("issued_on", "pk").prefetch_related("points")
    )
    section_heading = {pk: head for pk, _k, _kind, head in sections}
    crit_parts = []
    for cr in criticisms:
        points = [
            PointRow(
                number=pt.number,
                text=pt.text,
                where=section_heading.get(pt.section_id or 0, ""),
                answer=_disposed(pt.disposition, pt.explanation),
            )
            for pt in sorted(cr.points.all(), key=lambda pt: pt.number)
        ]
        crit_parts.append(CriticismPart(cr, points))
    lines = [OutreachLine(name, sent, ref, n) for _pk, name, sent, ref, n in outreach_rows]
    return Synthesis(
        consultation=consultation,
        covered=covered,
        parts=parts,
        criticisms=crit_parts,
        outreach=lines,
        outreach_replies=sum(line.replies for line in lines),
        warning=warning,
        built_at=timezone.now(),
        tiers=tiers,
        method_notes=_method_notes(covered),
    )


def _disposed(disposition: str, explanation: str) -> str:
    answer = str(Comment.Disposition(disposition).label) if disposition else _("Chưa xử lý")
    return f"{answer}. {explanation}" if explanation else answer


def _answer(c: CommentRow) -> str:
    return _disposed(c.disposition, c.explanation)


def _part(
    phase: str,
    consultations: list[Consultation],
    comments: list[CommentRow],
    *,
    unit_of: dict[int, int],
    unit_heading: dict[int, str],
    order: dict[int, int],
    clause_heading: dict[int, str],
    campaign: dict[int, str],
    events: dict[int, str],
    recipients: dict[int, str],
) -> Part:
    # Units: an article (or another heading) by its section id; None for the general opinions.
    units: dict[int | None, dict[tuple[object, ...], list[CommentRow]]] = {}
    for c in comments:
        unit = unit_of.get(c.section_id) if c.section_id is not None else None
        who = campaign.get(c.pk)
        key: tuple[object, ...] = (
            ("campaign", who, c.disposition, c.explanation)
            if who
            else ("text", normalised(c.text), c.disposition, c.explanation, c.section_id)
        )
        units.setdefault(unit, {}).setdefault(key, []).append(c)
    ordered = sorted(units, key=lambda u: (u is None, order.get(u, 0) if u is not None else 0))
    groups: list[Group] = []
    shared: dict[tuple[object, ...], int] = {}  # a group decision → the row number where it is written out
    row_no = 0
    for unit in ordered:
        g = Group(
            heading=unit_heading.get(unit, "") if unit is not None else _("Ý kiến chung"),
            general=unit is None,
        )
        for key, members in units[unit].items():
            row_no += 1
            rep = next((m for m in members if key[0] == "campaign" and campaign[m.pk].endswith(f":{m.receipt}")), None)
            c = rep or members[0]
            g.comments += len(members)
            g.by_channel.update(m.channel for m in members)
            g.by_type.update(m.submitter_type for m in members)
            answer = _answer(c)
            if c.decided_for in (DecidedFor.THEME, DecidedFor.CAMPAIGN) and c.disposition:
                decision = (c.decided_for, c.decided_run_id, c.decided_group, c.disposition, c.explanation)
                first = shared.setdefault(decision, row_no)
                if first != row_no:
                    answer = _("%(disposition)s: như ý kiến giải trình chung tại STT %(row)d.") % {
                        "disposition": Comment.Disposition(c.disposition).label,
                        "row": first,
                    }
                elif c.decided_for == DecidedFor.THEME:
                    answer += " " + _("(Giải trình chung cho chủ đề “%(label)s”.)") % {
                        "label": c.decided_label or c.decided_group
                    }
            g.opinions.append(
                Opinion(
                    members=members,
                    text=c.text,
                    where=clause_heading.get(c.section_id or 0, ""),
                    submitter=_who(members, c, events, recipients),
                    answer=answer,
                )
            )
        groups.append(g)
    return Part(
        phase=phase,
        consultations=consultations,
        groups=groups,
        comments=len(comments),
        by_channel=Counter(c.channel for c in comments),
        by_type=Counter(c.submitter_type for c in comments),
        by_disposition=Counter(c.disposition for c in comments),
    )


def _source(c: CommentRow, events: dict[int, str], recipients: dict[int, str]) -> str:
    if c.event_id is not None and c.event_id in events:
        return events[c.event_id]
    if c.outreach_id is not None and c.outreach_id in recipients:
        return _("Văn bản trả lời khi được gửi lấy ý kiến")
    if c.channel and c.channel != Comment.Channel.PORTAL:
        return str(Comment.Channel(c.channel).label)
    return ""


def _who(members: list[CommentRow], c: CommentRow, events: dict[int, str], recipients: dict[int, str]) -> str:
    if len(members) == 1:
        source = _source(c, events, recipients)
        return f"{_submitter(c)}\n({source})" if source else _submitter(c)
    lines = [_("%(n)d ý kiến cùng nội dung") % {"n": len(members)}]
    lines.append(_labels(Counter(m.submitter_type for m in members), Comment.SubmitterType))
    channels = Counter(m.channel for m in members)
    if set(channels) != {Comment.Channel.PORTAL}:
        lines.append(_labels(channels, Comment.Channel))
    named = sorted({_source(m, events, recipients) for m in members if m.event_id is not None} - {""})
    lines.extend(named[:3])
    return "\n".join(lines)


# -- the document --------------------------------------------------------------------------------


def _counts_line(total: int, by_channel: Counter[str], by_type: Counter[str]) -> str:
    return _("Số ý kiến: %(total)d. Theo kênh: %(channels)s. Theo chủ thể: %(types)s.") % {
        "total": total,
        "channels": _labels(by_channel, Comment.Channel) or "—",
        "types": _labels(by_type, Comment.SubmitterType) or "—",
    }


def tiers_line(t: TierCounts) -> str:
    return _(
        "%(verified)d ý kiến từ tài khoản đã xác thực, %(registered)d ý kiến từ tài khoản đăng ký bằng thư điện tử."
    ) % {"verified": t.verified, "registered": t.registered}


def _spacer(out: OfficialDocument) -> None:
    p = out.doc.add_paragraph()
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(4)


def render(s: Synthesis, progress: Callable[[int], None] = lambda _p: None) -> bytes:
    c = s.consultation
    doc = c.document
    body = doc.drafting_body
    parent_line, issuer = issuer_lines(body)
    header = Header(
        parent_body=parent_line,
        issuer=issuer,
        symbol=f"BC-{body.short_name or 'UBND'}",
        place=body.place_name or "",
        date=timezone.localdate(s.built_at),
    )
    out = OfficialDocument(
        header,
        "BÁO CÁO",
        f"Tổng hợp, tiếp thu, giải trình ý kiến góp ý, phản biện xã hội đối với dự thảo {doc.title}",
    )
    windows = "; ".join(
        f"{Consultation.Phase(w.phase).label.lower()} từ ngày {_d(w.opens_at)} đến ngày {_d(w.closes_at)}"
        for w in s.covered
    )
    out.paragraph(
        f"Thực hiện quy định về lấy ý kiến và truyền thông dự thảo chính sách, {body.name} đã tổ chức lấy ý kiến "
        f"đối với dự thảo {doc.title} ({windows})."
    )
    disp: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    for p in s.parts:
        disp.update(p.by_disposition)
        channels.update(p.by_channel)
    total = f"Tổng số ý kiến nhận được: {s.comments}"
    if s.comments:
        total += f" ({_labels(channels, Comment.Channel)})"
    out.paragraph(
        f"{total}. Kết quả xử lý: tiếp thu {disp['accepted']} ý kiến; tiếp thu một phần {disp['partial']} ý kiến; "
        f"không tiếp thu, giải trình {disp['not_accepted']} ý kiến; ngoài phạm vi dự thảo "
        f"{disp['out_of_scope']} ý kiến."
    )
    if s.comments:
        out.paragraph(tiers_line(s.tiers))
    if s.warning.any:
        out.paragraph(
            _("Báo cáo lập khi %(what)s (lập lúc %(at)s); số liệu và nội dung giải trình có thể còn thay đổi.")
            % {"what": s.warning.message, "at": timezone.localtime(s.built_at).strftime("%H:%M ngày %d/%m/%Y")},
            italic=True,
        )
    for note in s.method_notes:
        out.paragraph(_("Cách phân tích (máy gợi ý nhóm ý kiến trùng nội dung): %(note)s") % {"note": " ".join(note)})
    total_rows = max(1, sum(len(g.opinions) for p in s.parts for g in p.groups))
    done = 0
    numeral = iter(ROMAN)
    for p in s.parts:
        out.heading(f"{next(numeral)}. {PHASE_TITLES.get(p.phase, p.phase).upper()}")
        for w in p.consultations:
            out.paragraph(
                f"{w.title}: từ ngày {_d(w.opens_at)} đến ngày {_d(w.closes_at)}"
                + (" (đang lấy ý kiến)." if w.is_open(s.built_at) else ".")
            )
        if not p.comments:
            out.paragraph(_("Không nhận được ý kiến góp ý nào."))
            continue
        out.paragraph(_counts_line(p.comments, p.by_channel, p.by_type))
        number = 0
        for g in p.groups:
            # The heading and its counts stay on the page of the table they open.
            out.heading(g.heading).paragraph_format.keep_with_next = True
            out.paragraph(
                _counts_line(g.comments, g.by_channel, g.by_type), italic=True
            ).paragraph_format.keep_with_next = True
            rows = []
            for o in g.opinions:
                number += 1
                rows.append((str(number), o.submitter, f"[{o.where}] {o.text}" if o.where else o.text, o.answer))
            # Tables of at most CHUNK rows, a thin paragraph between them: LibreOffice lays out one long
            # table in time that grows with the square of its rows (2,000 rows: 13 s; in chunks: 4 s).
            for start in range(0, len(rows), CHUNK):
                if start:
                    _spacer(out)
                try:
                    out.table(HEADERS, rows[start : start + CHUNK], WIDTHS)
                except TableRowError as exc:
                    raise ReportError(g.opinions[start + exc.index].members[0].receipt, exc.cause) from exc
            done += len(g.opinions)
            progress(min(85, 10 + 75 * done // total_rows))

    out.heading(f"{next(numeral)}. {_('Ý kiến phản biện xã hội của Ủy ban Mặt trận Tổ quốc Việt Nam').upper()}")
    if not s.criticisms:
        out.paragraph(_("Không nhận được văn bản phản biện xã hội."))
    for cp in s.criticisms:
        cr = cp.criticism
        ref = f" số {cr.reference}" if cr.reference else ""
        out.paragraph(
            f"Văn bản{ref} ngày {_d(cr.issued_on)} của {cr.issuer}"
            + (f" (nhận ngày {_d(cr.received_on)})" if cr.received_on else "")
            + f": {len(cp.points)} nội dung phản biện."
            + (f" {cr.summary}" if cr.summary else "")
        )
        if cp.points:
            out.table(
                CRITICISM_HEADERS,
                [(str(pt.number), f"[{pt.where}] {pt.text}" if pt.where else pt.text, pt.answer) for pt in cp.points],
                CRITICISM_WIDTHS,
            )

    out.heading(f"{next(numeral)}. {_('Lấy ý kiến đối tượng chịu tác động').upper()}")
    out.paragraph(
        _("Đã gửi dự thảo đến %(n)d cơ quan, tổ chức, cá nhân; nhận được %(m)d ý kiến.")
        % {"n": len(s.outreach), "m": s.outreach_replies}
    )
    if s.outreach:
        out.table(
            OUTREACH_HEADERS,
            [
                (str(i), o.recipient, _d(o.sent_on) + (f"\n{o.reference}" if o.reference else ""), str(o.replies))
                for i, o in enumerate(s.outreach, start=1)
            ],
            OUTREACH_WIDTHS,
        )
    progress(90)
    out.paragraph(
        f"Trên đây là báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với dự thảo {doc.title} "
        f"của {body.name}./."
    )
    recipients = Recipients(
        items=[doc.issuing_authority.name, "Cơ quan thẩm định", "Cổng thông tin điện tử (để công khai)"],
        archive=f"Lưu: VT, {body.short_name or 'VP'}.",
    )
    return out.finish(recipients, signer_for(body))


def build_report(consultation: Consultation, progress: Callable[[int], None] = lambda _p: None) -> bytes:
    return render(collect(consultation), progress)
