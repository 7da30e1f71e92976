"""The one cleaning rule for text that enters (policycomm.textclean), and the analysis normaliser."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from policycomm.analysis import normalise
from policycomm.analysis.grouping import group, sketch_texts
from policycomm.textclean import VISIBLE_PATTERN, clean_line, clean_text, is_invisible_only, xml_safe

LETTER = (
    "Kính gửi Ban soạn thảo. Tôi đề nghị không thu phí sử dụng vỉa hè đối với hộ kinh doanh nhỏ lẻ, "
    "vì thu nhập của các hộ này rất thấp và vỉa hè là nơi mưu sinh của nhiều gia đình. Trân trọng."
)


def test_controls_and_invisible_characters_are_removed_and_text_is_nfc() -> None:
    assert clean_text("Giảm\u0012 phí\x00 vỉa\u200b hè\ufeff") == "Giảm phí vỉa hè"
    assert clean_text("\u202eđảo chiều\u202c \u2066cô lập\u2069 mềm\u00adgạch") == "đảo chiều cô lập mềmgạch"
    assert clean_text("Thu\u2060 phí\u2063") == "Thu phí"
    assert clean_text("Dòng 1\r\nDòng 2\rDòng 3\u2028Dòng 4\x85Dòng 5") == "Dòng 1\nDòng 2\nDòng 3\nDòng 4\nDòng 5"
    assert clean_text("cột\tcột") == "cột\tcột"
    decomposed = "Vie\u0302\u0323t Nam"  # "Việt" typed with combining marks
    assert clean_text(decomposed) == "Việt Nam" and len(clean_text(decomposed)) == 8
    assert clean_text("\ud800lẻ\udfff\ufffe") == "lẻ"
    assert clean_line("  Nguyễn\n Văn\t\u200bAn  ") == "Nguyễn Văn An"


def test_invisible_only_is_told_apart_from_empty() -> None:
    assert is_invisible_only("\u200b\u200b") and is_invisible_only("\x00") and is_invisible_only("\ufeff \u2060")
    assert not is_invisible_only("") and not is_invisible_only("   \n") and not is_invisible_only("a\u200b")


def test_xml_safe_keeps_what_xml_can_carry() -> None:
    assert xml_safe("a\x00b\x12c\td\ne\rf\ud800") == "abc\td\ne\rf"
    assert xml_safe("Việt Nam ✓") == "Việt Nam ✓"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12))
def test_the_schema_pattern_says_exactly_when_a_text_survives_cleaning(text: str) -> None:
    """The API schema's ``pattern`` and the service agree: a text has a visible character iff it is not
    empty once cleaned (so a schema-valid text is never refused as blank, nor the opposite)."""
    assert bool(re.search(VISIBLE_PATTERN, text)) == bool(clean_text(text))
    assert clean_text(clean_text(text)) == clean_text(text)


def _sprinkle(text: str, mark: str) -> str:
    """``mark`` inside every word of two letters or more, as a copy-paste tool or a spam script leaves it."""
    return " ".join(w[:1] + mark + w[1:] if len(w) > 1 else w for w in text.split(" "))


def test_zero_width_characters_do_not_split_a_campaign() -> None:
    """Copies of a letter with zero-width characters inside the words are one campaign."""
    copies = [
        LETTER,
        _sprinkle(LETTER, "\u200b"),
        "\ufeff" + _sprinkle(LETTER, "\u200d"),
        _sprinkle(LETTER, "\u2060\u00ad"),
    ]
    other = "Tôi ủng hộ việc thu phí để chỉnh trang đô thị, mức phí như dự thảo là hợp lý."
    labels = np.asarray(group(sketch_texts([*copies, other])).labels)
    assert len(set(labels[:4].tolist())) == 1
    assert labels[4] != labels[0]
    assert normalise.match_form(copies[1]) == normalise.match_form(LETTER)
    assert normalise.fold("vỉa\u200bhè") == normalise.fold("vỉahè")
