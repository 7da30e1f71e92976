"""Hand-read expectations for plans as officials get them from legal-document websites
(``tests/fixtures/plans``, sources in its README), and the flattened header patterns of those sites as
synthetic variants.

Every expected value below was written by reading the files by hand, not by running the parser. The
stored copies hold only the opening of each page, so a group is expected only where the copy reaches it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest

from policycomm.plans.parser import parse_bytes, parse_paragraphs
from policycomm.plans.text import paragraphs_from_lines

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
TTH, TQ, TV, LK = "thuathienhue", "tuyenquang", "travinh", "lakhe"
FILES = {
    TTH: "thuathienhue-277-KH-UBND-2022.txt",
    TQ: "tuyenquang-85-KH-UBND-2022.txt",
    TV: "travinh-1965-QD-UBND-2022.txt",
    LK: "lakhe-192-KH-UBND-2023.txt",
}


@functools.cache
def parsed(doc: str) -> dict[str, Any]:
    """Each file read as an upload is: its bytes, through the .txt reader."""
    return dict(parse_bytes((FIXTURES / FILES[doc]).read_bytes(), FILES[doc]))


def get(data: Any, path: str) -> Any:
    for key in path.split("."):
        data = data[int(key)] if re.fullmatch(r"\d+", key) else data[key]
    return data


TQ_TITLE = (
    "TRIỂN KHAI THỰC HIỆN QUYẾT ĐỊNH 407/QĐ-TTg NGÀY 30 THÁNG 3 NĂM 2022 CỦA THỦ TƯỚNG CHÍNH PHỦ PHÊ DUYỆT ĐỀ ÁN "
    "“TỔ CHỨC TRUYỀN THÔNG CHÍNH SÁCH CÓ TÁC ĐỘNG LỚN ĐẾN XÃ HỘI TRONG QUÁ TRÌNH XÂY DỰNG VĂN BẢN QUY PHẠM PHÁP "
    "LUẬT GIAI ĐOẠN 2022 -2027”"
)
TTH_TITLE = (
    "THỰC HIỆN ĐỀ ÁN “TỔ CHỨC TRUYỀN THÔNG CHÍNH SÁCH CÓ TÁC ĐỘNG LỚN ĐẾN XÃ HỘI TRONG QUÁ TRÌNH XÂY DỰNG VĂN BẢN "
    "QUY PHẠM PHÁP LUẬT GIAI ĐOẠN 2022 - 2027” TRÊN ĐỊA BÀN TỈNH THỪA THIÊN HUẾ"
)
TV_TITLE = (
    "BAN HÀNH KẾ HOẠCH THỰC HIỆN QUYẾT ĐỊNH SỐ 407/QĐ-TTG NGÀY 30/3/2022 CỦA THỦ TƯỚNG CHÍNH PHỦ PHÊ DUYỆT ĐỀ ÁN "
    "“TỔ CHỨC TRUYỀN THÔNG CHÍNH SÁCH CÓ TÁC ĐỘNG LỚN ĐẾN XÃ HỘI TRONG QUÁ TRÌNH XÂY DỰNG VĂN BẢN QUY PHẠM PHÁP "
    "LUẬT GIAI ĐOẠN 2022 - 2027 TRÊN ĐỊA BÀN TỈNH TRÀ VINH"
)
LK_TITLE = (
    "Triển khai thực hiện Đề án “Tổ chức truyền thông chính sách có tác động lớn đến xã hội trong quá trình xây "
    "dựng văn bản quy phạm pháp luật giai đoạn 2022-2027” trên địa bàn phường La Khê"
)

HEADERS: dict[str, dict[str, Any]] = {
    TTH: {
        "number": "277",
        "symbol": "KH-UBND",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ",
        "place": "Thừa Thiên Huế",
        "date": "2022-07-28",
        "kind": "KẾ HOẠCH",
        "title": TTH_TITLE,
    },
    TQ: {
        "number": "85",
        "symbol": "KH-UBND",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
        "place": "Tuyên Quang",
        "date": "2022-05-19",
        "kind": "KẾ HOẠCH",
        "title": TQ_TITLE,
    },
    TV: {
        "number": "1965",
        "symbol": "QĐ-UBND",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH TRÀ VINH",
        "place": "Trà Vinh",
        "date": "2022-10-06",
        "kind": "QUYẾT ĐỊNH",
        "title": TV_TITLE,
    },
    LK: {
        "number": "192",
        "symbol": "KH-UBND",
        "issuer": "ỦY BAN NHÂN DÂN PHƯỜNG LA KHÊ",
        "place": "La Khê",
        "date": "2023-12-30",
        "kind": "KẾ HOẠCH",
        "title": LK_TITLE,
    },
}

# (doc, path, value): the structure the copies reach.
EQUAL = [
    (TTH, "groups", []),  # the copy stops inside "I. MỤC TIÊU"
    (TQ, "groups.0.index", 1),
    (
        TQ,
        "groups.0.title",
        "Nâng cao nhận thức và trách nhiệm của các cấp, các ngành về vị trí, vai trò của công tác truyền thông dự",
    ),
    (TQ, "groups.0.tasks", []),  # the copy ends in the group's title
    (TV, "groups", []),  # a decision: its plan is an annex the copy does not reach
    (LK, "groups", []),
    (TQ, "unparsed", []),
    (TTH, "unparsed", []),
    (LK, "unparsed", []),
]
COUNTS = [(TTH, "groups", 0), (TQ, "groups", 1), (TV, "groups", 0), (LK, "groups", 0)]
# (doc, path, phrase): text that must be in a field. The hard-wrapped lines are joined again, and a
# line that opens with a capital ("Thủ tướng Chính phủ…") still goes on with its sentence.
CONTAINS = [
    (TTH, "legal_basis", "Quyết định số 21/2021/QĐ-TTg ngày 21 tháng 6 năm 2021 của Thủ tướng Chính phủ quy định"),
    (TTH, "legal_basis", "Ủy ban nhân dân tỉnh Thừa Thiên Huế ban hành Kế hoạch thực hiện giai đoạn 2022 - 2027"),
    (TTH, "targets", "Triển khai có hiệu quả Đề án “Tổ chức truyền thông chính sách có tác động lớn đến xã hội"),
    (TQ, "legal_basis", "Căn cứ Quyết định 407/QĐ-TTg ngày 30 tháng 3 năm 2022 của Thủ tướng Chính phủ phê duyệt"),
    (TQ, "legal_basis", "Ủy ban nhân dân tỉnh Tuyên Quang ban hành Kế hoạch thực hiện Đề án"),
    (TQ, "purposes", "Triển khai thực hiện kịp thời, đầy đủ, thống nhất, đồng bộ, toàn diện và hiệu quả Đề án"),
    (TQ, "requirements", "Xác định cụ thể nội dung công việc, tiến độ, trách nhiệm chủ trì và phối hợp thực hiện"),
    (LK, "legal_basis", "Thực hiện Kế hoạch số 268/KH-UBND ngày 31/8/2022 của UBND quận Hà Đông"),
    (LK, "purposes", "- Triển khai thực hiện kịp thời, đầy đủ, thống nhất, đồng bộ, toàn diện"),
]
NOT_CONTAINS = [
    (TQ, "purposes", "Mục đích"),  # the sub-heading is not part of the text
    (TQ, "purposes", "Xác định cụ thể"),  # that is the requirement
    (TTH, "legal_basis", "Mục tiêu"),
    (LK, "legal_basis", "Số văn bản"),  # the portal's empty metadata fields are not the plan
]
# A decision's paragraphs: the enacting body under the title and the articles stay for the reviewer.
UNPARSED = [
    (TV, "ỦY BAN NHÂN DÂN TỈNH TRÀ VINH"),
    (TV, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"),
    (TV, "Điều 2. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Tư pháp, Thủ trưởng các sở, b"),
]


@pytest.mark.parametrize(
    ("doc", "key", "expected"),
    [pytest.param(doc, k, v, id=f"{doc}:{k}") for doc, header in HEADERS.items() for k, v in header.items()],
)
def test_header(doc: str, key: str, expected: Any) -> None:
    assert parsed(doc)[key] == expected


@pytest.mark.parametrize(("doc", "path", "expected"), [pytest.param(*row, id=f"{row[0]}:{row[1]}") for row in EQUAL])
def test_value(doc: str, path: str, expected: Any) -> None:
    assert get(parsed(doc), path) == expected


@pytest.mark.parametrize(("doc", "path", "n"), [pytest.param(*row, id=f"{row[0]}:{row[1]}") for row in COUNTS])
def test_count(doc: str, path: str, n: int) -> None:
    assert len(get(parsed(doc), path)) == n


@pytest.mark.parametrize(
    ("doc", "path", "phrase"), [pytest.param(*row, id=f"{row[0]}:{row[1]}#{i}") for i, row in enumerate(CONTAINS)]
)
def test_text_contains(doc: str, path: str, phrase: str) -> None:
    assert phrase in (get(parsed(doc), path) or "")


@pytest.mark.parametrize(
    ("doc", "path", "phrase"), [pytest.param(*row, id=f"{row[0]}:{row[1]}#{i}") for i, row in enumerate(NOT_CONTAINS)]
)
def test_text_does_not_contain(doc: str, path: str, phrase: str) -> None:
    assert phrase not in (get(parsed(doc), path) or "")


@pytest.mark.parametrize(("doc", "phrase"), [pytest.param(*row, id=f"{row[0]}#{i}") for i, row in enumerate(UNPARSED)])
def test_unparsed_keeps(doc: str, phrase: str) -> None:
    assert phrase in parsed(doc)["unparsed"]


def test_the_fixtures_are_the_copies_and_nothing_added() -> None:
    """No comment or note was put at the top of a file: each starts as the page's text starts."""
    starts = {TTH: "ỦY\n", TQ: "ỦY BAN NHÂN DÂN\n", TV: "ỦY\n", LK: "Số văn bản:\n"}
    for doc, start in starts.items():
        assert (FIXTURES / FILES[doc]).read_text(encoding="utf-8").startswith(start)


