"""``policycomm analyze`` as a person or a script runs it: real files, real processes."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from policycomm.analysis import grouping, method

from .factories import policycomm
from .test_analysis_engine import LETTER


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return policycomm("analyze", *args)


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_analyze_writes_one_line_per_comment_and_a_summary(tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [
        {"id": f"a{i}", "text": LETTER.replace("Nguyễn Văn An", f"Người {i}")} for i in range(30)
    ]
    rows[3]["num_items"] = 120
    rows += [
        {"id": "b1", "text": "Đề nghị làm rõ khoản 2 Điều 7 về đối tượng được miễn thuế?"},
        {"id": "b2", "text": "Tôi ủng hộ việc điều chỉnh giảm trừ gia cảnh theo giá cả."},
        {"id": 77, "text": "Phạt nồng độ cồn với người đi xe đạp là quá nặng, không hợp lý."},
    ]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    sections = write_jsonl(
        tmp_path / "sections.jsonl",
        [
            {"id": "dieu-7.khoan-2", "title": "Khoản 2 Điều 7", "text": "Đối tượng được miễn thuế."},
            {"id": "dieu-19", "title": "Điều 19", "text": "Giảm trừ gia cảnh cho người nộp thuế và người phụ thuộc."},
        ],
    )
    out, summary = tmp_path / "out.jsonl", tmp_path / "summary.json"
    proc = run(src, "--out", out, "--sections", sections, "--summary", summary, "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == [r["id"] if isinstance(r["id"], str) else str(r["id"]) for r in rows]
    assert {x["group"] for x in lines[:30]} == {lines[0]["group"]}
    assert lines[30]["group"] == "b1" and lines[30]["sections"] == ["dieu-7.khoan-2"]
    assert lines[30]["stance"] == "question" and lines[32]["stance"] == "oppose"
    assert "dieu-19" in lines[0]["sections"]
    assert all(set(x) == {"id", "group", "group_size", "theme", "sections", "stance"} for x in lines)
    assert {x["group_size"] for x in lines[:30]} == {30} and lines[30]["group_size"] == 1
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["comments"] == 33 and data["people"] == 33 + 119
    top = data["groups"]["largest"][0]
    assert top["size"] == 30 and top["people"] == 149 and "giảm trừ gia cảnh" in top["representative"]
    assert data["themes"] and all(t["label"] for t in data["themes"])
    assert {"sketch", "group", "themes", "sections", "total"} <= set(data["timings_s"])
    assert data["peak_rss_mb"] > 0
    # The method card: what produced the result, and fingerprints anyone can check with sha256sum.
    card = data["method"]
    assert card["input_sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert card["sections_sha256"] == hashlib.sha256(sections.read_bytes()).hexdigest()
    assert card["comments"] == 33 and card["engine_version"] == method.ENGINE_VERSION
    assert card["grouping"]["k"] == grouping.K and card["themes"]["enabled"] is True
    assert card["measured"]["grouping_precision"] == method.MEASURED["grouping_precision"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "không phải JSON hợp lệ"),
        ('{"text": "thiếu id"}', 'thiếu trường "id"'),
        ('{"id": "x"}', 'thiếu trường "text"'),
        ('{"id": "x", "text": "a", "num_items": 0}', '"num_items" phải là số nguyên dương'),
        ('["id", "text"]', "mỗi dòng phải là một đối tượng JSON"),
    ],
)
def test_bad_line_is_reported_with_its_number_and_nothing_is_written(tmp_path: Path, line: str, reason: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "ok", "text": "Tôi đồng ý."}\n\n' + line + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run(src, "--out", out)
    assert proc.returncode == 2
    assert "dòng 3" in proc.stderr and reason in proc.stderr
    assert not out.exists()


def test_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    proc = run(tmp_path / "khong-co.jsonl", "--out", tmp_path / "o.jsonl")
    assert proc.returncode == 2 and "Không tìm thấy tệp đầu vào" in proc.stderr
