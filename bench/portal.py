"""The citizens' portal on a phone: server time of the home page, the draft page and search, and the draft page's
weight (issue 13, section 5).

Data: 500 drafts in the database (two built through the services, 498 copies by ``bulk_create``); draft A open,
its comments visible (post-moderation), with 9,000 comments; draft B closed with 1,000 comments all answered and
published (``dispositions_published_at`` set): 10,000 comments in all, 1,000 of them published with answers.
The search index is rebuilt after the bulk load (``search_reindex``; bulk_create bypasses the signals).

Each page: ``BENCH_PORTAL_REQUESTS`` requests (default 200) through Django's test Client after a warm-up,
server time p50/p95; beside it the bare ORM query of the same rows (fetched and listed, no template) and the
ratio. Target: p95 <= 50 ms. Usage: ``python bench/portal.py``. A throw-away SQLite file unless ``DATABASE_URL``;
on PostgreSQL set ``POLICYCOMM_CONN_MAX_AGE=60`` as a production server would (each request otherwise opens a
connection): ``bash scripts/with-postgres.sh bash -c 'createdb … && POLICYCOMM_CONN_MAX_AGE=60 python bench/portal.py'``.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
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

N = int(os.environ.get("BENCH_PORTAL_REQUESTS", "200"))
DRAFTS = 500
OPEN_COMMENTS = 9_000
ANSWERED = 1_000
TARGET_MS = 50.0
WORDS = ["Đề nghị bổ sung quy định về lòng đường, vỉa hè và mức phí", "Ý kiến về thời gian sử dụng vỉa hè"]


def build() -> tuple[int, int]:
    import datetime as dt

    from django.utils import timezone
    from tests.factories import (
        ALL_TO_DRAFT_CONSULTATION,
        advance,
        close,
        make_world,
        open_consultation,
        register_document,
    )

    from policycomm.consultation.models import Comment, Consultation
    from policycomm.lawmaking.models import LegalDocument

    w = make_world()
    docs = []
    for title in ("Nghị quyết quy định phí sử dụng lòng đường, vỉa hè", "Nghị quyết về bãi đỗ xe"):
        doc = register_document(w, title=title)
        advance(w.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
        docs.append(doc)
    a = open_consultation(w, docs[0])
    b = open_consultation(w, docs[1], days_open=40, closes_in=dt.timedelta(days=1))
    Consultation.objects.filter(pk=a.pk).update(comment_visibility=Consultation.Visibility.POST_MODERATED)
    section = a.document.sections.order_by("pk").first()
    now = timezone.now()

    def comments(c: Consultation, n: int, answered: bool) -> list[Comment]:
        sec = c.document.sections.order_by("pk").first()
        return [
            Comment(
                consultation=c,
                section=sec if i % 3 else None,
                text=f"{WORDS[i % 2]} (ý kiến số {i}).",
                submitter_type="individual",
                consent=True,
                receipt=f"B{c.pk}-{i:07d}",
                disposition="accepted" if answered and i % 2 else ("not_accepted" if answered else ""),
                explanation="Cơ quan soạn thảo tiếp thu, chỉnh lý khoản 2." if answered else "",
                disposed_at=now if answered else None,
            )
            for i in range(n)
        ]

    Comment.objects.bulk_create(comments(a, OPEN_COMMENTS, False), batch_size=500)
    Comment.objects.bulk_create(comments(b, ANSWERED, True), batch_size=500)
    close(b)
    Consultation.objects.filter(pk=b.pk).update(dispositions_published_at=timezone.now())
    assert section is not None

    # 498 more drafts, copies of draft A's document and window, by bulk_create.
    base = LegalDocument.objects.get(pk=docs[0].pk)
    copies = []
    for i in range(DRAFTS - 2):
        base.pk = None
        base.id = None
        base.title = f"Nghị quyết số {i} quy định về vỉa hè, lòng đường và trật tự đô thị"
        copies.append(
            LegalDocument(**{f.attname: getattr(base, f.attname) for f in LegalDocument._meta.concrete_fields})
        )
    new_docs = LegalDocument.objects.bulk_create(copies, batch_size=200)
    a.refresh_from_db()
    windows = []
    for i, d in enumerate(new_docs):
        shift = dt.timedelta(days=i % 60)
        windows.append(
            Consultation(
                document_id=d.pk,
                phase=a.phase,
                title=f"Lấy ý kiến: {d.title}",
                intro="Dự thảo quy định việc sử dụng tạm thời lòng đường, vỉa hè.",
                opens_at=a.opens_at - shift,
                closes_at=a.closes_at - shift,
                created_by_id=a.created_by_id,
            )
        )
    Consultation.objects.bulk_create(windows, batch_size=200)
    call_command("search_reindex", verbosity=0)
    return a.pk, b.pk


def timed(fn: Callable[[], object], n: int) -> list[float]:
    for _ in range(10):
        fn()
    out = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p * (len(xs) - 1)))]


def orm_pages(a: int, b: int) -> dict[str, Callable[[], object]]:
    """The same rows each page shows, fetched with the ORM and listed (no template, no filter choices)."""
    from django.core.paginator import Paginator

    from policycomm.consultation import selectors, visible
    from policycomm.consultation.models import Consultation
    from policycomm.search import query as sq

    def home() -> object:
        p = Paginator(selectors.public_consultations("open"), 20).get_page(1)
        return [list(p), list(selectors.public_consultations("closed")[:10])]

    def draft(pk: int, page: int) -> Callable[[], object]:
        def run() -> object:
            c = selectors.public_consultations().get(pk=pk)
            sections = list(selectors.public_sections(c.document))
            rows = selectors.published_comments(c) if c.dispositions_published_at else visible.visible_comments(c)
            return [sections, list(Paginator(rows, 20).get_page(page))]

        return run

    def search(q: str) -> Callable[[], object]:
        def run() -> object:
            entries = sq.matching_entries(q, selectors.public_consultations()).select_related(
                "consultation__document__drafting_body"
            )
            return list(Paginator(entries, 20).get_page(1))

        return run

    assert Consultation.objects.filter(pk=b, dispositions_published_at__isnull=False).exists()
    return {
        "/": home,
        f"/gop-y/{a}/": draft(a, 1),
        f"/gop-y/{a}/?trang=200": draft(a, 200),
        f"/gop-y/{b}/": draft(b, 1),
        f"/gop-y/{b}/?trang=40": draft(b, 40),
        "/tim-kiem/?q=via+he": search("via he"),
        "/tim-kiem/?q=long+duong+via+he": search("long duong via he"),
    }


def main() -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from tests.test_page_weight import page_weight

    # The request log stays on, as in production (its JSON line is part of each request's cost), written to
    # /dev/null instead of between the figures.
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - for the whole run
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    a, b = build()
    print(f"built {DRAFTS} drafts, {OPEN_COMMENTS + ANSWERED} comments in {time.perf_counter() - started:.0f} s")
    db = settings.DATABASES["default"]
    print(f"database: {connection.vendor}, CONN_MAX_AGE={db['CONN_MAX_AGE']} (POLICYCOMM_CONN_MAX_AGE)")
    client = Client()
    labels = {a: "open draft", b: "finished draft"}
    print(f"\n{'page':36} {'p50 ms':>8} {'p95 ms':>8} {'ORM p50':>8} {'ORM p95':>8} {'ratio':>6}  target p95<=50")
    for url, orm in orm_pages(a, b).items():
        assert client.get(url).status_code == 200, url
        page = timed(lambda url=url: client.get(url), N)
        bare = timed(orm, N)
        p95 = pct(page, 0.95)
        ratio = statistics.median(page) / max(statistics.median(bare), 1e-6)
        pk = next((k for k in labels if f"/{k}/" in url), None)
        name = f"{url} ({labels[pk]})" if pk else url
        print(
            f"{name:36} {statistics.median(page):8.1f} {p95:8.1f} {statistics.median(bare):8.1f} "
            f"{pct(bare, 0.95):8.1f} {ratio:6.1f}  {'ok' if p95 <= TARGET_MS else 'MISS'}"
        )
    for pk in (a, b):
        html = client.get(f"/gop-y/{pk}/").content
        w = page_weight(html)
        print(
            f"page weight /gop-y/{pk}/ ({labels[pk]}): {w['total'] / 1024:.1f} KB "
            f"(HTML {len(html) / 1024:.1f} KB + {len(w['files'])} linked files), target <= 100 KB, "
            f"scripts: {w['scripts']}"
        )


if __name__ == "__main__":
    main()
