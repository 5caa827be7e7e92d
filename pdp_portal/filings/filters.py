"""The filters the agency's lists share, on the pages and in the API.

A month is typed as YYYY-MM (``2026-03``) and means the month in the portal's time zone. The API
checks every filter it is given and refuses a value it would not understand (400, with the
reason in the user's language) rather than ignoring it: a tool must never take the whole list
for the filtered one it asked for.
"""

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pdp_portal.clock.calendars import FIRST_YEAR, LAST_YEAR

# A month of the portal's calendar years (FIRST_YEAR to LAST_YEAR): 0000-01 is no date to Python
# and 9999-12 has no month after it; either answered 500 rather than "no such month".
MONTH_PATTERN = r"^20[0-9]{2}-(0[1-9]|1[0-2])$"
_TYPED = r"[0-9]{4}-(0[1-9]|1[0-2])"  # the form, whatever the year


def month_bounds(value: str) -> tuple[dt.datetime, dt.datetime] | None:
    """Return the local start of the month typed as YYYY-MM and of the month after, or None."""
    if not re.fullmatch(MONTH_PATTERN, value):
        return None
    first = dt.date(int(value[:4]), int(value[5:7]), 1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return tuple(dt.datetime.combine(d, dt.time.min, tzinfo=zone) for d in (first, following))


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2026-03"})
class MonthField(serializers.CharField):
    """A month as YYYY-MM, refused with a message otherwise."""

    default_error_messages = {
        "month": _("Tháng phải có dạng NNNN-TT, ví dụ 2026-03."),
        "year": _("Tháng phải thuộc các năm từ {first} đến {last}."),
    }

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if month_bounds(value) is None:
            if re.fullmatch(_TYPED, value):
                self.fail("year", first=FIRST_YEAR, last=LAST_YEAR)
            self.fail("month")
        return value
