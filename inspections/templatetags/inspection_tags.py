from django import template

from pdp_portal.clock.services import format_due

register = template.Library()


@register.filter
def vn_datetime(value):
    """Return the instant as the portal shows due dates (Vietnam time), '' for None."""
    return format_due(value) if value else ""
