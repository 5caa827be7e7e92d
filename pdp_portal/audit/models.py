"""The audit ledger: append-only events, sealed into a Merkle tree with signed checkpoints.

Built the way transparency logs are (Certificate Transparency, RFC 6962/9162): the request path
only inserts an event, with no lock shared by other writers; the sealer later gives each
committed event its position in the log, its leaf hash and its link in the hash chain, stores
the tree's completed nodes and signs a checkpoint (size, root, time). Copies of the checkpoints
leave the database (e-mail to the agency and the DPOs, the public page, the witness file), so
an emptied, truncated or rewritten log no longer matches what is held outside.

Triggers (migration 0004) refuse UPDATE and DELETE of events, nodes and checkpoints on
PostgreSQL and SQLite; the sealer's one allowed update sets the sealing fields of an unsealed
event and nothing else.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from pdp_portal.messages import render_message

from .keys import canonical_json

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One state change or one view of sensitive data."""

    created_at = models.DateTimeField(_("thời điểm"), db_index=True)  # the admin's dates
    # No database constraint: a deleted user or organisation leaves the event (and its hash) as
    # it was; actor_label and organization_ref keep who it was. No index: nothing looks events
    # up by actor (and DO_NOTHING: deleting a user does not read them).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=200)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # audit_org_recent starts with it
        related_name="+",
    )
    organization_ref = models.CharField(max_length=40, blank=True)
    action = models.CharField(_("hành động"), max_length=80)
    object_type = models.CharField(_("loại đối tượng"), max_length=80, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    # The summary as a message key (the Vietnamese source text) and its parameters, rendered in
    # the reader's language; events from before the ledger keep their text as the key.
    message = models.TextField(_("nội dung"))
    params = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Set once, by the sealer.
    seq = models.BigIntegerField(_("vị trí trong nhật ký"), null=True, blank=True)
    leaf_hash = models.CharField(max_length=64, blank=True, default="")
    chain_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký kiểm toán")
        ordering = ["-id"]
        # Every index costs each append its own insert (tests/bench_audit.py): only the indexes
        # a query needs, and those on positions only once the sealer has given them.
        indexes = [
            # The audit page (one organisation's events, newest first) and its counts.
            models.Index(fields=["organization", "-id"], name="audit_org_recent"),
            # One organisation's events in log order: its verification reads only its own rows.
            models.Index(
                fields=["organization", "seq"],
                name="audit_org_seq",
                condition=models.Q(seq__isnull=False),
            ),
            # The sealer's queue and the dashboard's lag: small however large the log grows.
            models.Index(
                fields=["id"], name="audit_unsealed", condition=models.Q(seq__isnull=True)
            ),
            # The admin's filter by action (equality only: no pattern index).
            models.Index(fields=["action"], name="audit_action"),
        ]
        constraints = [
            # One event per position; the log in order for the full verification and the
            # proofs' leaves. Unsealed events (no position yet) are not in it.
            models.UniqueConstraint(
                fields=["seq"], name="audit_seq_unique", condition=models.Q(seq__isnull=False)
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.summary}"

    @property
    def summary(self) -> str:
        return render_message(self.message, self.params)

    def summary_in(self, language: str) -> str:
        with translation.override(language):
            return self.summary

    def canonical(self) -> str:
        """Return the text the leaf hash is taken of: every field of the event's content."""
        return canonical_json(
            {
                "id": self.pk,
                "created_at": self.created_at.isoformat(timespec="microseconds"),
                "actor": self.actor_label,
                "organization": self.organization_ref,
                "action": self.action,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "message": self.message,
                "params": self.params,
                "data": self.data,
            }
        )

    def compute_leaf_hash(self) -> str:
        """Return the RFC 6962 leaf hash of this event's content."""
        return hashlib.sha256(b"\x00" + self.canonical().encode("utf-8")).hexdigest()

    @property
    def is_sealed(self) -> bool:
        return self.seq is not None


class AuditTreeNode(models.Model):
    """A completed inner node of the Merkle tree: 2**level leaves from number * 2**level.

    Stored so that an inclusion or consistency proof reads O(log² n) rows, never the log.
    Leaves (level 0) are the events' own leaf hashes.
    """

    pk = models.CompositePrimaryKey("level", "number")
    level = models.PositiveSmallIntegerField()
    number = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("nút cây Merkle")

    def __str__(self):
        return f"{self.level}/{self.number}"


class AuditCheckpoint(models.Model):
    """A signed statement of the log: its first ``tree_size`` events have root ``root_hash``."""

    tree_size = models.BigIntegerField(_("số sự kiện"))
    root_hash = models.CharField(_("gốc Merkle"), max_length=64)
    chain_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("thời điểm"), db_index=True)
    key_id = models.CharField(max_length=64)
    # Compact JWS of the canonical payload: what leaves the database.
    signature = models.TextField()

    class Meta:
        verbose_name = _("điểm kiểm tra nhật ký")
        verbose_name_plural = _("điểm kiểm tra nhật ký")
        ordering = ["-tree_size"]
        constraints = [
            models.UniqueConstraint(fields=["tree_size"], name="audit_checkpoint_one_per_size"),
        ]

    def __str__(self):
        return f"{self.tree_size} {self.root_hash[:12]}"


class AuditLogState(models.Model):
    """The sealer's position: how many events are sealed and the chain's last hash.

    Only the sealer writes it (its row lock keeps two sealers from giving out the same
    positions); the request path never touches it.
    """

    tree_size = models.BigIntegerField(default=0)
    chain_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("trạng thái niêm phong nhật ký")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="audit_state_single_row"),
        ]

    def __str__(self):
        return f"{self.tree_size} sealed"


class SigningKey(models.Model):
    """A public key the portal has signed with (checkpoints, receipts), kept after rotation."""

    kid = models.CharField(max_length=64, primary_key=True)
    public_jwk = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khóa ký")

    def __str__(self):
        return self.kid
