"""A national data set, and the monitoring page measured on it.

``build_national()`` fills the configured database (call it inside a set-up Django) with:

- the 2025 administrative map through the project's loader (``orgs.adminunits.load_admin_units``:
  34 provinces, 3,321 communes, from the ``vietnamadminunits`` package);
- the organisation tree: Bộ Tư pháp at the root; under it each province's People's Committee with its
  People's Council, PBGDPL council, Sở Tư pháp and five departments; under each committee its communes'
  committees, each with its People's Council, office (Văn phòng HĐND và UBND) and two divisions;
- ``policies`` draft policies (default 100,000) on half as many documents, with their stage transitions,
  consultation pages, material and activities, spread over 2021–2026, in the proportions of real data
  (about 10 % found out of scope, 3 % never screened, some late or missing material and silent stages);
- one monitor per level (national, one province, one commune leader) to look at it;

all with ``bulk_create`` (the organisation paths computed here), then ``coverage_refresh()`` for the
stored status. It returns a ``National`` with what a later measurement needs (the bodies, the communes
and their committees, the users). ``python bench/national.py`` builds it in a throw-away SQLite file (or
``DATABASE_URL``) and times the monitoring page against the per-request assessment it replaced.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

PROVINCE_DEPARTMENTS = (
    ("Sở Tư pháp", "STP"),
    ("Sở Tài chính", "STC"),
    ("Sở Xây dựng", "SXD"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT"),
    ("Sở Y tế", "SYT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
)
PASSWORD = "bench-pass-123"  # noqa: S105 - throw-away users of a throw-away database
USERNAMES = ("national_monitor", "province_monitor", "commune_leader")
COMMUNE_DIVISIONS = (("Phòng Kinh tế", "PKT"), ("Phòng Văn hóa - Xã hội", "PVHXH"))


@dataclass
class National:
    root: Any
    provinces: list[Any] = field(default_factory=list)  # the provinces' People's Committees
    communes: list[Any] = field(default_factory=list)  # the communes' People's Committees
    bodies: list[Any] = field(default_factory=list)  # every drafting body
    users: dict[str, Any] = field(default_factory=dict)  # national_monitor, province_monitor, commune_leader
    counts: dict[str, int] = field(default_factory=dict)


def _orgs(rows: list[tuple[Any, dict[str, Any]]]) -> list[Any]:
    """Create organisations under already saved parents, with the paths ``Organisation.save`` would give."""
    from django.db.models import Max

    from policycomm.orgs.models import Organisation

    next_pk = (Organisation.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    objs = []
    for parent, fields in rows:
        o = Organisation(pk=next_pk, parent=parent, **fields)
        o.path = (parent.path if parent else "") + f"{next_pk:08d}."
        objs.append(o)
        next_pk += 1
    Organisation.objects.bulk_create(objs, batch_size=2000)
    return objs


def _reset_sequences() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from policycomm.orgs.models import Organisation

    for sql in connection.ops.sequence_reset_sql(no_style(), [Organisation]):
        with connection.cursor() as cur:
            cur.execute(sql)


def build_national(*, policies: int = 100_000, seed: int = 407, today: dt.date | None = None) -> National:
    """Fill the database with the national data set (see the module's text). Takes a few minutes at 100,000."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from policycomm.communication.models import Activity, Material
    from policycomm.consultation.models import Consultation
    from policycomm.lawmaking.models import DraftPolicy, LegalDocument, StageTransition
    from policycomm.lawmaking.rules import DOC_TYPE_RULES, DocType, Stage
    from policycomm.monitoring.status import coverage_refresh
    from policycomm.orgs.adminunits import load_admin_units
    from policycomm.orgs.models import AdminUnit, Level, Membership, Organisation, Role

    rnd = random.Random(seed)
    today = today or timezone.localdate()
    kind = Organisation.Kind
    load_admin_units()
    units = list(AdminUnit.objects.filter(is_legacy=False).order_by("code"))
    province_units = [u for u in units if u.parent_id is None]
    communes_of: dict[int, list[Any]] = {}
    for u in units:
        if u.parent_id is not None:
            communes_of.setdefault(u.parent_id, []).append(u)

    (root,) = _orgs(
        [(None, {"name": "Bộ Tư pháp", "short_name": "BTP", "kind": kind.CENTRAL_AGENCY, "level": Level.CENTRAL})]
    )
    committees = _orgs(
        [
            (
                root,
                {
                    "name": f"Ủy ban nhân dân {u.name}",
                    "short_name": "UBND",
                    "kind": kind.PEOPLES_COMMITTEE,
                    "level": Level.PROVINCE,
                    "admin_unit": u,
                },
            )
            for u in province_units
        ]
    )
    prov_rows: list[tuple[Any, dict[str, Any]]] = []
    for c, u in zip(committees, province_units, strict=True):
        prov_rows.append(
            (
                c,
                {
                    "name": f"Hội đồng nhân dân {u.name}",
                    "short_name": "HĐND",
                    "kind": kind.PEOPLES_COUNCIL,
                    "level": Level.PROVINCE,
                    "admin_unit": u,
                },
            )
        )
        prov_rows.append(
            (
                c,
                {
                    "name": f"Hội đồng phối hợp PBGDPL {u.name}",
                    "short_name": "HĐPH",
                    "kind": kind.PBGDPL_COUNCIL,
                    "level": Level.PROVINCE,
                },
            )
        )
        for name, short in PROVINCE_DEPARTMENTS:
            prov_rows.append(
                (c, {"name": f"{name} {u.name}", "short_name": short, "kind": kind.DEPARTMENT, "level": Level.PROVINCE})
            )
    prov_children = _orgs(prov_rows)
    per_prov = 2 + len(PROVINCE_DEPARTMENTS)
    province_council = {c.pk: prov_children[i * per_prov] for i, c in enumerate(committees)}
    pbgdpl = {c.pk: prov_children[i * per_prov + 1] for i, c in enumerate(committees)}
    departments = {c.pk: prov_children[i * per_prov + 2 : (i + 1) * per_prov] for i, c in enumerate(committees)}

    commune_units = [
        (c, cu) for c, u in zip(committees, province_units, strict=True) for cu in communes_of.get(u.pk, [])
    ]
    commune_committees = _orgs(
        [
            (
                c,
                {
                    "name": f"Ủy ban nhân dân {cu.name}",
                    "short_name": "UBND",
                    "kind": kind.PEOPLES_COMMITTEE,
                    "level": Level.COMMUNE,
                    "admin_unit": cu,
                },
            )
            for c, cu in commune_units
        ]
    )
    com_rows: list[tuple[Any, dict[str, Any]]] = []
    for cc, (_c, cu) in zip(commune_committees, commune_units, strict=True):
        com_rows.append(
            (
                cc,
                {
                    "name": f"Hội đồng nhân dân {cu.name}",
                    "short_name": "HĐND",
                    "kind": kind.PEOPLES_COUNCIL,
                    "level": Level.COMMUNE,
                    "admin_unit": cu,
                },
            )
        )
        com_rows.append(
            (
                cc,
                {
                    "name": f"Văn phòng HĐND và UBND {cu.name}",
                    "short_name": "VP",
                    "kind": kind.OFFICE,
                    "level": Level.COMMUNE,
                },
            )
        )
        for name, short in COMMUNE_DIVISIONS:
            com_rows.append(
                (
                    cc,
                    {"name": f"{name} {cu.name}", "short_name": short, "kind": kind.DEPARTMENT, "level": Level.COMMUNE},
                )
            )
    com_children = _orgs(com_rows)
    _reset_sequences()
    per_com = 2 + len(COMMUNE_DIVISIONS)
    commune_council = {cc.pk: com_children[i * per_com] for i, cc in enumerate(commune_committees)}
    commune_bodies = {
        cc.pk: com_children[i * per_com + 1 : (i + 1) * per_com] for i, cc in enumerate(commune_committees)
    }

    actor = User.objects.create_user("bench_actor", password=PASSWORD)
    users = {
        "national_monitor": User.objects.create_user("national_monitor", password=PASSWORD),
        "province_monitor": User.objects.create_user("province_monitor", password=PASSWORD),
        "commune_leader": User.objects.create_user("commune_leader", password=PASSWORD),
    }
    big = max(committees, key=lambda c: len(communes_of.get(c.admin_unit_id, [])))
    big_commune = next(cc for cc in commune_committees if cc.parent_id == big.pk)
    Membership.objects.bulk_create(
        [
            Membership(user=users["national_monitor"], organisation=root, role=Role.MONITOR),
            Membership(user=users["province_monitor"], organisation=pbgdpl[big.pk], role=Role.MONITOR),
            Membership(user=users["commune_leader"], organisation=big_commune, role=Role.LEADER),
            Membership(user=actor, organisation=root, role=Role.DRAFTER),
        ]
    )

    full = [
        Stage.PROPOSAL_PREPARED,
        Stage.PROPOSAL_CONSULTATION,
        Stage.PROPOSAL_APPRAISAL,
        Stage.PROPOSAL_APPROVED,
        Stage.DRAFTING,
        Stage.DRAFT_CONSULTATION,
        Stage.SYNTHESIS_PUBLISHED,
        Stage.DRAFT_APPRAISAL,
    ]
    window = {Stage.PROPOSAL_CONSULTATION, Stage.DRAFT_CONSULTATION}
    tz = timezone.get_current_timezone()
    first, last = dt.date(2021, 6, 1), today
    span = (last - first).days
    n_docs = max(1, policies // 2)
    counts = dict.fromkeys(["documents", "policies", "transitions", "consultations", "materials", "activities"], 0)
    exclusion_basis = "Có nội dung thuộc danh mục bí mật nhà nước."
    crit_fields = ("c1_requires_proposal", "c2_rights_obligations", "c3_sensitive", "c4_territory")

    def at(day: dt.date, hour: int = 9) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour), tzinfo=tz)

    chunk = 2500
    made = 0
    while made < n_docs:
        size = min(chunk, n_docs - made)
        docs, plans = [], []
        for _ in range(size):
            provincial = rnd.random() < 0.3
            if provincial:
                committee = rnd.choice(committees)
                body = rnd.choice(departments[committee.pk])
                council = rnd.random() < 0.5
                doc_type = DocType.NQ_HDND_TINH if council else DocType.QD_UBND_TINH
                issuer = province_council[committee.pk] if council else committee
            else:
                committee = rnd.choice(commune_committees)
                body = rnd.choice(commune_bodies[committee.pk])
                council = rnd.random() < 0.4
                doc_type = DocType.NQ_HDND_XA if council else DocType.QD_UBND_XA
                issuer = commune_council[committee.pk] if council else committee
            simplified = rnd.random() < 0.1
            stages = [Stage.PROPOSAL_PREPARED, *full[4:]] if simplified else list(full)
            if DOC_TYPE_RULES[doc_type].examined:
                stages.append(Stage.EXAMINATION)
            stages.append(Stage.ADOPTED)
            day = first + dt.timedelta(days=rnd.randrange(span))
            dates = []
            for _s in stages:
                dates.append(day)
                day = day + dt.timedelta(days=rnd.randint(0, 3) if rnd.random() < 0.15 else rnd.randint(7, 40))
            reached = [i for i, d in enumerate(dates) if d <= today]
            stages, dates = stages[: len(reached)], dates[: len(reached)]
            if not stages:
                stages, dates = [Stage.PROPOSAL_PREPARED], [today]
            docs.append(
                LegalDocument(
                    title=f"Văn bản số {made + len(docs) + 1} của {body.name}",
                    doc_type=doc_type,
                    issuing_authority=issuer,
                    drafting_body=body,
                    stage=stages[-1],
                    simplified_procedure=simplified,
                    created_by=actor,
                )
            )
            plans.append((stages, dates))
        LegalDocument.objects.bulk_create(docs, batch_size=1000)

        transitions, pages, pols = [], [], []
        for doc, (stages, dates) in zip(docs, plans, strict=True):
            prev = ""
            for s, d in zip(stages, dates, strict=True):
                transitions.append(StageTransition(document=doc, from_stage=prev, to_stage=s, actor=actor, at=at(d)))
                prev = s
            start = next((d for s, d in zip(stages, dates, strict=True) if s in window), None)
            if start is not None and rnd.random() < 0.98:
                opens = start - dt.timedelta(days=rnd.randint(0, 2))
                pages.append(
                    Consultation(
                        document=doc,
                        phase=Consultation.Phase.DRAFT if stages[1] == Stage.DRAFTING else Consultation.Phase.PROPOSAL,
                        title=f"Lấy ý kiến: {doc.title}",
                        opens_at=at(opens, 7),
                        closes_at=at(opens + dt.timedelta(days=30), 17),
                        created_by=actor,
                    )
                )
            for j in range(2):
                r = rnd.random()
                screened = r >= 0.03
                in_scope = screened and r >= 0.13
                crit = dict.fromkeys(crit_fields, in_scope) if screened else dict.fromkeys(crit_fields, False)
                if screened and not in_scope:
                    crit = dict.fromkeys(crit_fields, True) | {"c2_rights_obligations": False}
                secret = screened and rnd.random() < 0.005
                pols.append(
                    DraftPolicy(
                        document=doc,
                        title=f"Chính sách {j + 1} — {doc.title}",
                        screened_by=actor if screened else None,
                        screened_at=at(dates[0], 10) if screened else None,
                        state_secret=secret,
                        state_exclusion_basis=exclusion_basis if secret else "",
                        **crit,
                    )
                )
        StageTransition.objects.bulk_create(transitions, batch_size=5000)
        Consultation.objects.bulk_create(pages, batch_size=2000)
        DraftPolicy.objects.bulk_create(pols, batch_size=2000)

        materials, acts = [], []
        plan_of = {doc.pk: p for doc, p in zip(docs, plans, strict=True)}
        for p in pols:
            stages, dates = plan_of[p.document_id]
            widx = next((i for i, s in enumerate(stages) if s in window), None)
            if widx is None or p.state_secret:
                continue
            start = dates[widx]
            r = rnd.random()
            if r < 0.97:
                late = r > 0.94
                published = (
                    start + dt.timedelta(days=rnd.randint(1, 9))
                    if late
                    else start - dt.timedelta(days=rnd.randint(0, 5))
                )
                materials.append(
                    Material(
                        policy=p,
                        title=f"Tài liệu truyền thông: {p.title}",
                        status=Material.Status.PUBLISHED,
                        part_need="Sự cần thiết.",
                        part_content="Nội dung.",
                        part_changes="Điểm mới.",
                        published_at=at(published, 8),
                        created_by=actor,
                    )
                )
            for i in range(widx, len(stages) - (1 if stages[-1] == Stage.ADOPTED else 0)):
                if rnd.random() < 0.035:
                    continue  # a silent stage
                begin = dates[i]
                end = dates[i + 1] if i + 1 < len(dates) else today
                day = begin + dt.timedelta(days=rnd.randint(0, max(0, (end - begin).days)))
                acts.append(
                    Activity(
                        policy=p,
                        form=rnd.choice(Activity.Form.values),
                        channel="Cổng thông tin điện tử",
                        date=day,
                        evidence_url="https://example.gov.vn/tin-bai",
                        reach=rnd.randint(50, 20_000),
                        comments_received=rnd.randint(0, 40),
                        recorded_by=actor,
                    )
                )
        Material.objects.bulk_create(materials, batch_size=2000)
        Activity.objects.bulk_create(acts, batch_size=5000)
        made += size
        for k, n in (
            ("documents", len(docs)),
            ("policies", len(pols)),
            ("transitions", len(transitions)),
            ("consultations", len(pages)),
            ("materials", len(materials)),
            ("activities", len(acts)),
        ):
            counts[k] += n

    # ``created_at`` is set on insert: the pages were put up when announced, two days before they opened.
    from django.db.models import F

    Consultation.objects.update(created_at=F("opens_at") - dt.timedelta(days=2))
    coverage_refresh()
    counts["organisations"] = Organisation.objects.count()
    counts["provinces"] = len(committees)
    counts["communes"] = len(commune_committees)
    bodies = [*[d for ds in departments.values() for d in ds], *[b for bs in commune_bodies.values() for b in bs]]
    return National(
        root=root, provinces=committees, communes=commune_committees, bodies=bodies, users=users, counts=counts
    )


