"""Document builders and what is already stored: a control character in one comment made the synthesis
report fail for the whole consultation, with an error that did not say which comment."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from policycomm.consultation import services as cons
from policycomm.consultation.models import Comment
from policycomm.consultation.reports import ReportError, build_report
from policycomm.documents import decree30


def stored(consultation: Any, text: str) -> Comment:
    """A comment as stored before input was cleaned (written past the service, as old rows were)."""
    comment, _ = cons.comment_submit(consultation=consultation, text="tạm", submitter_type="individual", consent=True)
    Comment.objects.filter(pk=comment.pk).update(text=text)
    comment.refresh_from_db()
    return comment


def cells(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "\n".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)


def test_report_is_built_over_stored_control_characters(consultation: Any) -> None:
    stored(consultation, "Đề nghị\u0012 giảm\x0b phí\x1f vỉa hè\x08")
    cons.comment_submit(consultation=consultation, text="Ý kiến khác", submitter_type="business", consent=True)
    text = cells(build_report(consultation))
    assert "Đề nghị giảm phí vỉa hè" in text and "Ý kiến khác" in text


def test_a_row_that_still_fails_names_its_comment(consultation: Any, monkeypatch: Any) -> None:
    cons.comment_submit(consultation=consultation, text="Ý kiến bình thường", submitter_type="business", consent=True)
    bad = stored(consultation, "Đề nghị\u0012 giảm phí")
    # Without the builder's own guard the stored character reaches python-docx, which refuses it.
    monkeypatch.setattr(decree30, "xml_safe", lambda text: text)
    with pytest.raises(ReportError) as err:
        build_report(consultation)
    assert err.value.receipt == bad.receipt
    assert f"vì ý kiến {bad.receipt}" in str(err.value)


def test_table_row_error_gives_the_row(db: Any) -> None:
    class Unprintable:
        def __str__(self) -> str:
            raise UnicodeError("không in được")

    doc = decree30.OfficialDocument(
        decree30.Header(issuer="SỞ TƯ PHÁP", symbol="BC-STP", place="Thái Nguyên"), "BÁO CÁO"
    )
    with pytest.raises(decree30.TableRowError) as err:
        doc.table(("A", "B"), [("1", "được"), ("2", Unprintable())], (3.0, 3.0))
    assert err.value.index == 1 and isinstance(err.value.cause, UnicodeError)
