from django import forms
from django.utils.translation import gettext_lazy as _

from pdp_portal.forms import checkboxes, text_box
from pdp_portal.organizations.models import ProcessingRole

from .catalogue import (
    BASIC_CLAUSES,
    SENSITIVE_POINTS,
    BasicDataType,
    EnclosureCategory,
    ProcessingService,
    SensitiveDataType,
    TransferExemption,
    TransferKind,
    sections_for,
)
from .models import DomesticTransfer, Recipient, RegisterChange

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _basic_choices():
    return [
        (c, _("%(label)s (Điều 3 khoản %(n)s)") % {"label": label, "n": BASIC_CLAUSES[c]})
        for c, label in BasicDataType.choices
    ]


def _sensitive_choices():
    return [
        (
            c,
            _("%(label)s (Điều 4 khoản 1 điểm %(point)s)")
            % {"label": label, "point": SENSITIVE_POINTS[c]},
        )
        for c, label in SensitiveDataType.choices
    ]


def parse_subjects(text: str) -> list[dict]:
    """Read 'Khách hàng: 120000' lines into [{"name", "count"}]; raise ValueError on a bad line."""
    result = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, sep, count = line.rpartition(":")
        if not sep or not name.strip():
            raise ValueError(number)
        digits = count.strip().replace(".", "").replace(",", "").replace(" ", "")
        if not (digits.isascii() and digits.isdigit()):  # "²" is a digit int() refuses
            raise ValueError(number)
        result.append({"name": name.strip(), "count": int(digits)})
    return result


def subjects_text(categories) -> str:
    return "\n".join(f"{c['name']}: {c['count']}" for c in categories or [])


def basic_types_field() -> forms.MultipleChoiceField:
    return checkboxes(_("Dữ liệu cá nhân cơ bản (Nghị định 356/2025 Điều 3)"), _basic_choices)


def sensitive_types_field() -> forms.MultipleChoiceField:
    return checkboxes(
        _("Dữ liệu cá nhân nhạy cảm (Nghị định 356/2025 Điều 4 khoản 1)"), _sensitive_choices
    )


