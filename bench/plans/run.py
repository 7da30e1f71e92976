"""Implementation plans: reading a plan from .txt, .docx and .pdf, and writing it as Decree 30 DOCX/PDF.

Baselines in the same run, on the same files: for PDF, pdfminer.six's own ``extract_text`` (the text
alone, no structure); for DOCX, python-docx opening the file and joining its paragraphs. The ratio
is what rebuilding paragraphs, header, groups, tasks and bodies costs on top of getting the text out.
A generated plan of N tasks (``BENCH_PLAN_TASKS``, default 400) shows how it scales.

Usage: ``python bench/plans/run.py`` (``make bench`` runs it too). Needs LibreOffice for the PDF.
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from docx import Document
from pdfminer.high_level import extract_text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from policycomm.documents.pdf import docx_to_pdf
from policycomm.plans.parser import parse_bytes

SEED = ROOT.parent / "shared" / "seeds" / "thainguyen-01-KH-UBND-2025.txt"
TASKS = int(os.environ.get("BENCH_PLAN_TASKS", "400"))
REPEAT = 5


def best(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def as_docx(text: str) -> bytes:
    doc = Document()
    for line in text.splitlines():
        doc.add_paragraph(line.replace("**", ""))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def generated(n: int) -> str:
    lines = ["Số: 12/KH-UBND", "Hà Nội, ngày 05 tháng 3 năm 2025", "KẾ HOẠCH", "Thực hiện Đề án năm 2025"]
    lines += ["I. NỘI DUNG THỰC HIỆN"]
    per_group = max(n // 7, 1)
    for g in range(1, 8):
        lines.append(f"{g}. Nhóm giải pháp thứ {g}")
        for t in range(1, per_group + 1):
            lines.append(f"{g}.{t}. Sở Tư pháp chủ trì, phối hợp với Sở Tài chính tổ chức nhiệm vụ {g}-{t}.")
            lines += ["- Thời gian thực hiện: Quý II/2025.", "- Sản phẩm: Báo cáo."]
    lines += ["Nơi nhận:", "- Bộ Tư pháp;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"]
    return "\n".join(lines)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def row(label: str, ours: float, base: float | None = None) -> None:
    ratio = f"{ours / base:6.1f}×" if base else "      "
    print(f"  {label:<44} {ours:9.1f} ms   {'' if base is None else f'{base:9.1f} ms'} {ratio}")


def main() -> None:
    cases = []
    if SEED.exists():
        cases.append(("Thái Nguyên 01/KH-UBND (24 tasks)", SEED.read_text(encoding="utf-8")))
    cases.append((f"generated plan ({TASKS} tasks)", generated(TASKS)))
    print(f"Plans: best of {REPEAT}; columns: ours, baseline, ratio")
    for label, text in cases:
        print(label)
        raw = text.encode()
        docx = as_docx(text)
        start = time.perf_counter()
        pdf = docx_to_pdf(docx)
        convert = (time.perf_counter() - start) * 1000
        row("parse .txt", best(lambda raw=raw: parse_bytes(raw, "p.txt")))
        row(
            "parse .docx vs python-docx text",
            best(lambda d=docx: parse_bytes(d, "p.docx")),
            best(lambda d=docx: docx_text(d)),
        )
        row(
            "parse .pdf vs pdfminer extract_text",
            best(lambda p=pdf: parse_bytes(p, "p.pdf")),
            best(lambda p=pdf: extract_text(io.BytesIO(p))),
        )
        row("DOCX → PDF (LibreOffice, one run)", convert)
        plan = parse_bytes(raw, "p.txt")
        tasks = sum(len(g["tasks"]) for g in plan["groups"]) + len(plan["duties"])
        print(f"  {'tasks read':<44} {tasks:9d}")


if __name__ == "__main__":
    main()
