import pytest
from django.urls import reverse

from tests.factories import add_member, make_organization

from .conftest import matrix

pytestmark = pytest.mark.django_db

EVERYONE_SIGNED_IN = {
    "dpo": 200,
    "staff": 200,
    "viewer": 200,
    "outsider": 200,
    "regulator": 200,
    "anonymous": 302,
}


@pytest.mark.parametrize(("persona", "status"), matrix(EVERYONE_SIGNED_IN))
def test_list_by_persona(client_as, org, other_org, persona, status):
    response = client_as(persona).get(reverse("organizations:list"))
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


def test_it_lists_only_the_users_organizations(client_as, org, other_org):
    response = client_as("dpo").get(reverse("organizations:list"))
    assert list(response.context["organizations"]) == [org]
    assert other_org.name not in response.content.decode()


def test_it_lists_nothing_for_a_regulator(client_as, org):
    response = client_as("regulator").get(reverse("organizations:list"))
    assert list(response.context["organizations"]) == []


def test_it_counts_members_and_dpos(client_as, org, dpo, staff, viewer):
    row = client_as("dpo").get(reverse("organizations:list")).context["organizations"][0]
    assert (row.member_count, row.dpo_count) == (3, 1)


@pytest.mark.parametrize("url_name", ["organizations:list", "dashboard"])
def test_query_count_does_not_grow_with_rows(
    client_as, dpo, django_assert_max_num_queries, url_name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("dpo")
    with CaptureQueriesContext(connection) as one_row:
        assert client.get(reverse(url_name)).status_code == 200
    for _ in range(15):
        add_member(make_organization(), dpo, "staff")
    with django_assert_max_num_queries(len(one_row)):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert len(response.context["organizations"]) == 16
