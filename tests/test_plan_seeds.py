"""Hand-read expectations for the seed implementation plans (Kế hoạch) in ``shared/seeds``.

Every expected value below was written by reading the seed documents by hand, not by running the parser.
The expected structure is written once per document, then flattened into one test per fact of
``policycomm.plans.parser.parse_file``'s output.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from .factories import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
TN, TB, HN_SUMMARY, HN_NEWS = "thainguyen", "thanhbac", "hanoi-summary", "hanoi-news"
FILES = {
    TN: "thainguyen-01-KH-UBND-2025.txt",
    TB: "thanhbac-28-KH-UBND-2023.txt",
    HN_SUMMARY: "hanoi-plan-summary.txt",
    HN_NEWS: "hanoi-news-2023-06-07.txt",
}


@functools.cache
def parsed(doc: str) -> dict[str, Any]:
    """Parse each seed once. Imported here so a missing parser fails these tests, not the whole collection."""
    from policycomm.plans.parser import parse_file

    return parse_file(SEEDS / FILES[doc])


def get(data: Any, path: str) -> Any:
    """Follow a dotted path such as ``groups.3.tasks.1.lead`` (integers index lists, 0-based)."""
    for key in path.split(".") if path else []:
        data = data[int(key)] if re.fullmatch(r"\d+", key) else data[key]
    return data


# ---------------------------------------------------------------------------------------------------------------
# The expected structure, by hand
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Task:
    number: str | None
    starts: str  # the first words of the task text, exactly as written
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    timeframe: str | None = None
    timeframe_parsed: dict[str, Any] | None = None
    product: str | None = None


@dataclass
class Group:
    index: int
    title: str
    tasks: list[Task]
    intro: str | None = None  # the start of the intro paragraph, or None when there is none


# --- Thái Nguyên, 01/KH-UBND (province plan; no "Cơ quan chủ trì" blocks, so bodies come from prose) ----------

TN_GROUPS = [
    Group(
        1,
        "Nâng cao nhận thức và trách nhiệm của các cấp, các ngành về vị trí, vai trò của công tác truyền thông dự thảo "
        "chính sách",
        [
            Task(
                "1.1",
                "Thủ trưởng các sở, ban, ngành, Chủ tịch UBND",
                lead=["Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các xã, phường trên địa bàn tỉnh"],
            ),
            Task(
                "1.2",
                "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam",
                lead=[
                    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                    "các tổ chức chính trị - xã hội",
                    "Tòa án nhân dân tỉnh",
                    "Viện Kiểm sát nhân dân tỉnh",
                    "Hội Luật gia tỉnh",
                    "Đoàn Luật sư tỉnh",
                ],
            ),
        ],
    ),
    Group(
        2,
        "Phát huy vai trò chủ động của cơ quan, đơn vị, cá nhân chủ trì soạn thảo VBQPPL trong tổ chức thực hiện "
        "truyền thông dự thảo chính sách",
        [
            Task(
                None,
                "Trên cơ sở nội dung của Kế hoạch này",
                lead=["cơ quan chủ trì soạn thảo VBQPPL"],
                cooperating=["cơ quan nhà nước có thẩm quyền"],
            ),
        ],
    ),
    Group(
        3,
        "Tăng cường công tác chỉ đạo, theo dõi của Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh về truyền "
        "thông dự thảo chính sách",
        [Task(None, "Hàng năm, căn cứ văn bản chỉ đạo, hướng dẫn", lead=["Hội đồng phối hợp PBGDPL tỉnh"])],
    ),
    Group(
        4,
        "Xây dựng nội dung truyền thông dự thảo chính sách",
        [
            Task("4.1", "Cơ quan chủ trì soạn thảo VBQPPL xây dựng", lead=["Cơ quan chủ trì soạn thảo VBQPPL"]),
            Task("4.2", "Nội dung truyền thông dự thảo chính sách gồm"),
        ],
    ),
    Group(
        5,
        "Tổ chức triển khai các hình thức truyền thông dự thảo chính sách",
        [
            Task("5.1", "Truyền thông dự thảo chính sách trên các phương tiện"),
            Task("5.2", "Xây dựng, đăng tải tài liệu truyền thông phù hợp"),
            Task("5.3", "Tổ chức các hội nghị, tọa đàm, diễn đàn"),
            Task("5.4", "Tổ chức truyền thông dự thảo chính sách tại địa bàn"),
            Task("5.5", "Thực hiện việc tích hợp, chia sẻ để đăng tải"),
            Task("5.6", "Tổ chức truyền thông thông qua các ứng dụng"),
        ],
        intro="Căn cứ vào điều kiện, yêu cầu thực tiễn",
    ),
    Group(
        6,
        "Nâng cao năng lực đội ngũ cán bộ thực hiện truyền thông dự thảo chính sách",
        [
            # "Văn hoá" is spelled with "oá" here (and "Văn hóa" in duty 3): kept exactly as written.
            Task("6.1", "Sở Văn hoá, Thể thao và Du lịch tổ chức tập huấn", lead=["Sở Văn hoá, Thể thao và Du lịch"]),
            Task("6.2", "Sở Tư pháp tổ chức tập huấn cho đội ngũ", lead=["Sở Tư pháp", "UBND cấp xã"]),
        ],
    ),
    Group(
        7,
        "Huy động nguồn lực xã hội tham gia công tác truyền thông dự thảo chính sách",
        [
            Task("7.1", "Phát huy vai trò của Ủy ban Mặt trận"),
            Task(
                "7.2",
                "Sở Tư pháp chủ trì, phối hợp với Hội Luật gia",
                lead=["Sở Tư pháp"],
                cooperating=["Hội Luật gia tỉnh", "Đoàn Luật sư tỉnh"],
            ),
            Task("7.3", "Khuyến khích các tổ chức, doanh nghiệp, cá nhân"),
        ],
    ),
]

TN_DUTIES = [
    Task(
        "1",
        "Các sở, ban, ngành chủ trì, chủ động phối hợp",
        lead=["Các sở, ban, ngành"],
        cooperating=["các cơ quan liên quan"],
    ),
    Task(
        "2",
        "Sở Tài chính chủ trì, phối hợp với Sở Tư pháp",
        lead=["Sở Tài chính"],
        cooperating=["Sở Tư pháp", "các đơn vị liên quan"],
    ),
    Task(
        "3",
        "Sở Văn hóa, Thể thao và Du lịch chỉ đạo",
        lead=["Sở Văn hóa, Thể thao và Du lịch"],
        cooperating=["các cơ quan liên quan"],
    ),
    Task("4", "UBND các xã, phường chủ động triển khai", lead=["UBND các xã, phường"]),
    Task(
        "5",
        "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        lead=[
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            "các tổ chức chính trị - xã hội",
            "Hội Luật gia tỉnh",
            "Đoàn Luật sư tỉnh",
        ],
        cooperating=["Sở Tư pháp", "các cơ quan, đơn vị liên quan"],
    ),
    Task(
        "6",
        "Báo và phát thanh, truyền hình Thái Nguyên tổ chức",
        lead=["Báo và phát thanh, truyền hình Thái Nguyên"],
        cooperating=[
            "cơ quan Thường trực của Hội đồng phối hợp PBGDPL tỉnh",
            "cơ quan chủ trì soạn thảo VBQPPL",
            # "doanh nghiệp, hiệp hội, …" are not bodies of their own: they extend "các cơ quan, tổ chức".
            "các cơ quan, tổ chức, doanh nghiệp, hiệp hội, chuyên gia, nhà khoa học",
        ],
    ),
    Task("7", "Sở Tư pháp chủ trì, theo dõi, đôn đốc", lead=["Sở Tư pháp"]),
]

# --- Thanh Bắc, 28/KH-UBND (commune plan; each group ends with a "Cơ quan chủ trì" block) ------------------------

YEAR_2023 = {"kind": "year", "year": 2023}
TB_BLOCK_1 = {
    "lead": ["Các ban ngành đoàn thể xã", "Ủy ban nhân dân xã"],
    "cooperating": ["Các ban ngành đoàn thể có liên quan"],
    "timeframe": "Trong năm 2023",
    "timeframe_parsed": YEAR_2023,
    "product": "Hội nghị, văn bản, tài liệu tuyên truyền...",
}
TB_BLOCK_7 = {
    "lead": ["UBND xã"],
    "cooperating": ["Các ban ngành đoàn thể có liên quan"],
    "timeframe": "Trong năm 2023",
    "timeframe_parsed": YEAR_2023,
    "product": "Các nguồn lực được hỗ trợ",
}

TB_GROUPS = [
    Group(
        1,
        "Nâng cao nhận thức và trách nhiệm của các ban ngành đoàn thể về vị trí, vai trò của công tác truyền thông "
        "chính sách",
        [
            Task("a", "Các ban ngành đoàn thể chủ động quán triệt, tuyên truyền", **TB_BLOCK_1),
            Task("b", "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã", **TB_BLOCK_1),
        ],
    ),
    Group(
        2,
        "Hoàn thiện chính sách, thể chế về công tác truyền thông chính sách",
        [
            Task(
                None,
                "Công chức tư pháp hộ tịch xã tham mưu",
                lead=["UBND xã"],
                cooperating=["Các ban ngành đoàn thể xã", "Ủy ban nhân dân xã"],
                timeframe="Theo yêu cầu của Phòng Tư pháp",
                timeframe_parsed={"kind": "event", "text": "Theo yêu cầu của Phòng Tư pháp"},
                product="Văn bản góp ý",
            ),
        ],
    ),
    Group(
        3,
        "Tổ chức thực hiện truyền thông dự thảo chính sách",
        [
            Task(
                None,
                "Cơ quan chủ trì soạn thảo văn bản quy phạm pháp luật căn cứ",
                lead=["Cơ quan được giao chủ trì soạn thảo văn bản quy phạm pháp luật"],
                cooperating=["Các ban ngành đoàn thể có liên quan"],
                timeframe="Trong năm 2023",
                timeframe_parsed=YEAR_2023,
                product="Kế hoạch tổ chức truyền thông, các hoạt động tổ chức truyền thông",
            ),
        ],
    ),
    Group(
        4,
        "Tăng cường công tác chỉ đạo, theo dõi của Hội đồng phối hợp phổ biến, giáo dục pháp luật huyện về truyền "
        "thông dự thảo chính sách",
        [
            Task(
                None,
                "Căn cứ văn bản chỉ đạo, hướng dẫn của Hội đồng",
                # "phổ biến, giáo dục pháp luật" is one fixed phrase: the council is one body.
                lead=["Hội đồng phối hợp phổ biến, giáo dục pháp luật huyện"],
                cooperating=["Các cơ quan, tổ chức có liên quan"],
                timeframe="Trong năm 2023",
                timeframe_parsed=YEAR_2023,
                product="Văn bản chỉ đạo, hướng dẫn",
            ),
        ],
    ),
    Group(
        5,
        "Xây dựng nội dung và tổ chức triển khai các hình thức truyền thông về dự thảo chính sách",
        [
            Task(
                None,
                "Cơ quan chủ trì soạn thảo văn bản quy phạm pháp luật xây dựng",
                lead=["Cơ quan được giao chủ trì soạn thảo văn bản quy phạm pháp luật"],
                cooperating=["UBND xã", "các ban ngành đoàn thể có liên quan"],
                timeframe="Trong năm 2023",
                timeframe_parsed=YEAR_2023,
                product="Tài liệu truyền thông, truyền thông bằng các hình thức",
            ),
        ],
    ),
    Group(
        6,
        "Nâng cao năng lực đội ngũ cán bộ thực hiện truyền thông dự thảo chính sách",
        [
            Task(
                None,
                "Phòng Tư pháp tham mưu Ủy ban nhân dân huyện",
                lead=["Phòng Tư pháp"],
                cooperating=["Các cơ quan, tổ chức có liên quan"],
                timeframe="Quý IV/2023",
                timeframe_parsed={"kind": "quarter", "year": 2023, "quarter": 4},
                product="Hội nghị tập huấn",
            ),
        ],
    ),
    Group(
        7,
        "Huy động nguồn lực xã hội tham gia công tác truyền thông dự thảo chính sách",
        [
            Task("a", "Phát huy vai trò của Ủy ban Mặt trận Tổ quốc Việt Nam xã", **TB_BLOCK_7),
            Task("b", "UBND xã cử tri, phối hợp với phòng tư pháp huyện", **TB_BLOCK_7),
            Task("c", "Khuyến khích các tổ chức, doanh nghiệp, cá nhân tham gia", **TB_BLOCK_7),
        ],
    ),
]

TB_DUTIES = [Task(None, "Ủy ban nhân dân xã ban hành Kế hoạch thực hiện Đề án", lead=["Ủy ban nhân dân xã"])]

# --- Hà Nội summary (no header, no number; only the 7 group headings, with no bodies) ----------------------------

HN_SUMMARY_GROUPS = [
    Group(
        1,
        "Nâng cao nhận thức và trách nhiệm của các cấp, các ngành về vị trí, vai trò của công tác truyền thông dự thảo "
        "chính sách",
        [],
    ),
    Group(2, "Hoàn thiện chính sách, thể chế về công tác truyền thông dự thảo chính sách", []),
    Group(
        3,
        "Phát huy vai trò chủ động của cơ quan, đơn vị chủ trì soạn thảo văn bản quy phạm pháp luật trong tổ chức thực "
        "hiện truyền thông dự thảo chính sách",
        [],
    ),
    Group(
        4,
        "Tăng cường công tác chỉ đạo, theo dõi của Hội đồng phối hợp phổ biến, giáo dục pháp luật về truyền thông dự "
        "thảo chính sách",
        [],
    ),
    Group(
        5,
        "Xây dựng nội dung truyền thông dự thảo chính sách, các hình thức truyền thông về dự thảo chính sách",
        [],
    ),
    Group(6, "Nâng cao năng lực đội ngũ cán bộ thực hiện truyền thông dự thảo chính sách", []),
    Group(7, "Huy động nguồn lực xã hội tham gia công tác truyền thông dự thảo chính sách", []),
]

TN_TITLE = (
    "Triển khai thực hiện Quyết định số 407/QĐ-TTg ngày 30/3/2022 của Thủ tướng Chính phủ phê duyệt Đề án “Tổ chức "
    "truyền thông chính sách có tác động lớn đến xã hội trong quá trình xây dựng văn bản quy phạm pháp luật giai đoạn "
    "2025 - 2027” trên địa bàn tỉnh Thái Nguyên"
)
TB_TITLE = (
    "Thực hiện Đề án “Tổ chức truyền thông chính sách có tác động lớn đến xã hội trong quá trình xây dựng văn bản quy "
    "phạm pháp luật giai đoạn 2022-2027” năm 2023 trên địa bàn xã Thanh Bắc"
)

HEADERS: dict[str, dict[str, Any]] = {
    TN: {
        "number": "01",
        "symbol": "KH-UBND",
        "issuer": "UBND tỉnh",
        "place": "Thái Nguyên",
        "date": "2025-09-10",
        "kind": "KẾ HOẠCH",
        "title": TN_TITLE,
        "period": "Từ năm 2025 đến năm 2027",
        "period_parsed": {"start_year": 2025, "end_year": 2027},
    },
    TB: {
        "number": "28",
        "symbol": "KH-UBND",
        "issuer": "Ủy ban nhân dân xã Thanh Bắc",
        "place": "Thanh Bắc",
        "date": "2023-03-29",
        "kind": "KẾ HOẠCH",
        "title": TB_TITLE,
        "period": None,
        "period_parsed": None,
    },
    HN_SUMMARY: dict.fromkeys(
        ["number", "symbol", "issuer", "place", "date", "kind", "title", "period", "period_parsed"], None
    ),
    HN_NEWS: dict.fromkeys(
        ["number", "symbol", "issuer", "place", "date", "kind", "title", "period", "period_parsed"], None
    ),
}

RECIPIENTS = {
    TN: [
        "Bộ Tư pháp",
        "Thường trực Tỉnh ủy",
        "Thường trực HĐND tỉnh",
        "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
        "Ủy ban MTTQ Việt Nam tỉnh và các tổ chức thành viên",
        "Các sở, ban, ngành",
        "UBND các xã, phường",
        "Báo và phát thanh, truyền hình Thái Nguyên",
        "Đoàn Luật sư tỉnh",
        "Hội Công chứng viên tỉnh",
        "Hiệp hội Doanh nghiệp tỉnh",
        "LĐVP UBND tỉnh",
        "Trung tâm Thông tin tỉnh",
        "Lưu: VT, NC",
    ],
    TB: ["Phòng Tư pháp", "CT, PCT UBND xã", "Các ban ngành, đoàn thể xã", "Lưu: VT"],
    HN_SUMMARY: [],
    HN_NEWS: [],
}

SIGNERS: dict[str, dict[str, Any] | None] = {
    TN: {
        "authority": "TM. ỦY BAN NHÂN DÂN",
        "deputy": "KT. CHỦ TỊCH",
        "position": "PHÓ CHỦ TỊCH",
        "name": "Nông Quang Nhất",
    },
    TB: {"authority": "KT. CHỦ TỊCH", "deputy": None, "position": "PHÓ CHỦ TỊCH", "name": "Phạm Lê Duy"},
    HN_SUMMARY: None,
    HN_NEWS: None,
}

STRUCTURE = {
    TN: (TN_GROUPS, TN_DUTIES),
    TB: (TB_GROUPS, TB_DUTIES),
    HN_SUMMARY: (HN_SUMMARY_GROUPS, []),
    HN_NEWS: ([], []),
}

SECTIONS = ("purposes", "requirements", "scope", "budget", "legal_basis")

# Text sections, and text that must be inside some field: (doc, path, phrase).
STARTS_EXTRA = [
    (TN, "legal_basis", "Thực hiện Quyết định số 407/QĐ-TTg ngày 30/3/2022 của Thủ tướng Chính phủ"),
    (TB, "legal_basis", "Thực hiện Kế hoạch số 78/KH-UBND ngày 20 tháng 3 năm 2023"),
]
CONTAINS = [
    (TN, "legal_basis", "UBND tỉnh ban hành Kế hoạch"),
    (TN, "purposes", "Tiếp tục triển khai thực hiện có hiệu quả các mục tiêu, nhiệm vụ, giải pháp đề ra tại Đề án"),
    (TN, "purposes", "Tăng cường vai trò, trách nhiệm và sự phối hợp của các cơ quan, đơn vị, địa phương"),
    (TN, "requirements", "Bảo đảm sự gắn kết chặt chẽ giữa công tác xây dựng pháp luật"),
    # The sentence continues after a blank line (line 25): the continuation is still part of "Yêu cầu".
    (TN, "requirements", "quản lý xã hội, hướng tới xây dựng Nhà nước pháp quyền"),
    (TN, "requirements", "Tăng cường sự phối hợp giữa các cơ quan, tổ chức, đơn vị"),
    (TN, "scope", "Truyền thông chính sách có tác động lớn đến xã hội trong quá trình xây dựng VBQPPL"),
    (TN, "scope", "Chính sách có tác động trên phạm vi toàn tỉnh"),
    (TN, "scope", "Thời điểm truyền thông dự thảo chính sách được thực hiện ngay"),
    (TN, "budget", "Luật Ngân sách nhà nước"),
    (TN, "budget", "Khuyến khích huy động nguồn kinh phí hợp pháp"),
    # Task 1.1 continues after a blank line (line 55).
    (TN, "groups.0.tasks.0.text", "công chức, viên chức cũng như người dân, tổ chức, doanh nghiệp"),
    # Task 4.2's four dash lines are inside its text.
    (TN, "groups.3.tasks.1.text", "Sự cần thiết ban hành chính sách"),
    (TN, "groups.3.tasks.1.text", "Nội dung cơ bản của chính sách"),
    (TN, "groups.3.tasks.1.text", "Nội dung mới hoặc sửa đổi, bổ sung, bãi bỏ so với quy định hiện hành"),
    (TN, "groups.3.tasks.1.text", "Các nội dung khác cần thông tin rộng rãi"),
    (TB, "legal_basis", "Kế hoạch số 78/KH-UBND"),
    (TB, "purposes", "Triển khai thực hiện đồng bộ, thống nhất và có hiệu quả"),
    (TB, "purposes", "Tạo điều kiện để người dân, tổ chức, doanh nghiệp nắm bắt thông tin"),
    (TB, "requirements", "Bám sát các mục tiêu, nhiệm vụ của Kế hoạch số 78/KH-UBND"),
    (TB, "requirements", "Phát huy vai trò của các cơ quan thông tin, báo chí"),
]
NOT_CONTAINS = [
    (TN, "purposes", "Bảo đảm sự gắn kết chặt chẽ"),
    (TN, "groups.4.tasks.0.text", "Căn cứ vào điều kiện"),  # group 5's intro is not part of task 5.1
    (TB, "groups.0.tasks.1.text", "Cơ quan chủ trì:"),  # block lines are not task text
    (TB, "groups.1.tasks.0.text", "Sản phẩm:"),
    (TB, "groups.6.tasks.2.text", "Cơ quan phối hợp:"),
]
# Text the parser could not place, kept in ``unparsed``: some item must contain the phrase.
UNPARSED = [
    (TN, "Vandt"),
    (HN_SUMMARY, "Mục tiêu của Kế hoạch nhằm triển khai Đề án 407/QĐ-TTg"),
    (HN_SUMMARY, "Sở Tư pháp là cơ quan thường trực Hội đồng phối hợp"),
    (HN_NEWS, "Hà Nội: Tiếp tục đẩy mạnh công tác truyền thông chính sách"),
    (HN_NEWS, "Kết luận buổi làm việc, đồng chí Lê Vệ Quốc"),
]


# ---------------------------------------------------------------------------------------------------------------
# Flattening into one row per fact
# ---------------------------------------------------------------------------------------------------------------


def _task_rows(doc: str, path: str, label: str, task: Task) -> tuple[list[Any], list[Any]]:
    equal = [
        pytest.param(doc, f"{path}.{name}", getattr(task, name), id=f"{doc}:{label}:{name}")
        for name in ("number", "lead", "cooperating", "timeframe", "timeframe_parsed", "product")
    ]
    starts = [pytest.param(doc, f"{path}.text", task.starts, id=f"{doc}:{label}:text")]
    return equal, starts


def _rows() -> tuple[list[Any], list[Any], list[Any]]:
    equal: list[Any] = []
    counts: list[Any] = []
    starts: list[Any] = []
    for doc, header in HEADERS.items():
        equal += [pytest.param(doc, key, value, id=f"{doc}:{key}") for key, value in header.items()]
    for doc, (groups, duties) in STRUCTURE.items():
        counts.append(pytest.param(doc, "groups", len(groups), id=f"{doc}:groups"))
        for g, group in enumerate(groups):
            path, label = f"groups.{g}", f"group-{group.index}"
            equal.append(pytest.param(doc, f"{path}.index", group.index, id=f"{doc}:{label}:index"))
            equal.append(pytest.param(doc, f"{path}.title", group.title, id=f"{doc}:{label}:title"))
            if group.intro is None:
                equal.append(pytest.param(doc, f"{path}.intro", None, id=f"{doc}:{label}:intro"))
            else:
                starts.append(pytest.param(doc, f"{path}.intro", group.intro, id=f"{doc}:{label}:intro"))
            counts.append(pytest.param(doc, f"{path}.tasks", len(group.tasks), id=f"{doc}:{label}:tasks"))
            for t, task in enumerate(group.tasks):
                task_label = f"{label}:task-{task.number}" if task.number else f"{label}:task"
                more_equal, more_starts = _task_rows(doc, f"{path}.tasks.{t}", task_label, task)
                equal += more_equal
                starts += more_starts
        counts.append(pytest.param(doc, "duties", len(duties), id=f"{doc}:duties"))
        for d, duty in enumerate(duties):
            duty_label = f"duty-{duty.number}" if duty.number else "duty"
            more_equal, more_starts = _task_rows(doc, f"duties.{d}", duty_label, duty)
            equal += more_equal
            starts += more_starts
    for doc, recipients in RECIPIENTS.items():
        counts.append(pytest.param(doc, "recipients", len(recipients), id=f"{doc}:recipients"))
        equal += [
            pytest.param(doc, f"recipients.{i}", name, id=f"{doc}:recipient-{i + 1}")
            for i, name in enumerate(recipients)
        ]
    for doc, signer in SIGNERS.items():
        if signer is None:
            equal.append(pytest.param(doc, "signer", None, id=f"{doc}:signer"))
        else:
            equal += [pytest.param(doc, f"signer.{k}", v, id=f"{doc}:signer:{k}") for k, v in signer.items()]
    absent_sections = {TB: ("scope", "budget"), HN_SUMMARY: SECTIONS, HN_NEWS: SECTIONS}
    for doc, names in absent_sections.items():
        equal += [pytest.param(doc, name, None, id=f"{doc}:{name}") for name in names]
    starts += [pytest.param(doc, path, text, id=f"{doc}:{path}") for doc, path, text in STARTS_EXTRA]
    return equal, counts, starts


EQUAL_ROWS, COUNT_ROWS, STARTS_ROWS = _rows()


def _ids(rows: list[tuple[str, str, str]]) -> list[Any]:
    seen: dict[str, int] = {}
    params = []
    for doc, path, text in rows:
        key = f"{doc}:{path}"
        seen[key] = seen.get(key, 0) + 1
        params.append(pytest.param(doc, path, text, id=f"{key}#{seen[key]}"))
    return params


# ---------------------------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("doc", "path", "expected"), EQUAL_ROWS)
def test_value(doc: str, path: str, expected: Any) -> None:
    assert get(parsed(doc), path) == expected


@pytest.mark.parametrize(("doc", "path", "expected"), COUNT_ROWS)
def test_count(doc: str, path: str, expected: int) -> None:
    assert len(get(parsed(doc), path)) == expected


@pytest.mark.parametrize(("doc", "path", "expected"), STARTS_ROWS)
def test_text_starts_with(doc: str, path: str, expected: str) -> None:
    text = get(parsed(doc), path) or ""
    assert text.startswith(expected), text[:200]


@pytest.mark.parametrize(("doc", "path", "phrase"), _ids(CONTAINS))
def test_text_contains(doc: str, path: str, phrase: str) -> None:
    assert phrase in (get(parsed(doc), path) or "")


@pytest.mark.parametrize(("doc", "path", "phrase"), _ids(NOT_CONTAINS))
def test_text_does_not_contain(doc: str, path: str, phrase: str) -> None:
    assert phrase not in (get(parsed(doc), path) or "")


@pytest.mark.parametrize(
    ("doc", "phrase"), [pytest.param(doc, phrase, id=f"{doc}:{phrase[:30]}") for doc, phrase in UNPARSED]
)
def test_unparsed_keeps(doc: str, phrase: str) -> None:
    assert any(phrase in item for item in parsed(doc)["unparsed"])


def test_thanhbac_signature_leftover_is_unparsed() -> None:
    """The last line is "Thành Phạm Lê Duy": "Thành" is a handwritten-signature leftover, kept for the reviewer."""
    assert any("Thành" in item.split() for item in parsed(TB)["unparsed"])
