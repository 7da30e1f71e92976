from __future__ import annotations

import secrets

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from policycomm.communication.models import Activity
from policycomm.consultation.models import Comment, Consultation
from policycomm.lawmaking.models import Sector
from policycomm.lawmaking.rules import SCOPE_CRITERIA, DocType


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tên văn bản"), max_length=500)
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DocType.choices)
    issuing_authority = forms.TypedChoiceField(label=_("Cơ quan ban hành"), coerce=int)
    drafting_body = forms.TypedChoiceField(label=_("Cơ quan chủ trì soạn thảo"), coerce=int)
    simplified_procedure = forms.BooleanField(label=_("Xây dựng theo trình tự, thủ tục rút gọn"), required=False)
    sectors = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực"),
        queryset=Sector.objects.order_by("name"),
        required=False,
        help_text=_("Người dân lọc dự thảo theo lĩnh vực trên cổng thông tin. Giữ Ctrl để chọn nhiều."),
    )


class SectorsForm(forms.Form):
    prefix = "sectors"

    sectors = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực"),
        queryset=Sector.objects.order_by("name"),
        required=False,
        help_text=_("Người dân lọc dự thảo theo lĩnh vực trên cổng thông tin. Giữ Ctrl để chọn nhiều."),
    )


class PolicyForm(forms.Form):
    prefix = "policy"

    title = forms.CharField(label=_("Tên chính sách"), max_length=500)
    summary = forms.CharField(label=_("Tóm tắt"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ScreeningForm(forms.Form):
    state_secret = forms.BooleanField(label=_("Có nội dung thuộc bí mật nhà nước (loại trừ)"), required=False)
    state_secret_reason = forms.CharField(
        label=_("Căn cứ xác định bí mật nhà nước"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    voluntary = forms.BooleanField(label=_("Không thuộc phạm vi nhưng cơ quan chủ động truyền thông"), required=False)
    voluntary_reason = forms.CharField(
        label=_("Lý do chủ động truyền thông"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        fields: dict[str, forms.Field] = {}
        for n, c in enumerate(SCOPE_CRITERIA, start=1):
            p = c.field[:2]
            fields[p] = forms.BooleanField(label=format_lazy("{}. {}", n, c.label), required=False)
            fields[f"{p}_reason"] = forms.CharField(
                label=format_lazy(_("Lý do (tiêu chí {})"), n),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields = {**fields, **self.fields}


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề tài liệu"), max_length=300)
    audience = forms.CharField(label=_("Đối tượng hướng tới"), max_length=200, required=False)
    part_need = forms.CharField(
        label=_("1. Sự cần thiết; mục đích, quan điểm; phạm vi, đối tượng áp dụng"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    part_content = forms.CharField(
        label=_("2. Nội dung cơ bản của chính sách"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    part_changes = forms.CharField(
        label=_("3. Điểm mới, sửa đổi, bổ sung, bãi bỏ so với quy định hiện hành; vấn đề có nhiều ý kiến khác nhau"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    part_other = forms.CharField(
        label=_("4. Nội dung khác cần thông tin rộng rãi (không bắt buộc)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    state_secret = forms.BooleanField(
        label=_("Có nội dung thuộc bí mật nhà nước (không bao giờ công khai)"), required=False
    )


class ActivityForm(forms.Form):
    prefix = "activity"

    form = forms.ChoiceField(label=_("Hình thức"), choices=Activity.Form.choices)
    channel = forms.CharField(label=_("Kênh (tên cổng, báo, đài, hội nghị…)"), max_length=200)
    date = forms.DateField(label=_("Ngày thực hiện"), widget=forms.DateInput(attrs={"type": "date"}))
    audience = forms.CharField(label=_("Đối tượng"), max_length=200, required=False)
    area = forms.CharField(label=_("Địa bàn"), max_length=200, required=False)
    evidence_url = forms.URLField(
        label=_("Đường dẫn minh chứng"), required=False, max_length=500, assume_scheme="https"
    )
    evidence_file = forms.FileField(label=_("Hoặc tệp minh chứng"), required=False)
    reach = forms.IntegerField(label=_("Số lượt tiếp cận"), min_value=0, max_value=2_000_000_000, initial=0)
    comments_received = forms.IntegerField(
        label=_("Số ý kiến nhận được"), min_value=0, max_value=2_000_000_000, initial=0
    )
    #: A fresh token each time the form is shown: sending the same form twice records one activity.
    idempotency_token = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64, initial=lambda: secrets.token_urlsafe(24)
    )


class ActivityEditForm(ActivityForm):
    """Correcting a recorded activity: the same fields, and the choice to drop the evidence file."""

    idempotency_token = None  # type: ignore[assignment]
    clear_file = forms.BooleanField(label=_("Xoá tệp minh chứng hiện có"), required=False)


class SectionsForm(forms.Form):
    prefix = "sections"

    raw_text = forms.CharField(
        label=_("Dán toàn văn dự thảo"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Hệ thống tự tách theo Chương, Mục, Điều, Khoản. Dán lại bản sửa: điều, khoản giữ nguyên số hiệu "
            "giữ nguyên mã và các góp ý gắn với nó."
        ),
    )


class TransitionForm(forms.Form):
    prefix = "stage"

    to_stage = forms.ChoiceField(label=_("Chuyển sang giai đoạn"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationForm(forms.Form):
    prefix = "consultation"

    phase = forms.ChoiceField(label=_("Đợt"), choices=Consultation.Phase.choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=500)
    intro = forms.CharField(
        label=_("Giới thiệu ngắn gọn cho người dân"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opens_at = forms.DateTimeField(label=_("Bắt đầu"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label=_("Hạn cuối"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    shortened_ground = forms.CharField(
        label=_("Căn cứ pháp lý rút ngắn thời hạn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Chỉ ghi khi đợt lấy ý kiến ngắn hơn thời hạn tối thiểu; đợt rút ngắn được báo lên trang giám sát."
        ),
    )


class ReviewForm(forms.Form):
    """A review report as received: the body (chosen, or written when it is not in the system)."""

    body = forms.TypedChoiceField(label=_("Cơ quan"), coerce=int, required=False, empty_value=None)
    body_name = forms.CharField(
        label=_("hoặc ghi tên cơ quan"),
        required=False,
        max_length=300,
        help_text=_("Khi cơ quan không có trong danh sách."),
    )
    date = forms.DateField(label=_("Ngày báo cáo"), widget=forms.DateInput(attrs={"type": "date"}))
    report_number = forms.CharField(label=_("Số báo cáo"), max_length=100, help_text=_("Ví dụ: 125/BC-STP."))
    conclusion = forms.CharField(label=_("Kết luận"), widget=forms.Textarea(attrs={"rows": 3}))
    states_communicated = forms.BooleanField(
        label=_("Báo cáo nêu việc chính sách đã được truyền thông"), required=False
    )


class ExaminationForm(ReviewForm):
    committee_checked_on = forms.DateField(
        label=_("Ngày Ban của HĐND kiểm tra việc truyền thông"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    committee_confirms_communication = forms.BooleanField(
        label=_("Ban của HĐND xác nhận chính sách đã được truyền thông trước khi trình HĐND"), required=False
    )
    committee_note = forms.CharField(
        label=_("Ghi chú của Ban về việc truyền thông"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DispositionForm(forms.Form):
    disposition = forms.ChoiceField(
        label=_("Kết quả"), choices=[("", "— Chọn —"), *Comment.Disposition.choices], required=False
    )
    explanation = forms.CharField(
        label=_("Ý kiến tiếp thu, giải trình"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ModerationForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), required=False)


# -- implementation plans ----------------------------------------------------------------------------------


class PlanUploadForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Cơ quan ban hành kế hoạch"), coerce=int)
    file = forms.FileField(
        label=_("Tệp kế hoạch"),
        help_text=_("Tệp .docx, .txt hoặc PDF có lớp chữ (không phải bản quét), tối đa 10 MB."),
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self) -> object:
        f = self.cleaned_data["file"]
        name = (f.name or "").lower()
        if not name.endswith((".txt", ".docx", ".pdf")):
            raise forms.ValidationError(_("Chỉ nhận tệp .docx, .txt hoặc .pdf."))
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 10 MB; hãy tải lên bản nhẹ hơn."))
        return f


class PlanHeaderForm(forms.Form):
    number = forms.CharField(label=_("Số"), max_length=6, required=False)
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=40, required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành (như trên văn bản)"), max_length=255, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=120, required=False)
    date = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))
    period = forms.CharField(label=_("Thời gian thực hiện"), max_length=200, required=False)


class TaskReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"))
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    evidence = forms.CharField(
        label=_("Kết quả, minh chứng"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from policycomm.plans.models import PlanTask

        self.fields["status"].choices = PlanTask.Status.choices  # type: ignore[attr-defined]


class TrainingForm(forms.Form):
    task = forms.TypedChoiceField(label=_("Thuộc nhiệm vụ"), coerce=int)
    organiser = forms.CharField(label=_("Đơn vị tổ chức"), max_length=255)
    held_on = forms.DateField(label=_("Ngày tổ chức"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Chủ đề"), max_length=500)
    audiences = forms.MultipleChoiceField(label=_("Đối tượng"), widget=forms.CheckboxSelectMultiple)
    participants = forms.IntegerField(label=_("Số người tham dự"), min_value=1, max_value=100000)
    materials = forms.CharField(label=_("Tài liệu"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, tasks: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from policycomm.plans.models import TrainingSession

        self.fields["audiences"].choices = TrainingSession.Audience.choices  # type: ignore[attr-defined]
        self.fields["task"].choices = [("", "— Chọn nhiệm vụ —"), *(tasks or [])]  # type: ignore[attr-defined]


class BudgetForm(forms.Form):
    task = forms.TypedChoiceField(label=_("Thuộc nhiệm vụ"), coerce=int)
    activity = forms.TypedChoiceField(
        label=_("Cho hoạt động truyền thông (nếu có)"), coerce=int, required=False, empty_value=None
    )
    year = forms.IntegerField(label=_("Năm ngân sách"), min_value=2022, max_value=2100)
    source = forms.ChoiceField(label=_("Nguồn kinh phí"))
    description = forms.CharField(label=_("Nội dung chi"), max_length=500)
    MAX_VND = 10**15  # a million billion đồng: beyond any line of a plan
    estimate = forms.IntegerField(label=_("Dự toán (đồng)"), min_value=0, max_value=MAX_VND)
    allocated = forms.IntegerField(label=_("Được giao (đồng)"), min_value=0, max_value=MAX_VND)
    spent = forms.IntegerField(label=_("Đã chi (đồng)"), min_value=0, max_value=MAX_VND)

    def __init__(
        self,
        *args: object,
        tasks: list[tuple[int, str]] | None = None,
        activities: list[tuple[int, str]] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from policycomm.plans.models import BudgetLine

        self.fields["source"].choices = BudgetLine.Source.choices  # type: ignore[attr-defined]
        self.fields["task"].choices = [("", "— Chọn nhiệm vụ —"), *(tasks or [])]  # type: ignore[attr-defined]
        self.fields["activity"].choices = [("", "—"), *(activities or [])]  # type: ignore[attr-defined]
