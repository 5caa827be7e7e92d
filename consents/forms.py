"""The DPO's forms: a notice with its purposes (one row per purpose), a property key."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pdp_portal.phones import PhoneField

from .models import EVIDENCE_FIELDS, Capacity, CollectionPoint, IdentifierKind, Method, Purpose

# The register's activities, reached through the purpose's relation (apps import no other app).
Activity = Purpose.activity.field.related_model


class NoticeForm(forms.Form):
    title_vi = forms.CharField(label=_("tiêu đề (tiếng Việt)"), max_length=300)
    text_vi = forms.CharField(label=_("nội dung thông báo (tiếng Việt)"), widget=forms.Textarea)
    title_en = forms.CharField(label=_("tiêu đề (tiếng Anh)"), max_length=300, required=False)
    text_en = forms.CharField(
        label=_("nội dung thông báo (tiếng Anh)"), widget=forms.Textarea, required=False
    )


class PurposeForm(forms.Form):
    code = forms.SlugField(label=_("mã mục đích"), max_length=50)
    label_vi = forms.CharField(label=_("mục đích (tiếng Việt)"), max_length=300)
    label_en = forms.CharField(label=_("mục đích (tiếng Anh)"), max_length=300, required=False)
    activity = forms.ModelChoiceField(label=_("hoạt động xử lý"), queryset=Activity.objects.none())
    marketing = forms.BooleanField(label=_("quảng cáo, tiếp thị"), required=False)
    discloses_private_life = forms.BooleanField(
        label=_("công bố đời sống riêng tư"), required=False
    )
    valid_months = forms.IntegerField(
        label=_("thời hạn của sự đồng ý (tháng)"),
        min_value=1,
        max_value=1200,
        required=False,
        help_text=_(
            "Thời gian lưu trữ đã báo cho chủ thể; để trống nếu sự đồng ý có hiệu lực đến khi chủ "
            "thể thay đổi (Luật 91/2025 Điều 3 khoản 3, Điều 9 khoản 4 điểm c)."
        ),
    )

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(organization=organization)


PurposeFormSet = forms.formset_factory(PurposeForm, extra=3, min_num=1, validate_min=True)


class PropertyKeyForm(forms.Form):
    name = forms.CharField(label=_("trang web hoặc ứng dụng"), max_length=100)


class StaffRecordForm(forms.Form):
    """A consent received on paper, by phone or SMS, entered by staff with its evidence.

    One answer per purpose with no default (Decree 356/2025 Art. 6(3): no default consent).
    """

    identifier_kind = forms.ChoiceField(label=_("Loại định danh"), choices=IdentifierKind.choices)
    identifier = forms.CharField(label=_("Định danh"), max_length=254)
    method = forms.ChoiceField(label=_("Phương thức"), choices=Method.choices)
    collection_point = forms.ChoiceField(label=_("Nơi thu thập"), choices=CollectionPoint.choices)
    collected_at = forms.DateTimeField(
        label=_("Thời điểm"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    language = forms.ChoiceField(
        label=_("Ngôn ngữ của chủ thể"), choices=[("vi", "Tiếng Việt"), ("en", "English")]
    )
    document_ref = forms.CharField(label=_("Số, ký hiệu văn bản lưu"), required=False)
    evidence_file = forms.FileField(label=_("Bản quét biểu mẫu đã ký"), required=False)
    recording_ref = forms.CharField(label=_("Mã bản ghi âm cuộc gọi"), required=False)
    phone = PhoneField(label=_("Số điện thoại gọi đến"), required=False)
    sms_number = forms.CharField(label=_("Số nhận tin nhắn"), required=False)
    sms_syntax = forms.CharField(label=_("Cú pháp tin nhắn"), required=False)
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea)
    # The same bounds as the API's (consents/api.py): a typing error, not a database error.
    subject_age = forms.IntegerField(
        label=_("Tuổi (nếu là trẻ em)"), min_value=0, max_value=150, required=False
    )
    capacity = forms.ChoiceField(label=_("Năng lực hành vi"), choices=Capacity.choices)
    representative_name = forms.CharField(label=_("Người đại diện"), required=False)
    representative_relationship = forms.CharField(label=_("Quan hệ với chủ thể"), required=False)
    child_agreed = forms.BooleanField(label=_("Trẻ em cũng đồng ý"), required=False)

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.purpose_fields = []
        for purpose in notice.purposes.all():
            name = f"purpose_{purpose.code}"
            self.fields[name] = forms.ChoiceField(
                label=purpose.label_vi,
                choices=[("", "—"), ("given", _("Đồng ý")), ("refused", _("Không đồng ý"))],
                required=False,
                widget=forms.RadioSelect,
            )
            self.purpose_fields.append(name)
        self.order_fields(["identifier_kind", "identifier", *self.purpose_fields])

    def record_data(self, notice) -> dict:
        data = self.cleaned_data
        return {
            "notice_version": notice.version,
            "identifier_kind": data["identifier_kind"],
            "identifier": data["identifier"],
            "decisions": {
                name.removeprefix("purpose_"): data[name]
                for name in self.purpose_fields
                if data.get(name)
            },
            "method": data["method"],
            "evidence": {k: data[k] for k in EVIDENCE_FIELDS if data.get(k)},
            "evidence_file": data.get("evidence_file"),
            "collection_point": data["collection_point"],
            "collected_at": data["collected_at"],
            "language": data["language"],
            "subject_age": data.get("subject_age"),
            "capacity": data["capacity"],
            "representative": {
                "name": data.get("representative_name"),
                "relationship": data.get("representative_relationship"),
                "child_agreed": data.get("child_agreed"),
            },
        }

    def add_service_errors(self, errors: dict) -> None:
        """Show the service's refusals (field and article) on the form's own fields."""
        for key, messages in errors.items():
            name = key.split(".", 1)[-1]
            if key.startswith("decisions."):
                name = f"purpose_{name}"
            elif key == "representative.name":
                name = "representative_name"
            self.add_error(name if name in self.fields else None, messages)
