import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pdp_portal.clock import services as clock_services
from tests.factories import add_member, make_organization
from tests.subjects_rights.helpers import VN, enter

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 3, 10, 0, tzinfo=VN)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_counts_each_organisations_clocks_and_requests(as_user, org, dpo, other_org, outsider):
    # Received Monday 2/3: the 2-working-day answer is due Wednesday 4/3, within two days.
    enter(org, dpo, received_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN))
    # Received Friday 20/2 (Tết): the answer was due Tuesday 24/2 and the access itself (10 days)
    # on Monday 2/3, so the sweeper marks both overdue.
    enter(org, dpo, received_at=dt.datetime(2026, 2, 20, 9, 0, tzinfo=VN), email="b@example.vn")
    enter(other_org, outsider, received_at=dt.datetime(2026, 2, 20, 9, 0, tzinfo=VN))
    clock_services.sweep()

    response = as_user(dpo).get(reverse("dashboard"))
    (card,) = response.context["organizations"]
    assert card == org
    assert card.figures == {
        "overdue": 2,
        "due_soon": 1,
        "running": 4,
        "open_requests": 2,
        "open_breaches": 0,
    }
    soonest = response.context["soonest"]
    assert [d.organization_id for d in soonest] == [org.pk] * 4
    assert soonest[0].rule == "rights.respond" and soonest[0].status == "overdue"
    html = response.content.decode()
    assert other_org.name not in html


def test_the_dashboard_query_count_does_not_grow_with_organisations(as_user, org, dpo):
    client = as_user(dpo)
    enter(org, dpo, received_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("dashboard")).status_code == 200
    for _ in range(6):
        other = make_organization()
        add_member(other, dpo, "staff")
        enter(other, dpo, received_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("dashboard"))
    assert len(response.context["organizations"]) == 7
    assert len(many) == len(one)
