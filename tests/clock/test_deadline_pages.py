"""The compliance calendar, the deadline detail, the ICS feed and /api/v1/deadlines/ by persona."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock import services
from pdp_portal.clock.models import CalendarFeed, Deadline
from tests.queries import assert_growth_costs_no_queries

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=VN)


api = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def open_clock(
    org, rule="rights.access.fulfil", start=dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN), label=""
):
    return services.deadline_open(
        organization=org,
        rule=rule,
        subject=org,
        started_at=start,
        label=label or f"{rule} {org.name}",
    )


@pytest.fixture
def clocks(org, other_org):
    """Clocks of two organisations: the organisation's own and one the agency must keep."""
    return {
        "own": open_clock(org, label="Yêu cầu truy cập của Hoa Sen"),
        "soon": open_clock(
            org,
            rule="rights.respond",
            start=dt.datetime(2026, 3, 9, 8, 0, tzinfo=VN),
            label="Phản hồi sắp hạn",
        ),
        "agency": open_clock(org, rule="dossier.review", label="Thẩm định hồ sơ Hoa Sen"),
        "other": open_clock(other_org, label="Yêu cầu của Sông Hồng"),
    }


def listed(response):
    return {row.pk for row in response.context["rows"]}


# --- the calendar page ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["dpo", "staff", "viewer"])
def test_members_see_their_organisations_deadlines(request, as_user, clocks, persona):
    response = as_user(request.getfixturevalue(persona)).get(reverse("clock:deadlines"))
    assert response.status_code == 200
    assert listed(response) == {clocks["own"].pk, clocks["soon"].pk, clocks["agency"].pk}
    assert "Sông Hồng" not in response.content.decode()


def test_another_organisations_dpo_sees_nothing_of_it(as_user, outsider, clocks):
    response = as_user(outsider).get(reverse("clock:deadlines"))
    assert listed(response) == {clocks["other"].pk}
    assert "Hoa Sen" not in response.content.decode()


def test_regulators_see_the_agency_deadlines(as_user, regulator, clocks):
    response = as_user(regulator).get(reverse("clock:deadlines"))
    assert listed(response) == {clocks["agency"].pk}


