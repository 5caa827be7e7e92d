from celery import shared_task

from .services import outbox_has_due_messages, outbox_relay


@shared_task(name="notices.relay", ignore_result=True)
def relay() -> int:
    """Send the pending outbox messages that are due (safe to run twice at once).

    A run sends one batch; when it made progress and more messages are due (a backlog after a
    broker or mail-server outage), it queues the next run at once instead of waiting for beat.
    """
    sent = outbox_relay()
    if sent and outbox_has_due_messages():
        relay.apply_async()
    return sent
