"""The channel kit: each output ready to use (QR read back, audio measured, texts within their limits),
made again only when its source changes, never for state-secret content; its API, staff screen and uploads."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from policycomm.channels import services as chs
from policycomm.channels import spoken
from policycomm.channels.gsm import GSM_SET, is_gsm, to_gsm
from policycomm.channels.kit import kit_build, kit_build_all, kit_languages
from policycomm.channels.models import ChannelOutput
from policycomm.channels.schema import KitSource
from policycomm.channels.texts import SCRIPT_MAX_WORDS, SCRIPT_MIN_WORDS, led_line, loudspeaker_script, sms_text
from policycomm.communication import services as comm
from policycomm.communication.models import Activity
from policycomm.consultation import services as cons
from policycomm.consultation.models import Event
from policycomm.errors import DomainError
from policycomm.lawmaking import services as law
from policycomm.orgs.models import Organisation

from .factories import (
    ALL_TO_DRAFT_CONSULTATION,
    advance,
    material_for,
    open_consultation,
    publish_material,
    register_document,
    screen_in_scope,
)

KINDS = {
    "poster",
    "loudspeaker_script",
    "loudspeaker_audio",
    "led",
    "social",
    "sms",
    "press_release",
    "social_image",
}
LONG_PART = (
    "Vỉa hè nhiều tuyến phố bị lấn chiếm, người đi bộ phải xuống lòng đường; chính sách nhằm sắp xếp lại việc sử "
    "dụng vỉa hè công bằng, minh bạch. Hộ kinh doanh nộp 20.000 đồng/m²/tháng theo Điều 5 của dự thảo. "
)


# -- fixtures ---------------------------------------------------------------------------------------------


@pytest.fixture
def kit(world: Any) -> dict[str, Any]:
    """An open consultation of body A with published material, a meeting and a cancelled one, and contacts."""
    Organisation.objects.filter(pk=world.body_a.pk).update(
        address="Số 18 đường Cách mạng Tháng Tám, tỉnh Thái Nguyên",
        phone="0208 3855 123",
        hotline="0912 345 678",
        contact_email="sotuphap@thainguyen.gov.vn",
    )
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    policy = screen_in_scope(world.drafter_a, law.policy_add(actor=world.drafter_a, document=doc, title="Thu phí"))
    material = publish_material(
        world.drafter_a,
        world.leader_a,
        policy,
        part_content="Hộ kinh doanh nộp phí 20.000 đồng/m²/tháng; UBND cấp xã chấp thuận theo Điều 3.",
    )
    c = open_consultation(world, doc)
    starts = timezone.now() + dt.timedelta(days=3)
    common = {"consultation": c, "organiser": world.body_a, "created_by": world.drafter_a, "ends_at": starts}
    Event.objects.create(
        form="dialogue",
        title="Đối thoại với hộ kinh doanh",
        starts_at=starts - dt.timedelta(hours=2),
        place="Hội trường phường",
        **common,
    )
    Event.objects.create(
        form="conference", title="Hội nghị đã hủy", starts_at=starts - dt.timedelta(hours=1), cancelled=True, **common
    )
    return {"c": c, "doc": doc, "policy": policy, "material": material}


def _built(kit: dict[str, Any]) -> dict[str, ChannelOutput]:
    report = kit_build(consultation=kit["c"])
    assert set(report.made) == KINDS, report
    return {o.kind: o for o in ChannelOutput.objects.filter(consultation=kit["c"])}


def _source(**overrides: Any) -> KitSource:
    src: KitSource = {
        "consultation_id": 7,
        "lang": "vi",
        "title": "Nghị quyết quy định mức thu phí sử dụng tạm thời lòng đường, vỉa hè trên địa bàn tỉnh Thái Nguyên",
        "doc_type": "Nghị quyết",
        "intro": "",
        "materials": [{"title": "Vì sao thu phí?", "parts": ["Vỉa hè bị lấn chiếm."]}],
        "sections": [],
        "opens_day": "01/12/2026",
        "deadline_day": "15/12/2026",
        "deadline_time": "",
        "portal_url": "http://testserver/gop-y/7/",
        "short_url": "http://testserver/p/7/",
        "contacts": {"body": "Sở Tư pháp", "address": "Số 18", "phone": "0208 3855 123", "hotline": "", "email": ""},
        "meetings": [],
        "issuer": {
            "parent_body": "UBND TỈNH THÁI NGUYÊN",
            "issuer": "SỞ TƯ PHÁP",
            "place": "Thái Nguyên",
            "symbol": "TCBC-STP",
            "signer_authority": "",
            "signer_deputy": "",
            "signer_position": "GIÁM ĐỐC",
            "signer_name": "",
        },
    }
    src.update(overrides)  # type: ignore[typeddict-item]
    return src


def tool(name: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run one of the system tools the kit is checked with (poppler, zbar, sox, ffmpeg, espeak-ng)."""
    exe = shutil.which(name)
    assert exe is not None, f"{name} is not installed (scripts/system-deps.sh)"
    return subprocess.run([exe, *args], capture_output=True, text=True, check=check)


