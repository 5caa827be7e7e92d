from django import template
from django.utils import timezone
from django.utils.text import capfirst

from certification.models import point_label
from pdp_portal.clock.calendars import weekday_name
from pdp_portal.filings.templatetags.filing_tags import due_text, iso

register = template.Library()


# The filing pages' ways of writing instants, under the names the certification pages use.
register.filter("vn_datetime", due_text)
register.filter("iso", iso)


@register.filter
def vn_date(value):
    """Return 'Thứ Hai, 02/03/2026' (the day in Vietnam time) for a datetime or a date."""
    if not value:
        return ""
    day = timezone.localtime(value).date() if hasattr(value, "hour") else value
    return f"{capfirst(weekday_name(day))}, {day.strftime('%d/%m/%Y')}"


@register.filter
def point(letter):
    """Return the letter of a point of a Vietnamese article as the active language writes it."""
    return point_label(letter)
