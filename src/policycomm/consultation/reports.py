"""The synthesis and explanation report (bản tổng hợp, tiếp thu, giải trình) as a Decree 30 DOCX."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.documents.decree30 import Header, OfficialDocument, Recipients, TableRowError
from policycomm.documents.orgs import issuer_lines, signer_for

from .models import Comment, CommentAnalysis, Consultation
from .selectors import latest_run

HEADERS = ("STT", "Chủ thể góp ý", "Nội dung góp ý", "Ý kiến tiếp thu, giải trình")
WIDTHS = (1.4, 3.1, 6.0, 6.0)


class ReportError(Exception):
    """The report could not be built because of one comment; the message names it by its receipt."""

    def __init__(self, receipt: str, cause: Exception) -> None:
        super().__init__(
            _("Không lập được báo cáo vì ý kiến %(receipt)s: %(cause)s")
            % {"receipt": receipt, "cause": f"{type(cause).__name__}: {cause}"}
        )
        self.receipt = receipt


def _d(value: object) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y")  # type: ignore[arg-type]


def campaigns_of(consultation: Consultation) -> dict[int, tuple[str, int]]:
    """comment id → (campaign key, comments in it) from the latest analysis, for campaigns of 2 or more."""
    run = latest_run(consultation)
    if run is None:
        return {}
    rows = CommentAnalysis.objects.filter(run=run, group_size__gt=1).values_list(
        "comment_id", "group_key", "group_size"
    )
    return {pk: (key, size) for pk, key, size in rows}


def build_report(consultation: Consultation, progress: Callable[[int], None] = lambda _p: None) -> bytes:
    doc = consultation.document
    body = doc.drafting_body
    parent_line, issuer = issuer_lines(body)
    header = Header(
        parent_body=parent_line,
        issuer=issuer,
        symbol=f"BC-{body.short_name or 'UBND'}",
        place=body.place_name or "",
        date=timezone.localdate(),
    )
    out = OfficialDocument(
        header, "BÁO CÁO", f"Tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với dự thảo {doc.title}"
    )
    comments = list(consultation.comments.filter(hidden=False).select_related("section").order_by("created_at", "pk"))
    by_channel = dict(
        consultation.comments.filter(hidden=False).values_list("channel").annotate(n=Count("pk")).order_by()
    )
    channels = "; ".join(
        f"{Comment.Channel(ch).label}: {n}" for ch, n in sorted(by_channel.items(), key=lambda kv: -kv[1])
    )
    counts = {d: sum(1 for c in comments if c.disposition == d) for d in Comment.Disposition.values}
    out.paragraph(
        f"Thực hiện quy định về lấy ý kiến và truyền thông dự thảo chính sách, {body.name} đã tổ chức lấy ý kiến "
        f"đối với dự thảo {doc.title} từ ngày {_d(consultation.opens_at)} đến ngày {_d(consultation.closes_at)}."
    )
    out.paragraph(
        f"Tổng số ý kiến nhận được: {len(comments)}"
        + (f" ({channels})." if channels else ".")
        + f" Kết quả xử lý: tiếp thu {counts['accepted']} ý kiến; tiếp thu một phần {counts['partial']} ý kiến; "
        f"không tiếp thu, giải trình {counts['not_accepted']} ý kiến; ngoài phạm vi dự thảo "
        f"{counts['out_of_scope']} ý kiến. Chi tiết như sau:"
    )
    # One row per distinct opinion and answer. The copies of a campaign (the same letter sent by
    # many) that got the same answer share a row, quoted once (by the representative when it is
    # among them) with the number of people; a copy the officer answered otherwise keeps its own
    # row, so that every comment's decision is in the report.
    groups = campaigns_of(consultation)
    units: dict[tuple[object, ...], list[Comment]] = {}
    for c in comments:
        key = groups[c.pk][0] if c.pk in groups else None
        unit: tuple[object, ...] = (key, c.disposition, c.explanation) if key else (c.pk,)
        units.setdefault(unit, []).append(c)
    rows: list[tuple[str, str, str, str]] = []
    receipts: list[str] = []  # the comment behind each row, to name it if the row cannot be written
    step = max(1, len(units) // 20)
    for i, (unit, members) in enumerate(units.items(), start=1):
        c = next((m for m in members if m.receipt == unit[0]), members[0])
        who = f"{len(members)} người góp ý cùng nội dung" if len(members) > 1 else c.public_submitter
        where = f"[{c.section.heading}] " if c.section else ""
        answer = str(c.get_disposition_display() or "Chưa xử lý")
        if c.explanation:
            answer += f". {c.explanation}"
        rows.append((str(len(rows) + 1), who, where + c.text, answer))
        receipts.append(c.receipt)
        if i % step == 0:
            progress(min(90, 10 + 80 * i // max(len(units), 1)))
    try:
        out.table(HEADERS, rows, WIDTHS)
    except TableRowError as exc:
        raise ReportError(receipts[exc.index], exc.cause) from exc
    out.paragraph(
        f"Trên đây là báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với dự thảo {doc.title} "
        f"của {body.name}./."
    )
    recipients = Recipients(
        items=[doc.issuing_authority.name, "Cơ quan thẩm định", "Cổng thông tin điện tử (để công khai)"],
        archive=f"Lưu: VT, {body.short_name or 'VP'}.",
    )
    return out.finish(recipients, signer_for(body))
