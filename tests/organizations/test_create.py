import pytest
from django.urls import reverse

from pdp_portal.organizations.models import Organization
from tests.factories import make_user

from .conftest import matrix

pytestmark = pytest.mark.django_db

NOBODY_BUT_ADMINS = {
    "dpo": 404,
    "staff": 404,
    "viewer": 404,
    "outsider": 404,
    "regulator": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize(("persona", "status"), matrix(NOBODY_BUT_ADMINS))
def test_create_page_by_persona(client_as, org, persona, status):
    assert client_as(persona).get(reverse("organizations:create")).status_code == status


def test_an_administrator_creates_an_organization(as_user):
    admin = make_user("root", is_superuser=True, is_staff=True)
    response = as_user(admin).post(
        reverse("organizations:create"),
        {
            "name": "Công ty TNHH Mới",
            "tax_code": "0312345678",
            "head_office": "Hà Nội",
            "size_class": "medium",
            "calendar": "statutory",
            "slug": "moi",
            "data_subject_count": "0",
        },
    )
    organization = Organization.objects.get(slug="moi")
    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    # An administrator is not made a member: the organisation is handed to a DPO afterwards.
    assert not organization.memberships.exists()
