"""Every list page and API list of every audience costs the same number of queries whatever the
number of its rows and organisations (built once, counted, built twice more, counted again)."""

import pytest
from django.test import Client

from tests.dossiers.conftest import make_register
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

STAFF_LISTS = [
    "/",
    "/requests/",
    "/breaches/",
    "/dossiers/",
    "/certification/",
    "/clock/deadlines/",
    "/organizations/",
    "/api/v1/organizations/",
    "/api/v1/deadlines/",
    "/api/v1/rights-requests/",
    "/api/v1/breaches/",
    "/api/v1/processing-activities/",
    "/api/v1/processing-recipients/",
    "/api/v1/processing-transfers/",
    "/api/v1/register-changes/",
    "/api/v1/dossiers/",
    "/api/v1/certificate-applications/",
    "/api/v1/certificates/",
]

REGULATOR_LISTS = [
    "/regulator/",
    "/regulator/?kind=breach",
    "/regulator/?kind=dossier&status=submitted&assignee=none",
    "/regulator/?kind=application&kind=certificate_change&due=soon",
    "/regulator/?q=a&size=100",
    "/api/v1/regulator/breaches/",
    "/api/v1/regulator/dossiers/",
    "/api/v1/certificate-applications/",
    "/api/v1/certificates/",
]


def test_the_staff_lists_cost_the_same_queries_for_three_times_the_organisations(world, dpo_client):
    # The DPO is a member of every organisation the world builds.
    assert_queries_do_not_grow(dpo_client, STAFF_LISTS, world.grow)


def test_the_register_and_audit_pages_cost_the_same_queries_for_three_times_the_rows(
    world, dpo_client
):
    world.grow(1)
    org = world.organizations[0]
    assert_queries_do_not_grow(
        dpo_client,
        [f"/dossiers/register/{org.pk}/", f"/audit/{org.pk}/"],
        lambda k: [make_register(org, world.dpo, transfer=True) for _ in range(k)],
    )


def test_the_regulator_lists_cost_the_same_queries_for_three_times_the_organisations(
    world, regulator_client
):
    assert_queries_do_not_grow(regulator_client, REGULATOR_LISTS, world.grow)


def test_the_public_lists_cost_the_same_queries_for_three_times_the_rows(world):
    from breaches.models import Breach

    world.grow(1)
    notice = Breach.objects.get(organization=world.organizations[0]).public_id
    assert_queries_do_not_grow(Client(), ["/registry/", f"/notices/{notice}/"], world.grow)
