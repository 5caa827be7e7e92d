"""Verify the audit ledger: every event, node and checkpoint, and the copies held outside.

Full verification reads the log once in order (a constant amount of memory): it recomputes each
event's leaf hash and chain link, rebuilds the tree and compares every stored node and every
checkpoint's root, checks each checkpoint's signature, and checks the checkpoints held outside
the database (the witness file, a copy the agency received): an emptied, truncated or
re-chained log fails there even when everything inside the database agrees with itself.

Verifying one organisation reads only its events: each is checked against the latest signed
checkpoint through its inclusion proof.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings

from . import keys, merkle
from .models import AuditCheckpoint, AuditEvent, AuditLogState
from .services import (
    CHECKPOINT_TYP,
    LedgerError,
    checkpoint_payload,
    get_nodes,
    latest_checkpoint,
    witness_latest,
)

CHUNK = 5000


@dataclass
class Break:
    """The first thing that does not fit: an event (by id), a checkpoint, or the log itself."""

    kind: str  # "event", "checkpoint", "log"
    ident: int | str
    reason: str

    def __str__(self):
        if self.kind == "log":
            return f"BROKEN: {self.reason}"
        return f"BROKEN at {self.kind} {self.ident}: {self.reason}"


@dataclass
class Result:
    events: int = 0
    checkpoints: int = 0
    external: int = 0
    unsealed: int = 0
    broken: Break | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken is None


def _external_claims(tokens: list[tuple[str, str]], key_set) -> tuple[list, Break | None]:
    claims = []
    for source, token in tokens:
        try:
            payload = keys.verify(token, key_set)
        except keys.SignatureInvalid as exc:
            return claims, Break("checkpoint", source, str(exc))
        if payload.get("log") != settings.AUDIT_LOG_ID:
            return claims, Break(
                "checkpoint", source, f"it is of another log ({payload.get('log')})"
            )
        claims.append((source, payload))
    return claims, None


def audit_verify(
    *,
    external: list[tuple[str, str]] | None = None,
    use_witness: bool = True,
    key_set: dict | None = None,
) -> Result:
    """Verify the whole ledger; ``external`` is [(where it came from, compact JWS)]."""
    result = Result()
    tokens = list(external or [])
    if use_witness and (token := witness_latest()):
        tokens.append((f"witness file {settings.AUDIT_WITNESS_FILE}", token))
    keyring = {k["kid"]: k for k in key_set["keys"]} if key_set else dict(keys_from_db())
    outside, broken = _external_claims(tokens, keyring)
    if broken:
        result.broken = broken
        return result
    result.external = len(outside)

    # 1. The checkpoints inside the database: signed by a known key, saying what their row says.
    checkpoints = list(AuditCheckpoint.objects.order_by("tree_size"))
    for cp in checkpoints:
        try:
            payload = keys.verify(cp.signature, keyring)
        except keys.SignatureInvalid as exc:
            result.broken = Break("checkpoint", cp.pk, str(exc))
            return result
        if payload != checkpoint_payload(cp):
            result.broken = Break(
                "checkpoint", cp.pk, "its row does not say what its signature says (edited)"
            )
            return result
    at_size: dict[int, list[tuple[str, dict]]] = {}
    for cp in checkpoints:
        at_size.setdefault(cp.tree_size, []).append(
            (f"checkpoint {cp.pk}", {"root": cp.root_hash, "chain": cp.chain_hash})
        )
    for source, payload in outside:
        at_size.setdefault(payload["size"], []).append((source, payload))

    # 2. The log in order: positions without gaps, content matching leaves, chain and nodes.
    frontier = merkle.Frontier()
    chain = bytes.fromhex("0" * 64)
    pending_nodes: list[tuple[int, int, bytes]] = []
    sealed = AuditEvent.objects.filter(seq__isnull=False).order_by("seq")
    for event in sealed.iterator(chunk_size=CHUNK):
        if event.seq != frontier.size:
            result.broken = Break(
                "event",
                event.pk,
                f"the log jumps from position {frontier.size - 1} to {event.seq}: "
                f"{event.seq - frontier.size} event(s) before it were deleted",
            )
            return result
        leaf = bytes.fromhex(event.compute_leaf_hash())
        if leaf.hex() != event.leaf_hash:
            result.broken = Break("event", event.pk, "content does not match its hash (edited)")
            return result
        chain = hashlib.sha256(chain + leaf).digest()
        if chain.hex() != event.chain_hash:
            result.broken = Break("event", event.pk, "its chain link does not fit (re-chained)")
            return result
        pending_nodes.extend(frontier.append(leaf))
        if len(pending_nodes) >= CHUNK:
            if broken := _compare_nodes(pending_nodes):
                result.broken = broken
                return result
            pending_nodes = []
        if broken := _check_size(frontier, chain, at_size):
            result.broken = broken
            return result
        result.events += 1
    if broken := _compare_nodes(pending_nodes):
        result.broken = broken
        return result

    # 3. Nothing claimed beyond the end: a truncated or emptied log falls short of a checkpoint.
    size = frontier.size
    beyond = [(s, src) for s, entries in at_size.items() if s > size for src, _ in entries]
    if beyond:
        claimed, source = max(beyond)
        result.broken = Break(
            "log",
            "",
            f"the log holds {size} sealed events, but {source} signed {claimed}: "
            f"{claimed - size} event(s) were deleted or the log was replaced",
        )
        return result
    state = AuditLogState.objects.filter(pk=1).first()
    if state is not None and state.tree_size != size:
        result.broken = Break(
            "log", "", f"the sealer recorded {state.tree_size} sealed events, the log holds {size}"
        )
        return result
    result.checkpoints = len(checkpoints)
    result.unsealed = AuditEvent.objects.filter(seq__isnull=True).count()
    return result


def _check_size(frontier, chain: bytes, at_size) -> Break | None:
    entries = at_size.get(frontier.size)
    if not entries:
        return None
    root = frontier.root().hex()
    for source, claims in entries:
        if claims["root"] != root or claims["chain"] != chain.hex():
            return Break(
                "log",
                "",
                f"the first {frontier.size} events do not match {source} (rewritten)",
            )
    return None


def _compare_nodes(computed: list[tuple[int, int, bytes]]) -> Break | None:
    if not computed:
        return None
    wanted = {(level, number) for level, number, _ in computed}
    try:
        stored = get_nodes(wanted)
    except LedgerError as exc:
        return Break("log", "", str(exc))
    for level, number, h in computed:
        if stored[(level, number)] != h:
            return Break("log", "", f"the tree's node {level}/{number} was changed")
    return None


def keys_from_db():
    from .models import SigningKey

    return SigningKey.objects.values_list("kid", "public_jwk")


def audit_verify_organization(organization) -> Result:
    """Verify one organisation's sealed events against the latest checkpoint, by proofs."""
    result = Result()
    checkpoint = latest_checkpoint()
    if checkpoint is None:
        result.unsealed = AuditEvent.objects.filter(organization=organization).count()
        return result
    try:
        payload = keys.verify(checkpoint.signature)
    except keys.SignatureInvalid as exc:
        result.broken = Break("checkpoint", checkpoint.pk, str(exc))
        return result
    root = bytes.fromhex(payload["root"])
    size = payload["size"]
    events = AuditEvent.objects.filter(
        organization=organization, seq__isnull=False, seq__lt=size
    ).order_by("seq")
    batch: list[AuditEvent] = []
    for event in events.iterator(chunk_size=1000):
        batch.append(event)
        if len(batch) == 1000:
            if broken := _prove(batch, size, root):
                result.broken = broken
                return result
            result.events += len(batch)
            batch = []
    if broken := _prove(batch, size, root):
        result.broken = broken
        return result
    result.events += len(batch)
    result.checkpoints = 1
    result.unsealed = (
        AuditEvent.objects.filter(organization=organization).exclude(seq__lt=size).count()
    )
    return result


def _prove(events: list[AuditEvent], size: int, root: bytes) -> Break | None:
    if not events:
        return None
    ranges = {e.pk: merkle.inclusion_ranges(e.seq, size) for e in events}
    try:
        nodes = get_nodes(merkle.nodes_for(r for rs in ranges.values() for r in rs))
    except LedgerError as exc:
        return Break("log", "", str(exc))
    for event in events:
        leaf = bytes.fromhex(event.compute_leaf_hash())
        if leaf.hex() != event.leaf_hash:
            return Break("event", event.pk, "content does not match its hash (edited)")
        path = merkle.hashes_for(ranges[event.pk], nodes)
        if not merkle.verify_inclusion(event.seq, size, leaf, path, root):
            return Break(
                "event", event.pk, "it is not in the signed log at its position (rewritten)"
            )
    return None


__all__ = ["CHECKPOINT_TYP", "Break", "Result", "audit_verify", "audit_verify_organization"]
