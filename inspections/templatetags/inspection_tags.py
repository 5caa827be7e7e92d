from django import template

from pdp_portal.filings.templatetags.filing_tags import due_text

register = template.Library()

# The filing pages' way of writing an instant (Vietnam time), under the name these pages use.
register.filter("vn_datetime", due_text)
