from django import template
from django.utils.translation import gettext

from pdp_portal.filings.templatetags.filing_tags import due_text, thousands

register = template.Library()

# The filing pages' ways of writing instants and counts, under the names the dossier pages use.
register.filter("vn_datetime", due_text)
register.filter("thousands", thousands)


@register.filter
def translated(labels):
    """Return catalogue labels frozen in Vietnamese in a snapshot, read in the active language.

    A filed snapshot keeps its data-type labels as written (Vietnamese): they are the catalogue's
    message keys, so an English rendering of the same snapshot translates them one by one.
    """
    return [gettext(label) if label else label for label in labels or []]
