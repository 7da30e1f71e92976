"""The form of a material's translation: the language (when adding one), the title and the four parts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from policycomm.communication.translations import language_choices, language_info


def _choices() -> list[tuple[str, str]]:
    # The language's name in the staff member's language, then in its own, then its code: "Tiếng Pháp — français (fr)".
    return [("", "—")] + [
        (c["code"], f"{c['name_translated']} — {c['name_local']} ({c['code']})") for c in language_choices()
    ]


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Ngôn ngữ của bản dịch"), choices=_choices)
    title = forms.CharField(label=_("Tiêu đề (đã dịch)"), max_length=300)
    part_need = forms.CharField(
        label=_("1. Sự cần thiết; mục đích, quan điểm; phạm vi, đối tượng áp dụng"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    part_content = forms.CharField(
        label=_("2. Nội dung cơ bản của chính sách"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    part_changes = forms.CharField(
        label=_("3. Điểm mới, sửa đổi, bổ sung, bãi bỏ so với quy định hiện hành; vấn đề có nhiều ý kiến khác nhau"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    part_other = forms.CharField(
        label=_("4. Nội dung khác cần thông tin rộng rãi (không bắt buộc)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: object, language: str | None = None, **kwargs: object) -> None:
        """``language`` given: the translation exists, its language is fixed and its fields are written in it."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if language is not None:
            del self.fields["language"]
            info = language_info(language)
            for name in ("title", "part_need", "part_content", "part_changes", "part_other"):
                # The browser's spelling check and input method follow the field's language.
                self.fields[name].widget.attrs.update({"lang": language, "dir": "rtl" if info["bidi"] else "ltr"})
