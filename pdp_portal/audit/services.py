"""Append events to the audit chain."""

from datetime import UTC
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from .models import GENESIS_HASH, AuditEvent, AuditHead


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
    # No savepoint: the event belongs to the caller's change and rolls back with it.
    with transaction.atomic(savepoint=False):
        # The row lock on the head serialises appends (two transactions never read the same
        # previous hash and fork the chain; SQLite serialises writers itself). The head, not the
        # newest row, gives the previous hash: after a deleted tail the next event then fails to
        # link, instead of quietly sealing over the gap.
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
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
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
        head.last_event_id = event.pk
        head.last_hash = event.hash
        head.count += 1
        head.save(update_fields=["last_event_id", "last_hash", "count", "updated_at"])
        return event


def _actor_label(actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    if getattr(actor, "pk", None):
        return f"user:{actor.pk}:{actor.get_username()}"
    return "anonymous"


class ChainBreak(NamedTuple):
    """The first broken link: the event to name (by id) and what is wrong with it."""

    event_id: int
    reason: str


def audit_verify() -> tuple[int, ChainBreak | None]:
    """Recompute the chain and compare its end with the head; return (events verified, break).

    1. Every event must link to the hash of the event before it and match its own hash.
    2. The last event must be the one the head records, so a deleted tail is reported too.
    """
    prev = GENESIS_HASH
    count = 0
    last_id = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev:
            return count, ChainBreak(
                event.pk,
                "prev_hash does not match the previous event (an event before it was "
                "deleted or changed)",
            )
        if event.compute_hash() != event.hash:
            return count, ChainBreak(event.pk, "content does not match its hash (edited)")
        prev = event.hash
        last_id = event.pk
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        if count:
            return count, ChainBreak(last_id, "the chain head is missing")
        return count, None
    if head.last_hash != prev or head.last_event_id != last_id:
        return count, ChainBreak(
            head.last_event_id,
            f"missing: the head records event {head.last_event_id} as the last, the chain ends at "
            f"event {last_id} (the newest events were deleted)",
        )
    return count, None
