"""Form fields the portal's pages share: a text box of a few lines, a set of checkboxes."""

from django import forms


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
