"""How the OpenAPI schema describes the portal's authenticators (drf-spectacular extensions).

Loaded by AccountsConfig.ready(): an extension counts only once imported, and every schema,
the whole API's or one app's in its tests, must see it.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    # Describes the session authenticator (a cookie, like DRF's own) in the OpenAPI schema, so
    # the schema generates without warnings. A verified (two-factor) session is required.
    target_class = "pdp_portal.accounts.authentication.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        from django.conf import settings

        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
