"""National consolidation of periodic reports: 34 provinces, 3,321 communes, every commune's report accepted.

Measures, on a throw-away SQLite file (or ``DATABASE_URL``):
- one consolidation by the ministry of the 3,321 communes' accepted reports in a single period (the worst
  case: every report summed at once, with the per-unit breakdown and the quoted written parts);
- the two-level way the tree reports: each province consolidates its communes, then the ministry its
  34 provinces;
- the consolidated report's page (HTTP through Django's test client, queries counted) and its DOCX with
  the 3,321-row appendix.
Baseline: recomputing every commune's figures live from the data instead of summing the frozen JSON.

Usage: ``python bench/reports.py`` (``BENCH_COMMUNES``, default 3321; ``BENCH_PROVINCES``, default 34).
"""

from __future__ import annotations

import datetime as dt
import os
import random
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
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

COMMUNES = int(os.environ.get("BENCH_COMMUNES", "3321"))
PROVINCES = int(os.environ.get("BENCH_PROVINCES", "34"))
FORMS = ("mass_media", "tailored", "conference", "grassroots", "portal", "social")
CHANNELS = ("Loa truyền thanh", "Bảng tin tổ dân phố", "Cổng thông tin", "Zalo OA", "Báo tỉnh", "Hội nghị")


def frozen(rng: random.Random, name: str) -> dict[str, object]:
    """A commune's figures as frozen on submission (the shape ``reporting.figures`` computes)."""
    forms: dict[str, object] = {}
    for form in rng.sample(FORMS, 3):
        channels = {ch: {"count": rng.randint(1, 9), "reach": rng.randint(50, 5000)} for ch in rng.sample(CHANNELS, 2)}
        forms[form] = {
            "count": sum(c["count"] for c in channels.values()),
            "reach": sum(c["reach"] for c in channels.values()),
            "channels": channels,
        }
    in_scope = rng.randint(0, 6)
    covered = rng.randint(0, in_scope)
    failing = [
        {
            "policy": rng.randint(1, 10**6),
            "title": f"Chính sách {i}",
            "body": f"Văn phòng {name}",
            "reasons": ["Gián đoạn."],
        }
        for i in range(in_scope - covered)
    ]
    accepted = rng.randint(0, 40)
    return {
        "coverage": {
            "in_scope": in_scope,
            "covered": covered,
            "ratio": covered / in_scope if in_scope else None,
            "failing": failing,
        },
        "activities_by_form": forms,
        "comments": {
            "received": accepted + 20,
            "by_channel": {"portal": accepted, "meeting": 20},
            "accepted": accepted,
            "partly_accepted": 5,
            "not_accepted": 3,
        },
        "plans": 1,
        "tasks": {"done": rng.randint(0, 20), "overdue": rng.randint(0, 5), "total": 25},
        "training": {"sessions": rng.randint(0, 3), "participants": rng.randint(0, 200)},
        "budget": {
            "allocated": 50_000_000,
            "spent": rng.randint(0, 50_000_000),
            "by_source": {"commune": {"allocated": 50_000_000, "spent": 1}},
        },
        "commendations": {"good_models": rng.randint(0, 1), "proposed": 0, "approved": 0},
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from django.contrib.auth import get_user_model

    from policycomm.orgs.models import Level, Organisation
    from policycomm.reporting import services as rs
    from policycomm.reporting.export import report_docx, report_xlsx
    from policycomm.reporting.figures import for_subtree
    from policycomm.reporting.models import PeriodReport, ReportPeriod

    kind = Organisation.Kind
    rng = random.Random(407)
    admin = get_user_model().objects.create_superuser("bench", password="bench-pass-123")  # noqa: S106 — a throw-away database
    t0 = time.perf_counter()
    moj = Organisation.objects.create(
        name="Bộ Tư pháp", short_name="BTP", kind=kind.CENTRAL_AGENCY, level=Level.CENTRAL
    )
    provinces, communes = [], []
    for p in range(PROVINCES):
        prov = Organisation.objects.create(
            name=f"UBND tỉnh {p + 1}", short_name="UBND", kind=kind.PEOPLES_COMMITTEE, level=Level.PROVINCE, parent=moj
        )
        Organisation.objects.create(
            name=f"Sở Tư pháp tỉnh {p + 1}", short_name="STP", kind=kind.DEPARTMENT, level=Level.PROVINCE, parent=prov
        )
        provinces.append(prov)
    for c in range(COMMUNES):
        prov = provinces[c % PROVINCES]
        communes.append(
            Organisation.objects.create(
                name=f"UBND xã {c + 1}",
                short_name="UBND",
                kind=kind.PEOPLES_COMMITTEE,
                level=Level.COMMUNE,
                parent=prov,
            )
        )
    today = dt.date.today()
    span = {"start": today - dt.timedelta(days=180), "end": today, "due": today + dt.timedelta(days=5)}
    national = rs.period_create(
        actor=admin, organisation=moj, kind="six_month", title="Toàn quốc", units=communes, **span
    )
    rows = []
    for o in communes:
        f = frozen(rng, o.name)
        rows.append(
            PeriodReport(
                organisation=o,
                period=national,
                status="accepted",
                figures=f,
                results=f"Kết quả của {o.name}.",
                symbol="BC-UBND",
            )
        )
    PeriodReport.objects.bulk_create(rows, batch_size=500)
    print(
        f"setup: {PROVINCES} provinces, {COMMUNES} communes, {COMMUNES} accepted reports in {time.perf_counter() - t0:.1f} s"
    )

    with CaptureQueriesContext(connection) as q:
        t = time.perf_counter()
        own = rs.report_consolidate(actor=admin, period=national)
        one = time.perf_counter() - t
    print(f"  national consolidation, {COMMUNES} reports in one period   {one:6.2f} s  ({len(q)} queries)")
    assert own.consolidates.count() == COMMUNES
    assert own.figures["plans"] == COMMUNES

    # Two levels: each province consolidates its communes; the ministry its provinces.
    t = time.perf_counter()
    upper = rs.period_create(
        actor=admin, organisation=moj, kind="six_month", title="Toàn quốc (2 cấp)", units=provinces, **span
    )
    for prov in provinces:
        mine = [c for c in communes if c.parent_id == prov.pk]
        pp = rs.period_create(actor=admin, organisation=prov, kind="six_month", title="Tỉnh", units=mine, **span)
        PeriodReport.objects.bulk_create(
            [
                PeriodReport(organisation=o, period=pp, status="accepted", figures=frozen(rng, o.name), results="x")
                for o in mine
            ],
            batch_size=500,
        )
    setup2 = time.perf_counter() - t
    t = time.perf_counter()
    for pp in ReportPeriod.objects.filter(organisation__in=provinces):
        rep = rs.report_consolidate(actor=admin, period=pp)
        PeriodReport.objects.get_or_create(
            organisation=pp.organisation,
            period=upper,
            defaults={"status": "accepted", "figures": rep.figures, "results": "y"},
        )
    provinces_time = time.perf_counter() - t
    t = time.perf_counter()
    top = rs.report_consolidate(actor=admin, period=upper)
    top_time = time.perf_counter() - t
    print(
        f"  34 province consolidations (≈{COMMUNES // PROVINCES} communes each)        {provinces_time:6.2f} s  (setup {setup2:.1f} s)"
    )
    print(f"  then the ministry's consolidation of {PROVINCES} provinces           {top_time:6.2f} s")
    assert top.figures["plans"] == COMMUNES

    client = Client()
    client.force_login(admin)
    with CaptureQueriesContext(connection) as q:
        t = time.perf_counter()
        r = client.get(f"/can-bo/bao-cao/{own.pk}/")
        page = time.perf_counter() - t
    assert r.status_code == 200
    print(f"  consolidated report page ({COMMUNES} units)                     {page * 1000:6.0f} ms ({len(q)} queries)")
    with CaptureQueriesContext(connection) as q:
        t = time.perf_counter()
        r = client.get(f"/can-bo/bao-cao/ky/{national.pk}/")
        page = time.perf_counter() - t
    print(f"  period page, who reported ({COMMUNES} units)                    {page * 1000:6.0f} ms ({len(q)} queries)")
    t = time.perf_counter()
    data = report_docx(own)
    print(
        f"  DOCX of the national report ({COMMUNES} units, appendix in XLSX) {time.perf_counter() - t:6.2f} s ({len(data) // 1024} KiB)"
    )
    t = time.perf_counter()
    data = report_xlsx(own)
    print(
        f"  XLSX of the national report, {COMMUNES} rows per unit           {time.perf_counter() - t:6.2f} s ({len(data) // 1024} KiB)"
    )
    t = time.perf_counter()
    data = report_docx(top)
    print(
        f"  DOCX of the two-level national report, {PROVINCES}-row appendix      {time.perf_counter() - t:6.2f} s ({len(data) // 1024} KiB)"
    )

    # Baseline: recompute every commune's figures from the data instead of summing frozen JSON.
    sample = communes[:200]
    t = time.perf_counter()
    for o in sample:
        for_subtree(o, span["start"], span["end"])
    per = (time.perf_counter() - t) / len(sample)
    print(
        f"  baseline: live figures per commune (empty data) {per * 1000:6.1f} ms → ×{COMMUNES} = {per * COMMUNES:6.1f} s"
    )


if __name__ == "__main__":
    main()
