"""Append events to the audit chain."""

from datetime import UTC

from django.db import connection, transaction
from django.utils import timezone

from .models import GENESIS_HASH, AuditEvent

# Any constant will do: every append takes this transaction-level advisory lock, so two
# transactions never read the same "last hash" and fork the chain.
_ADVISORY_LOCK_KEY = 0x5044_5041_5544


def _serialise_appends() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
    # SQLite serialises writers with its database lock: nothing more to do.


def audit_record(
    *,
    actor,
    action: str,
    summary: str,
    obj=None,
    organization=None,
    data: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction."""
    with transaction.atomic():
        _serialise_appends()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        if organization is None and obj is not None:
            organization = getattr(obj, "organization", None)
        event = AuditEvent(
            created_at=timezone.now().astimezone(UTC),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=_actor_label(actor),
            organization=organization,
            organization_ref=str(organization.pk) if organization is not None else "",
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            summary=summary[:500],
            data=data or {},
            prev_hash=last or GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
        return event


def _actor_label(actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    if getattr(actor, "pk", None):
        return f"user:{actor.pk}:{actor.get_username()}"
    return "anonymous"


def audit_verify() -> tuple[int, AuditEvent | None, str]:
    """Recompute the chain; return (events checked, first broken event or None, reason)."""
    prev = GENESIS_HASH
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev:
            return count, event, "prev_hash does not match the previous event"
        if event.compute_hash() != event.hash:
            return count, event, "content does not match its hash"
        prev = event.hash
        count += 1
    return count, None, ""
