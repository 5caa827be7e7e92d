from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_FIELDS, CentreDraft


class CentreDraftForm(forms.ModelForm):
    class Meta:
        model = CentreDraft
        fields = list(TEXT_FIELDS)
        widgets = {
            "introduction_vi": forms.Textarea(attrs={"rows": 5}),
            "introduction_en": forms.Textarea(attrs={"rows": 5}),
            "notes_vi": forms.Textarea(attrs={"rows": 4}),
            "notes_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "introduction_vi": _(
                "Vài câu giới thiệu tổ chức và cam kết bảo vệ dữ liệu cá nhân, bằng lời dễ hiểu."
            ),
            "contact_hours_vi": _("Ví dụ: Thứ Hai đến Thứ Sáu, 8:00-17:00 (trừ ngày lễ)."),
            "notes_vi": _("Ví dụ: địa chỉ quầy tiếp nhận, cách gửi yêu cầu qua bưu chính."),
        }
