"""The specialized agency's side: the gate of every regulator page (the workspace is in filings)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from .permissions import is_regulator


def regulator_required(view):
    """Allow only members of the Regulator group; anyone else gets 404, as for a missing page."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_regulator(request.user):
            raise Http404("Not a regulator")
        return view(request, *args, **kwargs)

    return wrapper