def _qr(png: Path) -> str:
    return tool("zbarimg", "--quiet", "--raw", str(png)).stdout.strip()


def _sox_seconds(mp3: bytes, tmp_path: Path) -> tuple[float, float]:
    """(duration by ``sox --i -D``, RMS level in dB by ``sox stats``) of the MP3, decoded to WAV first (this
    sox has no MP3 handler)."""
    (tmp_path / "a.mp3").write_bytes(mp3)
    tool("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(tmp_path / "a.mp3"), str(tmp_path / "a.wav"))
    seconds = float(tool("sox", "--i", "-D", str(tmp_path / "a.wav")).stdout)
    stats = tool("sox", str(tmp_path / "a.wav"), "-n", "stats").stderr
    rms = float(re.search(r"RMS lev dB\s+(-?[\d.]+)", stats).group(1))  # type: ignore[union-attr]
    return seconds, rms


# -- spoken forms (pure) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Điều 5", "Điều năm"),
        ("Chương II", "Chương hai"),
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("HĐND phường", "Hội đồng nhân dân phường"),
        ("UBMTTQ và MTTQ", "Ủy ban Mặt trận Tổ quốc và Mặt trận Tổ quốc"),
        ("15/12/2026", "ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu"),
        ("ngày 5/4/2026", "ngày mồng năm tháng tư năm hai nghìn không trăm hai mươi sáu"),
        ("1.500.000 đồng", "một triệu năm trăm nghìn đồng"),
        ("20.000 đồng/m²/tháng", "hai mươi nghìn đồng một mét vuông một tháng"),
        ("1,5 mét", "một phẩy năm mét"),
        ("105 hộ", "một trăm linh năm hộ"),
        ("tăng 15%", "tăng mười lăm phần trăm"),
        ("số 0208 3855 123", "số không hai không tám, ba tám năm năm, một hai ba"),
        ("Quyết định 407/QĐ-TTg", "Quyết định bốn trăm linh bảy"),
        ("từ 06 giờ đến 22 giờ", "từ sáu giờ đến hai mươi hai giờ"),
    ],
)
def test_written_forms_are_said_as_an_announcer_says_them(written: str, said: str) -> None:
    assert spoken.to_spoken(written) == said


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (1005, "một nghìn không trăm linh năm"),
        (2026, "hai nghìn không trăm hai mươi sáu"),
        (10_000, "mười nghìn"),
        (1_000_000_000, "một tỷ"),
    ],
)
def test_numbers_in_words(n: int, words: str) -> None:
    assert spoken.number_words(n) == words


# -- texts within their limits (pure) -----------------------------------------------------------------------


@pytest.mark.parametrize("size", ["tiny", "demo", "huge"])
def test_the_loudspeaker_script_lasts_two_to_four_minutes_and_says_the_deadline_twice(size: str) -> None:
    parts = {"tiny": ["Thu phí."], "demo": [LONG_PART * 2], "huge": [LONG_PART * 60, LONG_PART * 60]}[size]
    src = _source(materials=[{"title": "Vì sao thu phí?", "parts": parts}])
    script = loudspeaker_script(src)
    words = spoken.word_count(script)
    assert SCRIPT_MIN_WORDS <= words <= SCRIPT_MAX_WORDS
    # At 130 to 160 words a minute, that is 2 to 4 minutes.
    assert words / 160 >= 2 and words / 130 <= 4
    assert script.startswith("Kính thưa toàn thể nhân dân")
    assert script.count("ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu") >= 2
    assert script.count("Cổng góp ý dự thảo chính sách") >= 2
    assert not re.search(r"\d", script), "every number is written out"
    assert "UBND" not in script and "m²" not in script
    said_title = spoken.to_spoken(src["title"])
    longest = max(len(s.split()) for s in re.split(r"[.!?]", script.replace(said_title, "")))
    assert longest <= 32, "short sentences"


