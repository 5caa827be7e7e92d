"""The public notice page (Decree 356 Art. 29(3)(a)): no account, only published notices."""

from django.http import Http404
from django.shortcuts import render

from .models import Breach


def notice(request, public_id):
    try:
        breach = Breach.objects.select_related("organization").get(
            public_id=public_id, public_notice_published_at__isnull=False
        )
    except Breach.DoesNotExist:
        raise Http404("No such notice") from None
    response = render(request, "breaches/public_notice.html", {"breach": breach})
    # The notice names an incident, not a person; still, keep it out of shared caches' history.
    response["Cache-Control"] = "no-cache"
    return response
