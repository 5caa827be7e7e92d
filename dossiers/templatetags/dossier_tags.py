from django import template
from django.utils.translation import gettext

from pdp_portal.clock.services import format_due

register = template.Library()


@register.filter
def vn_datetime(value):
    """Return 'Thứ Năm, 05/03/2026 09:30 (giờ Việt Nam)' for an aware datetime, '' for None."""
    if not value:
        return ""
    return format_due(value)


@register.filter
def thousands(value):
    """Return 120000 as '120.000', the Vietnamese grouping."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".")


@register.filter
def translated(labels):
    """Return catalogue labels frozen in Vietnamese in a snapshot, read in the active language.

    A filed snapshot keeps its data-type labels as written (Vietnamese): they are the catalogue's
    message keys, so an English rendering of the same snapshot translates them one by one.
    """
    return [gettext(label) if label else label for label in labels or []]
