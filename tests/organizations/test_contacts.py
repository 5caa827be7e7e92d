import pytest
from django.urls import reverse

from pdp_portal.audit.models import AuditEvent
from pdp_portal.organizations.models import ProtectionContact

from .conftest import DPO_ONLY, matrix

pytestmark = pytest.mark.django_db

CONTACT = {
    "kind": "staff",
    "name": "Nguyễn Thị Lan",
    "position": "Trưởng phòng pháp chế",
    "email": "lan@example.vn",
    "phone": "024 3825 1234",
}


@pytest.fixture
def contact(org):
    return ProtectionContact.objects.create(
        organization=org, kind="unit", name="Ban Pháp chế", email="pc@example.vn", phone="1"
    )


@pytest.fixture
def foreign_contact(other_org):
    return ProtectionContact.objects.create(
        organization=other_org, kind="unit", name="Ban khác", email="k@example.vn", phone="2"
    )


@pytest.mark.parametrize(("persona", "status"), matrix(DPO_ONLY))
def test_contact_create_page_by_persona(client_as, org, persona, status):
    url = reverse("organizations:contact_create", args=[org.pk])
    assert client_as(persona).get(url).status_code == status


@pytest.mark.parametrize(("persona", "status"), matrix({**DPO_ONLY, "dpo": 302}))
def test_contact_create_post_by_persona(client_as, org, persona, status):
    url = reverse("organizations:contact_create", args=[org.pk])
    assert client_as(persona).post(url, CONTACT).status_code == status
    assert org.protection_contacts.exists() == (persona == "dpo")


@pytest.mark.parametrize(("persona", "status"), matrix(DPO_ONLY))
def test_contact_edit_page_by_persona(client_as, org, contact, persona, status):
    url = reverse("organizations:contact_edit", args=[org.pk, contact.pk])
    assert client_as(persona).get(url).status_code == status


@pytest.mark.parametrize(("persona", "status"), matrix({**DPO_ONLY, "dpo": 302}))
def test_contact_edit_post_by_persona(client_as, org, contact, persona, status):
    url = reverse("organizations:contact_edit", args=[org.pk, contact.pk])
    assert client_as(persona).post(url, {**CONTACT, "kind": "unit"}).status_code == status
    contact.refresh_from_db()
    assert (contact.name == CONTACT["name"]) == (persona == "dpo")


def test_it_answers_404_for_another_organizations_contact(client_as, org, foreign_contact):
    url = reverse("organizations:contact_edit", args=[org.pk, foreign_contact.pk])
    client = client_as("dpo")
    assert client.get(url).status_code == 404
    assert client.post(url, CONTACT).status_code == 404
    foreign_contact.refresh_from_db()
    assert foreign_contact.name == "Ban khác"


def test_it_creates_and_audits_a_contact(client_as, org):
    client_as("dpo").post(reverse("organizations:contact_create", args=[org.pk]), CONTACT)
    contact = org.protection_contacts.get()
    assert contact.name == CONTACT["name"]
    assert AuditEvent.objects.filter(
        action="contact.create", object_id=str(contact.pk), organization=org
    ).exists()


def test_a_new_primary_contact_replaces_the_old_one(client_as, org, contact):
    contact.is_primary = True
    contact.save()
    response = client_as("dpo").post(
        reverse("organizations:contact_create", args=[org.pk]), {**CONTACT, "is_primary": "on"}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert not contact.is_primary
    assert org.protection_contacts.get(is_primary=True).name == CONTACT["name"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "provider"}, "provider_tax_code"),
        ({"kind": "provider", "provider_tax_code": "12"}, "provider_tax_code"),
        ({"kind": "robot"}, "kind"),
        ({"email": "lan@"}, "email"),
        ({"phone": ""}, "phone"),
        ({"name": ""}, "name"),
    ],
)
def test_it_re_renders_the_contact_form_with_a_field_error(client_as, org, changes, field):
    response = client_as("dpo").post(
        reverse("organizations:contact_create", args=[org.pk]), {**CONTACT, **changes}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not org.protection_contacts.exists()
