"""Forms of the intake screens: an opinion entered by an officer, a spreadsheet to import, the Fatherland
Front's social criticism and its answers, the draft's outreach. The services check the rules; these only
turn the request into typed values."""

from __future__ import annotations

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from policycomm.consultation.intake import STAFF_CHANNELS
from policycomm.consultation.models import Comment


def _channel_choices() -> list[tuple[str, str]]:
    labels = dict(Comment.Channel.choices)
    return [(c.value, str(labels[c.value])) for c in STAFF_CHANNELS]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class EntryForm(forms.Form):
    channel = forms.ChoiceField(label=_("Kênh tiếp nhận"), choices=_channel_choices)
    received_on = forms.DateField(label=_("Ngày nhận"), widget=DateInput())
    submitter_type = forms.ChoiceField(
        label=_("Chủ thể góp ý"), choices=Comment.SubmitterType.choices, initial=Comment.SubmitterType.INDIVIDUAL
    )
    name = forms.CharField(label=_("Họ tên người gửi (không bắt buộc)"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Tổ chức, cơ quan (không bắt buộc)"), max_length=300, required=False)
    section = forms.TypedChoiceField(
        label=_("Điều, khoản góp ý"), coerce=int, required=False, empty_value=None, choices=[]
    )
    attachment = forms.FileField(
        label=_("Bản chụp hoặc tệp kèm theo"),
        required=False,
        help_text=_("PDF, JPEG, PNG hoặc DOCX, tối đa 10 MB. Với ảnh chụp hoặc PDF quét, bấm “Đọc chữ từ bản chụp”."),
    )
    text = forms.CharField(
        label=_("Nội dung ý kiến"), widget=forms.Textarea(attrs={"rows": 10}), required=False, strip=False
    )
    #: A scan already read by OCR and kept while the officer corrects the text.
    scan_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    #: A fresh token each time the form is shown: sending the same form twice records one opinion.
    idempotency_token = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64, initial=lambda: secrets.token_urlsafe(24)
    )


class ImportForm(forms.Form):
    channel = forms.ChoiceField(label=_("Kênh tiếp nhận của các ý kiến trong tệp"), choices=_channel_choices)
    file = forms.FileField(
        label=_("Bảng tính ý kiến"),
        help_text=_(
            "Tệp .xlsx hoặc .csv, tối đa 10 MB và 20.000 dòng. Cột: Nội dung (bắt buộc), Chủ thể, Họ tên, Tổ chức, "
            "Ngày nhận, Điều, khoản — hoặc text, submitter_type, name, organisation, received_on, section."
        ),
    )


class CriticismForm(forms.Form):
    issuer = forms.CharField(
        label=_("Cơ quan phản biện"), max_length=300, initial="Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
    )
    reference = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("Ngày văn bản"), widget=DateInput())
    received_on = forms.DateField(label=_("Ngày nhận"), widget=DateInput(), required=False)
    summary = forms.CharField(label=_("Tóm tắt"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    points = forms.CharField(
        label=_("Các nội dung phản biện"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Mỗi nội dung một dòng (có thể bắt đầu bằng số thứ tự). Nội dung nhắc “Điều 5” hoặc “Khoản 1 Điều 5” "
            "được gắn với điều, khoản đó."
        ),
    )
    file = forms.FileField(
        label=_("Tệp văn bản phản biện"), required=False, help_text=_("PDF, JPEG, PNG hoặc DOCX, tối đa 10 MB.")
    )


class PointAnswerForm(forms.Form):
    disposition = forms.ChoiceField(choices=[("", "—"), *Comment.Disposition.choices], required=False)
    explanation = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OutreachForm(forms.Form):
    organisations = forms.TypedMultipleChoiceField(
        label=_("Cơ quan trong hệ thống"),
        coerce=int,
        required=False,
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    others = forms.CharField(
        label=_("Nơi nhận khác (mỗi nơi một dòng)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Ví dụ: Hiệp hội Doanh nghiệp tỉnh; Ban quản lý chợ Thái."),
    )
    sent_on = forms.DateField(label=_("Ngày gửi"), widget=DateInput())
    reference = forms.CharField(label=_("Số, ký hiệu công văn"), max_length=100, required=False)
