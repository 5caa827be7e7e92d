"""The filter of the statistics pages: an organisation (among those the reader may see), a period."""

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdp_portal.forms import within_calendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Return the last twelve months: from the first day of the month eleven months ago to today."""
    month = today.month - 11
    year = today.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1), today


class StatsFilter(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Tổ chức"), queryset=None, required=False, empty_label=_("Tất cả")
    )
    start = forms.DateField(
        label=_("Từ ngày"), required=False, widget=DATE_INPUT, validators=[within_calendar]
    )
    end = forms.DateField(
        label=_("Đến ngày"), required=False, widget=DATE_INPUT, validators=[within_calendar]
    )

    def __init__(self, data, *, organizations):
        super().__init__(data)
        self.fields["organization"].queryset = organizations

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data

    def choices(self) -> tuple:
        """Return (organisation or None, first day, last day): the defaults where input is bad."""
        today = timezone.localdate(timezone=VN)
        first, last = default_period(today)
        self.is_valid()  # what is valid is kept; a bad field falls back to its default
        data = self.cleaned_data
        start, end = data.get("start") or first, data.get("end") or last
        if start > end:
            start, end = first, last
        return data.get("organization"), start, end


def day_start(day: dt.date) -> dt.datetime:
    """Return 00:00 of ``day`` in Vietnam time."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=VN)
