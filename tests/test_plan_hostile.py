"""Uploads are hostile until read: what a file may expand to is bounded, and reading is linear in the
input. The bombs are made here: a .docx whose text is a run of zeros that zip squeezes a thousandfold,
a PDF written by hand around one large deflate stream."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest

from policycomm.plans import bodies
from policycomm.plans.parser import parse_bytes, parse_paragraphs
from policycomm.plans.text import (
    MAX_CHARS,
    MAX_DOCX_EXPANDED,
    MAX_PDF_DECODED,
    MAX_PDF_PAGES,
    ReadError,
    paragraphs_from_lines,
    read_bytes,
)

from .test_plan_import import _seed_docx

ZEROS = b"0" * (1 << 20)


def _docx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _zip(parts: dict[str, bytes], *, big: tuple[str, bytes, bytes, int] | None = None) -> bytes:
    """A .docx archive of ``parts``; ``big`` = (name, head, tail, megabytes of zeros between them), written
    in pieces so that the test never holds the expanded part."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            if big is None or name != big[0]:
                z.writestr(name, content)
        if big is not None:
            name, head, tail, mb = big
            with z.open(name, "w", force_zip64=True) as f:
                f.write(head)
                for _ in range(mb):
                    f.write(ZEROS)
                f.write(tail)
    return buf.getvalue()


