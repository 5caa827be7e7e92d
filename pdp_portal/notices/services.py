"""Write outbox rows (inside the caller's transaction) and relay them."""

import hashlib
import logging
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from pdp_portal.accounts.preferences import user_language
from pdp_portal.dbinsert import insert_unless_conflict
from pdp_portal.messages import storable_params

from .models import Notification, OutboxMessage

log = logging.getLogger(__name__)

RELAY_BATCH = 50
MAX_ATTEMPTS = 8
# Waits after the 1st..7th failure: 1, 2, 4 ... 64 minutes, about two hours before giving up.
RETRY_BASE_DELAY = timedelta(minutes=1)


def outbox_enqueue_email(**arguments) -> OutboxMessage:
    """Store the message of notices/email/<template>_{subject,body}.txt (and .html if present).

    The arguments are those of ``outbox_email_new``. Rendered now, or with ``render_later`` by the relay when it sends it: the row then keeps the
    template's context (strings, numbers, datetimes), and the caller answers without paying for
    the templates. Either way the row is written in the caller's transaction, so the message is
    never lost, and it is rendered in ``language``: by default the language ``recipient_user``
    chose (pdp_portal.accounts.preferences), never the language of whoever caused the message.
    Idempotent on ``key``: a second call with the same key returns the first message unchanged.
    The relay is asked to run once the transaction commits.
    """
    message = outbox_email_new(**arguments)
    if not _insert_unless_present(message):
        message = OutboxMessage.objects.get(key=message.key)
    # Registered after the insert: outside any transaction on_commit runs at once, and a relay
    # started before the row exists would find nothing to send. (For a key written before this
    # call it is one more run of a relay that is safe to run at any time, at most once per
    # transaction.)
    _kick_relay_on_commit()
    return message


def outbox_email_new(
    *,
    key,
    recipient: str,
    template: str,
    context: dict,
    language: str | None = None,
    organization=None,
    recipient_user=None,
    render_later: bool = False,
) -> OutboxMessage:
    """Return the unsaved message that ``outbox_enqueue_email`` stores (see there).

    For a caller that writes it in the same statement as the row it is about
    (``insert_unless_conflict(..., along=)``); that caller then calls ``outbox_kick_on_commit``.
    """
    if language is None:
        language = user_language(recipient_user)
    message = OutboxMessage(
        key=key,
        recipient=recipient,
        recipient_user=recipient_user,
        organization=organization,
        language=language,
        template=template,
    )
    if render_later:
        message.context = _encode_context(context)
    else:
        message.subject, message.body_text, message.body_html = _render(template, context, language)
    return message


_DATETIME = "__datetime__"


def _encode_context(context: dict) -> dict:
    # JSON has no datetime: a template filters an aware datetime (|timezone, |date), not a string.
    return {
        name: {_DATETIME: value.isoformat()} if isinstance(value, datetime) else value
        for name, value in context.items()
    }


def _decode_context(context: dict) -> dict:
    return {
        name: datetime.fromisoformat(value[_DATETIME])
        if isinstance(value, dict) and set(value) == {_DATETIME}
        else value
        for name, value in context.items()
    }


def outbox_render(message: OutboxMessage) -> OutboxMessage:
    """Render a message stored with ``render_later`` (in place, not saved); return it."""
    # A message rendered at once always has a body.
    if not message.subject and not message.body_text:
        message.subject, message.body_text, message.body_html = _render(
            message.template, _decode_context(message.context), message.language
        )
        message.context = {}
    return message


def _insert_unless_present(message: OutboxMessage) -> bool:
    """Insert ``message`` unless its key is taken; return whether this call wrote it."""
    return insert_unless_conflict(message, ("key",))


def outbox_kick_on_commit() -> None:
    """Ask the relay to run once the current transaction commits (at once outside one)."""
    _kick_relay_on_commit()


