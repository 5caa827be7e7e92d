"""Form fields the portal's pages share: a text box of a few lines, a set of checkboxes; and the
check that a typed day falls in the years the portal's calendar knows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pdp_portal.clock.calendars import FIRST_YEAR, LAST_YEAR


def within_calendar(day) -> None:
    """Refuse a date or instant outside the years of the portal's calendar (FIRST_YEAR-LAST_YEAR).

    Typed as 9999-12-31 or 0001-01-01, a day has no day after or before it for the periods
    counted from it: that was a server error, not a message.
    """
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise outside_calendar()


def outside_calendar() -> forms.ValidationError:
    """The refusal of a date outside the years of the portal's calendar."""
    return forms.ValidationError(
        _("Ngày phải nằm trong các năm từ %(first)s đến %(last)s."),
        params={"first": FIRST_YEAR, "last": LAST_YEAR},
    )


def text_box(label, rows: int = 3, **kwargs) -> forms.CharField:
    """Return a text field typed in a box ``rows`` lines high."""
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def checkboxes(label, choices, **kwargs) -> forms.MultipleChoiceField:
    """Return a choice of any number of ``choices``, one checkbox each; none is required."""
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        **kwargs,
    )
