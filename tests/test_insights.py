"""Analysis in the product: background job, machine output apart from decisions, campaign dispositions."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from docx import Document

from policycomm.analysis import cluster, method
from policycomm.audit.models import AuditEvent
from policycomm.consultation import insights
from policycomm.consultation import services as cons
from policycomm.consultation.analysis_job import run_analysis
from policycomm.consultation.models import AnalysisRun, Comment, CommentAnalysis, DecidedFor, SynthesisReport
from policycomm.errors import DomainError

from .test_analysis_engine import LETTER

D = Comment.Disposition


def submit(c: Any, text: str) -> Comment:
    comment, _ = cons.comment_submit(consultation=c, text=text, submitter_type="individual", consent=True)
    return comment


def work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_analysis_job_groups_the_campaign_and_decisions_apply_per_campaign(
    world: Any, consultation: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    copies = [submit(consultation, LETTER.replace("Nguyễn Văn An", f"Người gửi {i}")) for i in range(12)]
    alone = submit(consultation, "Tôi ủng hộ việc thu phí vỉa hè để chỉnh trang đô thị.")
    assert not AnalysisRun.objects.exists()  # no analysis until staff ask for one

    with django_capture_on_commit_callbacks(execute=True):
        run = insights.analysis_request(actor=world.drafter_a, consultation=consultation)
    assert insights.analysis_request(actor=world.drafter_a, consultation=consultation) == run  # no duplicate
    work()
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.DONE, run.error
    assert run.comment_count == 13 and run.progress == 100
    assert run.summary["groups"]["campaigns"] == 1
    items = {a.comment_id: a for a in CommentAnalysis.objects.filter(run=run)}
    keys = {items[c.pk].group_key for c in copies}
    assert len(keys) == 1 and items[copies[0].pk].group_size == 12
    assert items[alone.pk].group_key == alone.receipt and items[alone.pk].stance == "support"
    assert sum(items[c.pk].is_representative for c in copies) == 1
    # The run says what produced it.
    assert run.method["engine_version"] == method.ENGINE_VERSION and run.method["comments"] == 13
    assert run.method["grouping"] == {
        "k": 128,
        "bands": 32,
        "threshold": 0.6,
        "anchor": 0.3,
        "anchor_rounds": 64,
        "sentences": 8,
        "shared3": 0.5,
        "slack": 2,
        "high": 1.3333,
        "short": 3,
        "sentence_band_from": 4,
        "sentence_band_shared": 3,
        "attach": 50,
    }
    assert run.method["sections"] == {"min_score": 0.05, "second_ratio": 0.75}
    assert any(m.startswith("TF-IDF + LSA + MiniBatchKMeans (scikit-learn ") for m in run.method["models"])
    assert run.method["input_sha256"] == method.fingerprint((c.pk, c.text) for c in [*copies, alone])[0]
    # The machine decided nothing.
    assert not Comment.objects.exclude(disposition="").exists()

    # One copy was already decided by hand: the campaign decision leaves it alone.
    cons.comment_dispose(
        actor=world.drafter_a, comment=copies[5], disposition=D.PARTIAL, explanation="Tiếp thu ý về lộ trình."
    )
    key = keys.pop()
    updated, kept = insights.group_dispose(
        actor=world.drafter_a,
        consultation=consultation,
        kind=DecidedFor.CAMPAIGN,
        key=key,
        disposition=D.NOT_ACCEPTED,
        explanation="Mức giảm trừ đã được điều chỉnh theo Nghị quyết của Quốc hội.",
    )
    assert (updated, kept) == (11, 1)
    fresh = {c.pk: c for c in Comment.objects.all()}
    assert fresh[copies[0].pk].disposition == D.NOT_ACCEPTED
    assert fresh[copies[0].pk].decided_for == DecidedFor.CAMPAIGN and fresh[copies[0].pk].decided_group == key
    assert fresh[copies[0].pk].disposed_by == world.drafter_a
    assert fresh[copies[5].pk].disposition == D.PARTIAL and fresh[copies[5].pk].decided_for == DecidedFor.COMMENT
    assert fresh[alone.pk].disposition == ""
    assert AuditEvent.objects.filter(action="comment.dispose_campaign").count() == 1

    # The report quotes the campaign once, with how many people got its answer; the copy decided on
    # its own keeps its own row and answer, and so does the comment alone.
    with django_capture_on_commit_callbacks(execute=True):
        # The window is open and one comment unanswered: an early report, built once confirmed.
        report = cons.report_request(actor=world.drafter_a, consultation=consultation, confirm=True)
    work()
    report.refresh_from_db()
    assert report.status == SynthesisReport.Status.DONE, report.error
    data = report.file.read()
    tables = Document(io.BytesIO(data)).tables
    body = [
        [cell.text for cell in row.cells]
        for t in tables
        if t.rows[0].cells[0].text == "STT" and t.rows[0].cells[1].text == "Chủ thể góp ý"
        for row in t.rows[1:]
    ]
    assert len(body) == 3
    paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    note = next(p for p in paragraphs if p.startswith("Cách phân tích"))
    assert run.method["input_sha256"][:12] in note and "0,9995" in note and method.ENGINE_VERSION in note
    assert "cùng dấu vân tay" in note
    campaign_row = next(r for r in body if r[1].startswith("11 ý kiến cùng nội dung"))
    assert "giảm trừ gia cảnh" in campaign_row[2]
    assert campaign_row[3].startswith("Không tiếp thu, giải trình. Mức giảm trừ đã được điều chỉnh")
    own_row = next(r for r in body if r[3] == "Tiếp thu một phần. Tiếp thu ý về lộ trình.")
    assert own_row[1] == "Cá nhân" and "giảm trừ gia cảnh" in own_row[2]

    # A new comment starts a fresh analysis by itself (here without the batching delay, so that
    # this worker pass runs it; tests/test_analysis_refresh.py covers the delay).
    settings.ANALYSIS_REFRESH_DELAY = 0
    with django_capture_on_commit_callbacks(execute=True):
        late = submit(consultation, LETTER.replace("Nguyễn Văn An", "Người gửi muộn"))
    queued = AnalysisRun.objects.exclude(pk=run.pk).get()
    assert queued.status == AnalysisRun.Status.QUEUED and queued.requested_by is None
    work()
    queued.refresh_from_db()
    assert queued.status == AnalysisRun.Status.DONE
    assert CommentAnalysis.objects.get(run=queued, comment=late).group_size == 13
    assert not CommentAnalysis.objects.filter(run=run).exists()  # superseded rows are gone, the run stays


def test_the_card_fingerprints_the_input_the_job_read(world: Any, consultation: Any) -> None:
    comments = [submit(consultation, LETTER.replace("Nguyễn Văn An", f"Người gửi {i}")) for i in range(3)]

    def analysed() -> dict[str, Any]:
        run = AnalysisRun.objects.create(consultation=consultation)
        return run_analysis(run.pk, lambda _p: None).method

    first, again = analysed(), analysed()
    assert first["input_sha256"] == again["input_sha256"] and len(first["input_sha256"]) == 64
    assert first == again  # same engine, parameters and input: the same card
    Comment.objects.filter(pk=comments[1].pk).update(text=comments[1].text + " Xin cảm ơn.")
    changed = analysed()
    assert changed["input_sha256"] != first["input_sha256"] and changed["comments"] == 3
    assert changed["measured"] == method.MEASURED


def test_a_large_analysis_runs_on_the_dask_cluster_with_the_same_result(
    world: Any, consultation: Any, settings: Any
) -> None:
    for i in range(30):
        submit(consultation, LETTER.replace("Nguyễn Văn An", f"Người gửi {i}"))
    submit(consultation, "Tôi ủng hộ việc thu phí vỉa hè để chỉnh trang đô thị.")
    submit(consultation, "Đề nghị làm rõ khoản 2 Điều 7 về đối tượng được miễn thuế?")

    seen: list[int] = []

    def analysed() -> list[tuple[Any, ...]]:
        run = AnalysisRun.objects.create(consultation=consultation)
        seen.clear()
        run_analysis(run.pk, seen.append)
        assert seen[0] == 10 and seen[-1] == 90 and 70 in seen  # progress through the sketching
        assert seen == sorted(seen)
        return list(
            CommentAnalysis.objects.filter(run=run)
            .order_by("comment_id")
            .values_list("comment_id", "group_key", "group_size", "is_representative", "theme", "sections", "stance")
        )

    alone = analysed()
    settings.ANALYSIS_SCHEDULER, settings.ANALYSIS_CLUSTER_MIN = "local", 10
    on_cluster = analysed()
    assert on_cluster == alone and len(alone) == 32
    # On the cluster the run moves through the grouping band by band, then the writing.
    assert any(70 < p < 85 for p in seen) and any(85 <= p < 90 for p in seen)
    assert max(row[2] for row in alone) == 30
    # Below the threshold the cluster is not asked; above it, an unreachable one fails the run loudly.
    settings.ANALYSIS_SCHEDULER, settings.ANALYSIS_CLUSTER_MIN = "tcp://127.0.0.1:9", 100
    assert analysed() == alone
    settings.ANALYSIS_CLUSTER_MIN = 10
    with pytest.raises(OSError, match=r"127\.0\.0\.1:9"):
        analysed()


def test_a_comment_erased_during_a_cluster_run_is_left_out_and_the_others_are_stored(
    world: Any, consultation: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    comments = [submit(consultation, LETTER.replace("Nguyễn Văn An", f"Người gửi {i}")) for i in range(12)]
    settings.ANALYSIS_SCHEDULER, settings.ANALYSIS_CLUSTER_MIN = "local", 10
    engine = cluster.analyse_file_on

    def then_erase(*args: Any, **kwargs: Any) -> dict[str, Any]:
        data = engine(*args, **kwargs)
        Comment.objects.filter(pk=comments[3].pk).delete()  # while the run is storing the cluster's output
        return data

    monkeypatch.setattr(cluster, "analyse_file_on", then_erase)
    run = run_analysis(AnalysisRun.objects.create(consultation=consultation).pk, lambda _p: None)
    stored = set(CommentAnalysis.objects.filter(run=run).values_list("comment_id", flat=True))
    assert stored == {c.pk for c in comments} - {comments[3].pk} and run.comment_count == 11


def test_group_decisions_need_rights_an_analysis_and_an_explanation(world: Any, consultation: Any) -> None:
    with pytest.raises(DomainError) as exc:
        insights.analysis_request(actor=world.officer_b, consultation=consultation)
    assert exc.value.status == 403
    with pytest.raises(DomainError) as exc:
        insights.group_dispose(
            actor=world.drafter_a,
            consultation=consultation,
            kind="campaign",
            key="X",
            disposition=D.ACCEPTED,
            explanation="",
        )
    assert exc.value.code == "no_analysis"
    with pytest.raises(DomainError) as exc:
        insights.group_dispose(
            actor=world.drafter_a,
            consultation=consultation,
            kind="campaign",
            key="X",
            disposition=D.NOT_ACCEPTED,
            explanation=" ",
        )
    assert exc.value.code == "explanation_required"
    assert not AnalysisRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_analysis_screen_shows_campaigns_themes_sections_and_applies_a_campaign_decision(
    world: Any, consultation: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    copies = [submit(consultation, LETTER.replace("Nguyễn Văn An", f"Người gửi {i}")) for i in range(5)]
    submit(consultation, "Tôi ủng hộ việc thu phí vỉa hè để chỉnh trang đô thị.")
    client.force_login(world.drafter_a)
    url = f"/can-bo/lay-y-kien/{consultation.pk}/phan-tich/"
    assert "Chưa phân tích" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(f"/can-bo/lay-y-kien/{consultation.pk}/analyze/")
    assert resp.status_code == 302
    assert "Tiến độ phân tích" in client.get(url).content.decode()
    work()
    page = client.get(url).content.decode()
    assert "1 ý kiến đại diện + 4 bản sao" in page
    run = AnalysisRun.objects.get()
    assert "Cách phân tích" in page and run.method["input_sha256"][:12] in page
    assert "cùng dấu vân tay" in page
    assert "giảm trừ gia cảnh" in page
    themes = client.get(url + "?xem=chu-de").content.decode()
    assert "Chủ đề" in themes and "người" in themes
    listing = client.get(url + "?xem=y-kien&thai_do=support").content.decode()
    assert "thu phí vỉa hè" in listing and "giảm trừ gia cảnh" not in listing
    assert client.get(url + "?xem=dieu-khoan").status_code == 200
    key = CommentAnalysis.objects.get(comment=copies[0]).group_key
    resp = client.post(
        url + "xu-ly/",
        {"kind": "campaign", "key": key, "disposition": "accepted", "explanation": ""},
        follow=True,
    )
    assert "Đã áp dụng kết quả xử lý cho 5 ý kiến" in resp.content.decode()
    assert Comment.objects.filter(decided_for=DecidedFor.CAMPAIGN, disposition=D.ACCEPTED).count() == 5
    # Another body's officer cannot see it, let alone decide.
    client.force_login(world.officer_b)
    assert client.get(url).status_code == 404
    assert client.post(url + "xu-ly/", {"kind": "campaign", "key": key, "disposition": "accepted"}).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_analysis_screen_never_counts_a_hidden_comment_as_negative_new_ones(
    world: Any, consultation: Any, client: Any
) -> None:
    comments = [submit(consultation, LETTER.replace("Nguyễn Văn An", f"Người gửi {i}")) for i in range(3)]
    insights.analysis_request(actor=world.drafter_a, consultation=consultation)
    work()
    cons.comment_hide(actor=world.moderator_a, comment=comments[0], hidden=True, reason="Trùng lặp, quảng cáo.")
    client.force_login(world.drafter_a)
    url = f"/can-bo/lay-y-kien/{consultation.pk}/phan-tich/"
    page = client.get(url).content.decode()
    assert "Lần phân tích xong lúc" in page
    assert "chưa được phân tích" not in page and "Có -" not in page

    submit(consultation, "Tôi ủng hộ việc thu phí vỉa hè để chỉnh trang đô thị.")  # a new comment arrives
    page = client.get(url).content.decode()
    assert "Có 1 ý kiến mới chưa được phân tích." in page


@pytest.mark.django_db(transaction=True)
def test_a_group_decision_names_its_run_and_survives_a_re_run(
    world: Any, consultation: Any, client: Any, settings: Any
) -> None:
    settings.ANALYSIS_REFRESH_DELAY = 0
    copies = [submit(consultation, LETTER.replace("Nguyễn Văn An", f"Người gửi {i}")) for i in range(4)]
    others = [
        submit(consultation, f"Đề nghị giảm học phí cho sinh viên năm {i} ở vùng sâu vùng xa.") for i in range(1, 8)
    ]
    first = insights.analysis_request(actor=world.drafter_a, consultation=consultation)
    work()
    first.refresh_from_db()
    themes = first.summary["themes"]
    assert themes, "the run found no theme"
    theme = CommentAnalysis.objects.get(run=first, comment=others[0]).theme
    label = themes[theme]["label"]
    updated, _kept = insights.group_dispose(
        actor=world.drafter_a,
        consultation=consultation,
        kind=DecidedFor.THEME,
        key=str(theme),
        disposition=D.ACCEPTED,
        explanation="",
        run_id=first.pk,
    )
    assert updated >= 1
    decided = Comment.objects.get(pk=others[0].pk)
    assert (decided.decided_run_id, decided.decided_group, decided.decided_label) == (first.pk, str(theme), label)
    seen_key = CommentAnalysis.objects.get(run=first, comment=copies[0]).group_key  # as the officer saw it

    # New comments: a re-run renumbers themes and drops the first run's rows; the decision still
    # says which group of which run it was made for.
    submit(consultation, "Quy định này áp dụng từ khi nào?")
    work()
    second = consultation.analyses.filter(status=AnalysisRun.Status.DONE).exclude(pk=first.pk).get()
    assert not CommentAnalysis.objects.filter(run=first).exists()
    client.force_login(world.drafter_a)
    page = client.get(f"/can-bo/lay-y-kien/{consultation.pk}/").content.decode()
    assert f"Xử lý chung cho chủ đề “{label}” (lượt phân tích #{first.pk})" in page

    # A decision posted from the screen of the superseded run: a theme index means nothing in the
    # new run, so it is refused; a campaign is found again by its representative comment.
    url = f"/can-bo/lay-y-kien/{consultation.pk}/phan-tich/xu-ly/"
    post = {"kind": "theme", "key": str(theme), "run": str(first.pk), "disposition": "accepted", "explanation": ""}
    page = client.post(url, post, follow=True).content.decode()
    assert f"Kết quả phân tích vừa được cập nhật (lượt #{second.pk})" in page
    new_key = CommentAnalysis.objects.get(run=second, comment=copies[0]).group_key
    updated, _kept = insights.group_dispose(
        actor=world.drafter_a,
        consultation=consultation,
        kind=DecidedFor.CAMPAIGN,
        key=seen_key,
        disposition=D.NOT_ACCEPTED,
        explanation="Mức giảm trừ đã được điều chỉnh.",
        run_id=first.pk,
    )
    assert updated == 4
    copy = Comment.objects.get(pk=copies[1].pk)
    assert (copy.decided_run_id, copy.decided_group) == (second.pk, new_key)
    page = client.get(f"/can-bo/lay-y-kien/{consultation.pk}/").content.decode()
    assert f"Xử lý chung cho nhóm ý kiến trùng nội dung với ý kiến {new_key} (lượt phân tích #{second.pk})" in page

    # A decision on the comment alone clears the group reference.
    cons.comment_dispose(actor=world.drafter_a, comment=copy, disposition=D.PARTIAL, explanation="Một phần.")
    copy.refresh_from_db()
    assert copy.decided_for == DecidedFor.COMMENT and copy.decided_run is None and copy.decided_group == ""
