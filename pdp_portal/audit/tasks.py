"""Celery tasks of the audit ledger: seal (every minute), verify and publish (daily)."""

from celery import shared_task

from . import distribution, services


@shared_task(name="audit.seal", ignore_result=True)
def seal(limit: int = 50_000) -> int:
    """Seal what was appended since the last run (bounded per run; safe to run twice)."""
    return services.audit_seal(limit=limit)


@shared_task(name="audit.verify", ignore_result=True)
def verify() -> bool:
    """Verify the whole ledger; on a failure, alert the DPOs and the administrators."""
    return distribution.verify_and_alert()


@shared_task(name="audit.publish", ignore_result=True)
def publish() -> int:
    """E-mail the latest checkpoint to the agency and every organisation's DPO."""
    return distribution.publish_checkpoint()
