from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from policycomm.consultation.models import Comment


class CommentForm(forms.Form):
    section = forms.TypedChoiceField(label=_("Góp ý cho"), required=False, coerce=int, empty_value=None)
    text = forms.CharField(
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
    name = forms.CharField(label=_("Họ tên hoặc tên tổ chức (không bắt buộc)"), required=False, max_length=200)
    email = forms.CharField(
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
    # Honeypot: hidden from people by CSS, labelled so that screen readers say to leave it empty.
    website = forms.CharField(label=_("Để trống ô này"), required=False)

    def __init__(self, *args: object, sections: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["section"].choices = [("", "Toàn bộ dự thảo"), *(sections or [])]  # type: ignore[attr-defined]
