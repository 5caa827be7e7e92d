"""The outbox: every e-mail the portal sends is first a row written with the change that caused it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pdp_portal.messages import render_message


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    # A key per message: the same logical message (e.g. reminder stage X of deadline Y) is
    # written once, whatever retries happen upstream.
    key = models.CharField(max_length=200, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient = models.EmailField(_("người nhận"))
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8, default="vi")
    template = models.CharField(max_length=100)
    # The template's context (JSON) of a message rendered by the relay when it sends it (a public
    # form answers before any e-mail is rendered); empty once rendered, or if rendered at once.
    context = models.JSONField(default=dict, blank=True)
    # Empty until the message is rendered; the relay renders it, then keeps what it sent.
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # After a failed send the message waits (longer after each failure) so that a mail server
    # outage of a few minutes does not use up every attempt.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thư chờ gửi")
        verbose_name_plural = _("hộp thư đi")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed"]), name="outbox_status_valid"
            ),
        ]
        indexes = [
            # The relay only ever looks at pending rows.
            models.Index(fields=["id"], condition=Q(status="pending"), name="outbox_pending"),
        ]

    def __str__(self):
        return f"{self.key} -> {self.recipient} ({self.status})"


class Notification(models.Model):
    """An in-app notice for one user (shown in the staff and regulator layouts)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=200)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The Vietnamese source text (msgid) and its parameters: read in the reader's language.
    message = models.CharField(max_length=500)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_key")
        ]
        indexes = [
            # The header's unread count on every staff page.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return render_message(self.message, self.params)

    @property
    def link(self) -> str:
        """Return the notification's address on this site, or "" (never another site's)."""
        return self.url if self.url.startswith("/") and not self.url.startswith("//") else ""
