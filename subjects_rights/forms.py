"""Forms of the public request page and of the staff pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdp_portal.clock.rules import get_rule
from pdp_portal.forms import text_box
from pdp_portal.organizations.models import Membership
from pdp_portal.phones import PhoneField
from pdp_portal.uploads import MAX_FILES, check_upload

from .models import (
    GROUND_ONLY_FOR,
    STAFF_CHANNELS,
    RefusalGround,
    Relationship,
    RequestType,
    Status,
    ThirdPartyAction,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files (Django documentation, "Uploading multiple files")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.odt,.xlsx"}),
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        if len(files) > MAX_FILES:
            raise ValidationError(_("Tối đa %(n)s tệp.") % {"n": MAX_FILES})
        errors = []
        for upload in files:
            try:
                check_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


class SubjectFieldsMixin(forms.Form):
    request_type = forms.ChoiceField(
        label=_("Bạn muốn yêu cầu gì?"), choices=RequestType.choices, widget=forms.RadioSelect
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        help_text=_(
            "Chúng tôi gửi đường dẫn xác nhận và mọi thông báo về yêu cầu tới địa chỉ này."
        ),
    )
    phone = PhoneField(label=_("Điện thoại (không bắt buộc)"), required=False)
    relationship = forms.ChoiceField(
        label=_("Bạn là"), choices=Relationship.choices, initial=Relationship.CUSTOMER
    )
    description = text_box(
        _("Nội dung yêu cầu"),
        rows=6,
        max_length=5000,
        help_text=_(
            "Mô tả dữ liệu hoặc việc xử lý bạn muốn yêu cầu, và thông tin giúp tổ chức nhận ra bạn "
            "(ví dụ số hợp đồng, mã khách hàng). Không gửi ảnh căn cước hay giấy tờ tùy thân."
        ),
    )
    attachments = MultipleFileField(
        label=_("Tài liệu kèm theo (không bắt buộc)"),
        help_text=_("PDF, PNG, JPEG, DOCX, ODT hoặc XLSX; tối đa 5 tệp."),
    )


class _SharedFields(dict):
    """The fields of a form instance that only validates: the class's own, not a deep copy."""

    def __deepcopy__(self, memo):
        return self


class PublicRequestForm(SubjectFieldsMixin):
    """The data subject's form (Decree 356/2025 Art. 5(1)): no account, no identity documents."""

    # Anti-abuse: people do not see this field (hidden by CSS and aria-hidden), bots fill it in.
    website = forms.CharField(required=False, label=_("Để trống ô này"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, validate_only=False, **kwargs):
        if validate_only:
            # Django deep-copies every field and widget for each form, so that an instance may
            # change its own; one that validates a post and is never shown changes none, and the
            # copy was a tenth of the cost of filing a request. A form with errors to show is
            # built again, normally (the view does).
            self.base_fields = _SharedFields(type(self).base_fields)
        super().__init__(*args, **kwargs)

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class StaffRequestForm(SubjectFieldsMixin):
    """A request received by e-mail, post, phone or at the counter, entered by staff."""

    organization = forms.ModelChoiceField(label=_("Tổ chức"), queryset=None)
    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"),
        choices=[(c.value, c.label) for c in STAFF_CHANNELS],
    )
    received_at = forms.DateTimeField(
        label=_("Thời điểm tiếp nhận (giờ Việt Nam)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Thời điểm thật tổ chức nhận được yêu cầu: các thời hạn tính từ thời điểm này."
        ),
    )
    language = forms.ChoiceField(
        label=_("Ngôn ngữ trả lời"), choices=[("vi", "Tiếng Việt"), ("en", "English")]
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0]
        self.fields["email"].required = False
        self.fields["email"].help_text = _("Nếu có: mọi thông báo được gửi tới địa chỉ này.")
        self.fields["request_type"].label = _("Loại yêu cầu")
        self.fields["relationship"].label = _("Quan hệ với tổ chức")
        self.fields["description"].help_text = ""
        self.order_fields(["organization", "channel", "received_at"])

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now():
            raise ValidationError(_("Thời điểm tiếp nhận không thể ở tương lai."))
        return value


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Người xử lý"), queryset=None, required=False, empty_label=_("— Chưa giao —")
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__organization=organization,
                memberships__role__in=[Membership.Role.DPO, Membership.Role.STAFF],
                is_active=True,
            )
            .order_by("username")
        )
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class RespondForm(forms.Form):
    body = text_box(_("Nội dung phản hồi"), rows=10, max_length=10000)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Số ngày gia hạn"), min_value=1)
    reason = text_box(_("Lý do (gửi cho chủ thể dữ liệu)"), max_length=2000)

    def __init__(self, *args, rule_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        rule = get_rule(rule_code)
        self.max_days = rule.max_extension_days or 0
        self.fields["days"].max_value = self.max_days
        self.fields["days"].widget.attrs["max"] = self.max_days
        self.fields["days"].validators.append(MaxValueValidator(self.max_days))
        self.fields["days"].help_text = _("Tối đa %(max)s ngày, một lần (%(basis)s).") % {
            "max": self.max_days,
            "basis": rule.basis,
        }


class ThirdPartyForm(forms.Form):
    party_kind = forms.ChoiceField(label=_("Bên"), choices=ThirdPartyAction.PartyKind.choices)
    party_name = forms.CharField(label=_("Tên"), max_length=300)
    description = text_box(_("Việc cần làm"), rows=2, max_length=2000)


class ThirdPartyDoneForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)


class FulfilForm(forms.Form):
    note = text_box(_("Kết quả thực hiện (gửi cho chủ thể dữ liệu)"), rows=5, max_length=10000)
    evidence = MultipleFileField(label=_("Bằng chứng (lưu nội bộ)"))


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("Căn cứ pháp lý"), choices=RefusalGround.choices)
    detail = text_box(_("Giải thích cho chủ thể dữ liệu"), rows=4, max_length=5000)

    def __init__(self, *args, group: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [
            (value, label)
            for value, label in RefusalGround.choices
            if GROUND_ONLY_FOR.get(value, group) == group
        ]


class MessageForm(forms.Form):
    body = text_box(
        _("Thông báo cho chủ thể dữ liệu"),
        rows=4,
        max_length=10000,
        help_text=_("Ví dụ: đề nghị cung cấp thêm thông tin để xác định đúng người yêu cầu."),
    )


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Đang xử lý")), ("all", _("Tất cả"))] + list(Status.choices),
    )
    type = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả"))] + list(RequestType.choices)
    )
    assignee = forms.ChoiceField(label=_("Người xử lý"), required=False)
    due = forms.ChoiceField(
        label=_("Thời hạn"),
        required=False,
        choices=[("", _("Tất cả")), ("soon", _("Sắp đến hạn")), ("overdue", _("Quá hạn"))],
    )
    q = forms.CharField(label=_("Tìm theo tên, thư điện tử, mã"), required=False, max_length=100)

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", _("Tất cả")),
            ("me", _("Tôi")),
            ("none", _("Chưa giao")),
        ] + [(str(u.pk), u.get_full_name() or u.username) for u in assignees]
