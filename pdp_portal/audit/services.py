"""Append events to the audit ledger, seal them into the Merkle tree, sign checkpoints, prove.

1. ``audit_record`` inserts one event in the caller's transaction: no lock shared with other
   writers, so audited writes scale with the number of writers.
2. ``audit_seal`` (beat task every minute, ``manage.py audit_seal``) takes the committed events
   that have no position yet, in id order, and gives each its position, leaf hash and chain
   link, storing the tree's completed nodes. An event whose transaction commits late is sealed
   by the next run, never skipped. Safe to run twice and on several workers: the sealer's own
   state row serialises them.
3. ``checkpoint_write`` signs (size, root, chain, time); copies leave the database.
4. ``inclusion_proof`` / ``consistency_proof`` prove an event or a checkpoint against another.
"""

import functools
import hashlib
import json
import logging
from datetime import UTC, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, router, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from pdp_portal.dbinsert import db_value
from pdp_portal.messages import storable_params
from pdp_portal.prepared import fetch_one

from . import keys, merkle
from .models import (
    AuditCheckpoint,
    AuditEvent,
    AuditLogState,
    AuditTreeNode,
)

log = logging.getLogger(__name__)

SEAL_BATCH = 2000
CHECKPOINT_TYP = "pdp-checkpoint+jws"
PROOF_FORMAT = "pdp-portal/audit-inclusion-proof/v1"
CONSISTENCY_FORMAT = "pdp-portal/audit-consistency-proof/v1"


class LedgerError(Exception):
    """The stored tree lacks a node it must have: the ledger was tampered with or is corrupt."""


def audit_record(*, returning_id: bool = False, **arguments) -> AuditEvent | None:
    """Append one event inside the caller's transaction; it rolls back with the change.

    The arguments of ``audit_event_new``: ``message`` is the Vietnamese source text of the
    summary (mark it with gettext_noop) and ``params`` its parameters; a lazy translation among
    them is stored as its message key, so every reader sees the event in their own language.
    ``summary`` is a literal text instead.

    Inside an atomic block on PostgreSQL the INSERT is sent with the transaction's next statement
    or its COMMIT (``pdp_portal.postgresql``): an audited transaction sends no more messages than
    the same transaction without its event. So nothing is returned: the event has no id yet. A
    caller that needs the stored event (its id) passes ``returning_id=True``: the INSERT runs at
    once and the event is returned.
    """
    values = _event_values(**arguments)
    connection = connections[router.db_for_write(AuditEvent)]
    row = _row(values, connection)
    if not returning_id and _deferred(connection, row):
        return None
    sql, returning = _statement(connection)
    if returning:
        pk = fetch_one(connection, sql, row)[0]
    else:
        with (
            transaction.mark_for_rollback_on_error(connection.alias),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, row)
            table, pk_column = AuditEvent._meta.db_table, AuditEvent._meta.pk.column
            pk = connection.ops.last_insert_id(cursor, table, pk_column)
    if not returning_id:
        return None  # the same answer wherever the INSERT ran
    # The stored row, as a query would return it: no field is read back.
    return AuditEvent.from_db(connection.alias, None, [pk, *values])


def _deferred(connection, row: list) -> bool:
    """Give the append to the connection to send with the next statement or the COMMIT, as
    the EXECUTE of its prepared INSERT where statements are prepared; return whether it took
    it."""
    defer = getattr(connection, "defer", None)
    return defer is not None and defer(_insert_sql(connection), row, prepared=True)


def audit_event_new(**arguments) -> AuditEvent:
    """Return the unsaved event that ``audit_record`` appends (see there for the arguments).

    For a caller that writes it in the same statement as the row it is about
    (``insert_unless_conflict(..., along=)``, its object_id a ``NewKey``).
    """
    return AuditEvent(None, *_event_values(**arguments))


# --- the append's one INSERT -----------------------------------------------------------------
# The append is on every audited transaction's path, and with many writers its CPU is what
# decides their throughput (tests/bench_audit.py): with sixteen writer processes on two cores,
# each microsecond of Python in it costs several, as the processes take turns. So the values are
# computed once, in the order of the model's fields, and serve both the INSERT (only the two JSON
# values and the time converted) and the positional constructor of the returned instance. The
# statement's text is composed once; on PostgreSQL it is prepared once per database session
# (pdp_portal.prepared).


