from django.shortcuts import redirect
from django.urls import reverse

# Paths an authenticated but not yet verified user may still reach.
_OPEN_PREFIXES = (
    "/accounts/",
    "/i18n/",
    "/static/",
    "/r/",
    "/track/",
    "/verify/",
    "/registry/",
    "/api/",
)


class RequireTwoFactorMiddleware:
    """Send every signed-in user who has not passed a second factor to verify or enrol (TOTP).

    Staff and regulators must use two-factor login; the public pages need no account at all.
    The API has its own rule: sessions must be verified, tokens are for machines.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