def test_anonymous_is_sent_to_login(client, clocks):
    response = client.get(reverse("clock:deadlines"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_soonest_first_with_basis_and_highlights(as_user, dpo, clocks):
    Deadline.objects.filter(pk=clocks["own"].pk).update(status=Deadline.Status.OVERDUE)
    response = as_user(dpo).get(reverse("clock:deadlines"))
    rows = response.context["rows"]
    assert [row.pk for row in rows] == [clocks["soon"].pk, clocks["own"].pk, clocks["agency"].pk]
    soon, own, _agency = rows
    assert soon.is_due_soon and not soon.is_overdue
    assert own.is_overdue
    html = response.content.decode()
    assert 'class="due-soon"' in html
    assert 'class="overdue"' in html
    assert "Nghị định 356/2025 Điều 5 khoản 3" in html
    assert "11/03/2026 23:59" in html  # rights.respond from Monday 09/03: two working days


def test_filters_by_organisation_rule_and_state(as_user, dpo, org, clocks):
    client = as_user(dpo)
    url = reverse("clock:deadlines")
    assert listed(client.get(url, {"rule": "dossier.review"})) == {clocks["agency"].pk}
    assert listed(client.get(url, {"state": "due_soon"})) == {clocks["soon"].pk}
    assert listed(client.get(url, {"organization": org.pk})) == {
        clocks["own"].pk,
        clocks["soon"].pk,
        clocks["agency"].pk,
    }
    services.deadline_meet(deadline=clocks["own"], actor=dpo)
    assert listed(client.get(url)) == {clocks["soon"].pk, clocks["agency"].pk}
    assert listed(client.get(url, {"state": "met"})) == {clocks["own"].pk}


def test_the_page_costs_the_same_number_of_queries_for_any_number_of_rows(as_user, dpo, org):
    open_clock(org)

    def grow():
        for _ in range(30):
            open_clock(org)

    before, after = assert_growth_costs_no_queries(as_user(dpo), reverse("clock:deadlines"), grow)
    assert before.status_code == 200
    assert len(after.context["rows"]) == 31


# --- the detail ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"), [("dpo", 200), ("viewer", 200), ("outsider", 404), ("regulator", 404)]
)
def test_the_detail_by_persona(request, as_user, clocks, persona, status):
    client = as_user(request.getfixturevalue(persona))
    assert (
        client.get(reverse("clock:deadline_detail", args=[clocks["own"].pk])).status_code == status
    )


def test_the_detail_explains_the_days_counted_and_skipped(as_user, dpo, clocks):
    response = as_user(dpo).get(reverse("clock:deadline_detail", args=[clocks["own"].pk]))
    html = response.content.decode()
    assert "Ngày thứ 10/10 của thời hạn" in html
    assert "Bộ luật Dân sự 2015 Điều 148" in html
    assert "Nghị định 356/2025 Điều 5 khoản 3" in html


def test_the_detail_as_an_htmx_fragment(as_user, dpo, clocks):
    response = as_user(dpo).get(
        reverse("clock:deadline_detail", args=[clocks["own"].pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()


def test_a_regulator_sees_the_agency_deadline_detail(as_user, regulator, clocks):
    client = as_user(regulator)
    assert (
        client.get(reverse("clock:deadline_detail", args=[clocks["agency"].pk])).status_code == 200
    )


# --- the ICS feed --------------------------------------------------------------------------------


def test_the_feed_address_is_created_and_rotated_from_the_page(as_user, dpo, clocks):
    client = as_user(dpo)
    assert client.get(reverse("clock:deadlines")).context["feed_url"] == ""
    client.post(reverse("clock:feed_rotate"))
    first = CalendarFeed.objects.get(user=dpo).token
    page = client.get(reverse("clock:deadlines"))
    assert first in page.context["feed_url"]
    client.post(reverse("clock:feed_rotate"))
    second = CalendarFeed.objects.get(user=dpo).token
    assert second != first
    assert client.get(reverse("clock:feed", args=[first])).status_code == 404
    assert AuditEvent.objects.filter(action="calendar_feed.rotate").count() == 1


def test_rotating_needs_a_login_and_a_post(client, as_user, dpo):
    assert client.post(reverse("clock:feed_rotate")).status_code == 302
    assert not CalendarFeed.objects.exists()
    assert as_user(dpo).get(reverse("clock:feed_rotate")).status_code == 405


def test_the_feed_has_one_event_per_running_deadline(client, dpo, clocks):
    services.deadline_meet(deadline=clocks["soon"], actor=dpo)
    token = services.calendar_feed_rotate(user=dpo).token
    client.logout()
    response = client.get(reverse("clock:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        f"deadline-{clocks['own'].pk}@testserver",
        f"deadline-{clocks['agency'].pk}@testserver",
    }
    own = events[f"deadline-{clocks['own'].pk}@testserver"]
    assert own.decoded("dtstart") == clocks["own"].due_at
    assert "Yêu cầu truy cập của Hoa Sen" in str(own["summary"])
    assert "Nghị định 356/2025 Điều 5 khoản 3" in str(own["description"])


def test_the_feed_carries_the_vietnam_time_zone(client, dpo, clocks):
    token = services.calendar_feed_rotate(user=dpo).token
    client.logout()
    calendar = icalendar.Calendar.from_ical(client.get(reverse("clock:feed", args=[token])).content)

    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["tzid"]) for zone in zones] == ["Asia/Ho_Chi_Minh"]
    (standard,) = zones[0].walk("STANDARD")
    assert standard["tzoffsetto"].td == dt.timedelta(hours=7)
    for event in calendar.walk("VEVENT"):
        assert event["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert str(calendar["refresh-interval"].to_ical(), "ascii") == "PT1H"


def test_the_page_shows_how_to_subscribe_with_a_copyable_address(as_user, dpo, clocks):
    client = as_user(dpo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert 'id="feed-url"' not in client.get(reverse("clock:deadlines")).content.decode()
    client.post(reverse("clock:feed_rotate"))
    path = reverse("clock:feed", args=[CalendarFeed.objects.get(user=dpo).token])

    html = client.get(reverse("clock:deadlines")).content.decode()

    assert "Subscribe in your calendar" in html
    assert f'id="feed-url" type="text" readonly value="http://testserver{path}"' in html
    assert f'href="webcal://testserver{path}"' in html
    assert "Google Calendar" in html and "From URL" in html


def test_an_unknown_feed_token_is_404(client, clocks):
    assert client.get(reverse("clock:feed", args=["not-a-token"])).status_code == 404


def test_a_deactivated_users_feed_is_404(client, dpo, clocks):
    token = services.calendar_feed_rotate(user=dpo).token
    dpo.is_active = False
    dpo.save(update_fields=["is_active"])
    assert client.get(reverse("clock:feed", args=[token])).status_code == 404


# --- the API -------------------------------------------------------------------------------------


def api_ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@api
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("dpo", {"own", "soon", "agency"}),
        ("viewer", {"own", "soon", "agency"}),
        ("outsider", {"other"}),
        ("regulator", {"agency"}),
    ],
)
def test_the_api_lists_what_the_page_lists(request, as_user, clocks, persona, expected):
    client = as_user(request.getfixturevalue(persona))
    assert api_ids(client.get("/api/v1/deadlines/")) == {clocks[name].pk for name in expected}


@api
def test_the_api_refuses_anonymous(client, clocks):
    assert client.get("/api/v1/deadlines/").status_code in (401, 403)


@api
def test_the_api_filters(as_user, dpo, org, clocks):
    client = as_user(dpo)
    url = "/api/v1/deadlines/"
    assert api_ids(client.get(url, {"rule": "dossier.review"})) == {clocks["agency"].pk}
    assert api_ids(client.get(url, {"organization": org.pk})) == {
        clocks["own"].pk,
        clocks["soon"].pk,
        clocks["agency"].pk,
    }
    assert api_ids(client.get(url, {"due_before": "2026-03-12T00:00:00+07:00"})) == {
        clocks["soon"].pk
    }
    services.deadline_meet(deadline=clocks["soon"], actor=dpo)
    assert api_ids(client.get(url, {"status": "met"})) == {clocks["soon"].pk}
    assert api_ids(client.get(url, {"state": "open"})) == {clocks["own"].pk, clocks["agency"].pk}
    assert client.get(url, {"rule": "rights.nothing"}).status_code == 400


@api
def test_the_api_detail_is_404_for_missing_and_forbidden(as_user, outsider, dpo, clocks):
    assert as_user(outsider).get(f"/api/v1/deadlines/{clocks['own'].pk}/").status_code == 404
    assert as_user(outsider).get("/api/v1/deadlines/999999/").status_code == 404
    body = as_user(dpo).get(f"/api/v1/deadlines/{clocks['own'].pk}/").json()
    assert body["rule"] == "rights.access.fulfil"
    assert body["basis"] == "Nghị định 356/2025 Điều 5 khoản 3"
    assert body["effective_due_at"].startswith("2026-03-12T23:59:59")


@api
def test_the_api_is_read_only(as_user, dpo, clocks):
    response = as_user(dpo).patch(
        f"/api/v1/deadlines/{clocks['own'].pk}/", {"status": "met"}, content_type="application/json"
    )
    assert response.status_code == 405


def test_a_regulator_reads_the_deadlines_in_the_agencys_layout(as_user, regulator, dpo, clocks):
    for url in (
        reverse("clock:deadlines"),
        reverse("clock:deadline_detail", args=[clocks["agency"].pk]),
    ):
        html = as_user(regulator).get(url).content.decode()
        assert 'class="topbar regulator"' in html, url
        # No way into the organisations' own pages, where a regulator gets nothing.
        assert reverse("subjects_rights:inbox") not in html, url
    assert (
        'class="topbar regulator"'
        not in as_user(dpo).get(reverse("clock:deadlines")).content.decode()
    )


def test_the_menu_names_the_lists_in_the_plural_in_english(as_user, dpo):
    client = as_user(dpo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("clock:deadlines")).content.decode()
    for label in (">Deadlines</a>", ">Consents</a>", ">Organisations</a>"):
        assert label in html
