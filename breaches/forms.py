from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pdp_portal.clock.rules import get_rule
from pdp_portal.forms import checkboxes, text_box, within_calendar
from pdp_portal.organizations.models import ProcessingRole

from .models import (
    NOTIFY_AGENCY,
    NOTIFY_SUBJECTS,
    UPDATABLE_FIELDS,
    BasicDataType,
    Breach,
    SensitiveDataType,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def _datetime_field(label, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=LocalDateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text=help_text,
        # 0001-01-01 00:00 in Vietnam has no UTC instant: the notice clocks failed with a 500.
        validators=[within_calendar],
    )


def _duty_help(form) -> None:
    """Say under each field that chooses the clocks which duty it switches on (``duties()``).

    Built per request: the periods come from the clock catalogue, in the reader's language.
    """
    agency = get_rule(NOTIFY_AGENCY).period_text
    subjects = get_rule(NOTIFY_SUBJECTS).period_text
    harm = gettext(
        "Đánh dấu nếu có thể xảy ra: bật nghĩa vụ thông báo cơ quan chuyên trách (Mẫu số 08) "
        "trong %(period)s kể từ khi phát hiện (Luật 91/2025 Điều 23 khoản 1; Nghị định 356/2025 "
        "Điều 28). Không đánh dấu ô nào trong hai ô này: không có thời hạn thông báo cơ quan, "
        "trừ các trường hợp nêu ở mục dữ liệu cá nhân nhạy cảm."
    ) % {"period": agency}
    texts = {
        "harms_public_interest": harm,
        "harms_data_subjects": harm,
        "sensitive_data_types": gettext(
            "Vị trí hoặc sinh trắc học: bật nghĩa vụ thông báo chủ thể dữ liệu trong %(subjects)s "
            "và báo cáo cơ quan chuyên trách (Nghị định 356/2025 Điều 29 khoản 1). Tổ chức tài "
            "chính, ngân hàng, thông tin tín dụng: bất kỳ loại nào ở đây bật thông báo cơ quan "
            "chuyên trách trong %(agency)s và thông báo chủ thể dữ liệu (Nghị định 356/2025 Điều 8 "
            "khoản 3)."
        )
        % {"subjects": subjects, "agency": agency},
        "acting_role": gettext(
            "Bên xử lý dữ liệu: phải thông báo ngay cho bên kiểm soát; thời hạn thông báo cơ quan "
            "là của bên kiểm soát (Luật 91/2025 Điều 23 khoản 1). Bên kiểm soát: các ô về tổn hại và "
            "dữ liệu nhạy cảm quyết định thời hạn."
        ),
    }
    for name, text in texts.items():
        if name in form.fields:
            form.fields[name].help_text = text


class BreachRecordForm(forms.Form):
    """The short first form: what, when discovered, what data, how many people."""

    organization = forms.ChoiceField(label=_("Tổ chức"))
    summary = text_box(_("Chuyện gì đã xảy ra?"), max_length=2000)
    discovered_at = _datetime_field(
        _("Thời điểm phát hiện (giờ Việt Nam)"),
        help_text=_("Thời hạn thông báo tính từ thời điểm này (Luật 91/2025 Điều 23 khoản 1)."),
    )
    basic_data_types = checkboxes(
        _("Dữ liệu cá nhân cơ bản liên quan (Nghị định 356/2025 Điều 3)"), BasicDataType.choices
    )
    sensitive_data_types = checkboxes(
        _("Dữ liệu cá nhân nhạy cảm liên quan (Nghị định 356/2025 Điều 4)"),
        SensitiveDataType.choices,
    )
    subject_count = forms.IntegerField(
        label=_("Số người bị ảnh hưởng (ước tính)"), min_value=0, required=False
    )
    harms_public_interest = forms.BooleanField(
        label=Breach._meta.get_field("harms_public_interest").verbose_name, required=False
    )
    harms_data_subjects = forms.BooleanField(
        label=Breach._meta.get_field("harms_data_subjects").verbose_name, required=False
    )
    acting_role = forms.ChoiceField(
        label=_("Vai trò của tổ chức trong hoạt động xử lý bị vi phạm"),
        choices=ProcessingRole.choices,
    )
    controller_name = forms.CharField(
        label=_("Bên kiểm soát dữ liệu (nếu tổ chức là bên xử lý)"), required=False, max_length=300
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        _duty_help(self)
        self.organizations = {str(o.pk): o for o in organizations}
        self.fields["organization"].choices = [(str(o.pk), o.name) for o in organizations]
        if len(organizations) == 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.initial.setdefault("organization", str(organizations[0].pk))
            roles = organizations[0].roles or []
            if roles:
                self.initial.setdefault("acting_role", roles[0])

    def clean_organization(self):
        return self.organizations[self.cleaned_data["organization"]]

    def clean(self):
        data = super().clean()
        if data.get("acting_role") == ProcessingRole.PROCESSOR and not data.get("controller_name"):
            self.add_error(
                "controller_name",
                _(
                    "Bên xử lý dữ liệu phải thông báo kịp thời cho bên kiểm soát: ghi rõ tên bên kiểm soát."
                ),
            )
        return data


class BreachCompleteForm(forms.ModelForm):
    """Every content of Decree 356 Art. 28(1) and the flags that choose the clocks."""

    discovered_at = _datetime_field(_("Thời điểm phát hiện (giờ Việt Nam)"))
    occurred_from = _datetime_field(_("Xảy ra từ (giờ Việt Nam)"), required=False)
    occurred_until = _datetime_field(_("Đến (giờ Việt Nam)"), required=False)
    basic_data_types = BreachRecordForm.base_fields["basic_data_types"]
    sensitive_data_types = BreachRecordForm.base_fields["sensitive_data_types"]
    record_count = forms.IntegerField(label=_("Số bản ghi"), min_value=0, required=False)
    subject_count = forms.IntegerField(label=_("Số chủ thể dữ liệu"), min_value=0, required=False)

    class Meta:
        model = Breach
        fields = list(UPDATABLE_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "summary",
                "acts",
                "parties_involved",
                "data_description",
                "consequences",
                "measures_taken",
                "measures_proposed",
                "subject_guidance",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _duty_help(self)


class SubmitForm(forms.Form):
    document_number = forms.CharField(
        label=_("Số văn bản"),
        required=False,
        max_length=60,
        help_text=_("Để trống: portal tự đánh số."),
    )
    place = forms.CharField(label=_("Địa danh ghi trên văn bản"), required=False, max_length=100)
    signer_name = forms.CharField(
        label=_("Người ký (đại diện tổ chức)"), required=False, max_length=200
    )
    late_reason = text_box(
        _("Lý do chậm thông báo"),
        required=False,
        help_text=_("Bắt buộc khi đã quá thời hạn thông báo (Luật 91/2025 Điều 23 khoản 1)."),
    )
    note = text_box(_("Nội dung bổ sung so với lần trước"), rows=4, required=False)


class MomentForm(forms.Form):
    at = _datetime_field(_("Thời điểm (giờ Việt Nam)"), required=False)


class ReviewForm(forms.Form):
    message = text_box(_("Nội dung"), required=False)


class NoticeForm(forms.Form):
    detected = text_box(_("a) Thời điểm và hình thức phát hiện vi phạm"), rows=2)
    data_affected = text_box(
        _("b) Loại dữ liệu bị ảnh hưởng (vị trí, sinh trắc học hoặc cả hai)"), rows=2
    )
    severity_and_risks = text_box(_("c) Mức độ nghiêm trọng và các rủi ro có thể xảy ra"))
    measures = text_box(
        _("d) Biện pháp đã, đang và sẽ thực hiện để khắc phục, giảm thiểu thiệt hại")
    )
    guidance = text_box(_("đ) Hướng dẫn chủ thể dữ liệu thực hiện các biện pháp phòng ngừa"))
    contact = text_box(
        _(
            "e) Thông tin liên hệ của bộ phận, nhân sự bảo vệ dữ liệu cá nhân; bộ phận tiếp nhận, xử lý sự cố"
        ),
        rows=2,
    )


class RecipientsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Danh sách chủ thể dữ liệu (CSV: email, họ tên)"),
        help_text=_("Mỗi dòng một người; dòng tiêu đề “email,họ tên” có thể có. Mã hóa UTF-8."),
    )


class PublicNoticeForm(forms.Form):
    text = text_box(_("Nội dung thông báo công khai"), rows=10)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Tài liệu kèm theo"),
        help_text=_("PDF, PNG, JPEG, DOCX, ODT hoặc XLSX; kiểm tra theo nội dung tệp."),
    )
    description = forms.CharField(
        label=_("Mô tả (ghi trên Mẫu số 08, mục 3)"), required=False, max_length=300
    )
