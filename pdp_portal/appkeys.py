"""The keys an organisation gives its websites and apps to write to the portal (every app's).

Consents' property keys and the rights intake keys are made the same way (``pdp_portal.tokens``:
only a prefix and the SHA-256 of the secret are stored), revoked the same way and checked on
each API call the same way, here.
"""

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from pdp_portal.audit.services import audit_record
from pdp_portal.tokens import token_hash


def _audit(key, **event) -> None:
    """Audit ``event`` on ``key``, in its organisation's trail."""
    audit_record(obj=key, organization=key.organization, **event)


def key_create(
    model, *, actor, organization, secret: str, action: str, message: str, params: dict, **fields
):
    """Store a new key of ``model`` for ``secret`` and audit it in one transaction; return it.

    Only the SHA-256 of the secret is stored (with the ``prefix`` among ``fields`` to name it):
    the secret itself is shown once, by the caller.
    """
    with transaction.atomic():
        key = model.objects.create(organization=organization, key_hash=token_hash(secret), **fields)
        _audit(key, actor=actor, action=action, message=message, params=params)
    return key


def key_revoke(key, *, actor, action: str, message: str, params: dict):
    """Revoke ``key`` at once and return it; only the call that revokes it is audited.

    The records the key made stay; the website or app using it is refused from now on.
    """
    with transaction.atomic():
        key = type(key).objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            _audit(key, actor=actor, action=action, message=message, params=params)
    return key


class AppKeyAuthentication(BaseAuthentication):
    """``Authorization: <keyword> <key>``: a key of ``model`` that is not revoked.

    The call acts as an anonymous user; the key (with its organisation) is ``request.auth``.
    """

    model: type  # a key model: ``key_hash``, ``revoked_at`` and ``organization``
    keyword: str  # as sent in the header, e.g. "Consent"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        what = self.keyword.lower()
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(f"Invalid {what} key header.")
        key = (
            self.model.objects.select_related("organization")
            .filter(key_hash=token_hash(parts[1].decode("ascii", "replace")), revoked_at=None)
            .first()
        )
        if key is None:
            raise exceptions.AuthenticationFailed(f"Invalid or revoked {what} key.")
        self.key_used(key)
        return AnonymousUser(), key

    def key_used(self, key) -> None:
        """Called with the key each call is let in with (e.g. to record when it was last used)."""

    def authenticate_header(self, request):
        return self.keyword


class HasAppKey(BasePermission):
    """Let in only the calls made with a key of ``model`` (see ``AppKeyAuthentication``)."""

    model: type

    def has_permission(self, request, view):
        return isinstance(request.auth, self.model)


class AppKeyScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme of an ``AppKeyAuthentication``: subclasses name its target."""

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": f"{self.target.keyword} <key>",
        }
