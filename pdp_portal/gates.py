"""How every app's gate answers: the row asked for among those the user may reach, or 404."""

from django.core.exceptions import ValidationError
from django.http import Http404


def one_or_404(queryset, what: str, **lookup):
    """Return the row of ``queryset`` matching ``lookup``, or raise Http404.

    Missing, forbidden (``queryset`` holds only what the user may reach) and malformed (a pk that
    is not a number, a uid that is not a UUID) answer alike, so that nobody learns from the
    answer that another organisation's object exists.
    """
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404(f"No such {what}") from None
