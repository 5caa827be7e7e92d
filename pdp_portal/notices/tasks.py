from celery import shared_task

from .services import outbox_relay


@shared_task(name="notices.relay", ignore_result=True)
def relay() -> int:
    return outbox_relay()
