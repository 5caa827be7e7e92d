from rest_framework.authentication import SessionAuthentication


class VerifiedSessionAuthentication(SessionAuthentication):
    """Session authentication that accepts only sessions that passed two-factor login."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if not getattr(request._request.user, "is_verified", lambda: False)():
            return None
        return user, result[1]
