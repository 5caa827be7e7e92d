"""The specialized agency's side: an inbox of submitted items across organisations."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

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


@regulator_required
def inbox(request):
    # Submitted breach notifications, dossiers and certificate applications join this inbox
    # as their apps land; drafts never appear here.
    return render(request, "regulator/inbox.html", {"sections": []})