class ActivityForm(forms.Form):
    name = forms.CharField(label=_("Tên hoạt động"), max_length=300)
    purpose = text_box(_("Mục đích xử lý"), rows=2)
    role = forms.ChoiceField(
        label=_("Vai trò của tổ chức trong hoạt động (Mẫu 10 mục A.II.1)"),
        choices=ProcessingRole.choices,
    )
    subjects = forms.CharField(
        label=_("Đối tượng chủ thể dữ liệu và số lượng"),
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "Khách hàng: 120000\nNgười lao động: 350"}
        ),
        help_text=_(
            "Mỗi dòng một đối tượng: tên, dấu hai chấm, số lượng tính đến thời điểm nộp hồ sơ."
        ),
    )
    basic_data_types = basic_types_field()
    sensitive_data_types = sensitive_types_field()
    data_flow = text_box(_("Luồng dữ liệu, hệ thống xử lý"), rows=2, required=False)
    consent_method = text_box(_("Cách thức xin sự đồng ý"), rows=2, required=False)
    retention = text_box(_("Lưu trữ (thời hạn, nơi lưu)"), rows=2, required=False)
    deletion = text_box(_("Xóa, hủy dữ liệu"), rows=2, required=False)
    recipients = forms.ModelMultipleChoiceField(
        label=_("Bên nhận, bên liên quan"),
        queryset=Recipient.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    started_on = forms.DateField(
        label=_("Ngày bắt đầu xử lý"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Thời hạn nộp hồ sơ tính từ ngày này (Nghị định 356/2025 Điều 19 khoản 4)."),
    )
    ended_on = forms.DateField(
        label=_("Ngày kết thúc (nếu đã dừng)"), widget=DATE_INPUT, required=False
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = Recipient.objects.filter(organization=organization)

    def clean_subjects(self):
        try:
            return parse_subjects(self.cleaned_data["subjects"])
        except ValueError as exc:
            raise forms.ValidationError(
                _("Dòng %(n)s không đúng dạng “tên: số lượng”.") % {"n": exc.args[0]}
            ) from None


class RecipientForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=Recipient.Role.choices)
    name = forms.CharField(label=_("Tên tổ chức/cá nhân"), max_length=300)
    tax_code = forms.CharField(label=_("Mã số thuế"), max_length=30, required=False)
    country = forms.CharField(
        label=_("Quốc gia"), max_length=100, required=False, help_text=_("Để trống nếu ở Việt Nam.")
    )
    dpo_info = forms.CharField(
        label=_("Bộ phận / nhân sự bảo vệ dữ liệu cá nhân"), max_length=500, required=False
    )
    contract_number = forms.CharField(
        label=_("Hợp đồng / thỏa thuận số"), max_length=100, required=False
    )
    contract_date = forms.DateField(label=_("Ngày hợp đồng"), widget=DATE_INPUT, required=False)
    service = forms.CharField(label=_("Dịch vụ hợp tác"), max_length=300, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class _TransferRowForm(forms.Form):
    """A transfer of the register: an activity and a recipient of the same organisation."""

    activity = forms.ModelChoiceField(label=_("Hoạt động xử lý"), queryset=None)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = organization.processing_activities.all()
        self.fields["recipient"].queryset = Recipient.objects.filter(organization=organization)


class TransferForm(_TransferRowForm):
    kind = forms.ChoiceField(
        label=_("Hình thức chuyển (Nghị định 356/2025 Điều 17 khoản 1)"),
        choices=TransferKind.choices,
    )
    recipient = forms.ModelChoiceField(label=_("Bên nhận"), queryset=None, required=False)
    country = forms.CharField(label=_("Quốc gia nhận"), max_length=100)
    data_description = text_box(_("Dữ liệu được chuyển"), rows=2, required=False)
    first_transfer_on = forms.DateField(
        label=_("Ngày chuyển đầu tiên"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Thời hạn nộp hồ sơ tính từ ngày này (Nghị định 356/2025 Điều 18 khoản 4)."),
    )
    exemption = forms.ChoiceField(
        label=_(
            "Trường hợp không phải đánh giá (Luật 91/2025 Điều 20 khoản 6; Nghị định 356/2025 Điều 17 khoản 3)"
        ),
        choices=TransferExemption.choices,
        required=False,
    )
    ended_on = forms.DateField(
        label=_("Ngày kết thúc (nếu đã dừng)"), widget=DATE_INPUT, required=False
    )


class DomesticTransferForm(_TransferRowForm):
    """A transfer to a party in Vietnam (Law 91/2025 Art. 17; Decree 356 Art. 7)."""

    recipient = forms.ModelChoiceField(
        label=_("Bên nhận tại Việt Nam"),
        queryset=None,
        help_text=_("Thêm bên nhận vào mục Bên liên quan trước nếu chưa có."),
    )
    purpose = text_box(_("Mục đích chuyển giao (Nghị định 356/2025 Điều 7 khoản 1 điểm a)"), rows=2)
    basic_data_types = basic_types_field()
    sensitive_data_types = sensitive_types_field()
    legal_basis = forms.ChoiceField(
        label=_("Cơ sở pháp lý (Luật 91/2025 Điều 17 khoản 1)"),
        choices=DomesticTransfer.Basis.choices,
    )
    transferred_on = forms.DateField(label=_("Ngày chuyển giao"), widget=DATE_INPUT, required=False)
    agreement = forms.CharField(
        label=_("Thỏa thuận chuyển giao (số, ngày)"),
        max_length=200,
        required=False,
        help_text=_(
            "Bắt buộc khi chuyển giao theo điểm a, c, d khoản 1 Điều 17 Luật 91/2025 "
            "(Nghị định 356/2025 Điều 7 khoản 1)."
        ),
    )
    ended_on = forms.DateField(
        label=_("Ngày kết thúc (nếu đã dừng)"), widget=DATE_INPUT, required=False
    )


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại thay đổi (Nghị định 356/2025 Điều 20)"), choices=RegisterChange.Kind.choices
    )
    scope = forms.ChoiceField(
        label=_("Hồ sơ liên quan"),
        choices=RegisterChange.Scope.choices,
        initial=RegisterChange.Scope.BOTH,
    )
    occurred_at = forms.DateTimeField(
        label=_("Thời điểm thay đổi (giờ Việt Nam)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    description = text_box(_("Nội dung thay đổi"))


def answers_form_class(kind: str):
    """Return a form with one field per answer of the dossier kind, grouped by section."""
    fields = {}
    groups = []
    for section in sections_for(kind):
        keys = []
        for f in section.fields:
            label = f"{f.numbers.get(kind, '')} {f.label}".strip()
            if f.kind == "yesno":
                field = forms.TypedChoiceField(
                    label=label,
                    choices=[("", "—"), ("1", _("Có")), ("0", _("Không"))],
                    coerce=lambda v: v == "1",
                    empty_value=None,
                    required=False,
                )
            elif f.kind == "number":
                field = forms.IntegerField(label=label, min_value=0, required=False)
            elif f.kind == "services":
                field = checkboxes(label, ProcessingService.choices)
            elif f.kind == "filer":
                field = forms.ChoiceField(
                    label=label,
                    choices=[
                        ("organization", _("Tổ chức, doanh nghiệp")),
                        ("individual", _("Cá nhân")),
                    ],
                    help_text=f.help,
                )
            elif f.kind == "line":
                field = forms.CharField(label=label, max_length=500, required=False)
            else:
                field = text_box(label, required=False, max_length=20000)
            fields[f.key] = field
            keys.append(f.key)
        groups.append((section, keys))
    cls = type("AnswersForm", (forms.Form,), fields)
    cls.groups = groups
    return cls


class EnclosureForm(forms.Form):
    category = forms.ChoiceField(label=_("Loại tài liệu"), choices=EnclosureCategory.choices)
    description = forms.CharField(label=_("Tên tài liệu"), max_length=300, required=False)
    file = forms.FileField(label=_("Tệp (PDF, PNG, JPEG, DOCX, ODT, XLSX)"))


class SubmitForm(forms.Form):
    document_number = forms.CharField(label=_("Số văn bản"), max_length=60, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    signer_name = forms.CharField(
        label=_("Người ký (đại diện tổ chức)"), max_length=200, required=False
    )
    change_reason = text_box(_("Lý do thay đổi (Mẫu 03a/03b mục 2)"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp XLSX"))


class DecisionForm(forms.Form):
    reasons = text_box(_("Nội dung, lý do"), rows=4, required=False, max_length=10000)


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Cán bộ xem xét"), queryset=None)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
