from django import forms
from django.utils.translation import gettext_lazy as _

from pdp_portal.forms import text_box
from pdp_portal.organizations.qualifications import DegreeLevel, ExperienceField
from pdp_portal.phones import PhoneField

from .catalogue import EvidenceKind
from .models import AI_SYSTEM_FIELDS, CONTRACT_CLAUSES, AISystem, Contract, ProgrammeProfile

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProfileForm(forms.ModelForm):
    class Meta:
        model = ProgrammeProfile
        fields = list(ProgrammeProfile.FLAGS)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại bằng chứng"), choices=EvidenceKind.choices)
    description = forms.CharField(label=_("Mô tả"), max_length=300, required=False)
    file = forms.FileField(label=_("Tệp"))


class NoteForm(forms.Form):
    body = text_box(_("Ghi chú"))


class AISystemForm(forms.ModelForm):
    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = organization.processing_activities.all()
        self.fields["high_risk_entry"].queryset = organization.ai_high_risk_list.all()

    class Meta:
        model = AISystem
        fields = AI_SYSTEM_FIELDS
        widgets = {"activities": forms.CheckboxSelectMultiple, "assessed_on": DATE}


class HighRiskForm(forms.Form):
    name = forms.CharField(label=_("Loại hệ thống rủi ro cao"), max_length=300)
    source = forms.CharField(label=_("Nguồn"), max_length=300, required=False)


class ContractForm(forms.ModelForm):
    file = forms.FileField(label=_("Bản hợp đồng"), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = organization.dossier_recipients.all()
        for code, basis, label in CONTRACT_CLAUSES:
            self.fields[f"clause_{code}"] = forms.CharField(
                label=f"{label} ({basis})",
                max_length=20,
                required=False,
                help_text=_("Trang nêu điều khoản; để trống nếu hợp đồng không có."),
            )

    def clauses(self) -> dict:
        return {
            code: self.cleaned_data[f"clause_{code}"]
            for code, _basis, _label in CONTRACT_CLAUSES
            if self.cleaned_data.get(f"clause_{code}")
        }

    class Meta:
        model = Contract
        fields = ["kind", "party", "reference", "recipient", "renewal_on"]
        widgets = {"renewal_on": DATE}


class DesignationForm(forms.Form):
    reference = forms.CharField(label=_("Số quyết định"), max_length=100)
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE)
    file = forms.FileField(label=_("Quyết định (bản scan)"))


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    position = forms.CharField(label=_("Chức danh"), max_length=200, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = PhoneField(label=_("Điện thoại"), required=False)
    degree_level = forms.ChoiceField(label=_("Trình độ"), choices=DegreeLevel.choices)
    degree_field = forms.CharField(label=_("Chuyên ngành"), max_length=200, required=False)
    graduated_on = forms.DateField(label=_("Ngày tốt nghiệp"), widget=DATE, required=False)
    experience_field = forms.ChoiceField(
        label=_("Lĩnh vực kinh nghiệm"), choices=ExperienceField.choices
    )
    experience_since = forms.DateField(
        label=_("Bắt đầu công tác trong lĩnh vực từ"), widget=DATE, required=False
    )
    training = forms.CharField(
        label=_("Đào tạo về bảo vệ dữ liệu cá nhân"), max_length=500, required=False
    )
    file = forms.FileField(label=_("Thỏa thuận bảo mật (Điều 13 khoản 5)"), required=False)
    as_contact = forms.BooleanField(
        label=_("Là đầu mối bảo vệ dữ liệu cá nhân trên các biểu mẫu"), required=False
    )


class TrainingForm(forms.Form):
    held_on = forms.DateField(label=_("Ngày đào tạo"), widget=DATE)
    title = forms.CharField(label=_("Nội dung"), max_length=300)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Người tham dự"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    file = forms.FileField(label=_("Tài liệu"), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["attendees"].queryset = (
            get_user_model()
            .objects.filter(memberships__organization=organization)
            .order_by("username")
        )


class OptOutForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    email = forms.EmailField(label=_("Thư điện tử"))
    detail = text_box(_("Nội dung (không bắt buộc)"), required=False)
