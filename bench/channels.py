"""The channel kit of one policy: time to make the whole kit (audio included), target ≤ 10 s.

Measures, on a throw-away SQLite file (or ``DATABASE_URL``), for one consultation with published material,
contacts and a meeting:
- the whole kit made from scratch (``kit_build(force=True)``: poster PDF and its preview, loudspeaker
  script and MP3, LED, social post and card, SMS, press release DOCX, stored with their files);
- each builder alone, to show where the time goes;
- a second run with nothing changed (every fingerprint current).
Baseline, in the same run: one espeak-ng call on the same script (WAV only), the floor any kit with
speech has to pay.

Usage: ``python bench/channels.py`` (``BENCH_RUNS``, default 3).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
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
from django.utils import timezone

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
TARGET_S = 10.0


def best(fn: object, runs: int = RUNS) -> tuple[float, float]:
    """(best, median) wall time of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from tests.factories import (
        ALL_TO_DRAFT_CONSULTATION,
        advance,
        make_world,
        open_consultation,
        publish_material,
        register_document,
        screen_in_scope,
    )

    from policycomm.channels.builders import ORDER, build
    from policycomm.channels.kit import kit_build
    from policycomm.channels.source import kit_source
    from policycomm.consultation.models import Event
    from policycomm.lawmaking import services as law
    from policycomm.orgs.models import Organisation

    w = make_world()
    Organisation.objects.filter(pk=w.body_a.pk).update(
        address="Số 18 đường Cách mạng Tháng Tám, tỉnh Thái Nguyên", phone="0208 3855 123", hotline="0912 345 678"
    )
    doc = register_document(w)
    advance(w.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    policy = screen_in_scope(w.drafter_a, law.policy_add(actor=w.drafter_a, document=doc, title="Thu phí"))
    publish_material(
        w.drafter_a,
        w.leader_a,
        policy,
        part_need="Vỉa hè nhiều tuyến phố bị lấn chiếm, người đi bộ phải xuống lòng đường. " * 3,
        part_content="Hộ kinh doanh nộp phí 20.000 đồng/m²/tháng tại phường, 10.000 đồng/m²/tháng tại xã. " * 3,
    )
    c = open_consultation(w, doc)
    starts = timezone.now() + dt.timedelta(days=5)
    Event.objects.create(
        consultation=c,
        form="dialogue",
        title="Đối thoại với hộ kinh doanh",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Hội trường phường",
        organiser=w.body_a,
        created_by=w.drafter_a,
    )

    print(f"Channel kit of one policy, best/median of {RUNS} runs")
    whole = best(lambda: kit_build(consultation=c, force=True))
    print(f"  whole kit, from scratch (8 outputs stored)     {whole[0]:6.2f} s  (median {whole[1]:.2f} s)")
    current = best(lambda: kit_build(consultation=c))
    print(f"  again, nothing changed (fingerprints current)  {current[0]:6.2f} s")
    src = kit_source(c)
    script = build("loudspeaker_script", src).text
    for kind in ORDER:
        t = best(lambda kind=kind: build(kind, src, script=script))  # type: ignore[misc]
        print(f"    {kind:<44} {t[0]:6.3f} s")
    espeak = shutil.which("espeak-ng")
    assert espeak is not None
    out = Path(tmp) / "baseline.wav"
    baseline = best(lambda: subprocess.run([espeak, "-v", "vi", "-s", "120", "-w", str(out), script], check=True))
    print(f"  baseline: one espeak-ng call, same script, WAV {baseline[0]:6.2f} s")
    print(f"  ratio whole kit / baseline: {whole[0] / baseline[0]:.1f}")
    print(f"  target ≤ {TARGET_S:.0f} s: {'met' if whole[1] <= TARGET_S else 'NOT MET'} (median {whole[1]:.2f} s)")


if __name__ == "__main__":
    main()
