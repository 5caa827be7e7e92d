import pytest
from django.urls import reverse

from pdp_portal.organizations.models import ProtectionContact

from .conftest import MEMBERS_SEE, matrix

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("persona", "status"), matrix(MEMBERS_SEE))
def test_detail_by_persona(client_as, org, persona, status):
    response = client_as(persona).get(reverse("organizations:detail", args=[org.pk]))
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


def test_it_answers_404_for_a_missing_organization(client_as, org):
    assert client_as("dpo").get(reverse("organizations:detail", args=[999999])).status_code == 404


def test_it_shows_the_applicability_findings_with_their_basis(client_as, org):
    response = client_as("dpo").get(reverse("organizations:detail", args=[org.pk]))
    body = response.content.decode()
    assert 'data-topic="processing_dossier"' in body
    assert 'data-topic="transfer_dossier"' in body
    assert "Luật 91/2025 Điều 21" in body


def test_only_a_dpo_sees_the_edit_links(client_as, org, staff):
    dpo_page = client_as("dpo").get(reverse("organizations:detail", args=[org.pk]))
    assert reverse("organizations:edit", args=[org.pk]) in dpo_page.content.decode()
    staff_page = client_as("staff").get(reverse("organizations:detail", args=[org.pk]))
    assert reverse("organizations:edit", args=[org.pk]) not in staff_page.content.decode()


def test_it_lists_the_primary_contact_first(client_as, org):
    ProtectionContact.objects.create(
        organization=org, kind="staff", name="A Phụ", email="a@example.vn", phone="1"
    )
    ProtectionContact.objects.create(
        organization=org,
        kind="unit",
        name="Z Chính",
        email="z@example.vn",
        phone="2",
        is_primary=True,
    )
    response = client_as("dpo").get(reverse("organizations:detail", args=[org.pk]))
    assert [c.name for c in response.context["contacts"]] == ["Z Chính", "A Phụ"]


@pytest.mark.parametrize(("language", "shown"), [("vi", "1.250.000"), ("en", "1,250,000")])
def test_it_groups_the_subject_count_as_the_language_writes_it(
    client_as, org, dpo, language, shown
):
    org.data_subject_count = 1_250_000
    org.save()
    client = client_as("dpo")
    client.cookies["django_language"] = language
    response = client.get(reverse("organizations:detail", args=[org.pk]))
    assert shown in response.content.decode()
