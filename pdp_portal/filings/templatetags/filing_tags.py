from django import template

from pdp_portal.clock.services import format_due

register = template.Library()


@register.filter
def due_text(value):
    """Return an instant as the portal shows due dates, in the reader's language ('' for None)."""
    return format_due(value) if value else ""