# -- the measurement ---------------------------------------------------------------------------------------------


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def measure_page(user: Any, url: str, n: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get(url)  # warm
    times = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    with CaptureQueriesContext(connection) as q:
        client.get(url)
    return times, len(q), len(r.content)


def naive(user: Any) -> float:
    """The per-request form the page used before: assess every counted policy of the subtree in Python."""
    from policycomm.monitoring.coverage import coverage_report

    t = time.perf_counter()
    report = coverage_report(user)
    _ = (report.ratio, len(report.failing), len(report.in_progress))
    return (time.perf_counter() - t) * 1000


def main() -> None:
    sys.path.insert(0, str(ROOT))
    tmp = tempfile.mkdtemp(prefix="policycomm-national-")
    os.environ.setdefault("POLICYCOMM_VAR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policycomm.config.settings")
    # Production settings on a throw-away instance: a bench-only key, served over plain http.
    os.environ.setdefault("POLICYCOMM_SECRET_KEY", "bench-only-key-not-a-secret-" + "0" * 32)
    os.environ.setdefault("POLICYCOMM_HTTPS", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from policycomm.monitoring.models import CoverageStatus

    n_pol = int(os.environ.get("BENCH_POLICIES", "100000"))
    n_req = int(os.environ.get("BENCH_REQUESTS", "40"))
    n_naive = int(os.environ.get("BENCH_NAIVE_REQUESTS", "3"))
    reuse = bool(os.environ.get("BENCH_REUSE"))
    call_command("migrate", verbosity=0)  # on a reused data set, also brings new tables and their sums
    call_command("createcachetable", verbosity=0)
    print(f"policycomm national bench — {connection.vendor}, {n_pol} policies")
    if reuse:
        from django.contrib.auth.models import User

        from policycomm.orgs.models import Organisation

        nat = National(
            root=Organisation.objects.get(parent=None, name="Bộ Tư pháp"),
            users={u.username: u for u in User.objects.filter(username__in=USERNAMES)},
        )
        print(f"  reusing the data set in {os.environ['POLICYCOMM_VAR']}")
    else:
        t = time.perf_counter()
        nat = build_national(policies=n_pol)
        print(f"  built in {time.perf_counter() - t:.0f} s: " + ", ".join(f"{k} {v:,}" for k, v in nat.counts.items()))
    states = dict(CoverageStatus.objects.values_list("state").annotate(n=django.db.models.Count("pk")))
    print("  stored status: " + ", ".join(f"{k} {v:,}" for k, v in sorted(states.items())))
    from policycomm.monitoring.status import coverage_refresh, tally_rebuild

    t = time.perf_counter()
    n_tallies = tally_rebuild()
    print(f"  tally_rebuild() from the stored status: {time.perf_counter() - t:.1f} s, {n_tallies:,} rows")
    if not reuse:
        t = time.perf_counter()
        coverage_refresh()
        print(f"  coverage_refresh() of every policy: {time.perf_counter() - t:.1f} s")

    year = dt.date.today().year - 1
    province = nat.users["province_monitor"].memberships.get().organisation.parent
    cases = [
        ("national monitor, whole country", nat.users["national_monitor"], "/can-bo/giam-sat/"),
        ("national monitor, one year", nat.users["national_monitor"], f"/can-bo/giam-sat/?nam={year}"),
        ("national monitor, six-month chart", nat.users["national_monitor"], "/can-bo/giam-sat/?ky=6-thang"),
        ("national monitor, failing list", nat.users["national_monitor"], "/can-bo/giam-sat/chua-dat/"),
        ("province monitor (largest province)", nat.users["province_monitor"], "/can-bo/giam-sat/"),
        (
            "national monitor opens that province",
            nat.users["national_monitor"],
            f"/can-bo/giam-sat/?don-vi={province.pk}",
        ),
        ("commune leader", nat.users["commune_leader"], "/can-bo/giam-sat/"),
    ]
    print(f"  monitoring page, {n_req} requests each through Django's test client (ms):")
    print(f"  {'case':<40} {'p50':>7} {'p95':>7} {'max':>7} {'queries':>8} {'KiB':>6}")
    results = {}
    for label, user, url in cases:
        times, queries, size = measure_page(user, url, n_req)
        results[label] = times
        print(
            f"  {label:<40} {statistics.median(times):7.1f} {_p(times, 0.95):7.1f} {max(times):7.1f} {queries:8d} {size / 1024:6.0f}"
        )
    from policycomm.lawmaking.models import DraftPolicy

    sample = list(DraftPolicy.objects.order_by("?").values_list("pk", flat=True)[:30])
    one = []
    for pk in sample:
        t = time.perf_counter()
        coverage_refresh([pk])  # what each write to a policy's facts adds: its status and the tallies moved
        one.append((time.perf_counter() - t) * 1000)
    print(
        f"  coverage_refresh of one policy (per write), {len(one)} policies: p50 {statistics.median(one):.1f} ms, p95 {_p(one, 0.95):.1f} ms"
    )
    print(f"  naive baseline (coverage_report: every policy assessed per request), {n_naive} runs each (ms):")
    for label, user in (
        ("national monitor", nat.users["national_monitor"]),
        ("province monitor", nat.users["province_monitor"]),
        ("commune leader", nat.users["commune_leader"]),
    ):
        if label == "national monitor" and os.environ.get("BENCH_NAIVE_NATIONAL", "1") == "0":
            continue
        runs = [naive(user) for _ in range(1 if label == "national monitor" else n_naive)]
        key = {
            "national monitor": "national monitor, whole country",
            "province monitor": "province monitor (largest province)",
            "commune leader": "commune leader",
        }[label]
        page = statistics.median(results[key])
        print(f"  {label:<40} {statistics.median(runs):9.1f}  → {statistics.median(runs) / page:6.1f}× the page's p50")


if __name__ == "__main__":
    main()
