"""The analysis engine on its own: no database, no Django."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import numpy as np
import pytest

from policycomm.analysis import grouping, method, normalise, stance
from policycomm.analysis.grouping import group, sketch_texts
from policycomm.analysis.pipeline import Comment, analyse
from policycomm.analysis.sections import Section, map_sections
from policycomm.analysis.themes import find_themes

LETTER = (
    "Kính gửi: Ban soạn thảo Luật Thuế thu nhập cá nhân.\n"
    "Tôi không đồng ý với mức giảm trừ gia cảnh tại Điều 19 của dự thảo. Mức 11 triệu đồng mỗi tháng đã lạc hậu "
    "so với giá cả sinh hoạt ở các thành phố lớn. Gia đình có hai con nhỏ phải chi trả học phí và viện phí rất cao. "
    "Đề nghị nâng mức giảm trừ cho người phụ thuộc và điều chỉnh hằng năm theo chỉ số giá tiêu dùng.\n"
    "Trân trọng.\nNguyễn Văn An, phường Phan Đình Phùng, tỉnh Thái Nguyên"
)


def test_match_form_folds_diacritics_and_drops_salutation_and_signature() -> None:
    form = normalise.match_form(LETTER)
    assert form.startswith("toi khong dong y voi muc giam tru gia canh tai dieu 19")
    assert "kinh gui" not in form and "tran trong" not in form and "nguyen van an" not in form
    assert normalise.match_form("Đồng ý với ĐIỀU 5") == normalise.match_form("dong y voi dieu 5")
    assert normalise.fold("Đường") == "duong"
    assert normalise.fold("Đi\x1eđường\u200b\x00") == "di duong "  # control characters, the separator too
    assert normalise.nfc("Tie\u0302\u0301ng  Vie\u0323\u0302t") == "Tiếng Việt"


def test_the_code_point_table_folds_exactly_as_the_string_rule() -> None:
    """The fast table path and the string path give the same bytes, for every character."""
    # (The document separator is replaced before folding; surrogates cannot be in a decoded text.)
    chars = [chr(cp) for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF and cp != normalise.DOC_SEP]
    chars += ["😀", "𝐀", "𐐀", "\U0001d15e", "가"]  # emoji, maths letter, Deseret capital, decomposing, Hangul
    for i in range(0, len(chars), 500):
        # Each character between a Vietnamese letter and an ASCII one, as in a real sentence.
        texts = [f"Ệ{c}a" for c in chars[i : i + 500]]
        expected = normalise._fold_str("\x1e".join(texts)).encode("utf-8")
        assert normalise.fold_batch_punct(texts) == normalise._blank_matter(expected), i
    # Characters the table cannot take alone send the batch down the string path, with the same result.
    for text in ("ΟΔΟΣ ΑΣ", "e\u0301\u0591x", "ﬀ İ ẞ", "Tie\u0302\u0301ng Vie\u0323\u0302t"):
        assert normalise.fold_batch_punct([text]) == normalise._blank_matter(normalise._fold_str(text).encode())
    assert normalise._fold_by_table("ΟΔΟΣ") is None
    assert normalise._fold_by_table("Tiếng Việt 😀") == "tieng viet 😀".encode()


def test_segmentation_keeps_compound_words_together() -> None:
    words = normalise.segment("Đề nghị bổ sung quy định về thuế thu nhập cá nhân.")
    assert "bổ sung" in words and "quy định" in words
    assert "." not in words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tôi hoàn toàn đồng ý với dự thảo Luật.", stance.SUPPORT),
        ("Nhất trí cao với quy định tại Điều 3.", stance.SUPPORT),
        ("Tôi không đồng ý với việc tăng lệ phí trước bạ.", stance.OPPOSE),
        ("Toi ko dong y voi quy dinh nay", stance.OPPOSE),
        ("Chúng tôi phản đối quy định thu phí vỉa hè.", stance.OPPOSE),
        ("Tôi đồng ý nhưng không nên áp dụng ngay năm nay.", stance.OPPOSE),
        ("Đề nghị bổ sung đối tượng là người khuyết tật.", stance.CHANGE),
        ("Kiến nghị sửa đổi khoản 2 Điều 7 theo hướng giảm mức phạt.", stance.CHANGE),
        ("Đề nghị làm rõ thế nào là hộ kinh doanh nhỏ.", stance.QUESTION),
        ("Quy định này áp dụng từ khi nào?", stance.QUESTION),
        ("Tại sao người dân phải nộp hồ sơ giấy?", stance.QUESTION),
        ("Dự thảo được đăng trên cổng thông tin.", stance.OTHER),
    ],
)
def test_stance_on_real_phrasings(text: str, expected: str) -> None:
    assert stance.classify(text) == expected


def test_bo_sung_is_not_read_as_a_demand_to_remove() -> None:
    # "bổ sung" and "bỏ" fold to the same syllable; a proposal to add must not count as opposition.
    assert stance.classify("Đề nghị bổ sung quy định về hỗ trợ.") == stance.CHANGE


def _copies() -> list[str]:
    plain = normalise.fold(LETTER)
    reordered = LETTER.replace(
        "Mức 11 triệu đồng mỗi tháng đã lạc hậu so với giá cả sinh hoạt ở các thành phố lớn. ", ""
    ).replace(
        "Trân trọng.",
        "Mức 11 triệu đồng mỗi tháng đã lạc hậu so với giá cả sinh hoạt ở các thành phố lớn.\nTrân trọng.",
    )
    typo = LETTER.replace("giảm trừ gia cảnh", "giảm trừ gia cảnhh").replace("học phí", "hcọ phí")
    other_name = LETTER.replace("Nguyễn Văn An, phường Phan Đình Phùng", "Trần Thị Bình, xã Đồng Hỷ")
    inserted = LETTER.replace("Đề nghị nâng", "Tôi là giáo viên đã nghỉ hưu. Đề nghị nâng")
    return [LETTER, plain, reordered, typo, other_name, inserted]


def test_copies_with_edits_fall_in_one_group_and_different_opinions_do_not() -> None:
    others = [
        "Tôi đồng ý với mức giảm trừ gia cảnh tại Điều 19, đây là quy định hợp lý.",
        "Đề nghị bỏ quy định đánh thuế thu nhập đối với tiền lương làm thêm giờ vào ban đêm.",
        "Cho tôi hỏi hộ kinh doanh có doanh thu dưới 200 triệu đồng có phải nộp thuế không?",
    ]
    texts = _copies() + others
    sk = sketch_texts(texts)
    g = group(sk, weights=np.array([1, 1, 1, 1, 1, 250, 1, 1, 1]))
    labels = g.labels
    assert len(set(labels[:6])) == 1, labels
    assert len(set(labels[6:])) == 3 and not set(labels[6:]) & {labels[0]}
    campaign = labels[0]
    assert g.count[campaign] == 6
    assert g.weight[campaign] == 255  # one line carried 250 signatures
    assert labels[g.representative[campaign]] == campaign


def test_a_letter_with_one_sentence_replaced_is_still_the_letter() -> None:
    sentences = [
        "Tôi không đồng ý với mức giảm trừ gia cảnh tại Điều 19 của dự thảo.",
        "Mức 11 triệu đồng mỗi tháng đã lạc hậu so với giá cả sinh hoạt ở các thành phố lớn.",
        "Gia đình có hai con nhỏ phải chi trả học phí và viện phí rất cao.",
        "Đề nghị nâng mức giảm trừ cho người phụ thuộc và điều chỉnh hằng năm theo chỉ số giá tiêu dùng.",
    ]
    other = "Nhiều hộ gia đình ở nông thôn còn phải nuôi cha mẹ già không có lương hưu và không có bảo hiểm."
    sk = sketch_texts([" ".join(sentences), " ".join([sentences[0], other, *sentences[2:]])])
    assert sk.sketch.shape == (2, grouping.WIDTH)
    # Under the bar of equal slots alone: only the three sentences in common make them one letter.
    assert (sk.sketch[0, : grouping.K] == sk.sketch[1, : grouping.K]).sum() < grouping.THRESHOLD * grouping.K
    labels = group(sk).labels
    assert labels[0] == labels[1]


def test_a_copy_that_meets_its_letter_in_no_band_is_found_through_its_sentences() -> None:
    rng = np.random.default_rng(7)
    top = 0xFFFFFFFE
    empty = grouping.EMPTY

    def row(sentences: list[int], slots: np.ndarray) -> np.ndarray:
        out = np.full(grouping.WIDTH, empty, dtype=np.uint32)
        out[: grouping.K] = slots
        out[grouping.K : grouping.K + len(sentences)] = sorted(sentences)
        return out

    slots = rng.integers(0, top, size=grouping.K, dtype=np.uint32)
    near = slots.copy()
    near[:: grouping.ROWS] ^= 1  # one slot of every band differs: 96 of 128 slots still equal
    s = rng.integers(0, top, size=8, dtype=np.uint32).tolist()
    letter = row(s[:4], slots)
    copy = row([*s[:3], s[4]], near)  # one of four sentences replaced
    other_near = slots.copy()
    other_near[1 :: grouping.ROWS] ^= 1
    short = row([s[0], s[1], s[5]], other_near)  # only two sentences in common
    other = rng.integers(0, top, size=grouping.WIDTH, dtype=np.uint32)
    sk = grouping.Sketches(
        np.stack([letter, copy, short, other]), np.zeros(4, bool), np.zeros(4, np.uint8), [[], [], [], []]
    )
    store = grouping.InMemory(sk.sketch, sk.empty)
    assert all(store.band_pairs(band)[0].size == 0 for band in range(grouping.BANDS))
    a, b = store.band_pairs(grouping.SENTENCE_BAND)
    pairs = {frozenset(p) for p in zip(a.tolist(), b.tolist(), strict=True)}
    assert frozenset({0, 1}) in pairs and 3 not in set(a.tolist()) | set(b.tolist())
    assert len({frozenset({0, 2}), frozenset({1, 2})} & pairs) >= 1  # the bucket of s[0], s[1] is a chain
    labels = group(sk).labels
    # Met only through their sentences, a pair must share three: two around a common clause are not merged.
    assert labels[0] == labels[1]
    assert len({labels[0], labels[2], labels[3]}) == 3


def test_a_bucket_is_a_chain_in_an_order_of_its_members_alone() -> None:
    keys = np.array([5, 9, 5, 5, 5, 5, 7], dtype=np.uint64)
    units = np.array([10, 20, 11, 12, 13, 14, 30])
    a, b = grouping.bucket_pairs(keys, units, 0)
    assert a.size == 4 and set(a.tolist()) | set(b.tolist()) == {10, 11, 12, 13, 14}  # a chain of five
    # The same members read in another order (another store, other partitions) give the same pairs.
    perm = np.random.default_rng(3).permutation(keys.size)
    again = grouping.bucket_pairs(keys[perm], units[perm], 0)
    assert list(zip(*again, strict=True)) == list(zip(a, b, strict=True))
    # Each band orders its buckets its own way, so one band's neighbours are not every band's.
    chains = {tuple(grouping.bucket_pairs(keys, units, band)[0].tolist()) for band in range(grouping.ALL_BANDS)}
    assert len(chains) > 1


_OPINION = "Tôi phản đối việc tăng thu phí không dừng như dự thảo."
_REASON = (
    "Xử phạt được quy định trong các hương ước về thực chất đều xuất phát từ các chế tài đã được xác định "
    "trong các hương ước và trong các bộ luật của các vương triều trước đây."
)
# A short letter, and a copy of it with its last sentence replaced: two of three sentences in common.
SHORT_LETTER = f"{_OPINION} {_REASON} Thực hiện việc tổ chức toà án theo cấp xét xử."
NEAR_COPY = f"{_OPINION} {_REASON} Toàn quyền Đông Dương nắm toàn bộ các quyền lập pháp."


def test_two_short_comments_around_two_common_sentences_are_not_merged() -> None:
    texts = [SHORT_LETTER, NEAR_COPY]
    sk = sketch_texts(texts)
    eq = int((sk.sketch[0, : grouping.K] == sk.sketch[1, : grouping.K]).sum())
    # Most of both texts is common: their slots alone would call them one letter, but each has its own reason.
    assert grouping.THRESHOLD * grouping.K <= eq < grouping.HIGH * grouping.THRESHOLD * grouping.K
    assert group(sk).labels.tolist() == [0, 1]
    # A fourth sentence in common makes them a letter with one sentence replaced.
    more = "Đề nghị Ban soạn thảo nghiên cứu bổ sung quy định chuyển tiếp cho người dân ở vùng sâu, vùng xa."
    assert group(sketch_texts([f"{t} {more}" for t in texts])).labels.tolist() == [0, 0]


def test_a_comment_near_a_large_campaign_joins_it_and_near_a_small_one_does_not() -> None:
    letter, copy = SHORT_LETTER, NEAR_COPY
    sk = sketch_texts([letter, copy])
    assert grouping.verdicts(sk.sketch[:1], sk.sketch[1:], 77).tolist() == [grouping.NEAR]
    # Two of three sentences in common: alone, two comments around a common opinion and reason ...
    assert group(sketch_texts([letter, copy])).labels.tolist() == [0, 1]
    # ... next to a campaign of ATTACH copies, a copy of it with one sentence replaced.
    campaign = [letter] * grouping.ATTACH
    g = group(sketch_texts([*campaign, copy]))
    assert g.labels.tolist() == [0] * (grouping.ATTACH + 1)
    assert g.count.tolist() == [grouping.ATTACH + 1]
    assert g.representative.tolist() == [0]
    g = group(sketch_texts([*campaign[1:], copy]))
    assert len(set(g.labels[:-1].tolist())) == 1 and g.labels[-1] != g.labels[0]
    # Of the opposite opinion, it stays apart however large the campaign.
    against = copy.replace("Tôi phản đối", "Tôi đồng ý với")
    sk = sketch_texts([letter, against])
    assert grouping.verdicts(sk.sketch[:1], sk.sketch[1:], 77).tolist() == [grouping.NEAR]
    assert grouping.polarity(sk.stance).tolist() == [-1, 1]
    g = group(sketch_texts([*campaign, against]))
    assert len(set(g.labels[:-1].tolist())) == 1 and g.labels[-1] != g.labels[0]


def test_two_opinions_around_one_quoted_passage_are_not_merged() -> None:
    quote = (
        "Người lao động được nghỉ hưu ở tuổi đủ 62 tuổi đối với nam và đủ 60 tuổi đối với nữ, lộ trình tăng "
        "mỗi năm ba tháng đối với nam và bốn tháng đối với nữ cho đến khi đạt tuổi nghỉ hưu theo quy định."
    )
    sk = sketch_texts(
        [f"Đề nghị làm rõ cách tính lộ trình. {quote}", f"Cần xem xét lại đối với lao động nặng nhọc. {quote}"]
    )
    # The quotation is most of both texts: their slots alone would call them one letter.
    assert (sk.sketch[0, : grouping.K] == sk.sketch[1, : grouping.K]).sum() >= grouping.THRESHOLD * grouping.K
    labels = group(sk).labels
    assert labels[0] != labels[1]


def test_same_quote_with_opposite_opinions_is_not_merged() -> None:
    quote = (
        "Người lao động được nghỉ hưu ở tuổi đủ 62 tuổi đối với nam và đủ 60 tuổi đối với nữ, "
        "lộ trình tăng mỗi năm ba tháng đối với nam và bốn tháng đối với nữ."
    )
    g = group(sketch_texts([f"Tôi đồng ý với quy định: {quote}", f"Tôi không đồng ý với quy định: {quote}"]))
    assert g.labels[0] != g.labels[1]


def test_same_wording_about_different_articles_is_two_opinions() -> None:
    shared = (
        "Quy định này chưa phù hợp với thực tế ở địa phương, gây khó khăn cho người dân và hộ kinh doanh nhỏ, "
        "đề nghị Ban soạn thảo nghiên cứu, tiếp thu và điều chỉnh cho phù hợp với điều kiện kinh tế hiện nay."
    )
    texts = [
        f"Đề nghị sửa khoản 1 Điều 18. {shared}",
        f"Đề nghị sửa khoản 1 Điều 3. {shared}",
        # A copy that cites Điều 18 and one more article is still the first letter.
        f"Đề nghị sửa khoản 1 Điều 18, liên quan Điều 5. {shared}",
    ]
    labels = group(sketch_texts(texts)).labels
    assert labels[0] != labels[1]
    assert labels[0] == labels[2]


def test_a_chain_of_small_edits_does_not_join_two_different_letters() -> None:
    # Each text shares 35 of 40 words with the next, so neighbours match; the two ends share none.
    words = [f"tu{i}" for i in range(80)]
    chain = [" ".join(words[5 * k : 5 * k + 40]) for k in range(9)]
    g = group(sketch_texts(chain))
    assert g.labels[0] != g.labels[-1]
    for i, label in enumerate(g.labels):
        rep = g.representative[label]
        shared = set(chain[i].split()) & set(chain[rep].split())
        assert len(shared) >= 20, (i, rep)  # every member is close to its group's representative


def test_chain_breaking_goes_on_until_every_member_is_close_to_its_representative() -> None:
    # 300 texts, each 38 of its 40 words shared with the next: four rounds left members sharing no word
    # with their representative; the rounds go on until none is far.
    words = [f"tu{i}" for i in range(640)]
    chain = [" ".join(words[2 * k : 2 * k + 40]) for k in range(300)]
    g = group(sketch_texts(chain))
    worst = min(len(set(chain[i].split()) & set(chain[g.representative[k]].split())) for i, k in enumerate(g.labels))
    assert worst >= 12 and 20 <= g.count.size <= 40


def test_empty_comments_never_join_anyone() -> None:
    g = group(sketch_texts(["", "Trân trọng.", "   ", "Kính gửi Ban soạn thảo"]))
    assert len(set(g.labels)) == 4


def test_explicit_reference_wins_over_similarity() -> None:
    sections = [
        Section("dieu-5", "Mức thu lệ phí trước bạ đối với ô tô là 10 phần trăm.", "Điều 5"),
        Section("dieu-7.khoan-2", "Người nộp thuế được giảm trừ gia cảnh cho người phụ thuộc.", "Khoản 2 Điều 7"),
    ]
    sk = sketch_texts(["Khoản 2 Điều 7 nên sửa lại.", "Mức lệ phí trước bạ đối với ô tô 10 phần trăm là quá cao."])
    assert sk.refs[0] == [(7, 2)]
    mapped = map_sections(["Khoản 2 Điều 7 nên sửa lại.", "Lệ phí trước bạ ô tô quá cao."], sections, sk.refs)
    assert mapped[0] == [("dieu-7.khoan-2", 1.0)]
    assert mapped[1][0][0] == "dieu-5" and mapped[1][0][1] < 1.0


def test_themes_have_readable_vietnamese_labels() -> None:
    texts = (
        [f"Đề nghị giảm học phí cho sinh viên năm {i} ở vùng sâu vùng xa." for i in range(1, 30)]
        + [f"Lệ phí trước bạ ô tô điện nên miễn thêm {i} năm để khuyến khích xe xanh." for i in range(1, 30)]
        + [f"Phạt nồng độ cồn người đi xe đạp mức {i} trăm nghìn là quá nặng." for i in range(1, 30)]
    )
    labels, themes = find_themes(texts, max_themes=3)
    assert len(themes) == 3
    assert sorted(t.comments for t in themes) == [29, 29, 29]
    assert len({labels[0], labels[30], labels[60]}) == 3
    by_index = {t.index: t.label for t in themes}
    assert {"học phí", "sinh viên", "vùng sâu vùng xa"} & set(by_index[labels[0]].split(", "))
    assert {"trước bạ", "ô tô", "xe xanh"} & set(by_index[labels[30]].split(", "))
    assert {"nồng độ", "nồng độ cồn", "xe đạp"} & set(by_index[labels[60]].split(", "))


def test_analyse_in_memory_gives_one_row_per_comment() -> None:
    comments = [Comment(f"c{i}", text) for i, text in enumerate(_copies())] + [Comment("x", "Tôi ủng hộ dự thảo.")]
    result = analyse(comments, [Section("dieu-19", "Mức giảm trừ gia cảnh", "Điều 19")])
    rows = [result.row(i) for i in range(len(comments))]
    assert {r["group"] for r in rows[:6]} == {rows[0]["group"]}
    assert rows[6]["group"] == "x"
    assert [r["group_size"] for r in rows] == [6] * 6 + [1]
    assert rows[0]["sections"] == ["dieu-19"]
    assert rows[6]["stance"] == "support"
    summary = result.summary()
    assert summary["groups"]["campaigns"] == 1 and summary["groups"]["largest"][0]["size"] == 6


def test_copies_of_one_campaign_share_one_stance() -> None:
    # One copy softens the opening ("không đồng ý" → "có ý kiến"): read alone it is a proposal to change.
    softened = LETTER.replace("Tôi không đồng ý với mức giảm trừ", "Tôi có ý kiến về mức giảm trừ")
    assert stance.classify(softened) == stance.CHANGE and stance.classify(LETTER) == stance.OPPOSE
    copies = [Comment(f"c{i}", LETTER.replace("Nguyễn Văn An", f"Người gửi {i}")) for i in range(5)]
    comments = [Comment("v", softened), *copies, Comment("x", "Tôi ủng hộ việc thu phí vỉa hè.")]
    result = analyse(comments)
    assert len({result.group_id(i) for i in range(6)}) == 1  # one campaign of six
    assert result.stance[:6] == [stance.OPPOSE] * 6  # the majority's stance, for every copy
    assert result.stance[6] == stance.SUPPORT  # a comment alone keeps its own
    assert result.summary()["stance"] == {stance.OPPOSE: 6, stance.SUPPORT: 1}

    # The majority is counted in people: one letter signed by ten outweighs five single copies.
    weighted = [Comment("v", softened, num_items=10), *copies]
    assert analyse(weighted).stance == [stance.CHANGE] * 6


def test_the_method_card_fingerprint_follows_ids_texts_and_order() -> None:
    rows = [(1, "Đề nghị giữ nguyên Điều 5."), (2, "Tôi ủng hộ dự thảo.")]
    digest, n = method.fingerprint(rows)
    assert n == 2 and digest == method.fingerprint(list(rows))[0]
    assert digest != method.fingerprint([(1, "Đề nghị giữ nguyên Điều 6."), rows[1]])[0]
    assert digest != method.fingerprint(rows[::-1])[0]
    # Length prefixes: moving a character from one field to the next changes the fingerprint.
    assert method.fingerprint([(1, "ab")])[0] != method.fingerprint([(1, "a"), (1, "b")])[0]
    assert method.fingerprint([("1", "2x")])[0] != method.fingerprint([("12", "x")])[0]
    card = method.method_card(rows, with_themes=False)
    assert card["input_sha256"] == digest and card["comments"] == 2 and not card["themes"]["enabled"]
    assert not any("scikit-learn" in m for m in card["models"])


def test_the_file_fingerprint_is_what_sha256sum_prints_and_stops_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(bytes(range(256)) * 12_000)  # three reads of 1 MB
    assert method.file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()
    stop = threading.Event()
    stop.set()
    with pytest.raises(InterruptedError):
        method.file_sha256(path, stop)


def test_the_measured_accuracy_is_the_one_bench_results_report() -> None:
    results = (Path(__file__).resolve().parents[1] / "bench" / "results.md").read_text(encoding="utf-8")
    section = results.split("## Comment analysis", 1)[1].split("\n## ", 1)[0]
    assert f"| B-cubed precision | {method.MEASURED['grouping_precision']:.4f} |" in section
    assert f"| B-cubed recall | {method.MEASURED['grouping_recall']:.4f} |" in section
    assert f"| B-cubed F1 | {method.MEASURED['grouping_f1']:.4f} |" in section
    assert str(method.MEASURED["measured_on"]) in section
