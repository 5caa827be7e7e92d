import pytest
from django.urls import reverse

from pdp_portal.organizations.models import Membership
from pdp_portal.organizations.permissions import VIEW, has_org_perm
from tests.factories import add_member, make_user

from .conftest import DPO_ONLY, matrix

pytestmark = pytest.mark.django_db


def remove_url(membership):
    return reverse("organizations:member_remove", args=[membership.organization_id, membership.pk])


@pytest.mark.parametrize(("persona", "status"), matrix({**DPO_ONLY, "dpo": 302}))
def test_member_remove_by_persona(client_as, org, member, persona, status):
    membership = Membership.objects.get(user=member, organization=org)
    response = client_as(persona).post(remove_url(membership))
    assert response.status_code == status
    assert Membership.objects.filter(pk=membership.pk).exists() == (persona != "dpo")


def test_it_revokes_the_members_permissions(client_as, org, member):
    membership = Membership.objects.get(user=member, organization=org)
    client_as("dpo").post(remove_url(membership))
    assert not has_org_perm(member, org, VIEW)


def test_it_refuses_a_get(client_as, org, member):
    membership = Membership.objects.get(user=member, organization=org)
    assert client_as("dpo").get(remove_url(membership)).status_code == 405


def test_it_answers_404_for_another_organizations_membership(client_as, org, other_org):
    foreign = add_member(other_org, make_user("foreigner"), "staff")
    url = reverse("organizations:member_remove", args=[org.pk, foreign.pk])
    assert client_as("dpo").post(url).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_it_refuses_to_remove_the_last_dpo(client_as, org, dpo):
    membership = Membership.objects.get(user=dpo, organization=org)
    response = client_as("dpo").post(remove_url(membership), follow=True)
    assert response.status_code == 200
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert "DPO" in response.content.decode()


def test_a_dpo_who_leaves_goes_to_the_dashboard(client_as, org, dpo):
    add_member(org, make_user("second_dpo"), "dpo")
    membership = Membership.objects.get(user=dpo, organization=org)
    response = client_as("dpo").post(remove_url(membership))
    assert response["Location"] == reverse("dashboard")
