"""Forms of the periodic-report screens (periods, written parts, return reason, good models, commendations)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from policycomm.reporting.models import ReportPeriod

DATE = forms.DateInput(attrs={"type": "date"})


class PeriodForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Cơ quan giao báo cáo"), coerce=int)
    kind = forms.ChoiceField(label=_("Loại kỳ báo cáo"), choices=ReportPeriod.Kind.choices)
    title = forms.CharField(label=_("Tên kỳ báo cáo"), max_length=300)
    start = forms.DateField(label=_("Từ ngày"), widget=DATE)
    end = forms.DateField(label=_("Đến ngày"), widget=DATE)
    due = forms.DateField(label=_("Hạn gửi báo cáo"), widget=DATE)

    def __init__(self, *args: object, orgs: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].choices = orgs or []  # type: ignore[attr-defined]


class UnitsForm(forms.Form):
    units = forms.TypedMultipleChoiceField(
        label=_("Đơn vị phải báo cáo"), coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: object, choices: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["units"].choices = choices or []  # type: ignore[attr-defined]


class PartsForm(forms.Form):
    number = forms.CharField(label=_("Số báo cáo"), max_length=20, required=False, help_text=_("Ví dụ: 12"))
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=40, help_text=_("Ví dụ: BC-UBND, BC-STP"))
    results = forms.CharField(label=_("Kết quả đạt được"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    shortcomings = forms.CharField(
        label=_("Tồn tại, hạn chế và nguyên nhân"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    directions = forms.CharField(
        label=_("Phương hướng, nhiệm vụ"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    proposals = forms.CharField(label=_("Đề xuất, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class GoodModelForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Cơ quan, đơn vị"), coerce=int)
    title = forms.CharField(label=_("Tên mô hình, cách làm"), max_length=300)
    description = forms.CharField(label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000)
    recorded_on = forms.DateField(label=_("Ngày ghi nhận"), widget=DATE)
    evidence_url = forms.CharField(label=_("Đường dẫn minh chứng"), max_length=500, required=False)
    evidence_file = forms.FileField(label=_("Tệp minh chứng"), required=False)

    def __init__(self, *args: object, orgs: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].choices = orgs or []  # type: ignore[attr-defined]


class CommendationForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Cấp đề nghị"), coerce=int)
    target_org = forms.TypedChoiceField(label=_("Tập thể"), coerce=int, required=False, empty_value=None)
    person_name = forms.CharField(label=_("Hoặc cá nhân (họ tên)"), max_length=200, required=False)
    reason = forms.CharField(label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000)
    proposed_on = forms.DateField(label=_("Ngày đề nghị"), widget=DATE)

    def __init__(
        self,
        *args: object,
        orgs: list[tuple[int, str]] | None = None,
        targets: list[tuple[int, str]] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].choices = orgs or []  # type: ignore[attr-defined]
        self.fields["target_org"].choices = [("", _("— Không chọn —")), *(targets or [])]  # type: ignore[attr-defined]
