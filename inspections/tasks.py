from celery import shared_task

from . import bundles


@shared_task(name="inspections.build_bundle", ignore_result=True)
def build_bundle_task(bundle_id: int) -> None:
    """Build one inspection bundle (Decree 356 Art. 31(5)); safe to run twice."""
    bundles.bundle_build(bundle_id=bundle_id)
