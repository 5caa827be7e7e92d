"""Small helpers of the public pages shared by every app: the client's address, token pages."""

from functools import wraps

from django.conf import settings
from django.views.decorators.cache import never_cache


def client_ip(request) -> str:
    """Return the client's address by the proxy headers django-axes is told to trust."""
    for header in getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ["REMOTE_ADDR"]):
        value = request.META.get(header, "")
        if value:
            return value.split(",")[0].strip()
    return ""


def private_page(view):
    """Keep a token page out of caches, referrers and search engines."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # "same-origin": the token never reaches another site in a Referer header. Not
        # "no-referrer": browsers then send "Origin: null" with the page's own forms (confirm,
        # withdraw), and Django's CSRF check refuses them.
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapper)
