from urllib.parse import urlencode

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

# Paths an authenticated but not yet verified user may still reach: the login steps themselves,
# the language switch, static files, the public pages (which need no account at all) and the
# API, which answers 401/403 itself because it only accepts verified sessions.
_OPEN_PREFIXES = (
    "/accounts/",
    "/i18n/",
    "/jsi18n/",
    "/static/",
    "/r/",
    "/track/",
    "/verify/",
    "/registry/",
    "/notices/",
    "/transparency/",
    "/ai/",
    "/consent/",
    "/p/",
    "/.well-known/",
    "/api/",
)


class RequireTwoFactorMiddleware:
    """Send every signed-in user who has not passed a second factor to verify or enrol (TOTP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two_factor')}?{query}")
        return self.get_response(request)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Show Vietnamese unless the visitor chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the portal is a
    Vietnamese compliance tool first, so on its pages only the explicit choice (the language
    cookie) counts. API clients ask with Accept-Language, as HTTP intends.
    """

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        choice = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = choice if choice in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
