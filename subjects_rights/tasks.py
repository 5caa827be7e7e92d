from celery import shared_task

from . import services


@shared_task(name="subjects_rights.expire_unverified", ignore_result=True)
def expire_unverified() -> int:
    """Delete unconfirmed requests past their expiry, with their data."""
    return services.requests_expire_unverified()
