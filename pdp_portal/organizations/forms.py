from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from pdp_portal.forms import checkboxes
from pdp_portal.phones import phone_formfield

from .models import Membership, Organization, ProcessingRole, ProtectionContact, Sector


def _formfield(field, **kwargs):
    # Addresses typed without a scheme are taken as https:// (Django 6's default, asked for now).
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


# What the staff of an organisation write about it, on its edit page and through the API.
PROFILE_FIELDS = [
    "name",
    "name_foreign",
    "abbreviation",
    "tax_code",
    "registration_document",
    "head_office",
    "phone",
    "email",
    "website",
    "business_lines",
    "sectors",
    "size_class",
    "roles",
    "is_state_agency",
    "provides_processing_services",
    "processes_sensitive_data",
    "data_subject_count",
    "foreign_owned",
    "calendar",
    "slug",
]


class OrganizationForm(forms.ModelForm):
    phone = phone_formfield(Organization)
    roles = checkboxes(_("Vai trò trong xử lý dữ liệu"), ProcessingRole.choices)
    sectors = checkboxes(_("Lĩnh vực"), Sector.choices)
    business_lines = forms.CharField(
        label=_("Mã ngành, nghề kinh doanh"),
        required=False,
        help_text=_("Các mã ngành cách nhau bởi dấu phẩy, ví dụ 6201, 6311."),
    )

    class Meta:
        model = Organization
        formfield_callback = _formfield
        fields = PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["business_lines"] = ", ".join(self.instance.business_lines or [])

    def clean_business_lines(self):
        raw = self.cleaned_data.get("business_lines") or ""
        codes = [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]
        bad = [c for c in codes if not c.isdigit() or not 2 <= len(c) <= 5]
        if bad:
            raise forms.ValidationError(
                _(
                    "Mã ngành không hợp lệ: %(codes)s (mã ngành kinh tế Việt Nam gồm 2 đến 5 chữ số)."
                ),
                params={"codes": ", ".join(bad)},
            )
        return codes


class ProtectionContactForm(forms.ModelForm):
    phone = phone_formfield(ProtectionContact)

    class Meta:
        model = ProtectionContact
        fields = [
            "kind",
            "name",
            "position",
            "email",
            "phone",
            "address",
            "provider_tax_code",
            "contract_reference",
            "designation_document",
            "is_primary",
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ProtectionContact.Kind.PROVIDER and not data.get(
            "provider_tax_code"
        ):
            self.add_error("provider_tax_code", _("Cần mã số thuế của bên cung cấp dịch vụ."))
        return data


class MembershipForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Membership.Role.choices)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(
                _("Không có người dùng nào với tên đăng nhập này.")
            ) from None
