"""Two people edit and remove one staff member or document at once: refused, never resurrected."""

import os

import pytest

from certification import services
from certification.models import Enclosure, InvalidTransition, QualifiedStaff
from pdp_portal.audit.models import AuditEvent

from .conftest import make_application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tmp_media")]


@pytest.fixture
def application(org, dpo, at_start):
    return make_application(org, dpo)


def test_saving_a_staff_member_removed_meanwhile_does_not_put_them_back(dpo, application):
    stale = application.staff.first()
    services.staff_delete(actor=dpo, staff=QualifiedStaff.objects.get(pk=stale.pk))
    stale.position = "Edited after the removal"
    with pytest.raises(InvalidTransition, match="vừa bị xóa"):
        services.staff_save(actor=dpo, application=application, staff=stale)
    assert not QualifiedStaff.objects.filter(pk=stale.pk).exists()


def test_a_second_removal_of_the_same_staff_member_is_refused(dpo, application):
    stale = application.staff.first()
    services.staff_delete(actor=dpo, staff=QualifiedStaff.objects.get(pk=stale.pk))
    with pytest.raises(InvalidTransition, match="vừa bị xóa"):
        services.staff_delete(actor=dpo, staff=stale)
    assert AuditEvent.objects.filter(action="certification.staff_delete").count() == 1


def test_a_second_removal_of_the_same_document_is_refused(dpo, application):
    stale = Enclosure.objects.filter(application=application, kind="scheme").get()
    services.enclosure_delete(actor=dpo, enclosure=Enclosure.objects.get(pk=stale.pk))
    with pytest.raises(InvalidTransition, match="vừa bị xóa"):
        services.enclosure_delete(actor=dpo, enclosure=stale)
    assert AuditEvent.objects.filter(action="certification.enclosure_delete").count() == 1


def test_removing_a_staff_member_deletes_their_diplomas_and_audits_their_name(dpo, application):
    staff = Enclosure.objects.filter(application=application, kind="diploma").first().staff
    diplomas = list(staff.enclosures.all())
    paths = [e.file.path for e in diplomas]
    assert paths and all(os.path.exists(p) for p in paths)

    services.staff_delete(actor=dpo, staff=staff)

    assert not any(os.path.exists(p) for p in paths)
    assert not Enclosure.objects.filter(pk__in=[e.pk for e in diplomas]).exists()
    event = AuditEvent.objects.get(action="certification.staff_delete")
    assert event.params == {"name": staff.full_name, "ref": application.reference}
    assert event.message == "Bỏ nhân sự %(name)s khỏi hồ sơ %(ref)s"


def test_removing_a_document_deletes_its_file_and_audits_its_name(dpo, application):
    enclosure = Enclosure.objects.filter(application=application, kind="scheme").get()
    path = enclosure.file.path
    assert os.path.exists(path)

    services.enclosure_delete(actor=dpo, enclosure=enclosure)

    assert not os.path.exists(path)
    assert not Enclosure.objects.filter(pk=enclosure.pk).exists()
    event = AuditEvent.objects.get(action="certification.enclosure_delete")
    assert event.params == {"name": enclosure.original_name, "ref": application.reference}
