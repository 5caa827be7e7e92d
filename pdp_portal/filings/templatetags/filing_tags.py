"""How the filing pages write instants and counts; the apps' tag libraries register these too."""

from django import template
from django.utils import timezone

from pdp_portal.clock.services import format_due
from pdp_portal.organizations.templatetags.portal_format import grouped

register = template.Library()


@register.filter
def due_text(value):
    """Return an instant as the portal shows due dates, in the reader's language ('' for None).

    E.g. 'Thứ Năm, 05/03/2026 09:30 (giờ Việt Nam)'.
    """
    return format_due(value) if value else ""


@register.filter
def iso(value):
    """Return an instant in Vietnam time as ISO 8601 (a live countdown's target), '' for None."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


@register.filter
def thousands(value):
    """Return 120000 grouped as the reader's language writes it: '120.000', or '120,000' in an
    English rendering ('' for nothing)."""
    if value is None or value == "":
        return ""
    return grouped(value)
