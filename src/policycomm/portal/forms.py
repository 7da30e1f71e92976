from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from policycomm.consultation.models import Comment


class TypedText(forms.CharField):
    """Text handed to the service as typed: the service cleans every channel's text the same way
    (``policycomm.textclean``) and says what to fix, so the form does not refuse a NUL byte itself."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


class CommentForm(forms.Form):
    section = forms.TypedChoiceField(label=_("Góp ý cho"), required=False, coerce=int, empty_value=None)
    text = TypedText(
        label=_("Nội dung góp ý"),
        widget=forms.Textarea(attrs={"rows": 7}),
        required=False,
        help_text=_("Nêu rõ ý kiến và lý do; có thể đề xuất cách viết lại."),
    )
    submitter_type = forms.ChoiceField(
        label=_("Bạn góp ý với tư cách"),
        choices=Comment.SubmitterType.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    name = TypedText(label=_("Họ tên hoặc tên tổ chức (không bắt buộc)"), required=False, max_length=200)
    email = TypedText(
        label=_("Thư điện tử (không bắt buộc)"),
        required=False,
        max_length=254,
        help_text=_("Để nhận thông báo khi ý kiến được trả lời."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để cơ quan soạn thảo tiếp nhận, xử lý và công khai nội dung góp ý (không công khai họ tên "
            "cá nhân và thư điện tử)."
        ),
        required=False,
    )
    # Honeypot: hidden from people by CSS, labelled so that screen readers say to leave it empty. Not
    # stripped: any value but the empty string, white space included, is a bot's.
    website = forms.CharField(label=_("Để trống ô này"), required=False, strip=False)

    def __init__(self, *args: object, sections: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["section"].choices = [("", "Toàn bộ dự thảo"), *(sections or [])]  # type: ignore[attr-defined]
