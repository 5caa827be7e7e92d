"""Write outbox rows (inside the caller's transaction) and relay them."""

import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification, OutboxMessage

log = logging.getLogger(__name__)

RELAY_BATCH = 50
MAX_ATTEMPTS = 8


def outbox_enqueue_email(
    *,
    key: str,
    recipient: str,
    template: str,
    context: dict,
    language: str = "vi",
    organization=None,
    recipient_user=None,
) -> OutboxMessage:
    """Render notices/email/<template>_{subject,body}.txt (and .html if present) and store the message.

    Idempotent on ``key``: a second call with the same key returns the first message unchanged.
    """
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing
    ctx = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    with translation.override(language):
        subject = render_to_string(f"notices/email/{template}_subject.txt", ctx).strip()
        body_text = render_to_string(f"notices/email/{template}_body.txt", ctx)
        try:
            body_html = render_to_string(f"notices/email/{template}_body.html", ctx)
        except Exception:  # noqa: BLE001 - the HTML part is optional
            body_html = ""
    transaction.on_commit(kick_relay)
    with transaction.atomic():
        message, _ = OutboxMessage.objects.get_or_create(
            key=key,
            defaults={
                "recipient": recipient,
                "recipient_user": recipient_user,
                "organization": organization,
                "language": language,
                "template": template,
                "subject": " ".join(subject.split())[:300],
                "body_text": body_text,
                "body_html": body_html,
            },
        )
    return message


def kick_relay() -> None:
    """Ask a worker to relay now; if the broker is down, the beat schedule will do it later."""
    from .tasks import relay

    try:
        relay.apply_async(retry=False)
    except Exception as exc:  # noqa: BLE001 - a broker outage must never fail the request
        log.warning("could not queue the outbox relay (will run on schedule): %s", exc)


def notification_create(
    *, user, key: str, message: str, url: str = "", organization=None
) -> Notification:
    """Create an in-app notification once per (user, key)."""
    notification, _ = Notification.objects.get_or_create(
        user=user,
        key=key,
        defaults={"message": message[:500], "url": url, "organization": organization},
    )
    return notification


def outbox_relay(*, batch: int = RELAY_BATCH) -> int:
    """Send pending messages, each in its own transaction; return how many were sent.

    1. Lock one pending row with SKIP LOCKED, so concurrent relays never pick the same message.
    2. Send it, mark it sent, commit. A failure is counted and retried on the next run.
    """
    sent = 0
    for _ in range(batch):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(status=OutboxMessage.Status.PENDING)
                .order_by("id")
                .first()
            )
            if message is None:
                break
            try:
                _send(message)
            except Exception as exc:  # noqa: BLE001 - any SMTP or rendering failure is retried
                log.warning("outbox message %s failed: %s", message.pk, exc)
                message.attempts += 1
                message.last_error = str(exc)[:2000]
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = OutboxMessage.Status.FAILED
                message.save(update_fields=["attempts", "last_error", "status"])
                continue
            message.status = OutboxMessage.Status.SENT
            message.sent_at = timezone.now()
            message.attempts += 1
            message.save(update_fields=["status", "sent_at", "attempts"])
            sent += 1
    return sent


def _send(message: OutboxMessage) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        # A stable Message-ID lets mail servers drop a copy resent after a crash.
        headers={
            "Message-ID": f"<{hashlib.sha256(message.key.encode()).hexdigest()[:32]}@pdp-portal>"
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    email.send(fail_silently=False)