# -- the flattened header, synthetic ------------------------------------------------------------------------

HEADER_KEYS = ("number", "symbol", "issuer", "place", "date")
COMMITTEE = ["ỦY BAN NHÂN DÂN", "TỈNH THỪA THIÊN HUẾ", "-------"]
NATION = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------"]
BODY = ["KẾ HOẠCH", "Thực hiện Đề án truyền thông chính sách năm 2025", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]

HEADER_VARIANTS = [
    pytest.param(
        [*COMMITTEE, "|", *NATION, "|", "Số:", "277/KH-UBND", "|", "Thừa", "Thiên Huế, ngày 28 tháng 7 năm 2022", "|"],
        ("277", "KH-UBND", "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "Thừa Thiên Huế", "2022-07-28"),
        id="number-on-its-own-line-place-split",
    ),
    pytest.param(
        [
            "ỦY",
            "BAN NHÂN DÂN",
            "TỈNH THỪA THIÊN HUẾ",
            "|",
            "CỘNG",
            "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "|",
            "Số: 277/KH-UBND",
            "|",
            "Thừa Thiên Huế, ngày 28 tháng 7 năm 2022",
        ],
        ("277", "KH-UBND", "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "Thừa Thiên Huế", "2022-07-28"),
        id="one-word-per-line",
    ),
    pytest.param(
        [
            "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
            "XÃ THANH BẮC | Độc lập - Tự do - Hạnh phúc |",
            "Số: 28/KH-UBND | Thanh Bắc, ngày 29 tháng 3 năm 2023 |",
        ],
        ("28", "KH-UBND", "ỦY BAN NHÂN DÂN XÃ THANH BẮC", "Thanh Bắc", "2023-03-29"),
        id="cells-on-one-line",
    ),
    pytest.param(
        [*COMMITTEE, *NATION, "Số:  /KH-UBND", "Thừa Thiên Huế, ngày     tháng     năm 2025"],
        (None, "KH-UBND", "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "Thừa Thiên Huế", None),
        id="draft-blank-number-day-month",
    ),
    pytest.param(
        [*COMMITTEE, "|", *NATION, "|", "Số:", "/KH-UBND", "|", "Thừa", "Thiên Huế, ngày", "tháng", "năm 2025", "|"],
        (None, "KH-UBND", "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "Thừa Thiên Huế", None),
        id="draft-flattened",
    ),
    pytest.param(
        [*COMMITTEE, *NATION, "Số: ......./KH-UBND", "Thừa Thiên Huế, ngày ..... tháng ..... năm 2025"],
        (None, "KH-UBND", "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "Thừa Thiên Huế", None),
        id="draft-dotted-blanks",
    ),
    pytest.param(
        [*COMMITTEE, *NATION, "Số: …/KH-UBND", "Thừa Thiên Huế, ngày … tháng … năm …"],
        (None, "KH-UBND", "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "Thừa Thiên Huế", None),
        id="draft-ellipsis-blanks",
    ),
    pytest.param(
        ["DỰ THẢO", *COMMITTEE, *NATION, "Số:    /KH-UBND", "Thừa Thiên Huế, ngày    tháng    năm 2025"],
        (None, "KH-UBND", "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "Thừa Thiên Huế", None),
        id="draft-mark-is-not-the-issuer",
    ),
    pytest.param(
        [
            "ỦY BAN NHÂN DÂNPHƯỜNG LA KHÊ",
            "Số: 192 /KH-UBND |",
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
            "La Khê, ngày 30 tháng 12 năm 2023 |",
        ],
        ("192", "KH-UBND", "ỦY BAN NHÂN DÂN PHƯỜNG LA KHÊ", "La Khê", "2023-12-30"),
        id="issuer-lines-glued",
    ),
    pytest.param(
        [
            "ỦY BAN NHÂN DÂN",
            "TỈNH BÀ RỊA - VŨNG TÀU",
            "-------",
            "|",
            *NATION,
            "|",
            "Số: 08/KH-UBND",
            "|",
            "Bà Rịa - Vũng",
            "Tàu, ngày 08 tháng 01 năm 2023",
            "|",
        ],
        ("08", "KH-UBND", "ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", "Bà Rịa - Vũng Tàu", "2023-01-08"),
        id="place-with-a-dash-split",
    ),
    pytest.param(
        [*COMMITTEE, "|", *NATION, "|", "Số: 85/KH-UBND", "|", "Tuyên Quang, ngày", "19 tháng 5 năm 2022", "|"],
        ("85", "KH-UBND", "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "Tuyên Quang", "2022-05-19"),
        id="date-split-after-ngay",
    ),
    pytest.param(
        ["ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ Thừa Thiên Huế, ngày 28 tháng 7 năm 2022", "Số: 277/KH-UBND"],
        ("277", "KH-UBND", "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "Thừa Thiên Huế", "2022-07-28"),
        id="columns-in-another-order",
    ),
    pytest.param(
        ["UBND tỉnh Thái Nguyên", "Sở Tư pháp", "Số: 05/KH-STP", "Thái Nguyên, ngày 02 tháng 3 năm 2024"],
        ("05", "KH-STP", None, "Thái Nguyên", "2024-03-02"),
        id="issuer-not-in-capitals-is-no-place",
    ),
    pytest.param(
        [*COMMITTEE, *NATION, "Số: 12/KH-UBND", "Thừa Thiên Huế, ngày 31 tháng 2 năm 2022"],
        ("12", "KH-UBND", "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "Thừa Thiên Huế", None),
        id="impossible-date-is-no-date",
    ),
]


@pytest.mark.parametrize(("header", "expected"), HEADER_VARIANTS)
def test_flattened_header_read_from_a_text_file(header: list[str], expected: tuple[Any, ...]) -> None:
    plan = parse_bytes("\n".join([*header, *BODY]).encode(), "plan.txt")
    assert tuple(plan[k] for k in HEADER_KEYS) == expected  # type: ignore[literal-required]


@pytest.mark.parametrize(("header", "expected"), HEADER_VARIANTS)
def test_flattened_header_read_from_paragraphs(header: list[str], expected: tuple[Any, ...]) -> None:
    """The same through the paragraphs a .docx or a PDF give (one per line, cells split)."""
    plan = parse_paragraphs(paragraphs_from_lines([*header, *BODY]))
    assert tuple(plan[k] for k in HEADER_KEYS) == expected  # type: ignore[literal-required]


def test_a_blank_is_reported_to_the_reviewer_not_guessed() -> None:
    lines = [*COMMITTEE, *NATION, "Số:  /KH-UBND", "Huế, ngày  tháng  năm 2025", *BODY]
    plan = parse_bytes("\n".join(lines).encode(), "a.txt")
    assert (plan["number"], plan["date"]) == (None, None)
    assert "Văn bản không ghi số; hãy bổ sung nếu có." in plan["problems"]
    assert "Văn bản không ghi ngày ban hành; hãy bổ sung nếu có." in plan["problems"]


def test_a_title_in_capitals_broken_over_lines_is_one_title() -> None:
    lines = [*COMMITTEE, *NATION, "Số: 85/KH-UBND", "Huế, ngày 19 tháng 5 năm 2022", "KẾ HOẠCH"]
    lines += ["TRIỂN KHAI QUYẾT ĐỊNH 407/QĐ-TTg NGÀY 30 THÁNG 3", "NĂM 2022 CỦA THỦ TƯỚNG CHÍNH PHỦ"]
    lines += ["Căn cứ Quyết định 407/QĐ-TTg;", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "- Triển khai kịp thời."]
    plan = parse_bytes("\n".join(lines).encode(), "a.txt")
    assert plan["title"] == "TRIỂN KHAI QUYẾT ĐỊNH 407/QĐ-TTg NGÀY 30 THÁNG 3 NĂM 2022 CỦA THỦ TƯỚNG CHÍNH PHỦ"
    assert plan["legal_basis"] == "Căn cứ Quyết định 407/QĐ-TTg;"


def test_a_section_heading_broken_over_two_lines_is_one_heading() -> None:
    lines = [*COMMITTEE, *NATION, "Số: 85/KH-UBND", "Huế, ngày 19 tháng 5 năm 2022", "KẾ HOẠCH", "Tên kế hoạch"]
    lines += ["II. NHIỆM VỤ", "VÀ GIẢI PHÁP CHỦ YẾU", "1. Nâng cao nhận thức", "Sở Tư pháp chủ trì tổ chức hội nghị."]
    plan = parse_paragraphs(paragraphs_from_lines(lines))
    assert [g["title"] for g in plan["groups"]] == ["Nâng cao nhận thức"]
    assert plan["groups"][0]["tasks"][0]["lead"] == ["Sở Tư pháp"]
    assert plan["unparsed"] == []
