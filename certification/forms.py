"""Forms of the certification pages; every write still goes through certification.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pdp_portal.forms import text_box
from pdp_portal.phones import phone_formfield
from pdp_portal.uploads import MAX_FILES, check_upload

from .models import (
    SCHEME_POINTS,
    SERVICE_CLAUSES,
    Application,
    ChangeRequest,
    Enclosure,
    QualifiedStaff,
    RevocationGround,
    Service,
    point_label,
)
from .workflow import STAFF_FIELDS, UPDATABLE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NewApplicationForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=None, label=_("Tổ chức đề nghị"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        # The fields the organisation fills in; the scheme's points get one box each (below).
        fields = [name for name in UPDATABLE_FIELDS if name != "scheme_points"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        points = self.instance.scheme_points or {}
        for letter, label in SCHEME_POINTS:
            self.fields[f"scheme_{letter}"] = text_box(
                f"{point_label(letter)}) {label}",
                rows=2,
                required=False,
                initial=points.get(letter, ""),
                max_length=4000,
            )

    def scheme_fields(self):
        return [self[f"scheme_{letter}"] for letter, _label in SCHEME_POINTS]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["scheme_points"] = {
            letter: self.cleaned_data.get(f"scheme_{letter}", "") for letter, _l in SCHEME_POINTS
        }
        return data


class ServicesForm(forms.Form):
    """One checkbox and one scope per service of Decree 356 Art. 21."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in Service.choices:
            self.fields[f"use_{code}"] = forms.BooleanField(
                label=f"{SERVICE_CLAUSES[code]}. {label}", required=False, initial=code in current
            )
            self.fields[f"scope_{code}"] = forms.CharField(
                label=_("Phạm vi, lĩnh vực cung cấp"),
                required=False,
                max_length=500,
                initial=current.get(code, ""),
            )

    def rows(self):
        return [(self[f"use_{code}"], self[f"scope_{code}"]) for code in Service.values]

    def clean(self):
        data = super().clean()
        chosen = {}
        for code in Service.values:
            if data.get(f"use_{code}"):
                scope = (data.get(f"scope_{code}") or "").strip()
                if not scope:
                    self.add_error(f"scope_{code}", _("Cần ghi phạm vi, lĩnh vực cung cấp."))
                chosen[code] = scope
        if not chosen:
            raise forms.ValidationError(_("Chọn ít nhất một dịch vụ theo Điều 21."))
        data["services"] = chosen
        return data


class StaffForm(forms.ModelForm):
    phone = phone_formfield(QualifiedStaff)

    class Meta:
        model = QualifiedStaff
        fields = list(STAFF_FIELDS)
        widgets = {"graduated_on": DATE, "experience_since": DATE}


class EnclosureForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"),
        choices=[c for c in Enclosure.Kind.choices if c[0] != Enclosure.Kind.EVIDENCE],
    )
    staff = forms.ModelChoiceField(
        queryset=QualifiedStaff.objects.none(), required=False, label=_("Của nhân sự")
    )
    description = forms.CharField(label=_("Mô tả"), required=False, max_length=300)
    file = forms.FileField(label=_("Tệp (PDF, PNG, JPEG, DOCX, ODT, XLSX)"))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = application.staff.all()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


class SubmitForm(forms.Form):
    note = text_box(
        _("Nội dung đã bổ sung, hoàn thiện (khi nộp bổ sung)"), required=False, max_length=4000
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Đề nghị"), choices=ChangeRequest.Kind.choices)
    reason = text_box(_("Lý do cấp lại/thay đổi"), max_length=4000)
    changes = text_box(
        _("Nội dung thay đổi trên giấy chứng nhận (khi cấp đổi)"), required=False, max_length=4000
    )
    document_number = forms.CharField(label=_("Số đơn"), required=False, max_length=60)
    signer_name = forms.CharField(label=_("Người ký đơn"), required=False, max_length=200)
    uploads = MultipleFileField(
        label=_("Giấy tờ, tài liệu kèm theo (bắt buộc khi cấp đổi)"), required=False
    )

    def clean_uploads(self):
        uploads = self.cleaned_data.get("uploads") or []
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(_("Tối đa %(n)s tệp.") % {"n": MAX_FILES})
        for upload in uploads:
            check_upload(upload)
        return uploads


class MessageForm(forms.Form):
    message = text_box(_("Lý do, nội dung"), required=False, max_length=4000)


class GrantForm(forms.Form):
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=200)
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"), required=False, max_length=200, initial="THỦ TRƯỞNG CƠ QUAN"
    )
    proposed_by = forms.CharField(label=_("Theo đề nghị của"), required=False, max_length=300)


class RevokeForm(GrantForm):
    ground = forms.ChoiceField(
        label=_("Căn cứ thu hồi (Nghị định 356/2025 Điều 27 khoản 1)"),
        choices=[("", "—")] + list(RevocationGround.choices),
        required=False,
    )
    reason = text_box(_("Lý do cụ thể"), required=False)
    decision_number = forms.CharField(label=_("Số quyết định"), required=False, max_length=60)
    notice = text_box(_("Thông báo công khai (để trống: nội dung mặc định)"), required=False)
