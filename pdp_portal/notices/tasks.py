from celery import shared_task

from .services import outbox_relay


@shared_task(name="notices.relay", ignore_result=True)
def relay() -> int:
    """Send the pending outbox messages that are due (safe to run twice at once)."""
    return outbox_relay()
