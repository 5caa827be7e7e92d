import pytest

from pdp_portal.audit.models import AuditEvent
from pdp_portal.organizations.models import Membership
from pdp_portal.organizations.permissions import MANAGE, VIEW, has_org_perm
from tests.factories import add_member, make_user

from .conftest import matrix
from .test_api_organizations import API_ANONYMOUS, API_DPO_ONLY, API_MEMBERS_SEE

pytestmark = pytest.mark.django_db


def memberships(org):
    return f"/api/v1/organizations/{org.pk}/memberships/"


def membership_url(membership):
    return f"/api/v1/organizations/{membership.organization_id}/memberships/{membership.pk}/"


@pytest.mark.parametrize(("persona", "status"), matrix(API_MEMBERS_SEE))
def test_list_by_persona(client_as, org, member, persona, status):
    response = client_as(persona).get(memberships(org))
    assert response.status_code == status
    if status == 200:
        assert "member" in [m["username"] for m in response.json()["results"]]


@pytest.mark.parametrize(("persona", "status"), matrix({**API_DPO_ONLY, "dpo": 201}))
def test_create_by_persona(client_as, org, persona, status):
    newcomer = make_user("newcomer")
    response = client_as(persona).post(
        memberships(org),
        {"username": "newcomer", "role": "viewer"},
        content_type="application/json",
    )
    assert response.status_code == status
    assert has_org_perm(newcomer, org, VIEW) == (persona == "dpo")


@pytest.mark.parametrize(("persona", "status"), matrix({**API_DPO_ONLY, "dpo": 204}))
def test_delete_by_persona(client_as, org, member, persona, status):
    membership = Membership.objects.get(user=member, organization=org)
    response = client_as(persona).delete(membership_url(membership))
    assert response.status_code == status
    assert Membership.objects.filter(pk=membership.pk).exists() == (persona != "dpo")


def test_anonymous_cannot_create(client, org):
    make_user("newcomer")
    response = client.post(memberships(org), {"username": "newcomer", "role": "dpo"})
    assert response.status_code == API_ANONYMOUS


def test_another_organizations_membership_is_404(client_as, org, other_org, dpo):
    foreign = add_member(other_org, make_user("foreigner"), "staff")
    client = client_as("dpo")
    # Under the right organisation id, or under ours: the same 404.
    assert client.delete(membership_url(foreign)).status_code == 404
    url = f"/api/v1/organizations/{org.pk}/memberships/{foreign.pk}/"
    assert client.delete(url).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_a_member_without_manage_gets_404_whatever_the_body(client_as, org, staff):
    response = client_as("staff").post(memberships(org), {}, content_type="application/json")
    assert response.status_code == 404


def test_create_changes_an_existing_role(client_as, org, dpo, member):
    response = client_as("dpo").post(
        memberships(org), {"username": "member", "role": "dpo"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["role"] == "dpo"
    assert has_org_perm(member, org, MANAGE)
    assert AuditEvent.objects.latest("id").action == "membership.set"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "nobody", "role": "staff"}, "username"),
        ({"role": "staff"}, "username"),
        ({"username": "member", "role": "owner"}, "role"),
        ({"username": "member"}, "role"),
    ],
)
def test_bad_input_gives_400_with_field_errors(client_as, org, dpo, member, body, field):
    response = client_as("dpo").post(memberships(org), body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


def test_it_refuses_to_demote_the_last_dpo(client_as, org, dpo):
    response = client_as("dpo").post(
        memberships(org), {"username": "dpo", "role": "viewer"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "DPO" in response.json()["role"][0]
    assert has_org_perm(dpo, org, MANAGE)


def test_it_refuses_to_delete_the_last_dpo(client_as, org, dpo):
    membership = Membership.objects.get(user=dpo, organization=org)
    response = client_as("dpo").delete(membership_url(membership))
    assert response.status_code == 400
    assert "role" in response.json()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_missing_organization_is_404(client_as, dpo):
    assert client_as("dpo").get("/api/v1/organizations/999999/memberships/").status_code == 404