def test_led_and_sms_fit_their_limits_whatever_the_title() -> None:
    for title in ("Quy định phí", "Nghị quyết " + "rất dài " * 80, "Đường, vỉa hè; “trích dẫn” — ký tự lạ {} [] ~ ^ €"):
        src = _source(title=title)
        led = led_line(src)
        assert len(led) <= 120 and "\n" not in led and src["deadline_day"] in led
        sms = sms_text(src)
        assert len(sms) <= 160
        assert is_gsm(sms) and all(ch in GSM_SET for ch in sms)
        assert sms == to_gsm(sms) and not re.search(r"[À-ỹđĐ]", sms), "no diacritics"
        assert src["short_url"] in sms


def test_gsm_folding_strips_every_vietnamese_diacritic() -> None:
    folded = to_gsm("Đường đi Hà Nội, Thừa Thiên Huế: ỹ ẫ ợ ữ ặ ẻ ộ ĩ € {x}")
    assert folded == "Duong di Ha Noi, Thua Thien Hue: y a o u a e o i x"
    assert is_gsm(folded)


# -- the kit, built for real ----------------------------------------------------------------------------


def test_the_whole_kit_through_the_api(kit: dict[str, Any], tmp_path: Path) -> None:
    c = kit["c"]
    outputs = _built(kit)
    client = Client()
    r = client.get(f"/api/v1/consultations/{c.pk}/channels")
    assert r.status_code == 200
    items = r.json()["items"]
    assert {i["kind"] for i in items} == KINDS and len(items) == 8
    page = f"http://testserver/gop-y/{c.pk}/"
    for item in items:
        assert item["lang"] == "vi" and item["media_type"]
        assert ("text" in item) != ("url" in item), item
        assert ("duration_s" in item) == (item["kind"] == "loudspeaker_audio")
        if "url" in item:
            assert item["url"].startswith("http://testserver/")
            got = client.get(item["url"])
            assert got.status_code == 200 and got["Content-Type"] == item["media_type"]
            (tmp_path / item["kind"]).write_bytes(b"".join(got.streaming_content))  # type: ignore[attr-defined]

    # The poster: one A4 page whose QR code opens the draft's page; the meeting printed, not the cancelled one.
    pdf = tmp_path / "poster"
    assert (tmp_path / "poster").read_bytes().startswith(b"%PDF")
    info = tool("pdfinfo", str(pdf)).stdout
    assert re.search(r"Pages:\s+1\n", info) and "595.276 x 841.89 pts (A4)" in info
    tool("pdftoppm", "-png", "-r", "100", "-singlefile", str(pdf), str(tmp_path / "poster"))
    assert _qr(tmp_path / "poster.png") == page
    text = " ".join(tool("pdftotext", str(pdf), "-").stdout.split())
    assert "Đối thoại với hộ kinh doanh" in text and "Hội nghị đã hủy" not in text
    assert "0912 345 678" in text and "Số 18 đường Cách mạng Tháng Tám" in text
    assert "20.000 đồng/m²/tháng" in text  # the policy in plain words

    # The social card: 1200×630 with the same QR code.
    card = Image.open(tmp_path / "social_image")
    assert card.size == (1200, 630)
    assert _qr(tmp_path / "social_image") == page

    # The audio lasts what the script needs, and is speech, not silence.
    script = outputs["loudspeaker_script"].text
    seconds, rms = _sox_seconds((tmp_path / "loudspeaker_audio").read_bytes(), tmp_path)
    audio_item = next(i for i in items if i["kind"] == "loudspeaker_audio")
    assert abs(seconds - audio_item["duration_s"]) < 1
    assert 120 <= seconds <= 240
    words_a_minute = spoken.word_count(script) / seconds * 60
    assert 120 <= words_a_minute <= 170
    assert rms > -30

    # The press release: a Decree 30 DOCX titled THÔNG CÁO BÁO CHÍ.
    with zipfile.ZipFile(io.BytesIO((tmp_path / "press_release").read_bytes())) as z:
        xml = z.read("word/document.xml").decode()
    assert "THÔNG CÁO BÁO CHÍ" in xml and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in xml and page in xml

    # The texts: LED, SMS with its short link that leads to the page, social post with the link.
    texts = {i["kind"]: i.get("text", "") for i in items}
    assert len(texts["led"]) <= 120
    assert len(texts["sms"]) <= 160 and is_gsm(texts["sms"])
    short = re.search(r"http://testserver(/p/\d+/)", texts["sms"]).group(1)  # type: ignore[union-attr]
    assert client.get(short)["Location"] == f"/gop-y/{c.pk}/"
    assert page in texts["social"]


