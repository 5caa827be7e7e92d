"""A lean path for the posts of the public request form (Decree 356/2025 Art. 5(1))."""

from django.core.handlers.exception import convert_exception_to_response
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve

from pdp_portal.accounts.middleware import VietnameseFirstLocaleMiddleware

FORM_VIEW = "rights_public:form"


class PublicFormPostMiddleware:
    """Serve a post of the public request form with only the middleware it needs.

    The data subject has no account: sessions, authentication, two-factor, messages and axes have
    nothing to do with the post, and going through them cost about as much as filing the request.
    The post gets what it needs, in the order of MIDDLEWARE: the language of the page
    (VietnameseFirstLocaleMiddleware), the CSRF check, the clickjacking header. Every other
    request, and a GET of the form, takes the whole stack.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Each layer wrapped as Django wraps middleware: an exception becomes its response
        # (a 404, a 403 page) before the layers outside see it.
        self.csrf = CsrfViewMiddleware(
            convert_exception_to_response(
                XFrameOptionsMiddleware(convert_exception_to_response(self._view))
            )
        )
        self.lean = VietnameseFirstLocaleMiddleware(convert_exception_to_response(self.csrf))

    def __call__(self, request):
        if request.method == "POST" and request.path_info.startswith("/r/"):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and match.view_name == FORM_VIEW:
                request.resolver_match = match
                return self.lean(request)
        return self.get_response(request)

    def _view(self, request):
        match = request.resolver_match
        refused = self.csrf.process_view(request, match.func, match.args, match.kwargs)
        if refused is not None:
            return refused
        return match.func(request, *match.args, **match.kwargs)
