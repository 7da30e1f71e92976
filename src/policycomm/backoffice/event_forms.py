"""Forms of the communication plan and of a consultation's events (the services check the rules)."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from policycomm.communication.models import Activity
from policycomm.consultation.models import Comment, Event

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class OrgChoice(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, empty_value=None, **kwargs)


class PlannedForm(forms.Form):
    prefix = "planned"

    form = forms.ChoiceField(label=_("Hình thức"), choices=Activity.Form.choices)
    channel = forms.CharField(label=_("Kênh (tên cổng, báo, đài, hội nghị…)"), max_length=200)
    audience = forms.CharField(label=_("Đối tượng"), max_length=200, required=False)
    area = forms.CharField(label=_("Địa bàn"), max_length=200, required=False)
    lead_body = OrgChoice(label=_("Cơ quan chủ trì"))
    co_bodies = forms.CharField(label=_("Cơ quan phối hợp"), max_length=500, required=False)
    planned_on = forms.DateField(label=_("Ngày dự kiến"), widget=forms.DateInput(attrs={"type": "date"}))
    budget_line = forms.CharField(
        label=_("Nguồn, mục kinh phí"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: Kinh phí PBGDPL năm 2026 của Sở Tư pháp, mục 7750."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, bodies: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_body"].choices = [("", _("— Chọn —")), *(bodies or [])]  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=300, required=False)


class EventForm(forms.Form):
    prefix = "event"

    form = forms.ChoiceField(label=_("Hình thức"), choices=Event.Form.choices)
    title = forms.CharField(label=_("Tên sự kiện"), max_length=300)
    starts_at = forms.DateTimeField(label=_("Bắt đầu"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Kết thúc"), widget=DATETIME)
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    online_url = forms.CharField(label=_("Đường dẫn tham dự trực tuyến"), max_length=500, required=False)
    organiser = OrgChoice(label=_("Cơ quan tổ chức"))
    co_organisers = forms.CharField(
        label=_("Cơ quan phối hợp"),
        max_length=500,
        required=False,
        help_text=_("Ví dụ: Ủy ban MTTQ tỉnh, Đoàn Luật sư tỉnh, Báo Thái Nguyên."),
    )
    audience = forms.CharField(label=_("Thành phần, đối tượng tham dự"), max_length=300, required=False)
    capacity = forms.IntegerField(
        label=_("Số chỗ"), required=False, min_value=1, max_value=100_000, help_text=_("Để trống nếu không giới hạn.")
    )
    registration_open = forms.BooleanField(label=_("Nhận đăng ký tham dự trên cổng"), required=False, initial=True)

    def __init__(self, *args: Any, organisers: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].choices = [("", _("— Chọn —")), *(organisers or [])]  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    prefix = "outcome"

    attendance = forms.IntegerField(label=_("Số người tham dự"), required=False, min_value=0, max_value=1_000_000)
    minutes = forms.CharField(label=_("Biên bản, tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    minutes_file = forms.FileField(label=_("Tệp biên bản (PDF, DOCX, ảnh chụp)"), required=False)
    clear_file = forms.BooleanField(label=_("Xoá tệp biên bản hiện có"), required=False)


class OpinionForm(forms.Form):
    """One opinion voiced at the event; the page shows several of these (a formset) at once."""

    text = forms.CharField(label=_("Nội dung ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    submitter_type = forms.ChoiceField(
        label=_("Chủ thể"), choices=Comment.SubmitterType.choices, initial=Comment.SubmitterType.INDIVIDUAL
    )
    name = forms.CharField(label=_("Họ tên (không bắt buộc)"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Tổ chức, cơ quan (không bắt buộc)"), max_length=300, required=False)
    section = forms.TypedChoiceField(label=_("Điều, khoản"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, sections: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("Toàn bộ dự thảo")), *(sections or [])]  # type: ignore[attr-defined]


OpinionFormSet = forms.formset_factory(OpinionForm, extra=3, max_num=50, absolute_max=50, validate_max=True)


def opinions_token() -> str:
    return secrets.token_urlsafe(24)
