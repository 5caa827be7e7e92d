"""The keys an organisation gives its websites and apps to write to the portal (every app's).

Consents' property keys and the rights intake keys are made the same way (``pdp_portal.tokens``:
only a prefix and the SHA-256 of the secret are stored) and revoked the same way, here.
"""

from django.db import transaction
from django.utils import timezone

from pdp_portal.audit.services import audit_record


def key_revoke(key, *, actor, action: str, message: str, params: dict):
    """Revoke ``key`` at once and return it; only the call that revokes it is audited.

    The records the key made stay; the website or app using it is refused from now on.
    """
    with transaction.atomic():
        key = type(key).objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                action=action,
                message=message,
                params=params,
                obj=key,
                organization=key.organization,
            )
    return key
