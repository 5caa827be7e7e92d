"""The DPO's forms: a notice with its purposes (one row per purpose), a property key."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.models import ProcessingActivity


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
    activity = forms.ModelChoiceField(
        label=_("hoạt động xử lý"), queryset=ProcessingActivity.objects.none()
    )
    marketing = forms.BooleanField(label=_("quảng cáo, tiếp thị"), required=False)
    discloses_private_life = forms.BooleanField(
        label=_("công bố đời sống riêng tư"), required=False
    )

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = ProcessingActivity.objects.filter(
            organization=organization
        )


PurposeFormSet = forms.formset_factory(PurposeForm, extra=3, min_num=1, validate_min=True)


class PropertyKeyForm(forms.Form):
    name = forms.CharField(label=_("trang web hoặc ứng dụng"), max_length=100)
