"""GET /api/v1/clock/due/ and /api/v1/clock/rules/: the command's answers, 400s, anonymous."""

from io import StringIO

import pytest
from django.core.management import call_command

from pdp_portal.clock.rules import RULES

pytestmark = pytest.mark.django_db

DUE = "/api/v1/clock/due/"
RULES_URL = "/api/v1/clock/rules/"

QUERIES = [
    {"rule": "rights.respond", "start": "2026-03-02T09:30:00+07:00"},
    {"rule": "rights.access.fulfil", "start": "2026-03-02T09:30:00+07:00"},
    {"rule": "breach.notify_agency", "start": "2026-03-02T09:30:00+07:00"},
    {"rule": "rights.respond", "start": "2026-02-12T16:00:00+07:00"},
    {"rule": "rights.cease.fulfil", "start": "2026-04-11T10:00:00+07:00"},
    {"rule": "rights.access.fulfil", "start": "2026-03-02T09:30:00+07:00", "extend": "10"},
    {"rule": "rights.respond", "start": "2026-03-01T18:30:00Z"},
    {"rule": "rights.respond", "start": "2026-01-09", "calendar": "public_sector"},
    {"rule": "certificate.reissue", "start": "2026-08-27T10:00:00+07:00"},
]


def command_answer(query: dict) -> str:
    args = [query["rule"], query["start"]]
    if "calendar" in query:
        args += ["--calendar", query["calendar"]]
    if "extend" in query:
        args += ["--extend", query["extend"]]
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()[0]


@pytest.mark.parametrize("query", QUERIES)
def test_it_answers_as_the_command(as_user, dpo, query):
    response = as_user(dpo).get(DUE, query)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["due_at"] == command_answer(query)
    assert body["rule"] == query["rule"]
    assert body["basis"] == RULES[query["rule"]].basis_vi
    assert body["explanation"] is None


def test_it_explains_on_request(as_user, dpo):
    response = as_user(dpo).get(
        DUE,
        {
            "rule": "rights.access.fulfil",
            "start": "2026-03-02T09:30:00+07:00",
            "extend": "10",
            "explain": "1",
        },
    )
    body = response.json()
    assert body["original_due_at"] == "2026-03-12T23:59:59+07:00"
    assert body["due_at"] == "2026-03-23T23:59:59+07:00"
    assert body["calendar"] == "statutory"
    assert body["start"] == "2026-03-02T09:30:00+07:00"
    assert body["extend_days"] == 10
    steps = body["explanation"]
    assert steps[0] == {
        "date": "2026-03-02",
        "counted": False,
        "kind": "event",
        "reason": steps[0]["reason"],
    }
    assert any(step["date"] == "2026-03-22" and "Chủ nhật" in step["reason"] for step in steps)
    assert steps[-1]["kind"] == "due" and steps[-1]["date"] == "2026-03-23"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"rule": "rights.nope", "start": "2026-03-02"}, "rule"),
        ({"start": "2026-03-02"}, "rule"),
        ({"rule": "rights.respond"}, "start"),
        ({"rule": "rights.respond", "start": "2026-03-02T09:30"}, "start"),
        ({"rule": "rights.respond", "start": "not a date"}, "start"),
        ({"rule": "rights.respond", "start": "2029-03-02"}, "start"),
        ({"rule": "rights.respond", "start": "2026-03-02", "calendar": "lunar"}, "calendar"),
        ({"rule": "rights.access.fulfil", "start": "2026-03-02", "extend": "11"}, "extend"),
        ({"rule": "rights.access.fulfil", "start": "2026-03-02", "extend": "0"}, "extend"),
        ({"rule": "rights.access.fulfil", "start": "2026-03-02", "extend": "x"}, "extend"),
        ({"rule": "rights.respond", "start": "2026-03-02", "extend": "1"}, "extend"),
    ],
)
def test_bad_input_is_a_400_with_a_field_error(as_user, dpo, query, field):
    response = as_user(dpo).get(DUE, query)
    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_the_language_of_the_basis_follows_the_request(as_user, dpo):
    response = as_user(dpo).get(
        DUE,
        {"rule": "rights.access.fulfil", "start": "2026-03-02"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["basis"] == "Decree 356/2025 Art. 5(3)"


@pytest.mark.parametrize("url", [DUE + "?rule=rights.respond&start=2026-03-02", RULES_URL])
def test_anonymous_is_refused(client, url):
    assert client.get(url).status_code in (401, 403)


def test_rules_lists_the_catalogue(as_user, dpo):
    response = as_user(dpo).get(RULES_URL)
    assert response.status_code == 200
    rules = {rule["code"]: rule for rule in response.json()}
    assert set(rules) == set(RULES)
    assert rules["rights.erase.fulfil"]["max_extension_days"] == 20
    assert rules["dossier.review"]["default_calendar"] == "public_sector"
    assert rules["breach.notify_agency"]["unit"] == "hours"


def test_the_schema_documents_both_endpoints(as_user, dpo):
    response = as_user(dpo).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/clock/due/" in paths
    assert {"rule", "start", "calendar", "extend", "explain"} <= {
        parameter["name"] for parameter in paths["/api/v1/clock/due/"]["get"]["parameters"]
    }
    assert "/api/v1/clock/rules/" in paths
