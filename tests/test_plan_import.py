"""The importer on what real files look like: the same seed as .docx and as a paginated PDF, a
flattened two-column header, irregular spaces, page furniture; and the command line."""

from __future__ import annotations

import io
from typing import Any

import orjson
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from policycomm.documents.pdf import docx_to_pdf
from policycomm.plans.parser import parse_bytes, parse_file, parse_paragraphs
from policycomm.plans.text import ReadError, paragraphs_from_lines, read_bytes

from .factories import ROOT, policycomm

SEEDS = ROOT.parent / "shared" / "seeds"
PLANS = ("thainguyen-01-KH-UBND-2025.txt", "thanhbac-28-KH-UBND-2023.txt")


def _seed_docx(name: str, *, page_numbers: bool = False) -> bytes:
    """The seed typed into Word: one paragraph per line, justified, with page numbers in the footer."""
    doc = Document()
    for line in (SEEDS / name).read_text(encoding="utf-8").splitlines():
        p = doc.add_paragraph(line.replace("**", ""))
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if page_numbers:
        run = doc.sections[0].footer.paragraphs[0].add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            el = OxmlElement("w:fldChar" if kind else "w:instrText")
            if kind:
                el.set(qn("w:fldCharType"), kind)
            else:
                el.text = text
            run._r.append(el)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _shape(plan: dict[str, Any]) -> dict[str, Any]:
    keys = ("number", "symbol", "issuer", "place", "date", "title", "recipients", "signer")
    return {
        **{k: plan[k] for k in keys},
        "groups": [
            (
                g["index"],
                g["title"],
                [(t["number"], t["text"], t["lead"], t["cooperating"], t["timeframe"]) for t in g["tasks"]],
            )
            for g in plan["groups"]
        ],
        "duties": [(t["number"], t["text"], t["lead"]) for t in plan["duties"]],
    }


@pytest.mark.parametrize("name", PLANS)
def test_seed_as_docx_reads_like_the_text(name: str) -> None:
    assert _shape(parse_bytes(_seed_docx(name), "plan.docx")) == _shape(parse_file(SEEDS / name))


@pytest.mark.parametrize("name", PLANS)
def test_seed_as_paginated_pdf_reads_like_the_text(name: str) -> None:
    """Hard line breaks, page breaks inside sentences and page numbers come out of the PDF; the plan does not change."""
    pdf = docx_to_pdf(_seed_docx(name, page_numbers=True))
    assert _shape(parse_bytes(pdf, "plan.pdf")) == _shape(parse_file(SEEDS / name))