def test_the_draft_page_carries_open_graph_metadata_with_the_card(kit: dict[str, Any]) -> None:
    _built(kit)
    c = kit["c"]
    html = Client().get(f"/gop-y/{c.pk}/").content.decode()
    assert f'<meta property="og:url" content="http://testserver/gop-y/{c.pk}/">' in html
    assert f'<meta property="og:image" content="http://testserver/gop-y/{c.pk}/kenh/social_image/">' in html
    assert '<meta property="og:title" content="Nghị quyết quy định phí sử dụng vỉa hè">' in html
    assert 'name="twitter:card" content="summary_large_image"' in html


def test_outputs_are_made_again_only_when_their_source_changes(
    kit: dict[str, Any], world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    c = kit["c"]
    before = {k: (o.fingerprint, o.file.name) for k, o in _built(kit).items()}
    assert kit_build(consultation=c).made == []
    # A comment, a statement: nothing the kit shows.
    cons.comment_submit(consultation=c, text="Tôi đồng ý.", submitter_type="individual", consent=True)
    assert kit_build(consultation=c).made == []
    # New published material changes every output.
    publish_material(world.drafter_a, world.leader_a, kit["policy"], title="Mức phí mới", part_need="Giảm phí.")
    report = kit_build(consultation=c)
    assert set(report.made) == KINDS
    after = {o.kind: (o.fingerprint, o.file.name) for o in ChannelOutput.objects.filter(consultation=c)}
    assert all(after[k][0] != before[k][0] for k in KINDS)
    assert all(not Path(name).exists() for _fp, name in before.values() if name)  # old files gone
    assert kit_build(consultation=c).made == []
    # A change of a material the public does not see (a draft being written) makes nothing.
    material_for(world.drafter_a, kit["policy"], title="Bản nháp")
    assert kit_build(consultation=c).made == []
    # Publishing enqueues the build once the writer's transaction commits.
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        publish_material(world.drafter_a, world.leader_a, kit["policy"], title="Thêm", part_need="Nữa.")
    assert DBTaskResult.objects.filter(task_path="policycomm.channels.tasks.build_channel_kit").exists()


def test_never_made_for_state_secret_content(kit: dict[str, Any], world: Any) -> None:
    c = kit["c"]
    _built(kit)
    comm.material_save(
        actor=world.drafter_a,
        policy=kit["policy"],
        material=kit["material"],
        title=kit["material"].title,
        state_secret=True,
    )
    report = kit_build(consultation=c)
    assert report.made == [] and "bí mật nhà nước" in report.refused
    assert not ChannelOutput.objects.filter(consultation=c).exists()
    assert Client().get(f"/api/v1/consultations/{c.pk}/channels").json() == {"items": []}
    assert Client().get(f"/gop-y/{c.pk}/kenh/poster/").status_code == 404
    staff = Client()
    staff.force_login(world.drafter_a)
    page = staff.get(f"/can-bo/lay-y-kien/{c.pk}/kenh/")
    assert page.status_code == 200
    assert "bí mật nhà nước: không tạo sản phẩm truyền thông" in page.content.decode()
    assert staff.post(f"/can-bo/lay-y-kien/{c.pk}/kenh/tao-lai/").status_code == 409


def test_secret_outputs_already_made_are_not_served(kit: dict[str, Any], world: Any) -> None:
    """Between the flag and the background build, the API already serves nothing."""
    c = kit["c"]
    _built(kit)
    law_policy = kit["policy"]
    type(law_policy).objects.filter(pk=law_policy.pk).update(state_secret=True)
    assert ChannelOutput.objects.filter(consultation=c).count() == 8
    assert Client().get(f"/api/v1/consultations/{c.pk}/channels").json() == {"items": []}


def test_api_refuses_an_unknown_consultation_and_a_bad_language(kit: dict[str, Any]) -> None:
    r = Client().get("/api/v1/consultations/999999/channels")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = Client().get(f"/api/v1/consultations/{kit['c'].pk}/channels?lang=<script>")
    assert r.status_code == 422
    assert Client().get(f"/api/v1/consultations/{kit['c'].pk}/channels").json() == {"items": []}  # never built
    assert Client().get("/p/999999/").status_code == 404


def _wav(tmp_path: Path) -> bytes:
    tool("espeak-ng", "-v", "vi", "-w", str(tmp_path / "r.wav"), "Kính thưa bà con.")
    return (tmp_path / "r.wav").read_bytes()


def test_an_announcers_recording_replaces_the_synthesised_audio(
    kit: dict[str, Any], world: Any, tmp_path: Path
) -> None:
    c = kit["c"]
    _built(kit)
    staff = Client()
    staff.force_login(world.communicator_a)
    url = f"/can-bo/lay-y-kien/{c.pk}/kenh/ban-thu/"
    r = staff.post(url, {"recording": SimpleUploadedFile("ban-thu.wav", _wav(tmp_path), content_type="audio/wav")})
    assert r.status_code == 302
    audio = ChannelOutput.objects.get(consultation=c, kind="loudspeaker_audio")
    assert audio.source == "human" and audio.media_type == "audio/wav" and 0.5 < (audio.duration_s or 0) < 5
    # The kit made again keeps the recording.
    assert "loudspeaker_audio" not in kit_build(consultation=c, force=True).made
    item = next(
        i
        for i in staff.get(f"/api/v1/consultations/{c.pk}/channels").json()["items"]
        if i["kind"] == "loudspeaker_audio"
    )
    assert item["media_type"] == "audio/wav"
    # Removed: the synthesised audio comes back on the next build.
    assert staff.post(f"{url}go/").status_code == 302
    assert not ChannelOutput.objects.filter(consultation=c, kind="loudspeaker_audio").exists()
    assert kit_build(consultation=c).made == ["loudspeaker_audio"]


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("anh.mp3", b"\x89PNG\r\n\x1a\n" + b"0" * 100, 415, "không phải tệp âm thanh"),
        ("hong.mp3", b"ID3" + b"\x00" * 500, 422, "Không đọc được tệp âm thanh"),
        ("lon.mp3", b"ID3" + b"\x00" * (21 * 1024 * 1024), 413, "lớn quá 20 MB"),
    ],
)
def test_hostile_uploads_are_refused_in_vietnamese(
    kit: dict[str, Any], world: Any, name: str, data: bytes, status: int, message: str
) -> None:
    c = kit["c"]
    staff = Client()
    staff.force_login(world.drafter_a)
    r = staff.post(f"/can-bo/lay-y-kien/{c.pk}/kenh/ban-thu/", {"recording": SimpleUploadedFile(name, data)})
    assert r.status_code == status
    assert message in r.content.decode()
    assert not ChannelOutput.objects.filter(consultation=c).exists()