def _bomb_docx(mb: int) -> bytes:
    """A real document whose one paragraph holds ``mb`` megabytes of zeros."""
    parts = _docx_parts(_seed_docx("thanhbac-28-KH-UBND-2023.txt"))
    xml = parts["word/document.xml"]
    cut = xml.index(b"<w:body>") + len(b"<w:body>")
    return _zip(parts, big=("word/document.xml", xml[:cut] + b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>" + xml[cut:], mb))


def test_a_zip_bomb_docx_is_refused_with_a_message() -> None:
    data = _bomb_docx(MAX_DOCX_EXPANDED // 2**20 + 16)
    assert len(data) < 400_000  # a few hundred kilobytes, as the one that came in
    with pytest.raises(ReadError, match=r"Tệp \.docx khi giải nén lớn hơn 64 MB"):
        read_bytes(data, "ke-hoach.docx")


def test_a_docx_whose_parts_lie_about_their_size_is_refused() -> None:
    """The archive's directory says the text is small; reading it with a cap finds otherwise."""
    data = bytearray(_bomb_docx(40))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    # Rewrite the sizes in the central directory (zip64 extra field): 1 KB instead of 40 MB.
    real = info.file_size.to_bytes(8, "little")
    at = data.rfind(real)
    assert at > 0
    data[at : at + 8] = (1024).to_bytes(8, "little")
    with pytest.raises(ReadError):
        read_bytes(bytes(data), "ke-hoach.docx")


def test_a_docx_of_many_parts_is_refused() -> None:
    parts = _docx_parts(_seed_docx("thanhbac-28-KH-UBND-2023.txt"))
    parts |= {f"customXml/item{i}.xml": b"<a/>" for i in range(2_500)}
    with pytest.raises(ReadError, match="quá nhiều thành phần"):
        read_bytes(_zip(parts), "ke-hoach.docx")


def test_a_docx_within_the_bounds_still_reads() -> None:
    plan = parse_bytes(_seed_docx("thanhbac-28-KH-UBND-2023.txt"), "ke-hoach.docx")
    assert (plan["number"], len(plan["groups"])) == ("28", 7)


# -- PDF written by hand ------------------------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", length: int | None = None) -> bytes:
    n = len(data) if length is None else length
    return b"<< /Length %d %s>>\nstream\n" % (n, extra) + data + b"\nendstream"


def _deflated_zeros(mb: int) -> bytes:
    z = zlib.compressobj(9)
    return b"".join(z.compress(ZEROS) for _ in range(mb)) + z.flush()


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def _one_page(contents: bytes) -> bytes:
    return _pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE, contents, FONT])


def test_a_pdf_with_a_huge_deflate_stream_is_refused_with_a_message() -> None:
    stream = _deflated_zeros(MAX_PDF_DECODED // 2**20 + 16)
    data = _one_page(_stream(stream, b"/Filter /FlateDecode "))
    assert len(data) < 200_000
    with pytest.raises(ReadError, match="Tệp PDF chứa dữ liệu nén khi giải ra lớn hơn 64 MB"):
        read_bytes(data, "ke-hoach.pdf")


def test_an_endstream_inside_the_compressed_data_does_not_hide_the_rest() -> None:
    """The deflate data opens with a stored block holding the word "endstream": a scan that stopped at
    that word would see ten bytes; pdfminer reads /Length bytes and inflates them all."""
    stored = b"endstream\n"
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = b"".join(raw.compress(ZEROS) for _ in range(MAX_PDF_DECODED // 2**20 + 16)) + raw.flush()
    checksum = zlib.adler32(stored)
    for _ in range(MAX_PDF_DECODED // 2**20 + 16):
        checksum = zlib.adler32(ZEROS, checksum)
    n = len(stored)
    deflate = b"\x78\x01" + b"\x00" + n.to_bytes(2, "little") + (n ^ 0xFFFF).to_bytes(2, "little") + stored
    deflate += zeros + checksum.to_bytes(4, "big")
    assert len(zlib.decompress(deflate)) > MAX_PDF_DECODED  # a sound deflate stream, all of it
    with pytest.raises(ReadError, match="lớn hơn 64 MB"):
        read_bytes(_one_page(_stream(deflate, b"/Filter /FlateDecode ")), "ke-hoach.pdf")


def test_filters_in_a_chain_are_decoded_within_the_bound() -> None:
    hexed = _deflated_zeros(MAX_PDF_DECODED // 2**20 + 16).hex().encode() + b">"
    contents = _stream(hexed, b"/Filter [/ASCIIHexDecode /FlateDecode] ")
    with pytest.raises(ReadError, match="lớn hơn 64 MB"):
        read_bytes(_one_page(contents), "ke-hoach.pdf")


def test_a_pdf_of_too_many_pages_is_refused() -> None:
    n = MAX_PDF_PAGES + 1
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
    objects = [CATALOG, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), FONT, _stream(b"")]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"] * n
    with pytest.raises(ReadError, match=f"hơn {MAX_PDF_PAGES} trang"):
        read_bytes(_pdf(objects), "ke-hoach.pdf")


@pytest.mark.parametrize("subtype", [b"", b"/Subtype /Image "], ids=["plain", "dressed-as-an-image"])
def test_page_contents_in_fax_coding_are_refused(subtype: bytes) -> None:
    """pdfminer would expand a fax-coded content stream in pure Python with no bound: refused first,
    even when the stream calls itself an image (pdfminer decodes a page's contents whatever they say)."""
    params = subtype + b"/Filter /CCITTFaxDecode /DecodeParms << /Columns 10000000 >> "
    with pytest.raises(ReadError, match="Tệp PDF bị hỏng"):
        read_bytes(_one_page(_stream(b"\x00\x00\x00\x00", params)), "ke-hoach.pdf")


def test_a_fax_coded_image_beside_the_text_does_not_stop_the_reading() -> None:
    text = _stream(b"BT /F1 12 Tf 72 770 Td (KE HOACH) Tj ET")
    image = _stream(b"\x00" * 16, b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /Filter /CCITTFaxDecode ")
    page = PAGE.replace(b"/Font << /F1 5 0 R >>", b"/Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >>")
    contents = b"[4 0 R]"  # the page's contents as an array, as many writers give them
    objects = [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page.replace(b"4 0 R", contents), text]
    assert read_bytes(_pdf([*objects, FONT, image]), "ke-hoach.pdf") == ["KE HOACH"]


def test_a_small_handwritten_pdf_with_text_is_read() -> None:
    text = b"BT /F1 12 Tf 72 770 Td (KE HOACH) Tj ET"
    data = _one_page(_stream(zlib.compress(text), b"/Filter /FlateDecode "))
    assert read_bytes(data, "ke-hoach.pdf") == ["KE HOACH"]


# -- text that is too long, and text that is long but fine ----------------------------------------------


def test_a_text_longer_than_any_plan_is_refused() -> None:
    with pytest.raises(ReadError, match=r"Văn bản dài hơn 2\.000\.000 ký tự"):
        read_bytes(b"a" * (MAX_CHARS + 1), "ke-hoach.txt")


def test_a_long_duty_naming_many_bodies_is_read_in_one_pass() -> None:
    """Every "tổ chức" after "các" is a noun, not the verb: telling them apart looks at the few
    characters before each one, not at the whole text before it (which made this quadratic)."""
    duty = "Sở Tư pháp phối hợp với " + "các tổ chức " * 60_000 + "thực hiện Kế hoạch."
    lead, coop = bodies.from_prose(duty)
    assert lead == ["Sở Tư pháp"]
    assert len(coop) == 1 and coop[0].startswith("các tổ chức các tổ chức")


def test_a_paragraph_of_many_lines_is_joined_in_one_pass() -> None:
    """A sentence broken over 150 000 lines (a page that wraps every word) is one paragraph again."""
    lines = ["Sở Tư pháp chủ trì"] + ["và phối hợp"] * 150_000 + ["thực hiện."]
    [para] = paragraphs_from_lines(lines)
    assert len(para) == len(" ".join(lines))


def test_a_large_plan_is_read_whole() -> None:
    """A plan of 3 960 tasks (about a million characters): every task in place, nothing left over."""
    lines = ["Số: 01/KH-UBND", "Huế, ngày 02 tháng 01 năm 2025", "KẾ HOẠCH", "Kế hoạch lớn", "I. NHIỆM VỤ, GIẢI PHÁP"]
    for g in range(1, 41):
        lines.append(f"{g}. Nhóm giải pháp số {g}")
        for t in range(1, 100):
            lines.append(f"{g}.{t}. Sở Tư pháp chủ trì, phối hợp với các sở, ban, ngành tổ chức nhiệm vụ {g}-{t}.")
            lines.append(f"Nội dung chi tiết của nhiệm vụ {g}-{t} gồm các hoạt động truyền thông dự thảo chính sách.")
    plan = parse_paragraphs(paragraphs_from_lines(lines))
    assert [len(g["tasks"]) for g in plan["groups"]] == [99] * 40
    assert plan["groups"][39]["tasks"][98]["lead"] == ["Sở Tư pháp"]
    assert plan["groups"][39]["tasks"][98]["text"].endswith("dự thảo chính sách.")
    assert plan["unparsed"] == []
