"""The synthesis & explanation report at scale, against the previous builder in the same run.

Builds a document of ``BENCH_ARTICLES`` articles (3 clauses each) with a proposal round and a draft round,
``BENCH_SYNTHESIS`` comments (default 10,000) over every channel and sender type, on articles, clauses and
the draft as a whole, a fifth of them copies of campaigns found by an analysis run, every one answered; a
social criticism of 12 points and 30 letters to affected bodies. Then measures:

- the report as it is built now (``reports.build_report``: the fixed-query read, rows written as XML), for
  4,000 comments (one round) and for all of them (both rounds), with the queries counted;
- the baseline: the previous builder (one row per comment or campaign, every cell through python-docx's
  cell objects, ``_set_widths`` over every cell) over the same 4,000 comments;
- DOCX → PDF with LibreOffice for the full report (one run, start-up included).

Usage: ``python bench/synthesis.py`` (``BENCH_SYNTHESIS``, ``BENCH_ARTICLES``; ``BENCH_PDF=0`` skips the PDF).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
tmp = tempfile.mkdtemp(prefix="policycomm-bench-")
os.environ.setdefault("POLICYCOMM_VAR", tmp)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policycomm.config.settings")
# Production settings on a throw-away instance: a bench-only key, served over plain http.
os.environ.setdefault("POLICYCOMM_SECRET_KEY", "bench-only-key-not-a-secret-" + "0" * 32)
os.environ.setdefault("POLICYCOMM_HTTPS", "0")

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

N = int(os.environ.get("BENCH_SYNTHESIS", "10000"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "30"))
PHRASES = (
    "Đề nghị giảm mức phí sử dụng vỉa hè cho hộ kinh doanh nhỏ",
    "Cần quy định rõ thời gian được sử dụng vỉa hè trong ngày",
    "Đề nghị bổ sung trường hợp miễn phí cho người khuyết tật",
    "Mức phí tại các phường trung tâm chưa phù hợp với thu nhập",
    "Nên công khai danh sách các tuyến phố được cấp phép",
    "Đề nghị làm rõ cơ quan thu phí và cách nộp phí trực tuyến",
    "Cần có lộ trình áp dụng để người dân chuẩn bị",
    "Đề nghị quy định xử lý việc lấn chiếm vỉa hè kéo dài",
)


def draft_text() -> str:
    lines = ["Chương I", "QUY ĐỊNH CHUNG"]
    for a in range(1, ARTICLES + 1):
        lines.append(f"Điều {a}. Nội dung thứ {a}")
        lines.extend(f"{k}. Khoản {k} của Điều {a} quy định mức thu và đối tượng." for k in range(1, 4))
    return "\n".join(lines)


def old_build(consultation: object) -> bytes:
    """The builder as it was before the synthesis counted every channel (the baseline)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from policycomm.consultation.models import Comment
    from policycomm.consultation.reports import _campaigns
    from policycomm.documents import decree30
    from policycomm.documents.orgs import issuer_lines, signer_for

    def old_table(out: decree30.OfficialDocument, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        t = out.doc.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, text in enumerate(headers):
            decree30._cell_par(t.rows[0].cells[i], text, 13, bold=True, first=True)
        tr_pr = t.rows[0]._tr.get_or_add_trPr()
        rep = OxmlElement("w:tblHeader")
        rep.set(qn("w:val"), "true")
        tr_pr.append(rep)
        for row in rows:
            cells = t.add_row().cells
            for i, text in enumerate(row):
                align = WD_ALIGN_PARAGRAPH.CENTER if i == 0 else WD_ALIGN_PARAGRAPH.LEFT
                lines = decree30.nfc(str(text)).split("\n")
                decree30._cell_par(cells[i], lines[0], 13, first=True, align=align)
                for extra in lines[1:]:
                    decree30._cell_par(cells[i], extra, 13, align=align)
        decree30._set_widths(t, (1.4, 3.1, 6.0, 6.0))

    c = consultation
    doc = c.document  # type: ignore[attr-defined]
    body = doc.drafting_body
    parent_line, issuer = issuer_lines(body)
    header = decree30.Header(parent_body=parent_line, issuer=issuer, symbol="BC-STP", place="", date=None)
    out = decree30.OfficialDocument(header, "BÁO CÁO", f"Tổng hợp ý kiến {doc.title}")
    comments = list(c.comments.filter(hidden=False).select_related("section").order_by("created_at", "pk"))  # type: ignore[attr-defined]
    groups = _campaigns([c])  # type: ignore[list-item]
    units: dict[tuple[object, ...], list[Comment]] = {}
    for cm in comments:
        key = groups.get(cm.pk)
        units.setdefault((key, cm.disposition, cm.explanation) if key else (cm.pk,), []).append(cm)
    rows = []
    for members in units.values():
        cm = members[0]
        who = f"{len(members)} người góp ý cùng nội dung" if len(members) > 1 else cm.public_submitter
        where = f"[{cm.section.heading}] " if cm.section else ""
        answer = str(cm.get_disposition_display() or "Chưa xử lý") + (f". {cm.explanation}" if cm.explanation else "")
        rows.append((str(len(rows) + 1), who, where + cm.text, answer))
    old_table(out, ("STT", "Chủ thể góp ý", "Nội dung góp ý", "Ý kiến tiếp thu, giải trình"), rows)
    return out.finish(decree30.Recipients(items=["x"]), signer_for(body))


def populate(consultation: object, n: int, rng: random.Random, sections: list[object], start: int) -> None:
    from policycomm.consultation.models import AnalysisRun, Comment, CommentAnalysis
    from policycomm.consultation.services import new_receipt

    channels = [ch for ch in Comment.Channel.values if ch != Comment.Channel.FATHERLAND_FRONT]
    types = Comment.SubmitterType.values
    dispositions = list(Comment.Disposition.values)
    rows = []
    campaign_texts = [f"{PHRASES[i % len(PHRASES)]} (thư chung số {i})." for i in range(20)]
    for i in range(n):
        copy = rng.random() < 0.2
        text = rng.choice(campaign_texts) if copy else f"{rng.choice(PHRASES)}, ý kiến riêng số {start + i}."
        d = rng.choice(dispositions)
        rows.append(
            Comment(
                consultation=consultation,
                text=text,
                submitter_type=rng.choice(types),
                name=f"Tổ chức {i}" if rng.random() < 0.3 else "",
                consent=True,
                channel=rng.choice(channels),
                receipt=new_receipt(),
                section=rng.choice(sections) if rng.random() < 0.8 else None,
                disposition=d,
                explanation="" if d == "accepted" else "Cơ quan soạn thảo giải trình: mức phí đã tính theo chi phí.",
                disposed_at=timezone.now(),
            )
        )
    Comment.objects.bulk_create(rows, batch_size=1000)
    # A finished analysis that found the campaigns (the copies of each letter).
    run = AnalysisRun.objects.create(
        consultation=consultation, status=AnalysisRun.Status.DONE, finished_at=timezone.now(), comment_count=n
    )
    by_text: dict[str, list[Comment]] = {}
    for cm in Comment.objects.filter(consultation=consultation).only("pk", "text", "receipt"):
        by_text.setdefault(cm.text, []).append(cm)
    items = []
    for members in by_text.values():
        key = members[0].receipt
        for m in members:
            items.append(
                CommentAnalysis(
                    run=run,
                    comment=m,
                    group_key=key,
                    group_size=len(members),
                    is_representative=m is members[0],
                    stance="change",
                )
            )
    CommentAnalysis.objects.bulk_create(items, batch_size=2000)


def timed(label: str, fn: Callable[[], bytes], rows: int) -> float:
    with CaptureQueriesContext(connection) as q:
        start = time.perf_counter()
        data = fn()
        secs = time.perf_counter() - start
    print(
        f"  {label:<58} {secs:6.2f} s  {secs / rows * 1000:6.3f} ms/comment  "
        f"{len(data) / 1024:6.0f} KiB  {len(q)} queries"
    )
    return secs


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from tests.factories import ALL_TO_DRAFT_CONSULTATION, advance, make_world, register_document

    from policycomm.consultation.models import Comment, Consultation, CriticismPoint, Outreach, SocialCriticism
    from policycomm.consultation.reports import build_report
    from policycomm.documents.pdf import docx_to_pdf
    from policycomm.lawmaking import services as law

    rng = random.Random(12)
    w = make_world()
    doc = register_document(w)
    advance(w.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    law.sections_replace(actor=w.drafter_a, document=doc, raw_text=draft_text())
    sections = list(doc.sections.exclude(kind="chuong"))
    proposal = doc.consultations.get(phase=Consultation.Phase.PROPOSAL)
    now = timezone.now()
    draft = Consultation.objects.create(
        document=doc,
        phase=Consultation.Phase.DRAFT,
        title="Lấy ý kiến dự thảo",
        opens_at=now - dt.timedelta(days=40),
        closes_at=now - dt.timedelta(days=1),
        dispositions_published_at=now,
        created_by=w.drafter_a,
    )
    first = min(4000, N)
    populate(draft, first, rng, sections, 0)
    cr = SocialCriticism.objects.create(
        consultation=draft, issuer="Ủy ban MTTQ Việt Nam tỉnh", issued_on=now.date(), created_by=w.drafter_a
    )
    CriticismPoint.objects.bulk_create(
        CriticismPoint(criticism=cr, number=i, text=f"Nội dung phản biện {i}.", disposition="accepted")
        for i in range(1, 13)
    )
    Outreach.objects.bulk_create(
        Outreach(consultation=draft, recipient=f"Hiệp hội {i}", sent_on=now.date(), created_by=w.drafter_a)
        for i in range(30)
    )
    print(f"policycomm synthesis bench — {connection.vendor}, {ARTICLES} articles")
    base = timed(f"baseline: previous builder, {first} comments", lambda: old_build(draft), first)
    new = timed(f"report now, {first} comments (draft round)", lambda: build_report(draft), first)
    print(f"  ratio baseline/now at {first}: {base / new:.1f}×")
    if first < N:
        populate(proposal, N - first, rng, [None], first)  # type: ignore[list-item]
        total = Comment.objects.count()
        full = timed(f"report now, {total} comments (both rounds)", lambda: build_report(draft), total)
        print(f"  per comment, now at {total} / baseline at {first}: {full / total / (base / first):.2f}")
    if os.environ.get("BENCH_PDF", "1") != "0":
        data = build_report(draft)
        start = time.perf_counter()
        pdf = docx_to_pdf(data)
        print(
            f"  DOCX → PDF (LibreOffice), {Comment.objects.count()} comments: "
            f"{time.perf_counter() - start:.2f} s, {len(pdf) / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main()
