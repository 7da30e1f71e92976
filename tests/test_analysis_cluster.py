"""The analysis on a real Dask cluster (a local one: two worker processes) gives what one process gives."""

from __future__ import annotations

import itertools
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from distributed import Client

from policycomm.analysis import cluster, grouping
from policycomm.analysis.pipeline import Comment, InputError, analyse, analyse_file, sketch_file
from policycomm.analysis.sections import Section
from policycomm.consultation.management.commands import analyze

from .factories import policycomm
from .test_analysis_engine import LETTER, NEAR_COPY, SHORT_LETTER

OTHERS = [
    "Đề nghị làm rõ khoản 2 Điều 7 về đối tượng được miễn thuế?",
    "Tôi ủng hộ việc điều chỉnh giảm trừ gia cảnh theo giá cả.",
    "Phạt nồng độ cồn với người đi xe đạp là quá nặng, không hợp lý.",
    "Đề nghị bổ sung quy định về nhà ở xã hội cho công nhân khu công nghiệp.",
    "Học phí đại học tăng quá nhanh so với thu nhập của người dân nông thôn.",
]


def corpus(path: Path, n: int = 1500) -> Path:
    rng = random.Random(407)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            if i % 3 == 0:
                text = LETTER.replace("Nguyễn Văn An", f"Người số {i}")
            else:
                a, b = rng.sample(OTHERS, 2)
                text = f"{a} {b} Ý kiến {i}: {rng.choice(OTHERS)}"
            row: dict[str, object] = {"id": f"c{i}", "text": text}
            if i % 7 == 0:
                row["num_items"] = 1 + i % 5
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with cluster.connect(cluster.LOCAL, workers=2) as c:
        yield c


def test_byte_ranges_cover_the_file_and_end_at_line_ends(tmp_path: Path) -> None:
    path = corpus(tmp_path / "in.jsonl", 300)
    data = path.read_bytes()
    ranges = cluster.byte_ranges(path, 5000)
    assert len(ranges) > 5
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    assert all(data[end - 1 : end] == b"\n" for _, end in ranges)


SECTIONS = [
    Section("dieu-5", "Mức thu lệ phí trước bạ đối với ô tô là 10 phần trăm.", "Điều 5"),
    Section("dieu-7.khoan-2", "Người nộp thuế được giảm trừ gia cảnh cho người phụ thuộc.", "Khoản 2 Điều 7"),
    Section("dieu-9", "Học phí đại học và hỗ trợ sinh viên nông thôn.", "Điều 9"),
]


def test_partitioned_store_finds_the_pairs_the_in_memory_store_finds(tmp_path: Path, client: Client) -> None:
    path = corpus(tmp_path / "in.jsonl")
    one = sketch_file(path, workers=1, progress=False)
    ranges = cluster.byte_ranges(path, 20_000)
    assert len(ranges) > 10  # really split
    parts = [cluster.spill_range(str(path), a, b, str(tmp_path), p) for p, (a, b) in enumerate(ranges)]
    assert [x for p in parts for x in p.offsets] == one.offsets.tolist()
    starts = np.concatenate([[0], np.cumsum([p.row_key.size for p in parts])])
    copies = grouping.fold_copies(grouping.row_keys(one.sketches.sketch), one.sketches.empty)
    unit = np.full(len(one.ids), -1)
    live = np.flatnonzero(~one.sketches.empty[copies.first])
    unit[copies.first[live]] = live
    for p in range(len(parts)):
        np.save(tmp_path / f"{p:06d}.unit.npy", unit[starts[p] : starts[p + 1]])
    store = cluster.Partitioned(client, str(tmp_path), starts, copies.first, workers=3)
    near = grouping.InMemory(one.sketches.sketch[copies.first], one.sketches.empty[copies.first])
    total = {}
    for band in (0, 7, 31, grouping.SENTENCE_BAND):
        pa, pb = store.band_pairs(band)
        ma, mb = near.band_pairs(band)
        assert sorted(zip(pa.tolist(), pb.tolist(), strict=True)) == sorted(zip(ma.tolist(), mb.tolist(), strict=True))
        total[band] = pa.size
        assert np.array_equal(store.judge(pa, pb, 77), near.judge(pa, pb, 77))
    assert all(total.values()), total


def test_whole_analysis_is_the_same_on_the_cluster(tmp_path: Path, client: Client) -> None:
    path = corpus(tmp_path / "in.jsonl")
    a, b = tmp_path / "one.jsonl", tmp_path / "cluster.jsonl"
    sa = analyse_file(path, a, SECTIONS, progress=False, workers=1)
    sb = cluster.analyse_file_on(client, path, b, SECTIONS, block_bytes=20_000, scratch=tmp_path)
    assert a.read_bytes() == b.read_bytes()
    assert any('"sections":["dieu-7.khoan-2"]' in line for line in b.read_text().splitlines())
    assert {k: v for k, v in sa.items() if k not in ("timings_s", "peak_rss_mb")} == {
        k: v for k, v in sb.items() if k not in ("timings_s", "peak_rss_mb")
    }
    assert sa["groups"]["largest"][0]["size"] == 500
    assert not list(tmp_path.glob("policycomm-analysis-*"))  # the partitions are removed