def test_using_an_output_records_the_activity_with_the_output_as_evidence(kit: dict[str, Any], world: Any) -> None:
    c = kit["c"]
    _built(kit)
    staff = Client()
    staff.force_login(world.communicator_a)
    for kind, form in [
        ("poster", "grassroots"),
        ("sms", "tailored"),
        ("press_release", "mass_media"),
        ("social", "social"),
        ("led", "grassroots"),
    ]:
        r = staff.post(f"/can-bo/lay-y-kien/{c.pk}/kenh/{kind}/da-su-dung/", {"token": f"t-{kind}"})
        assert r.status_code == 302, r.content[:300]
        act = Activity.objects.get(policy=kit["policy"], idempotency_token=f"t-{kind}:{kind}")
        assert act.form == form and act.evidence_file and act.recorded_by == world.communicator_a
    poster = Activity.objects.get(idempotency_token="t-poster:poster")
    assert poster.evidence_file.read().startswith(b"%PDF")
    # The same click sent twice records one activity.
    staff.post(f"/can-bo/lay-y-kien/{c.pk}/kenh/poster/da-su-dung/", {"token": "t-poster"})
    assert Activity.objects.filter(idempotency_token="t-poster:poster").count() == 1


def test_access_another_bodys_kit_is_not_found_and_readers_may_not_write(kit: dict[str, Any], world: Any) -> None:
    c = kit["c"]
    _built(kit)
    for persona, page, write in [("officer_b", 404, 404), ("monitor", 200, 403), ("communicator_a", 200, 302)]:
        client = Client()
        client.force_login(world.users[persona])
        assert client.get(f"/can-bo/lay-y-kien/{c.pk}/kenh/").status_code == page, persona
        assert client.get(f"/can-bo/lay-y-kien/{c.pk}/kenh/poster/tai-ve/").status_code == page, persona
        assert client.post(f"/can-bo/lay-y-kien/{c.pk}/kenh/tao-lai/").status_code == write, persona
    assert Client().get(f"/can-bo/lay-y-kien/{c.pk}/kenh/")["Location"].startswith("/can-bo/dang-nhap/")