def _kick_relay_on_commit() -> None:
    # One relay run sends a whole batch: a transaction that writes a thousand messages (a sweep,
    # a breach notice to every data subject) queues one kick, not a thousand.
    connection = transaction.get_connection()
    if any(func is kick_relay for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(kick_relay)


def _render(template: str, context: dict, language: str) -> tuple[str, str, str]:
    ctx = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    base = f"notices/email/{template}"
    with translation.override(language):
        subject = " ".join(render_to_string(f"{base}_subject.txt", ctx).split())[:300]
        body_text = render_to_string(f"{base}_body.txt", ctx)
        try:
            html = get_template(f"{base}_body.html")
        except TemplateDoesNotExist:  # the HTML part is optional
            body_html = ""
        else:
            body_html = html.render(ctx)
    return subject, body_text, body_html


class KickThrottle:
    """Plan relay kicks so that each commit is followed by a relay run, with few publishes.

    A busy web process commits messages many times a second; publishing a Celery task for each
    costs more than writing the message. A kick is published at once when none went out in the
    last ``interval`` seconds; otherwise one kick is queued to run at the end of that interval
    (a countdown), and every commit before then is covered by it: that kick runs after them and
    sends their messages. So a message waits at most ``interval`` longer, and a process
    publishes at most about two kicks per interval, however many requests it answers.
    """

    def __init__(self, interval: float, clock=time.monotonic):
        self.interval = interval
        self.clock = clock
        self._lock = threading.Lock()
        self._last = None  # when the latest kick was sent or is due to run
        self._pending = None  # when the queued kick with a countdown runs

    def plan(self) -> float | None:
        """Return the countdown of the kick to publish now (0: at once), or None: covered."""
        with self._lock:
            now = self.clock()
            if self._last is None or now - self._last >= self.interval:
                return 0.0
            if self._pending is not None and self._pending > now:
                return None
            return self._last + self.interval - now

    def published(self, countdown: float) -> None:
        """Record a kick that went out with ``countdown`` (an unsent kick is not recorded)."""
        with self._lock:
            at = self.clock() + countdown
            self._last = at
            if countdown:
                self._pending = at

    def reset(self) -> None:
        with self._lock:
            self._last = self._pending = None


# Half a second: the confirmation of a public request is in the data subject's mailbox about as
# fast as without the throttle, and a web process publishes two kicks a second at most.
kick_throttle = KickThrottle(interval=0.5)


def kick_relay() -> None:
    """Ask a worker to relay now; if the broker is down, the beat schedule will do it later."""
    from .tasks import relay

    countdown = kick_throttle.plan()
    if countdown is None:
        return  # a kick queued to run after this commit sends this message too
    try:
        relay.apply_async(countdown=countdown or None, retry=False)
    except Exception as exc:  # noqa: BLE001 - a broker outage must never fail the request
        log.warning("could not queue the outbox relay (will run on schedule): %s", exc)
    else:
        kick_throttle.published(countdown)


def notification_create(
    *, user, key: str, message: str, params: dict | None = None, url: str = "", organization=None
) -> Notification:
    """Create an in-app notification once per (user, key).

    ``message`` is the Vietnamese source text (mark it with gettext_noop) and ``params`` its
    parameters: the notification reads in its reader's language (pdp_portal.messages).
    """
    notification, _ = Notification.objects.get_or_create(
        user=user,
        key=key,
        defaults={
            "message": str(message)[:500],
            "params": storable_params(params),
            "url": url,
            "organization": organization,
        },
    )
    return notification


def _due_pending():
    now = timezone.now()
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def outbox_has_due_messages() -> bool:
    """Return whether any pending message is due to be sent now."""
    return _due_pending().exists()


def outbox_relay(*, batch: int = RELAY_BATCH) -> int:
    """Send pending messages that are due, each in its own transaction; return how many were sent.

    1. Lock one due pending row with SKIP LOCKED, so concurrent relays never pick the same message.
    2. Send it, mark it sent, commit. A failure is counted and the message waits before the next
       try; after MAX_ATTEMPTS failures it is marked failed and left for a person to look at.
    """
    sent = 0
    for _ in range(batch):
        with transaction.atomic():
            now = timezone.now()
            message = _due_pending().select_for_update(skip_locked=True).order_by("id").first()
            if message is None:
                break
            message.attempts += 1
            try:
                outbox_render(message)
                _send(message)
            except Exception as exc:  # noqa: BLE001 - any SMTP or rendering failure is retried
                log.warning(
                    "outbox message %s failed (attempt %s): %s", message.pk, message.attempts, exc
                )
                message.last_error = str(exc)[:2000]
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = OutboxMessage.Status.FAILED
                    message.next_attempt_at = None
                else:
                    message.next_attempt_at = now + RETRY_BASE_DELAY * 2 ** (message.attempts - 1)
                message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
                continue
            message.status = OutboxMessage.Status.SENT
            message.sent_at = timezone.now()
            message.next_attempt_at = None
            # The rendered text is kept: the row is the evidence of what the recipient was sent.
            message.save(
                update_fields=[
                    "status",
                    "sent_at",
                    "attempts",
                    "next_attempt_at",
                    "subject",
                    "body_text",
                    "body_html",
                    "context",
                ]
            )
            sent += 1
    return sent


def message_id_for(key: str) -> str:
    """Return the Message-ID of the message with ``key``: the same for every resend."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@pdp-portal>"


def _send(message: OutboxMessage) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        # A stable Message-ID lets mail servers drop a copy resent after a crash.
        headers={"Message-ID": message_id_for(message.key)},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    email.send(fail_silently=False)


def notifications_mark_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; return how many were."""
    # A conditional UPDATE: a second click (or a second tab) changes nothing.
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
