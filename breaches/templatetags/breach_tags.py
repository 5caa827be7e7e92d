from django import template

from pdp_portal.filings.templatetags.filing_tags import due_text, iso, thousands

register = template.Library()

# The filing pages' ways of writing instants and counts, under the names the breach pages use.
register.filter("vn_datetime", due_text)
register.filter("iso", iso)
register.filter("thousands", thousands)


@register.filter
def get_count(mapping, key):
    return (mapping or {}).get(key, 0)
