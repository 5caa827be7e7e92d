"""Append events to the audit chain."""

import json
import secrets
from datetime import UTC
from typing import NamedTuple

from django.db import connection, transaction
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
    )
    # No savepoint: the event belongs to the caller's change and rolls back with it.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            if _append_in_one_statement(event):
                return event
            AuditHead.objects.get_or_create(pk=1)  # a flushed database: start the chain again
            if _append_in_one_statement(event):
                return event
        # The row lock on the head serialises appends (two transactions never read the same
        # previous hash and fork the chain; SQLite serialises writers itself). The head, not the
        # newest row, gives the previous hash: after a deleted tail the next event then fails to
        # link, instead of quietly sealing over the gap.
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event.prev_hash = head.last_hash
        event.hash = event.compute_hash()
        event.save(force_insert=True)
        head.last_event_id = event.pk
        head.last_hash = event.hash
        head.count += 1
        head.save(update_fields=["last_event_id", "last_hash", "count", "updated_at"])
        return event


# One round trip for the three steps of an append on PostgreSQL: lock the head and read the
# previous hash, insert the event with its hash, move the head. PostgreSQL computes the SHA-256
# of the same canonical text as AuditEvent.compute_hash (Python gives the text around the
# previous hash), so audit_verify checks these events like any other. Under READ COMMITTED the
# head's row lock makes a concurrent append wait, then read the head as the first one left it.
_APPEND_SQL = """
WITH head AS (
    SELECT last_hash FROM {head} WHERE id = 1 FOR UPDATE
), event AS (
    INSERT INTO {event} (
        created_at, actor_id, actor_label, organization_id, organization_ref, action,
        object_type, object_id, summary, data, prev_hash, hash
    )
    SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, head.last_hash,
           encode(sha256(convert_to(%s || head.last_hash || %s, 'UTF8')), 'hex')
    FROM head
    RETURNING id, prev_hash, hash
)
UPDATE {head} SET last_event_id = event.id, last_hash = event.hash,
       count = {head}.count + 1, updated_at = now()
FROM event WHERE {head}.id = 1
RETURNING event.id, event.prev_hash, event.hash
"""


def _append_in_one_statement(event: AuditEvent) -> bool:
    """Append ``event`` in one statement; return False when there is no head row yet."""
    marker = secrets.token_hex(32)  # stands for the previous hash, which only PostgreSQL reads
    event.prev_hash = marker
    before, found, after = event.canonical().partition(f'"prev_hash":"{marker}"')
    if not found or marker in after:
        raise AssertionError("the canonical form of an audit event changed")  # pragma: no cover
    sql = _APPEND_SQL.format(head=AuditHead._meta.db_table, event=AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                event.created_at,
                event.actor_id,
                event.actor_label,
                event.organization_id,
                event.organization_ref,
                event.action,
                event.object_type,
                event.object_id,
                event.summary,
                json.dumps(event.data),
                before + '"prev_hash":"',
                '"' + after,
            ],
        )
        row = cursor.fetchone()
    if row is None:
        event.prev_hash = ""
        return False
    event.pk, event.prev_hash, event.hash = row
    event._state.adding = False
    return True


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