def _event_values(
    *,
    actor,
    action: str,
    summary: str = "",
    message: str = "",
    params: dict | None = None,
    obj=None,
    organization=None,
    data: dict | None = None,
) -> list:
    """Return the stored values of a new event, in the order of ``_layout()``'s names."""
    if organization is None and obj is not None:
        organization = getattr(obj, "organization", None)
    has_obj, has_org = obj is not None, organization is not None
    values = dict(
        created_at=timezone.now(),
        actor_id=actor.pk if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        organization_id=organization.pk if has_org else None,
        organization_ref=str(organization.pk) if has_org else "",
        action=action,
        object_type=obj._meta.label_lower if has_obj else "",
        object_id=str(obj.pk) if has_obj else "",
        message=str(message or summary)[:2000],
        params=storable_params(params) if params else {},
        data=data or {},
        seq=None,
        leaf_hash="",
        chain_hash="",
    )
    return [values[name] for name in _layout()[0]]


@functools.cache
def _layout() -> tuple[tuple[str, ...], tuple[int, ...], int]:
    """Return the stored columns' attribute names in the INSERT's order (the model's, after its
    primary key), the positions of the JSON ones and the position of the time."""
    fields = AuditEvent._meta.concrete_fields
    if not fields[0].primary_key:
        raise ImproperlyConfigured("the audit event's primary key must be its first field")
    names = tuple(f.attname for f in fields[1:])
    json_at = tuple(i for i, f in enumerate(fields[1:]) if f.get_internal_type() == "JSONField")
    return names, json_at, names.index("created_at")


def _row(values: list, connection) -> list:
    """Return ``values`` as the INSERT sends them."""
    _names, json_at, time_at = _layout()
    row = list(values)
    for i in json_at:
        # The text JSONField.get_db_prep_save would send (PostgreSQL reads it as jsonb).
        row[i] = json.dumps(row[i]) if row[i] else "{}"
    if connection.vendor == "postgresql":
        # Read as the same timestamptz; psycopg2's datetime adapter costs more than the rest.
        row[time_at] = row[time_at].isoformat()
    else:
        field = AuditEvent._meta.get_field("created_at")
        row[time_at] = db_value(field, row[time_at], connection)
    return row


_statements: dict[tuple[str, bool], tuple[str, bool]] = {}


def _statement(connection, *, returning: bool = True) -> tuple[str, bool]:
    """Return the INSERT of one event, and whether it returns the new id (RETURNING, where the
    database can and ``returning`` asks for it)."""
    key = (connection.vendor, returning)
    if key not in _statements:
        quote = connection.ops.quote_name
        names, _json, _time = _layout()
        columns = [AuditEvent._meta.get_field(name).column for name in names]
        returns = returning and connection.features.can_return_columns_from_insert
        sql = (
            f"INSERT INTO {quote(AuditEvent._meta.db_table)} "
            f"({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
            f"{f' RETURNING {quote(AuditEvent._meta.pk.column)}' if returns else ''}"
        )
        _statements[key] = (sql, returns)
    return _statements[key]


def _insert_sql(connection) -> str:
    """Return the INSERT of one event without RETURNING."""
    return _statement(connection, returning=False)[0]


