"""Inputs the API refuses before the database sees them, and edits that race a delete."""

import pytest

from dossiers import api as dossiers_api
from dossiers import services
from dossiers.models import Recipient
from pdp_portal.apivalidation import INT_MAX

from .conftest import make_register

pytestmark = pytest.mark.django_db

# Larger than a PostgreSQL bigint: the driver raised OverflowError (500) for it.
HUGE = "26815178287356288288012894208"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/processing-recipients/",
        "/api/v1/dossiers/",
        "/api/v1/deadlines/",
        "/api/v1/processing-transfers/",
        "/api/v1/processing-activities/",
        "/api/v1/register-changes/",
        "/api/v1/breaches/",
        "/api/v1/rights-requests/",
        "/api/v1/dossiers/requirements/",
    ],
)
def test_it_refuses_an_organization_filter_beyond_64_bits(as_user, dpo, url):
    client = as_user(dpo)
    response = client.get(url, {"organization": HUGE})

    assert response.status_code == 400
    assert "organization" in response.json()
    # The largest id PostgreSQL can hold is still a filter (it matches nothing).
    assert client.get(url, {"organization": INT_MAX}).status_code == 200


def test_it_refuses_a_non_numeric_or_empty_filter(as_user, dpo):
    client = as_user(dpo)
    assert client.get("/api/v1/dossiers/", {"organization": "abc"}).status_code == 400
    assert client.get("/api/v1/dossiers/", {"status": ""}).status_code == 400
    assert client.get("/api/v1/deadlines/", {"due_before": ""}).status_code == 400


def test_it_refuses_an_organization_beyond_64_bits_in_a_body(as_user, dpo):
    response = as_user(dpo).post(
        "/api/v1/processing-recipients/",
        {"organization": int(HUGE), "role": "processor", "name": "Mây Xanh"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "organization" in response.json()


def test_it_answers_json_404_for_a_malformed_path_id(as_user, dpo):
    for method in ("get", "post", "delete"):
        response = getattr(as_user(dpo), method)("/api/v1/processing-recipients/1.2.3/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"


def test_a_patch_racing_a_delete_answers_409_not_500(as_user, dpo, org, monkeypatch):
    # The view reads the row, then another request deletes it before the service locks it.
    _activity, processor = make_register(org, dpo)
    services.activity_delete(actor=dpo, organization=org, activity=_activity)
    read = dossiers_api.ProcessingRecipientViewSet._changeable

    def read_then_lose_the_race(self, pk):
        item = read(self, pk)
        services.recipient_delete(actor=dpo, organization=org, recipient=item)
        return item

    monkeypatch.setattr(
        dossiers_api.ProcessingRecipientViewSet, "_changeable", read_then_lose_the_race
    )

    response = as_user(dpo).patch(
        f"/api/v1/processing-recipients/{processor.pk}/",
        {"service": "Sao lưu"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert "detail" in response.json()
    assert not Recipient.objects.filter(pk=processor.pk).exists()
