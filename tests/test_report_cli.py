"""``policycomm report …``: the JSON shapes scripts rely on, exports that are real files, and bad arguments
that exit with code 2 and a Vietnamese message."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from policycomm.reporting import services as rs
from policycomm.reporting.models import PeriodReport

from .factories import World, policycomm
from .test_reporting import PARTS, make_period, ward_activity


def run(*args: str) -> object:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return json.loads(out.getvalue()) if "--json" in args else out.getvalue()


@pytest.fixture
def accepted(world: World) -> PeriodReport:
    period = make_period(world)
    ward_activity(world, reach=300)
    r = rs.report_start(actor=world.officer_b, period=period, organisation=world.ward)
    rs.report_save(actor=world.officer_b, report=r, parts=PARTS, number="12", symbol="BC-UBND")
    rs.report_submit(actor=world.leader_b, report=r)
    return rs.report_accept(actor=world.monitor, report=r)


def test_list_gives_periods_reports_and_missing(world: World, accepted: PeriodReport) -> None:
    data = run("list", "--json")
    assert isinstance(data, list) and len(data) == 1
    p = data[0]
    assert p["reports"] == [
        {
            "id": accepted.pk,
            "org": {"id": world.ward.pk, "name": world.ward.name},
            "status": "accepted",
            "due": p["due"],
            "submitted_at": p["reports"][0]["submitted_at"],
        }
    ]
    assert p["reports"][0]["submitted_at"]
    assert p["missing"] == [{"id": world.body_a.pk, "name": world.body_a.name}]


def test_figures_live_with_the_spec_keys(world: World, accepted: PeriodReport) -> None:
    p = accepted.period
    data = run(
        "figures", "--org", str(world.ward.pk), "--from", p.start.isoformat(), "--to", p.end.isoformat(), "--json"
    )
    assert isinstance(data, dict)
    assert list(data) == [
        "coverage",
        "activities_by_form",
        "comments",
        "plans",
        "tasks",
        "training",
        "budget",
        "commendations",
    ]
    assert data["activities_by_form"]["grassroots"]["reach"] == 300
    assert data["comments"]["received"] == 2 and data["comments"]["by_channel"] == {"meeting": 1, "portal": 1}


def test_show_gives_stored_figures_parts_and_consolidates(world: World, accepted: PeriodReport) -> None:
    data = run("show", str(accepted.pk), "--json")
    assert isinstance(data, dict)
    assert data["status"] == "accepted" and data["org"]["id"] == world.ward.pk
    assert data["parts"]["results"] == PARTS["results"]
    assert data["period"]["id"] == accepted.period_id
    assert "consolidates" not in data
    own = rs.report_consolidate(actor=world.drafter_a, period=accepted.period)
    data = run("show", str(own.pk), "--json")
    assert isinstance(data, dict)
    assert data["consolidates"] == [accepted.pk]
    assert data["activities_by_form"]["grassroots"]["reach"] == 300


def test_export_writes_real_docx_and_xlsx(world: World, accepted: PeriodReport, tmp_path: Path) -> None:
    own = rs.report_consolidate(actor=world.drafter_a, period=accepted.period)
    docx, xlsx = tmp_path / "bc.docx", tmp_path / "bc.xlsx"
    run("export", str(own.pk), "--format", "docx", "--out", str(docx))
    run("export", str(own.pk), "--format", "xlsx", "--out", str(xlsx))
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode()
    for text in (
        "BÁO CÁO",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BC-STP",
        "Nơi nhận",
        "PHỤ LỤC",
        world.ward.name,
        "300",
    ):
        assert text in body, text
    # The headings under "I. KẾT QUẢ THỰC HIỆN" are numbered 1, 2, 3 … as they appear, whichever tables are empty.
    section_one = body.split("I. KẾT QUẢ THỰC HIỆN")[1].split("II. ĐÁNH GIÁ CHUNG")[0]
    numbers = [int(m) for m in re.findall(r"<w:t>(\d)\. [^<]*</w:t>", section_one)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 3, numbers
    with zipfile.ZipFile(xlsx) as z:
        names = z.namelist()
        strings = z.read("xl/sharedStrings.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "xl/worksheets/sheet4.xml" in names  # figures, forms and channels, failing policies, per unit
    assert "Lượt tiếp cận" in strings and "<v>300</v>" in sheet


def test_export_pdf_is_a_pdf_with_the_figures(world: World, accepted: PeriodReport, tmp_path: Path) -> None:
    import subprocess

    out = tmp_path / "bc.pdf"
    run("export", str(accepted.pk), "--format", "pdf", "--out", str(out))
    assert out.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["/usr/bin/pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "BÁO CÁO" in text and "12/BC-UBND" in text and "Đã truyền thông 2 chính sách." in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("figures", "--org", "1", "--from", "2026-13-01", "--to", "2026-12-31"), "không phải ngày dạng YYYY-MM-DD"),
        (("figures", "--org", "x", "--from", "2026-01-01", "--to", "2026-12-31"), "phải là số nguyên dương"),
        (("figures", "--org", "1"), "thiếu tham số bắt buộc"),
        (("export", "1", "--format", "odt", "--out", "x.odt"), "không hợp lệ, chọn docx, pdf hoặc xlsx"),
        (("show", "abc", "--json"), "phải là số nguyên dương"),
        (("bogus",), "không hợp lệ"),
    ],
)
def test_bad_argument_exits_2_in_vietnamese(args: tuple[str, ...], message: str) -> None:
    proc = policycomm("report", *args)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_ids_exit_2(db: None) -> None:
    with pytest.raises(CommandError) as e:
        run("show", "999999", "--json")
    assert e.value.returncode == 2 and "không có báo cáo mã 999999" in str(e.value)
    with pytest.raises(CommandError) as e:
        run("figures", "--org", "999999", "--from", "2026-01-01", "--to", "2026-06-30", "--json")
    assert e.value.returncode == 2
    with pytest.raises(CommandError) as e:
        run("figures", "--org", "1", "--from", "2026-06-30", "--to", "2026-01-01", "--json")
    assert e.value.returncode == 2 and "--to phải sau" in str(e.value)
