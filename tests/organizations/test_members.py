import pytest
from django.urls import reverse

from pdp_portal.organizations.models import Membership
from pdp_portal.organizations.permissions import MANAGE, has_org_perm
from tests.factories import make_user

from .conftest import MEMBERS_SEE, matrix

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("persona", "status"), matrix(MEMBERS_SEE))
def test_members_page_by_persona(client_as, org, persona, status):
    assert (
        client_as(persona).get(reverse("organizations:members", args=[org.pk])).status_code
        == status
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    matrix({**MEMBERS_SEE, "dpo": 302, "staff": 404, "viewer": 404}),
)
def test_members_post_by_persona(client_as, org, persona, status):
    newcomer = make_user("newcomer")
    url = reverse("organizations:members", args=[org.pk])
    response = client_as(persona).post(url, {"username": "newcomer", "role": "viewer"})
    assert response.status_code == status
    assert Membership.objects.filter(user=newcomer, organization=org).exists() == (persona == "dpo")


def test_only_a_dpo_sees_the_member_form(client_as, org, staff):
    assert (
        client_as("dpo").get(reverse("organizations:members", args=[org.pk])).context["can_manage"]
    )
    page = client_as("staff").get(reverse("organizations:members", args=[org.pk]))
    assert not page.context["can_manage"]
    assert 'name="username"' not in page.content.decode()


def test_it_changes_a_role_and_its_permissions(client_as, org, dpo, member):
    client_as("dpo").post(
        reverse("organizations:members", args=[org.pk]), {"username": "member", "role": "dpo"}
    )
    assert Membership.objects.get(user=member, organization=org).role == "dpo"
    assert has_org_perm(member, org, MANAGE)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "nobody", "role": "staff"}, "username"),
        ({"username": "", "role": "staff"}, "username"),
        ({"username": "member", "role": "owner"}, "role"),
    ],
)
def test_it_re_renders_the_member_form_with_a_field_error(client_as, org, member, data, field):
    response = client_as("dpo").post(reverse("organizations:members", args=[org.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_it_refuses_to_demote_the_last_dpo(client_as, org, dpo):
    response = client_as("dpo").post(
        reverse("organizations:members", args=[org.pk]), {"username": "dpo", "role": "staff"}
    )
    assert response.status_code == 200
    assert "DPO" in str(response.context["form"].errors["role"])
    assert Membership.objects.get(user=dpo, organization=org).role == "dpo"


def test_an_inactive_user_cannot_be_added(client_as, org):
    make_user("gone", is_active=False)
    response = client_as("dpo").post(
        reverse("organizations:members", args=[org.pk]), {"username": "gone", "role": "staff"}
    )
    assert "username" in response.context["form"].errors
