"""A diploma uploaded for a staff member whom a colleague removed meanwhile (the page was read
before the removal) is refused with a message that says so, never a server error when the
transaction commits, and no file is left behind."""

from pathlib import Path

import pytest

from certification import services
from certification.models import Enclosure, InvalidTransition, QualifiedStaff

from .conftest import make_application, pdf_upload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("tmp_media")]


def _stored(settings) -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def test_a_diploma_for_a_staff_member_removed_meanwhile_is_refused(settings, org, dpo, at_start):
    application = make_application(org, dpo)
    stale = application.staff.first()
    services.staff_delete(actor=dpo, staff=QualifiedStaff.objects.get(pk=stale.pk))
    before, files = Enclosure.objects.count(), _stored(settings)

    with pytest.raises(InvalidTransition, match="vừa bị xóa"):
        services.enclosure_add(
            actor=dpo,
            application=application,
            upload=pdf_upload("bang.pdf"),
            kind="diploma",
            staff=stale,
        )

    assert Enclosure.objects.count() == before
    assert _stored(settings) == files
