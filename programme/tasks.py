from celery import shared_task

from . import services


@shared_task(name="programme.sync", ignore_result=True)
def sync_all() -> int:
    """Bring every organisation's obligations in line with its profile and registers."""
    return services.programmes_sync_all()
