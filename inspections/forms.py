from django import forms
from django.utils.translation import gettext_lazy as _

from pdp_portal.clock.rules import REMEDIATION_PERIODS
from pdp_portal.forms import text_box
from pdp_portal.organizations.models import Organization
from pdp_portal.organizations.people import regulators

from .models import Content, Ground, Kind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PERIOD_CHOICES = [(d, _("%(n)s ngày") % {"n": d}) for d in REMEDIATION_PERIODS]
# Remediation items a finding form offers at once.
ITEM_ROWS = 3


class RegulatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class RegulatorsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class InspectionForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Đối tượng kiểm tra"), queryset=Organization.objects.order_by("name")
    )
    kind = forms.ChoiceField(label=_("Hình thức kiểm tra (Điều 31 khoản 1)"), choices=Kind.choices)
    ground = forms.ChoiceField(
        label=_("Trường hợp kiểm tra (Điều 31 khoản 1)"),
        choices=Ground.choices,
        widget=forms.RadioSelect,
    )
    contents = forms.MultipleChoiceField(
        label=_("Nội dung kiểm tra (Điều 31 khoản 3)"),
        choices=Content.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    requirements = text_box(
        _("Yêu cầu cụ thể trong quyết định kiểm tra (Điều 31 khoản 5)"),
        required=False,
        max_length=4000,
    )
    decision_number = forms.CharField(label=_("Số quyết định kiểm tra"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE)
    start_date = forms.DateField(label=_("Ngày bắt đầu kiểm tra"), widget=DATE)
    period_start = forms.DateField(label=_("Kỳ kiểm tra từ ngày"), widget=DATE)
    period_end = forms.DateField(label=_("Kỳ kiểm tra đến ngày"), widget=DATE)
    unscheduled = forms.BooleanField(
        label=_(
            "Kiểm tra đột xuất, tiến hành ngay không thông báo trước (Điều 31 khoản 4, chỉ với "
            "kiểm tra đột xuất)"
        ),
        required=False,
    )
    lead = RegulatorChoice(label=_("Trưởng đoàn"), queryset=regulators())
    team = RegulatorsChoice(
        label=_("Thành viên đoàn"),
        queryset=regulators(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated per form: a regulator granted since start-up is offered too.
        self.fields["lead"].queryset = regulators()
        self.fields["team"].queryset = regulators()


class FindingForm(forms.Form):
    description = text_box(_("Nội dung phát hiện"), max_length=4000)
    basis = forms.CharField(label=_("Căn cứ pháp lý"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ITEM_ROWS + 1):
            self.fields[f"item_{n}"] = forms.CharField(
                label=_("Biện pháp khắc phục %(n)s") % {"n": n}, required=False, max_length=2000
            )
            self.fields[f"period_{n}"] = forms.TypedChoiceField(
                label=_("Thời hạn khắc phục %(n)s") % {"n": n},
                choices=PERIOD_CHOICES,
                coerce=int,
                initial=30,
            )

    def items(self) -> list[tuple[str, int]]:
        return [
            (self.cleaned_data[f"item_{n}"], self.cleaned_data[f"period_{n}"])
            for n in range(1, ITEM_ROWS + 1)
            if self.cleaned_data.get(f"item_{n}")
        ]


class ConclusionForm(forms.Form):
    conclusion = text_box(_("Kết luận kiểm tra"), rows=4, max_length=8000)


class RescheduleForm(forms.Form):
    start_date = forms.DateField(label=_("Ngày bắt đầu mới"), widget=DATE)
    reason = forms.CharField(label=_("Lý do thay đổi"), max_length=2000)


class ReasonForm(forms.Form):
    reason = text_box(_("Lý do"), rows=2, max_length=2000)


class RemediationForm(forms.Form):
    note = text_box(_("Nội dung đã khắc phục"), max_length=4000)
