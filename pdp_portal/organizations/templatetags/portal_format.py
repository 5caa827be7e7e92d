from django import template
from django.utils.formats import get_format

register = template.Library()


@register.filter
def grouped(value):
    """Return an integer with its thousands grouped as the active language writes them."""
    # Django's Vietnamese formats set no NUMBER_GROUPING, so floatformat/intcomma would print
    # 1250000; Vietnamese writes 1.250.000, English 1,250,000.
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    return f"{number:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
