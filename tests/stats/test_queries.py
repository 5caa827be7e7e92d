"""What the statistics pages cost does not follow the number of requests, breaches and dossiers."""

import itertools

import pytest
from django.urls import reverse

from tests.factories import make_organization
from tests.queries import assert_queries_do_not_grow
from tests.subjects_rights.helpers import at

from .conftest import PERIOD, answered_request, notified_breach, reviewed_dossier

pytestmark = pytest.mark.django_db

TYPES = itertools.cycle(["access", "erase", "object", "copy"])
MONTHS = itertools.cycle(["2026-03-02 09:30", "2026-04-06 10:00", "2026-05-04 14:00"])


def _grow(org, dpo):
    def grow(k):
        for _ in range(k):
            answered_request(org, dpo, request_type=next(TYPES), received=next(MONTHS), hours=4)
            notified_breach(org, dpo, hours=90, discovered=next(MONTHS))
            # One dossier of each kind per organisation: each new one needs an organisation.
            reviewed_dossier(make_organization(), submitted=next(MONTHS), days=3)

    return grow


def test_the_staff_page_and_exports_cost_the_same_with_more_rows(as_user, org, dpo):
    urls = [reverse(n) + "?" + PERIOD for n in ("stats:page", "stats:csv", "stats:xlsx")]
    assert_queries_do_not_grow(as_user(dpo), urls, _grow(org, dpo), n=2)


def test_the_agency_page_costs_the_same_with_more_rows(as_user, org, dpo, regulator):
    urls = [reverse(n) + "?" + PERIOD for n in ("stats_regulator:page", "stats_regulator:csv")]
    assert_queries_do_not_grow(as_user(regulator), urls, _grow(org, dpo), n=2)


def test_the_staff_page_runs_one_query_per_figure(as_user, org, dpo, django_assert_max_num_queries):
    answered_request(org, dpo)
    client = as_user(dpo)
    url = reverse("stats:page") + "?" + PERIOD
    client.get(url)
    # Session, user, device, memberships and the organisation list, then one query per figure.
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    assert at  # the helpers' clock
