"""Celery tasks of consents, run by beat (state-based: each is safe to run twice)."""

from celery import shared_task

from . import access, expiry


@shared_task(name="consents.expire", ignore_result=True)
def expire() -> int:
    """Record the expiry of consents whose stated period ended (Law 91/2025 Art. 9(4)(c))."""
    return expiry.expire_due()


@shared_task(name="consents.sweep_links", ignore_result=True)
def sweep_links() -> int:
    """Delete the subjects' expired links with the addresses they hold."""
    return access.access_sweep()