FLATTENED = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG LA KHÊ Độc lập - Tự do - Hạnh phúc
-------
Số: 192 /KH-UBND La Khê, ngày 30 tháng 12 năm 2023
KẾ HOẠCH
Triển khai Đề án truyền thông chính sách năm 2024
I. NỘI DUNG THỰC HIỆN
1. Nâng cao nhận thức
Công chức Tư pháp - Hộ tịch tham mưu tổ chức hội nghị.
- Cơ quan chủ trì: UBND phường.
- Thời gian thực hiện: Quý I/2024.
2
2. Huy động nguồn lực xã hội
a) Khuyến khích doanh nghiệp tài trợ.
"""


@pytest.fixture(scope="module")
def flattened() -> dict[str, Any]:
    return parse_paragraphs(paragraphs_from_lines(FLATTENED.splitlines()))


def test_flattened_header_gives_the_issuer(flattened: dict[str, Any]) -> None:
    assert flattened["issuer"] == "ỦY BAN NHÂN DÂN PHƯỜNG LA KHÊ"


def test_irregular_space_before_the_slash_is_ignored(flattened: dict[str, Any]) -> None:
    assert (flattened["number"], flattened["symbol"]) == ("192", "KH-UBND")


def test_place_and_date_on_the_number_line(flattened: dict[str, Any]) -> None:
    assert (flattened["place"], flattened["date"]) == ("La Khê", "2023-12-30")


def test_page_number_between_groups_is_dropped(flattened: dict[str, Any]) -> None:
    assert [g["title"] for g in flattened["groups"]] == ["Nâng cao nhận thức", "Huy động nguồn lực xã hội"]
    assert flattened["unparsed"] == []


def test_quarter_time_frame_is_parsed(flattened: dict[str, Any]) -> None:
    assert flattened["groups"][0]["tasks"][0]["timeframe_parsed"] == {"kind": "quarter", "year": 2024, "quarter": 1}


def test_a_plan_without_signature_has_null_signer(flattened: dict[str, Any]) -> None:
    assert flattened["signer"] is None
    assert flattened["recipients"] == []


def test_bold_markup_in_the_number_is_removed() -> None:
    plan = parse_paragraphs(paragraphs_from_lines(["Số: **07** /KH-UBND", "Hà Nội, ngày **05** tháng **3** năm 2024"]))
    assert (plan["number"], plan["date"]) == ("07", "2024-03-05")


def test_unsupported_file_type_is_refused_in_vietnamese() -> None:
    with pytest.raises(ReadError, match=r"chỉ nhận tệp \.txt, \.docx hoặc \.pdf"):
        read_bytes(b"x", "plan.odt")


def test_broken_docx_is_refused_in_vietnamese() -> None:
    with pytest.raises(ReadError, match=r"Tệp \.docx bị hỏng"):
        read_bytes(b"not a zip", "plan.docx")


def test_pdf_without_text_layer_is_refused_in_vietnamese() -> None:
    with pytest.raises(ReadError):
        read_bytes(b"%PDF-1.4\n%%EOF", "scan.pdf")


def test_text_not_in_utf8_is_refused_in_vietnamese() -> None:
    with pytest.raises(ReadError, match="UTF-8"):
        read_bytes("Kế hoạch".encode("utf-16"), "plan.txt")


# -- the command ---------------------------------------------------------------------------------------------------


def test_cli_prints_the_plan_as_json_with_the_promised_keys() -> None:
    result = policycomm("plan", "import", SEEDS / "thanhbac-28-KH-UBND-2023.txt", "--json")
    assert result.returncode == 0, result.stderr
    data = orjson.loads(result.stdout)
    assert {"number", "symbol", "issuer", "place", "date", "title", "groups", "recipients", "signer"} <= set(data)
    assert set(data["groups"][0]) >= {"index", "title", "tasks"}
    assert set(data["groups"][0]["tasks"][0]) >= {"text", "lead", "cooperating", "timeframe", "product"}
    assert set(data["signer"]) >= {"authority", "position", "name"}


def test_cli_prints_null_for_what_the_document_does_not_state() -> None:
    result = policycomm("plan", "import", SEEDS / "hanoi-plan-summary.txt", "--json")
    data = orjson.loads(result.stdout)
    assert (data["number"], data["date"], data["signer"]) == (None, None, None)


def test_cli_summary_names_the_groups() -> None:
    result = policycomm("plan", "import", SEEDS / "thainguyen-01-KH-UBND-2025.txt")
    assert result.returncode == 0
    assert "7. Huy động nguồn lực xã hội" in result.stdout
    assert "Số: 01/KH-UBND" in result.stdout


def test_cli_missing_file_exits_2_with_a_vietnamese_message() -> None:
    result = policycomm("plan", "import", "/khong/co/tep.txt", "--json")
    assert result.returncode == 2
    assert "Không tìm thấy tệp" in result.stderr
    assert result.stdout == ""


def test_docx_with_broken_xml_is_refused_in_vietnamese() -> None:
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
    with pytest.raises(ReadError):
        read_bytes(buf.getvalue(), "plan.docx")


def test_truncated_pdf_is_refused_in_vietnamese() -> None:
    with pytest.raises(ReadError):
        read_bytes(b"%PDF-1.4\n1 0 obj\n<<", "plan.pdf")
