"""The consent API: property keys, one record, a batch with mixed valid and invalid records."""

import pytest

from consents import keys, services
from consents.models import ConsentRecord

from .conftest import make_notice, record_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(org, notice):
    _key, secret = services.property_key_create(actor="test", organization=org, name="shop.vn")
    return secret


def _post(client, path, body, secret, **headers):
    return client.post(
        path,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Consent {secret}",
        **headers,
    )


def test_one_record_gets_its_signed_receipt(client, org, key):
    response = _post(
        client, "/api/v1/consents/records/", record_data(), key, HTTP_IDEMPOTENCY_KEY="signup-1"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    payload, published = keys.verify_receipt(body["receipt"])
    assert published.organization == org and published.kid == body["kid"]
    assert {d["purpose"]: d["decision"] for d in payload["decisions"]} == {
        "delivery": "given",
        "ads": "refused",
    }
    again = _post(
        client, "/api/v1/consents/records/", record_data(), key, HTTP_IDEMPOTENCY_KEY="signup-1"
    )
    assert again.status_code == 200 and again.json()["receipt_id"] == body["receipt_id"]
    assert ConsentRecord.objects.count() == 1


def test_a_refused_record_names_field_and_article(client, org, key):
    response = _post(
        client,
        "/api/v1/consents/records/",
        record_data(decisions={"delivery": "given", "spam": "given"}),
        key,
    )
    assert response.status_code == 400
    assert "Điều 9" in str(response.json()["decisions.spam"])
    assert not ConsentRecord.objects.exists()


def test_without_a_valid_key_nothing_is_recorded(client, org, notice):
    assert _post(client, "/api/v1/consents/records/", record_data(), "ck_wrong").status_code == 401
    assert client.post(
        "/api/v1/consents/records/", record_data(), content_type="application/json"
    ).status_code in (401, 403)


def test_a_key_records_only_for_its_own_organisation(client, org, other_org, key):
    make_notice(other_org)
    _post(client, "/api/v1/consents/records/", record_data(), key)
    assert ConsentRecord.objects.get().organization == org


def test_a_batch_stores_the_valid_records_and_refuses_the_others(client, org, key):
    records = [
        record_data(identifier=f"user{i}@example.vn", idempotency_key=f"b{i}") for i in range(6)
    ]
    records[1]["decisions"] = {"*": "given"}  # bundled
    records[3]["evidence"] = {}  # no evidence for the web method
    records[4]["notice_version"] = "x"  # not even a number
    records[5]["idempotency_key"] = "b0"  # repeats the first
    response = _post(client, "/api/v1/consents/records/batch/", {"records": records}, key)
    assert response.status_code == 200, response.content
    body = response.json()
    statuses = [r["status"] for r in body["results"]]
    assert statuses == [201, 400, 201, 400, 400, 200]
    assert body["created"] == 2 and body["refused"] == 3
    assert "decisions" in body["results"][1]["errors"]
    assert "evidence.ip" in body["results"][3]["errors"]
    assert body["results"][5]["record"]["receipt_id"] == body["results"][0]["record"]["receipt_id"]
    assert ConsentRecord.objects.count() == 2


def test_a_batch_costs_the_same_queries_for_10_and_100_records(client, org, key):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    _post(client, "/api/v1/consents/records/", record_data(), key)  # the keys are made once
    for size in (10, 100):
        records = [record_data(identifier=f"u{size}-{i}@example.vn") for i in range(size)]
        with CaptureQueriesContext(connection) as ctx:
            response = _post(client, "/api/v1/consents/records/batch/", {"records": records}, key)
        assert response.json()["created"] == size
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_a_batch_over_the_limit_is_refused(client, org, key):
    records = [record_data()] * (services.MAX_BATCH + 1)
    response = _post(client, "/api/v1/consents/records/batch/", {"records": records}, key)
    assert response.status_code == 400
    assert not ConsentRecord.objects.exists()
