"""The specialized agency's side: an inbox of submitted items across organisations."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.module_loading import import_string

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


# Each app that sends submissions to the agency contributes one section to the inbox; a section
# lists submitted items only, never drafts.
INBOX_SECTIONS = (
    "breaches.regulator_views.inbox_section",
    "dossiers.regulator_views.inbox_section",
    "certification.regulator_views.inbox_section",
)


@regulator_required
def inbox(request):
    sections = [section for path in INBOX_SECTIONS if (section := import_string(path)(request))]
    return render(request, "regulator/inbox.html", {"sections": sections})
