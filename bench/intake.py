"""Intake from every channel: a spreadsheet of 1,000 opinions imported in one transaction, and OCR of one
scanned page.

- import of ``BENCH_IMPORT_ROWS`` rows (default 1,000) from XLSX and from CSV through ``comments_import``
  (read, check every row, bulk insert, one audit event), then the same file again (everything skipped);
- baseline: the same rows entered one by one through ``comment_submit`` (what an import would cost
  without bulk inserts: a savepoint, an audit event and a look-up per row);
- OCR: a generated A4 comment form at 300 dpi (PNG) and the same page as an image-only PDF.

Usage: ``python bench/intake.py``. A throw-away SQLite file unless ``DATABASE_URL`` is set.
"""

from __future__ import annotations

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

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "1000"))


def main() -> None:
    call_command("migrate", verbosity=0)
    from tests.factories import ALL_TO_DRAFT_CONSULTATION, advance, make_world, open_consultation, register_document
    from tests.test_intake import form_image, words_read

    from policycomm.consultation import intake
    from policycomm.consultation import services as cons
    from policycomm.consultation.models import Comment
    from policycomm.consultation.ocr import read_scan
    from policycomm.demo.intake import _rows, demo_sheet_csv, demo_sheet_xlsx

    w = make_world()
    consultations = []
    for i in range(3):
        doc = register_document(w, title=f"Nghị quyết {i}")
        advance(w.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
        consultations.append(open_consultation(w, doc))
    xlsx_c, csv_c, base_c = consultations

    def run(c: object, data: bytes, name: str) -> tuple[float, dict[str, object]]:
        started = time.perf_counter()
        result = intake.comments_import(actor=w.drafter_a, consultation=c, channel="meeting", data=data, filename=name)  # type: ignore[arg-type]
        return time.perf_counter() - started, dict(result)

    xlsx = demo_sheet_xlsx(xlsx_c, rows=ROWS)
    t_xlsx, r = run(xlsx_c, xlsx, "y-kien.xlsx")
    assert r["created"] == ROWS and not r["errors"], r["errors"]
    t_again, r = run(xlsx_c, xlsx, "y-kien.xlsx")
    assert r["created"] == 0 and r["skipped_duplicates"] == ROWS
    t_csv, r = run(csv_c, demo_sheet_csv(csv_c, rows=ROWS), "y-kien.csv")
    assert r["created"] == ROWS

    rows = _rows(base_c, ROWS)[1:]
    started = time.perf_counter()
    for row in rows:
        cons.comment_submit(consultation=base_c, text=str(row[1]), submitter_type="individual", consent=True)
    t_base = time.perf_counter() - started
    assert Comment.objects.filter(consultation=base_c).count() == ROWS

    print(f"import XLSX, {ROWS} rows (read, check, bulk insert)   {t_xlsx:6.2f} s = {ROWS / t_xlsx:7.0f} rows/s")
    print(f"import CSV,  {ROWS} rows                             {t_csv:6.2f} s = {ROWS / t_csv:7.0f} rows/s")
    print(f"same XLSX again (all {ROWS} skipped)                  {t_again:6.2f} s")
    print(f"baseline: comment_submit one by one, {ROWS} rows     {t_base:6.2f} s = {ROWS / t_base:7.0f} rows/s")
    print(f"ratio baseline / XLSX import time: {t_base / t_xlsx:.1f}x")

    for fmt, name in (("PNG", "phieu.png"), ("PDF", "phieu.pdf")):
        data = form_image(fmt)
        result = read_scan(data, name)
        print(
            f"OCR one A4 page at 300 dpi ({fmt}): {result['seconds']:.2f} s, "
            f"{words_read(result['text']) * 100:.0f} % of the words read back"
        )


if __name__ == "__main__":
    main()
