"""The append-only, hash-chained audit trail."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One state change or one view of sensitive data; each row seals the one before it."""

    created_at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept apart from the foreign key so the chain still verifies after a user is deleted.
    actor_label = models.CharField(_("người thực hiện"), max_length=200)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization_ref = models.CharField(max_length=40, blank=True)
    action = models.CharField(_("hành động"), max_length=80, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=80, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    summary = models.CharField(_("nội dung"), max_length=500)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký kiểm toán")
        ordering = ["-id"]
        indexes = [models.Index(fields=["organization", "-id"], name="audit_org_recent")]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.summary}"

    def canonical(self) -> str:
        """Return the text the hash is taken of: this event's content and the previous hash."""
        payload = {
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "actor": self.actor_label,
            "organization": self.organization_ref,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "summary": self.summary,
            "data": self.data,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def compute_hash(self) -> str:
        """Return the SHA-256 of this event's content and the previous event's hash."""
        return hashlib.sha256(self.canonical().encode("utf-8")).hexdigest()


class AuditHead(models.Model):
    """The chain's last link, rewritten with every append, so a deleted tail is noticed too.

    Without it, removing the newest events leaves a chain that still verifies.
    """

    # A single row (pk=1), locked together with the advisory lock on every append.
    last_event_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    count = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="audit_head_single_row"),
        ]

    def __str__(self):
        return f"#{self.last_event_id} {self.last_hash[:12]}"
