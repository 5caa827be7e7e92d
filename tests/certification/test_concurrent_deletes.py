"""Two people edit and remove one staff member or document at once: refused, never resurrected."""

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