def test_the_staff_screen_previews_every_output(kit: dict[str, Any], world: Any) -> None:
    c = kit["c"]
    _built(kit)
    staff = Client()
    staff.force_login(world.drafter_a)
    html = staff.get(f"/can-bo/lay-y-kien/{c.pk}/kenh/").content.decode()
    for kind in KINDS:
        assert f'id="kenh-{kind}"' in html
    assert f"/api/v1/consultations/{c.pk}/channels" in html
    assert "<audio controls" in html and "Đã sử dụng" in html and "Kính thưa toàn thể nhân dân" in html
    preview = staff.get(f"/can-bo/lay-y-kien/{c.pk}/kenh/poster/tai-ve/?xem=anh")
    assert preview["Content-Type"] == "image/png"
    assert f"/can-bo/lay-y-kien/{c.pk}/kenh/" in staff.get(f"/can-bo/lay-y-kien/{c.pk}/").content.decode()


def test_query_budgets_of_the_api_and_the_staff_screen(
    kit: dict[str, Any], world: Any, django_assert_max_num_queries: Any
) -> None:
    c = kit["c"]
    _built(kit)
    for i in range(5):  # more comments and more consultations change nothing
        cons.comment_submit(consultation=c, text=f"Ý kiến {i}", submitter_type="individual", consent=True)
    with django_assert_max_num_queries(4):
        assert Client().get(f"/api/v1/consultations/{c.pk}/channels").status_code == 200
    staff = Client()
    staff.force_login(world.drafter_a)
    with django_assert_max_num_queries(14):
        assert staff.get(f"/can-bo/lay-y-kien/{c.pk}/kenh/").status_code == 200


def test_the_builders_are_pure_python() -> None:
    """What the outputs are made of is read once (source.py); the builders import no Django, so a translated
    material or another source can be fed to them as it is."""
    import grimp

    graph = grimp.build_graph("policycomm", include_external_packages=True)
    for name in ("schema", "spoken", "gsm", "texts", "poster", "card", "press", "audio", "fonts"):
        module = f"policycomm.channels.{name}"
        chain = graph.find_shortest_chain(importer=module, imported="django")
        assert chain is None, f"{module} reaches Django: {chain}"


# -- the kit in a translation -----------------------------------------------------------------------------

ENGLISH = {
    "title": "Why a fee for using the pavements?",
    "part_need": "On many streets the pavements have been taken over, and people have to walk in the road.",
    "part_content": "A household business pays a fee of 20,000 dong per square metre per month.",
    "part_changes": "Until now there has been no uniform rule on charging a fee for the pavements.",
    "part_other": "The fee is collected by the commune People's Committee.",
}
MONTH = r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"


def _translate(world: Any, material: Any, *, approve: bool = True) -> Any:
    t = comm.translation_save(actor=world.drafter_a, material=material, language="en", **ENGLISH)
    if approve:
        t = comm.translation_submit(actor=world.drafter_a, translation=t)
        t = comm.translation_review(actor=world.leader_a, translation=t, approve=True)
    return t


