"""Celery tasks of the clock: the sweeper, run by beat every minute."""

from celery import shared_task

from . import services


@shared_task(name="clock.sweep", ignore_result=True)
def sweep(batch: int = services.SWEEP_BATCH, max_batches: int = services.SWEEP_MAX_BATCHES) -> int:
    """Send due reminder stages and mark overdue clocks (state-based: safe to run twice)."""
    return services.sweep(batch=batch, max_batches=max_batches)
