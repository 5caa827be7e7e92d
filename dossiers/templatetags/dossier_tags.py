from django import template

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