def _actor_label(actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    if getattr(actor, "pk", None):
        return f"user:{actor.pk}:{actor.get_username()}"
    return "anonymous"


# --- the tree's storage ---------------------------------------------------------------------


def get_nodes(wanted: set[merkle.Node]) -> dict[merkle.Node, bytes]:
    """Return the stored hashes of the perfect subtrees ``wanted`` (leaves are the events')."""
    found: dict[merkle.Node, bytes] = {}
    leaves = [number for level, number in wanted if level == 0]
    for start in range(0, len(leaves), 5000):
        for seq, h in AuditEvent.objects.filter(seq__in=leaves[start : start + 5000]).values_list(
            "seq", "leaf_hash"
        ):
            found[(0, seq)] = bytes.fromhex(h)
    by_level: dict[int, list[int]] = {}
    for level, number in wanted:
        if level:
            by_level.setdefault(level, []).append(number)
    if by_level:
        condition = Q()
        for level, numbers in by_level.items():
            condition |= Q(level=level, number__in=numbers)
        for level, number, h in AuditTreeNode.objects.filter(condition).values_list(
            "level", "number", "hash"
        ):
            found[(level, number)] = bytes.fromhex(h)
    missing = wanted - found.keys()
    if missing:
        level, number = min(missing)
        raise LedgerError(f"the tree has no node {level}/{number} (deleted or never sealed)")
    return found


def root_at(size: int) -> bytes:
    """Return the Merkle root of the first ``size`` sealed events."""
    return merkle.root_of(size, get_nodes)


# --- sealing --------------------------------------------------------------------------------


def _locked_state() -> AuditLogState:
    # The UPDATE takes the row lock on PostgreSQL and the write lock on SQLite before anything
    # is read, so a second sealer waits and then sees the first one's work.
    if not AuditLogState.objects.filter(pk=1).update(sealed_at=timezone.now()):
        AuditLogState.objects.get_or_create(pk=1)
    return AuditLogState.objects.select_for_update().get(pk=1)


def _seal_batch(batch: int) -> int:
    with transaction.atomic():
        state = _locked_state()
        events = list(
            AuditEvent.objects.filter(seq__isnull=True)
            .order_by("id")
            .only(
                "id",
                "created_at",
                "actor_label",
                "organization_ref",
                "action",
                "object_type",
                "object_id",
                "message",
                "params",
                "data",
            )[:batch]
        )
        if not events:
            return 0
        wanted = set(merkle.frontier_nodes(state.tree_size))
        stored = get_nodes(wanted)
        frontier = merkle.Frontier(
            [
                (level, number, stored[(level, number)])
                for level, number in merkle.frontier_nodes(state.tree_size)
            ],
            state.tree_size,
        )
        chain = bytes.fromhex(state.chain_hash)
        nodes = []
        for event in events:
            leaf = bytes.fromhex(event.compute_leaf_hash())
            chain = hashlib.sha256(chain + leaf).digest()
            event.seq, event.leaf_hash, event.chain_hash = frontier.size, leaf.hex(), chain.hex()
            nodes.extend(frontier.append(leaf))
        _write_positions(events)
        AuditTreeNode.objects.bulk_create(
            [AuditTreeNode(level=lv, number=n, hash=h.hex()) for lv, n, h in nodes],
            batch_size=2000,
        )
        state.tree_size = frontier.size
        state.chain_hash = chain.hex()
        state.save(update_fields=["tree_size", "chain_hash", "sealed_at"])
        return len(events)


def _write_positions(events: list[AuditEvent]) -> None:
    table = AuditEvent._meta.db_table
    rows = [(e.pk, e.seq, e.leaf_hash, e.chain_hash) for e in events]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(
                cursor.cursor if hasattr(cursor, "cursor") else cursor,
                f"UPDATE {table} AS e SET seq = v.seq, leaf_hash = v.leaf, chain_hash = v.chain "
                f"FROM (VALUES %s) AS v(id, seq, leaf, chain) "
                f"WHERE e.id = v.id AND e.seq IS NULL",
                rows,
                template="(%s::bigint, %s::bigint, %s, %s)",
                page_size=1000,
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET seq = %s, leaf_hash = %s, chain_hash = %s "
                f"WHERE id = %s AND seq IS NULL",
                [(seq, leaf, chain, pk) for pk, seq, leaf, chain in rows],
            )


def audit_seal(*, batch: int = SEAL_BATCH, limit: int | None = None, force_checkpoint=False) -> int:
    """Seal every committed event not yet in the log; sign a checkpoint when one is due.

    Return the number of events sealed. ``limit`` bounds one run (the beat task's next tick
    goes on where it stopped).
    """
    sealed = 0
    while limit is None or sealed < limit:
        count = _seal_batch(batch if limit is None else min(batch, limit - sealed))
        if not count:
            break
        sealed += count
    checkpoint_write(force=force_checkpoint)
    return sealed


# --- checkpoints ----------------------------------------------------------------------------


def checkpoint_payload(checkpoint: AuditCheckpoint) -> dict:
    return {
        "log": settings.AUDIT_LOG_ID,
        "size": checkpoint.tree_size,
        "root": checkpoint.root_hash,
        "chain": checkpoint.chain_hash,
        "time": checkpoint.created_at.astimezone(UTC).isoformat(timespec="seconds"),
    }


def checkpoint_write(*, force: bool = False) -> AuditCheckpoint | None:
    """Sign a checkpoint of everything sealed, unless the last one is recent or says the same.

    Return the new checkpoint, or None.
    """
    with transaction.atomic():
        state = _locked_state()
        last = AuditCheckpoint.objects.order_by("-tree_size").first()
        if last is not None and last.tree_size >= state.tree_size:
            return None
        if last is None and state.tree_size == 0:
            return None
        now = timezone.now()
        interval = timedelta(seconds=settings.AUDIT_CHECKPOINT_SECONDS)
        if not force and last is not None and now - last.created_at < interval:
            return None
        checkpoint = AuditCheckpoint(
            tree_size=state.tree_size,
            root_hash=root_at(state.tree_size).hex(),
            chain_hash=state.chain_hash,
            created_at=now.replace(microsecond=0),
            key_id=keys.register_current_key(),
        )
        checkpoint.signature = keys.sign(checkpoint_payload(checkpoint), typ=CHECKPOINT_TYP)
        checkpoint.save(force_insert=True)
        transaction.on_commit(lambda: witness_append(checkpoint))
    return checkpoint


def witness_append(checkpoint: AuditCheckpoint) -> None:
    """Append the checkpoint to the witness file, a copy kept outside the database."""
    path = settings.AUDIT_WITNESS_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(checkpoint.signature + "\n")
    except OSError:
        log.exception("Could not write the audit witness file %s", path)


def witness_latest() -> str | None:
    """Return the newest checkpoint in the witness file, or None when there is none."""
    path = settings.AUDIT_WITNESS_FILE
    try:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    except FileNotFoundError:
        return None
    lines = [line for line in lines if line]
    return lines[-1] if lines else None


def latest_checkpoint() -> AuditCheckpoint | None:
    return AuditCheckpoint.objects.order_by("-tree_size").first()


def covering_checkpoint(event: AuditEvent) -> AuditCheckpoint | None:
    """Return the first checkpoint that covers ``event`` (its position is below the size)."""
    if event.seq is None:
        return None
    return AuditCheckpoint.objects.filter(tree_size__gt=event.seq).order_by("tree_size").first()


def sealer_lag() -> dict:
    """Return how many events wait to be sealed and since when (one query on a small index)."""
    row = AuditEvent.objects.filter(seq__isnull=True).aggregate(
        waiting=Count("id"), oldest=Min("created_at")
    )
    row["behind"] = timezone.now() - row["oldest"] if row["oldest"] else timedelta(0)
    row["minutes"] = int(row["behind"].total_seconds() // 60)
    row["late"] = row["behind"] > timedelta(seconds=settings.AUDIT_SEALER_LATE_SECONDS)
    return row


# --- proofs ---------------------------------------------------------------------------------


def inclusion_proofs(
    events: list[AuditEvent], checkpoint: AuditCheckpoint | None = None
) -> dict[int, dict]:
    """Return the inclusion proof of each sealed event against ``checkpoint`` (default: latest).

    One query for the tree's nodes however many events; unsealed or uncovered events are left
    out of the result.
    """
    checkpoint = checkpoint or latest_checkpoint()
    if checkpoint is None:
        return {}
    covered = [e for e in events if e.seq is not None and e.seq < checkpoint.tree_size]
    ranges = {e.pk: merkle.inclusion_ranges(e.seq, checkpoint.tree_size) for e in covered}
    nodes = get_nodes(merkle.nodes_for(r for rs in ranges.values() for r in rs))
    proofs = {}
    for event in covered:
        proofs[event.pk] = {
            "format": PROOF_FORMAT,
            "event": json.loads(event.canonical()),
            "leaf_index": event.seq,
            "leaf_hash": event.compute_leaf_hash(),
            "tree_size": checkpoint.tree_size,
            "root": checkpoint.root_hash,
            "path": [h.hex() for h in merkle.hashes_for(ranges[event.pk], nodes)],
            "checkpoint": checkpoint.signature,
        }
    return proofs


def inclusion_proof(event: AuditEvent, checkpoint: AuditCheckpoint | None = None) -> dict | None:
    """Return the inclusion proof of one event, or None while it waits to be sealed."""
    return inclusion_proofs([event], checkpoint).get(event.pk)


def consistency_proof(old: AuditCheckpoint, new: AuditCheckpoint) -> dict:
    """Return the proof that the log of ``old`` is a prefix of the log of ``new``."""
    ranges = merkle.consistency_ranges(old.tree_size, new.tree_size)
    path = merkle.hashes_for(ranges, get_nodes(merkle.nodes_for(ranges)))
    return {
        "format": CONSISTENCY_FORMAT,
        "old": old.signature,
        "new": new.signature,
        "old_size": old.tree_size,
        "new_size": new.tree_size,
        "path": [h.hex() for h in path],
    }