def test_no_kit_in_a_language_without_a_public_translation(kit: dict[str, Any], world: Any) -> None:
    c = kit["c"]
    _translate(world, kit["material"], approve=False)  # a draft translation is not public
    assert kit_languages(c) == ["vi"]
    report = kit_build(consultation=c, lang="en")
    assert report.made == [] and "chưa có bản dịch công khai" in report.refused
    assert set(kit_build_all(consultation=c)) == {"vi"}
    assert not ChannelOutput.objects.filter(consultation=c, lang="en").exists()
    assert Client().get(f"/api/v1/consultations/{c.pk}/channels?lang=en").status_code == 404
    assert Client().get(f"/gop-y/{c.pk}/kenh/poster/?lang=en").status_code == 404
    with pytest.raises(DomainError) as exc:
        chs.kit_request(actor=world.drafter_a, consultation=c, lang="fr")
    assert exc.value.status == 404 and "bản dịch" in exc.value.message
    staff = Client()
    staff.force_login(world.drafter_a)
    assert staff.get(f"/can-bo/lay-y-kien/{c.pk}/kenh/?lang=en").status_code == 404


def test_the_kit_in_english(kit: dict[str, Any], world: Any, tmp_path: Path) -> None:
    c = kit["c"]
    _translate(world, kit["material"])
    assert kit_languages(c) == ["vi", "en"]
    reports = kit_build_all(consultation=c)
    assert set(reports["vi"].made) == KINDS and set(reports["en"].made) == KINDS
    en = {o.kind: o for o in ChannelOutput.objects.filter(consultation=c, lang="en")}

    led = en["led"].text
    assert led.startswith("PUBLIC CONSULTATION: Why a fee for using the pavements?") and len(led) <= 120
    assert re.search(MONTH, led)
    sms = en["sms"].text
    assert sms.startswith("So Tu phap") or "public consultation on Why a fee" in sms
    assert len(sms) <= 160 and is_gsm(sms)
    script = en["loudspeaker_script"].text
    assert "20,000 dong per square metre" in script and "The deadline" in script
    assert "Kính thưa" not in script and "Once again." in script
    assert SCRIPT_MIN_WORDS <= spoken.word_count(script) <= SCRIPT_MAX_WORDS
    assert en["loudspeaker_audio"].duration_s is not None and en["loudspeaker_audio"].duration_s > 60
    assert "#PublicConsultation" in en["social"].text and re.search(MONTH, en["social"].text)
    # Each language keeps its own fingerprints: nothing changed, nothing made.
    assert all(r.made == [] for r in kit_build_all(consultation=c).values())

    client = Client()
    url = f"/api/v1/consultations/{c.pk}/channels"
    assert {i["lang"] for i in client.get(url).json()["items"]} == {"vi"}
    items = client.get(f"{url}?lang=en").json()["items"]
    assert len(items) == 8 and {i["lang"] for i in items} == {"en"}
    assert len(client.get(f"{url}?lang=all").json()["items"]) == 16
    poster = next(i for i in items if i["kind"] == "poster")
    assert poster["url"].endswith(f"/gop-y/{c.pk}/kenh/poster/?lang=en")
    got = client.get(poster["url"])
    assert got.status_code == 200
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(b"".join(got.streaming_content))  # type: ignore[attr-defined]
    text = " ".join(tool("pdftotext", str(pdf), "-").stdout.split())
    assert "PUBLIC CONSULTATION NOTICE" in text and "How to comment" in text and "20,000 dong" in text
    tool("pdftoppm", "-png", "-r", "100", "-singlefile", str(pdf), str(tmp_path / "poster"))
    assert _qr(tmp_path / "poster.png") == f"http://testserver/gop-y/{c.pk}/"

    staff = Client()
    staff.force_login(world.drafter_a)
    html = staff.get(f"/can-bo/lay-y-kien/{c.pk}/kenh/?lang=en").content.decode()
    assert "PUBLIC CONSULTATION" in html and "/kenh/led/tai-ve/?lang=en" in html.replace("&amp;", "&")
    assert 'id="ngon-ngu"' in html
