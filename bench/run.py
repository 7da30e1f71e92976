"""Benchmarks for the consultation loop, measured against a baseline in the same run.

- comment intake: ``comment_submit`` (validation, idempotency, audit, IMMEDIATE transaction) vs. a bare
  ``Comment.objects.create`` of the same rows — the ratio is the price of doing it properly;
- HTTP: the portal's draft page and the API list, requests per second through Django's test client;
- the synthesis report for 2,000 comments, rendered to DOCX.

Runs on a throw-away SQLite file (or ``DATABASE_URL``). Usage: ``make bench`` or ``python bench/run.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
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
from django.test import Client

N = int(os.environ.get("BENCH_COMMENTS", "2000"))


def timed(label: str, n: int, fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    secs = time.perf_counter() - start
    print(f"  {label:<46} {n:>6} in {secs:6.2f} s  = {n / secs:8.0f}/s")
    return n / secs


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from tests.factories import ALL_TO_DRAFT_CONSULTATION, advance, make_world, open_consultation, register_document

    from policycomm.consultation.models import Comment
    from policycomm.consultation.reports import build_report
    from policycomm.consultation.services import comment_submit, new_receipt

    w = make_world()
    doc = register_document(w)
    advance(w.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    c = open_consultation(w, doc, closes_in=dt.timedelta(days=30))
    text = (
        "Đề nghị giảm mức phí sử dụng vỉa hè tại các phường xuống 15.000 đồng/m²/tháng vì hộ kinh doanh nhỏ khó khăn."
    )

    print(f"policycomm bench — {django.db.connection.vendor}, {N} comments")

    def service() -> None:
        for i in range(N):
            comment_submit(
                consultation=c,
                text=f"{text} #{i}",
                submitter_type="individual",
                consent=True,
                idempotency_key=f"bench-{i}",
            )

    def baseline() -> None:
        for i in range(N):
            Comment.objects.create(
                consultation=c, text=f"{text} #{i}", submitter_type="individual", consent=True, receipt=new_receipt()
            )

    svc = timed("comment_submit (service, audited)", N, service)
    base = timed("baseline: bare ORM insert", N, baseline)
    print(f"  ratio service/baseline throughput: {svc / base:.2f}")

    client = Client()
    pages = 200
    timed(f"portal draft page GET /gop-y/{c.pk}/", pages, lambda: [client.get(f"/gop-y/{c.pk}/") for _ in range(pages)])
    timed(
        "API GET /api/v1/consultations?status=open",
        pages,
        lambda: [client.get("/api/v1/consultations?status=open") for _ in range(pages)],
    )
    Comment.objects.update(disposition="accepted")
    start = time.perf_counter()
    data = build_report(c)
    print(
        f"  synthesis report DOCX, {Comment.objects.count()} rows: {time.perf_counter() - start:.2f} s, "
        f"{len(data) / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
