"""A query parameter given empty is refused where its schema does not allow it, as on every list."""

import pytest

pytestmark = pytest.mark.django_db

DUE = {"rule": "rights.respond", "start": "2026-03-02"}


@pytest.mark.parametrize("name", ["calendar", "extend"])
def test_the_due_date_refuses_a_parameter_given_empty(as_user, dpo, name):
    response = as_user(dpo).get("/api/v1/clock/due/", {**DUE, name: ""})

    # It used to answer with the rule's own calendar, as if nothing had been asked.
    assert response.status_code == 400
    assert name in response.json()


def test_the_due_date_still_takes_what_it_documents(as_user, dpo):
    response = as_user(dpo).get("/api/v1/clock/due/", {**DUE, "calendar": "public_sector"})

    assert response.status_code == 200
    assert response.json()["calendar"] == "public_sector"
