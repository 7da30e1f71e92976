"""Every list page has a query budget that does not grow with the number of rows."""

from __future__ import annotations

from typing import Any

from django.test import Client

from policycomm.consultation import services as cons
from policycomm.lawmaking import services as law

from .factories import (
    ALL_TO_DRAFT_CONSULTATION,
    advance,
    open_consultation,
    publish_material,
    register_document,
)
from .factories import screen_in_scope as screen


def grow(w: Any, n: int) -> None:
    for i in range(n):
        doc = register_document(w, title=f"Văn bản {i}")
        advance(w.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
        p = screen(w.drafter_a, law.policy_add(actor=w.drafter_a, document=doc, title=f"Chính sách {i}"))
        publish_material(w.drafter_a, w.leader_a, p)
        c = open_consultation(w, doc)
        for j in range(3):
            cons.comment_submit(consultation=c, text=f"Ý kiến {j}", submitter_type="individual", consent=True)


def translated(w: Any, document: Any, n: int) -> None:
    """The document's published material approved in ``n`` languages (English first)."""
    from policycomm.communication import services as comm
    from policycomm.communication.models import MaterialTranslation
    from policycomm.consultation.selectors import published_materials

    text = {"title": "Why?", "part_need": "Need.", "part_content": "Content.", "part_changes": "Changes."}
    for m in published_materials(document):
        for code in ("en", "fr", "de", "ja", "ko", "km", "zh-hans")[:n]:
            if MaterialTranslation.objects.filter(material=m, language=code).exists():
                continue
            t = comm.translation_save(actor=w.drafter_a, material=m, language=code, **text)
            t = comm.translation_submit(actor=w.drafter_a, translation=t)
            comm.translation_review(actor=w.leader_a, translation=t, approve=True)


PAGES = {
    # The two lists, the pager's COUNT (open drafts are paged, ?trang=N), and the search form's choices:
    # bodies, areas, sectors (3).
    "/": 8,  # + the follow form's choices: provinces and sectors (2)
    # Search: choices (3), the count and the page of hits with their consultation (2).
    "/tim-kiem/?q=van+ban": 5,
    "/tim-kiem/?status=open&level=province": 5,
    # Staff pages: + the second factor's device (django-otp's middleware, or the guard's "enrolled?" for a user for
    # whom it is optional): one query per request, whatever the page.
    "/can-bo/thoi-han-lay-y-kien/": 6,
    "/api/v1/consultations?status=open": 2,
    # The staff home for the monitor: its lists (5), the work queue's coverage check of recently adopted
    # policies (policies, transitions, material, activities: 4), the unread count in the menu (1), the device (1).
    "/can-bo/": 11,
    # Monitoring: 18-19 whatever the size; shortened windows, unread count, good models, commendations, overdue
    # planned activities: 1 each.
    "/can-bo/giam-sat/": 25,
}


def measure(w: Any, django_assert_max_num_queries: Any, url: str, budget: int) -> None:
    client = Client()
    if url.startswith("/can-bo/"):
        client.force_login(w.monitor)
    with django_assert_max_num_queries(budget):
        r = client.get(url)
    assert r.status_code == 200


def test_list_pages_within_budget_at_any_size(world: Any, django_assert_max_num_queries: Any) -> None:
    grow(world, 2)
    for url, budget in PAGES.items():
        measure(world, django_assert_max_num_queries, url, budget)
    grow(world, 6)
    for url, budget in PAGES.items():
        measure(world, django_assert_max_num_queries, url, budget)


def test_processing_page_budget(world: Any, django_assert_max_num_queries: Any) -> None:
    grow(world, 1)
    from policycomm.consultation.models import Consultation

    c = Consultation.objects.get(phase=Consultation.Phase.DRAFT)
    for j in range(20):
        cons.comment_submit(consultation=c, text=f"Thêm {j}", submitter_type="individual", consent=True)
    client = Client()
    client.force_login(world.drafter_a)
    # measured 10 (7, the unread count in the menu, the draft's current version for "trên dự thảo lần N", and
    # whether the drafter enrolled a second factor)
    with django_assert_max_num_queries(11):
        assert client.get(f"/can-bo/lay-y-kien/{c.pk}/").status_code == 200


def test_plan_list_budget_does_not_grow_with_the_plans(world: Any, django_assert_max_num_queries: Any) -> None:
    from policycomm.orgs.models import Level, Organisation
    from policycomm.plans import services as plans
    from policycomm.plans.parser import parse_file

    from .factories import ROOT

    seed = ROOT.parent / "shared" / "seeds" / "thanhbac-28-KH-UBND-2023.txt"
    province = plans.plan_create(actor=world.monitor, organisation=world.province, data=parse_file(seed))

    def wards(n: int) -> None:
        for i in range(n):
            ward = Organisation.objects.create(
                name=f"Ủy ban nhân dân phường {i}",
                kind=Organisation.Kind.PEOPLES_COMMITTEE,
                level=Level.COMMUNE,
                parent=world.province,
            )
            plans.plan_derive(actor=world.monitor, parent=province, organisation=ward)

    wards(2)
    for url in ("/can-bo/ke-hoach/", f"/can-bo/ke-hoach/{province.pk}/"):
        measure(world, django_assert_max_num_queries, url, 37)
    wards(5)
    for url in ("/can-bo/ke-hoach/", f"/can-bo/ke-hoach/{province.pk}/"):
        measure(world, django_assert_max_num_queries, url, 37)


# Measured count + 1. The analysis screen per view; the citizen's draft page; the API detail. Staff pages
# carry two more: the unread count in the menu, and the second factor (the guard asks whether the drafter enrolled).
DETAIL_PAGES = {
    # the published translations (their languages): one; the kit's card (Open Graph): two; the versions and the
    # dossier's files (portal/_versions.html): two
    "/gop-y/{c}/": 10,
    "/api/v1/consultations/{c}": 6,  # the counts by channel: one query; the languages: one
    "/gop-y/{c}/ban-dich/en/": 3,
    "/can-bo/lay-y-kien/{c}/phan-tich/?xem=chien-dich": 12,
    "/can-bo/lay-y-kien/{c}/phan-tich/?xem=chu-de": 11,
    "/can-bo/lay-y-kien/{c}/phan-tich/?xem=dieu-khoan": 11,
    "/can-bo/lay-y-kien/{c}/phan-tich/?xem=y-kien": 12,
    "/can-bo/lay-y-kien/{c}/phan-tich/?xem=y-kien&dieu=dieu-2": 12,
    "/can-bo/lay-y-kien/{c}/phan-tich/?xem=tranh-luan": 10,
}


def test_detail_pages_within_budget_at_any_size(world: Any, django_assert_max_num_queries: Any) -> None:
    from policycomm.consultation import insights
    from policycomm.consultation.analysis_job import run_analysis
    from policycomm.consultation.models import Consultation

    for n in (2, 6):
        grow(world, 2 if n == 2 else 4)
        c = Consultation.objects.filter(phase=Consultation.Phase.DRAFT).order_by("pk").first()
        assert c is not None
        for j in range(n * 5):
            cons.comment_submit(
                consultation=c, text=f"Đề nghị sửa Điều 2, lần {j}", submitter_type="individual", consent=True
            )
        cons.statement_add(actor=world.drafter_a, consultation=c, text=f"Nhận định {n}")
        translated(world, c.document, n)
        run = insights.analysis_request(actor=world.drafter_a, consultation=c)
        run_analysis(run.pk, lambda _p: None)
        client = Client()
        client.force_login(world.drafter_a)
        for url, budget in DETAIL_PAGES.items():
            path = url.format(c=c.pk)
            with django_assert_max_num_queries(budget):
                r = client.get(path) if path.startswith("/can-bo/") else Client().get(path)
            assert r.status_code == 200, path


def grow_adopted(w: Any, n: int) -> None:
    """``n`` more wards, each with an office that drafted an adopted, in-scope policy (half of them covered)."""
    import datetime as dt

    from django.utils import timezone

    from policycomm.lawmaking.models import DraftPolicy, LegalDocument, StageTransition
    from policycomm.lawmaking.rules import DocType, Stage
    from policycomm.monitoring.status import coverage_refresh
    from policycomm.orgs.models import Level, Organisation

    from .factories import K

    start = Organisation.objects.count()
    ids = []
    for i in range(start, start + n):
        ward = Organisation.objects.create(
            name=f"UBND xã {i}", kind=K.PEOPLES_COMMITTEE, level=Level.COMMUNE, parent=w.province
        )
        office = Organisation.objects.create(name=f"Văn phòng xã {i}", kind=K.OFFICE, level=Level.COMMUNE, parent=ward)
        doc = LegalDocument.objects.create(
            title=f"Quyết định {i}",
            doc_type=DocType.QD_UBND_XA,
            issuing_authority=ward,
            drafting_body=office,
            stage=Stage.ADOPTED,
            created_by=w.admin,
        )
        now = timezone.now()
        for k, stage in enumerate([Stage.PROPOSAL_PREPARED, Stage.DRAFTING, Stage.DRAFT_CONSULTATION, Stage.ADOPTED]):
            StageTransition.objects.create(
                document=doc, to_stage=stage, actor=w.admin, at=now - dt.timedelta(days=400 - 100 * k)
            )
        crit = dict.fromkeys(["c1_requires_proposal", "c2_rights_obligations", "c3_sensitive", "c4_territory"], True)
        p = DraftPolicy.objects.create(document=doc, title=f"Chính sách {i}", screened_at=now, **crit)
        ids.append(p.pk)
    coverage_refresh(ids)


def test_monitoring_pages_budget_does_not_grow(world: Any, django_assert_max_num_queries: Any) -> None:
    # Measured + 1: the page 24 (25 opened on a unit: its ancestors), the failing list 6 (7); the shortened
    # windows, the unread count in the menu, the good models, the commendations and the overdue planned
    # activities are one query each.
    pages = {"/can-bo/giam-sat/": 25, "/can-bo/giam-sat/?nam=2025&ky=6-thang": 25, "/can-bo/giam-sat/chua-dat/": 7}
    for n in (2, 8):
        grow_adopted(world, n)
        for url, budget in pages.items():
            measure(world, django_assert_max_num_queries, url, budget)
        ward = world.province.children.order_by("-pk").first().pk
        measure(world, django_assert_max_num_queries, f"/can-bo/giam-sat/?don-vi={ward}", 26)
        measure(world, django_assert_max_num_queries, f"/can-bo/giam-sat/chua-dat/?don-vi={ward}", 8)


def test_intake_pages_budget_does_not_grow(world: Any, django_assert_max_num_queries: Any) -> None:
    import datetime as dt

    from policycomm.consultation import feedback, intake
    from policycomm.consultation.models import Consultation

    grow(world, 1)
    c = Consultation.objects.get(phase=Consultation.Phase.DRAFT)
    today = dt.date.today()
    client = Client()
    client.force_login(world.drafter_a)

    def more(n: int) -> int:
        sc = None
        for i in range(n):
            sc, _ = feedback.criticism_record(
                actor=world.drafter_a,
                consultation=c,
                issuer="Ủy ban MTTQ tỉnh",
                reference=f"{n}-{i}/MTTQ",
                issued_on=today,
                received_on=None,
                summary="",
                points=[{"text": f"Nội dung {j}", "section_id": None} for j in range(3)],
            )
            o = feedback.outreach_record(
                actor=world.drafter_a,
                consultation=c,
                recipients=[{"name": f"Nơi nhận {n}-{i}", "organisation_id": None}],
                sent_on=today,
            )["created"][0]
            intake.comment_enter(
                actor=world.drafter_a,
                consultation=c,
                channel="letter",
                text=f"Trả lời {n}-{i}",
                submitter_type="agency",
                received_on=today,
                outreach=o,
            )
        assert sc is not None
        return int(sc.pk)

    # Measured + 1, the same at either size (session, user, memberships and the unread count included).
    budgets = {"nhap-y-kien/": 7, "nhap-tep/": 6, "phan-bien/": 8, "phan-bien/{sc}/": 9, "gui-lay-y-kien/": 9}
    for n in (2, 8):
        sc = more(n)
        for url, budget in budgets.items():
            with django_assert_max_num_queries(budget):
                r = client.get(f"/can-bo/lay-y-kien/{c.pk}/" + url.format(sc=sc))
            assert r.status_code == 200, url


def test_synthesis_page_budget_does_not_grow(world: Any, django_assert_num_queries: Any) -> None:
    """The synthesis report's staff page: the same count with 1 report and with 8, 3 comments and 23."""
    from policycomm.consultation.models import Consultation, SynthesisReport

    grow(world, 1)
    c = Consultation.objects.get(phase=Consultation.Phase.DRAFT)
    client = Client()
    client.force_login(world.drafter_a)

    def reports(n: int) -> None:
        for _ in range(n):
            SynthesisReport.objects.create(
                consultation=c,
                status=SynthesisReport.Status.DONE,
                requested_by=world.drafter_a,
                published_at=c.opens_at,
            )

    reports(1)
    # Measured 9: session, user, memberships, whether the drafter enrolled a second factor, consultation, its rounds,
    # pending comments, reports, unread count.
    with django_assert_num_queries(9):
        assert client.get(f"/can-bo/lay-y-kien/{c.pk}/tong-hop/").status_code == 200
    reports(7)
    for j in range(20):
        cons.comment_submit(consultation=c, text=f"Thêm {j}", submitter_type="individual", consent=True)
    with django_assert_num_queries(9):
        assert client.get(f"/can-bo/lay-y-kien/{c.pk}/tong-hop/").status_code == 200


# Issue 13 §5: the citizen's draft page and the home page make the same number of queries whatever the number of
# comments, versions and drafts (exact equality between a small and a large world, not only a ceiling).


def _queries(url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(url)  # the voter token and the session exist from here on, as for a returning reader
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    return len(ctx.captured_queries)


def _portal_draft(w: Any, *, comments: int, versions: int, finished: bool) -> str:
    from policycomm.consultation import visible
    from policycomm.consultation.models import Consultation

    from .factories import DRAFT, close

    doc = register_document(w, title=f"Nghị quyết {comments}-{versions}-{finished}")
    advance(w.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    p = screen(w.drafter_a, law.policy_add(actor=w.drafter_a, document=doc, title="Chính sách"))
    publish_material(w.drafter_a, w.leader_a, p)
    c = open_consultation(w, doc)
    for v in range(1, versions):
        law.sections_replace(
            actor=w.drafter_a, document=doc, raw_text=DRAFT + f"\nĐiều 9. Bổ sung lần {v}\nNội dung {v}."
        )
    if not finished:
        visible.visibility_set(actor=w.drafter_a, consultation=c, visibility=Consultation.Visibility.POST_MODERATED)
    for j in range(comments):
        cons.comment_submit(consultation=c, text=f"Ý kiến số {j}", submitter_type="individual", consent=True)
    if finished:
        close(c)
        for k, comment in enumerate(c.comments.all()):
            cons.comment_dispose(
                actor=w.drafter_a,
                comment=comment,
                disposition="accepted" if k % 2 else "not_accepted",
                explanation=f"Giải trình {k}",
            )
        cons.dispositions_publish(actor=w.drafter_a, consultation=c)
    return f"/gop-y/{c.pk}/"


def test_draft_page_queries_do_not_grow_with_comments_or_versions(world: Any) -> None:
    for finished in (False, True):
        small = _portal_draft(world, comments=3, versions=1, finished=finished)
        large = _portal_draft(world, comments=60, versions=3, finished=finished)
        n_small, n_large = _queries(small), _queries(large)
        assert n_small == n_large, (finished, n_small, n_large)
        # a later page of the list (answers or visible comments) costs the same as the first
        assert _queries(large + "?trang=3") == n_large, finished


def test_home_page_queries_do_not_grow_with_drafts(world: Any) -> None:
    grow(world, 2)
    n_small = _queries("/")
    grow(world, 28)
    assert _queries("/") == n_small