def test_a_comment_near_a_large_campaign_joins_it_on_the_cluster_too(tmp_path: Path, client: Client) -> None:
    path = tmp_path / "in.jsonl"
    texts = [SHORT_LETTER] * grouping.ATTACH + [NEAR_COPY] + OTHERS
    path.write_text("".join(json.dumps({"id": f"c{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    a, b = tmp_path / "one.jsonl", tmp_path / "cluster.jsonl"
    analyse_file(path, a, progress=False, workers=1, with_themes=False)
    cluster.analyse_file_on(client, path, b, block_bytes=2_000, scratch=tmp_path, with_themes=False)
    assert a.read_bytes() == b.read_bytes()
    rows = [json.loads(line) for line in b.read_text().splitlines()]
    assert {r["group"] for r in rows[: grouping.ATTACH + 1]} == {rows[0]["group"]}
    assert rows[0]["group"] not in {r["group"] for r in rows[grouping.ATTACH + 1 :]}


def test_bad_line_in_a_later_range_is_reported_with_its_file_line_number(tmp_path: Path, client: Client) -> None:
    path = corpus(tmp_path / "in.jsonl", 400)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[350] = '{"id": "x", "text": "a", "num_items": 0}\n'
    path.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with pytest.raises(InputError) as err:
        cluster.analyse_file_on(client, path, out, block_bytes=5000, scratch=tmp_path)
    assert err.value.line == 351 and "num_items" in err.value.reason
    assert not out.exists() and not list(tmp_path.glob("policycomm-analysis-*"))


def test_command_on_a_local_cluster_writes_what_the_one_process_command_writes(tmp_path: Path) -> None:
    path = corpus(tmp_path / "in.jsonl", 600)
    a, b = tmp_path / "one.jsonl", tmp_path / "cluster.jsonl"
    one = policycomm("analyze", path, "--out", a, "--no-themes")
    assert one.returncode == 0, one.stderr
    many = policycomm("analyze", path, "--out", b, "--no-themes", "--scheduler", "local", "--workers", "2")
    assert many.returncode == 0, many.stderr
    assert a.read_bytes() == b.read_bytes() and len(a.read_text().splitlines()) == 600


def test_unreachable_scheduler_is_a_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    path = corpus(tmp_path / "in.jsonl", 20)
    out = tmp_path / "out.jsonl"
    proc = policycomm("analyze", path, "--out", out, "--scheduler", "tcp://127.0.0.1:9")
    assert proc.returncode == 2
    assert "Không kết nối được cụm Dask tcp://127.0.0.1:9" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_scored_sections_and_the_steps_of_a_cluster_run(tmp_path: Path, client: Client) -> None:
    """What the product's job asks of the cluster: sections with their scores, and progress by stage."""
    path = corpus(tmp_path / "in.jsonl")
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    one = analyse([Comment(r["id"], r["text"], r.get("num_items", 1)) for r in rows], SECTIONS, with_themes=False)
    out, steps = tmp_path / "scored.jsonl", []
    summary = cluster.analyse_file_on(
        client,
        path,
        out,
        SECTIONS,
        with_themes=False,
        block_bytes=20_000,
        scratch=tmp_path,
        on_step=lambda *step: steps.append(step),
        section_scores=True,
        max_groups=1,
    )
    got = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["sections"] for x in got] == [[[sid, score] for sid, score in one.sections(i)] for i in range(len(rows))]
    assert any(x["sections"] == [["dieu-7.khoan-2", 1.0]] for x in got)  # cited: score 1
    assert any(x["sections"] and x["sections"][0][1] < 1.0 for x in got)  # found by the words: its score
    assert [x["group"] for x in got] == [one.group_id(i) for i in range(len(rows))]
    assert len(summary["groups"]["largest"]) == 1
    stages = [stage for stage, _, _ in steps]
    order = ["sketch", "group", "write"]
    assert stages == sorted(stages, key=order.index) and set(stages) == set(order)
    assert ("group", grouping.ALL_BANDS, grouping.ALL_BANDS) in steps
    sketch = [(done, total) for stage, done, total in steps if stage == "sketch"]
    assert sketch[-1][0] == sketch[-1][1] > 1 and [d for d, _ in sketch] == list(range(1, sketch[-1][1] + 1))


def test_large_inputs_run_on_a_local_cluster_by_default(tmp_path: Path) -> None:
    small = corpus(tmp_path / "small.jsonl", 20)
    assert analyze.default_scheduler(small) == analyze.NONE
    ram = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as fh:  # sparse: its size, not its bytes
        fh.truncate(int(ram / 2 / analyze.ONE_PROCESS_BYTES_PER_INPUT_BYTE) + 1)
    assert analyze.default_scheduler(big) == cluster.LOCAL
    out = tmp_path / "out.jsonl"
    proc = policycomm("analyze", small, "--out", out, "--scheduler", "none", "--no-themes")
    assert proc.returncode == 0, proc.stderr
    assert len(out.read_text().splitlines()) == 20
