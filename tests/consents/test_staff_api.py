"""The DPO's read endpoints of /api/v1/consents/: organisation-scoped (another organisation's
objects answer 404), session or token, the identifier only in a POST body, constant queries."""

import json

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from consents import services
from pdp_portal.audit.models import AuditEvent

from .conftest import make_notice, record_data

pytestmark = pytest.mark.django_db

LOOKUP = "/api/v1/consents/subjects/lookup/"


@pytest.fixture
def given(org, notice):
    record, _ = services.consent_record(actor="test", organization=org, **record_data())
    return record


def _lookup(client, org, identifier="AN.NGUYEN@example.vn"):
    return client.post(
        LOOKUP,
        {"organization": org.pk, "identifier_kind": "email", "identifier": identifier},
        content_type="application/json",
    )


def test_the_dpo_lists_notices_and_reads_one(as_user, dpo, org, other_org, notice):
    make_notice(other_org)
    client = as_user(dpo)
    body = client.get("/api/v1/consents/notices/").json()
    assert [(n["organization"], n["version"]) for n in body["results"]] == [(org.pk, 1)]
    assert [p["code"] for p in body["results"][0]["purposes"]] == ["delivery", "ads"]
    detail = client.get(f"/api/v1/consents/notices/{notice.pk}/").json()
    assert detail["content_hash"] == notice.content_hash and detail["snapshot"]["version"] == 1


def test_a_subject_is_found_by_a_posted_identifier_and_only_its_key_comes_back(
    as_user, dpo, org, given
):
    client = as_user(dpo)
    services.consent_withdraw(
        actor="test", organization=org, subject_key=given.subject_key, source="test"
    )
    response = _lookup(client, org)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["subject_key"] == given.subject_key
    assert {c["purpose"]: c["decision"] for c in body["current"]} == {
        "delivery": "withdrawn",
        "ads": "refused",
    }
    assert [h["decision"] for h in body["history"] if h["purpose"] == "delivery"] == [
        "given",
        "withdrawn",
    ]
    assert "an.nguyen" not in response.content.decode().lower()
    event = AuditEvent.objects.get(action="consents.subject.view")
    assert "an.nguyen" not in json.dumps(event.data).lower() + event.summary.lower()
    # GET with the identifier in the URL is not a route.
    assert client.get(LOOKUP, {"identifier": "an.nguyen@example.vn"}).status_code == 405


def test_a_bad_identifier_is_a_field_error(as_user, dpo, org, notice):
    response = _lookup(as_user(dpo), org, identifier="not an address")
    assert response.status_code == 400 and "identifier" in response.json()


def test_a_record_comes_with_its_receipt_and_its_evidence_export(as_user, dpo, org, given):
    client = as_user(dpo)
    detail = client.get(f"/api/v1/consents/records/{given.uid}/")
    assert detail.status_code == 200, detail.content
    body = detail.json()
    assert body["receipt"] == given.receipt and body["kid"] == given.receipt_kid
    assert body["receipt_payload"]["receipt_id"] == str(given.uid)
    assert [(d["purpose"], d["decision"]) for d in body["decisions"]] == [
        ("delivery", "given"),
        ("ads", "refused"),
    ]
    exported = client.get(f"/api/v1/consents/records/{given.uid}/evidence/").json()
    assert exported["receipt"]["jws"] == given.receipt
    assert exported["notice"]["as_shown"]["purposes"][0]["code"] == "delivery"
    assert AuditEvent.objects.filter(action__in=["consents.view", "consents.export"]).count() == 2


def test_statistics_count_by_notice_version_and_purpose(as_user, dpo, org, given):
    services.consent_withdraw(
        actor="test", organization=org, subject_key=given.subject_key, source="test"
    )
    body = as_user(dpo).get("/api/v1/consents/statistics/", {"organization": org.pk}).json()
    rows = {(r["version"], r["code"]): r["counts"] for r in body["by_purpose"]}
    assert rows[(1, "delivery")] == {"given": 1, "refused": 0, "withdrawn": 1, "expired": 0}
    assert rows[(1, "ads")]["refused"] == 1


def test_another_organisation_s_objects_answer_404(as_user, outsider, org, notice, given):
    client = as_user(outsider)
    assert client.get(f"/api/v1/consents/notices/{notice.pk}/").status_code == 404
    assert client.get(f"/api/v1/consents/records/{given.uid}/").status_code == 404
    assert client.get(f"/api/v1/consents/records/{given.uid}/evidence/").status_code == 404
    assert _lookup(client, org).status_code == 404
    assert client.get("/api/v1/consents/statistics/", {"organization": org.pk}).status_code == 404
    assert client.get("/api/v1/consents/notices/").json()["results"] == []


def test_anonymous_is_refused_and_a_token_works(client, dpo, org, given):
    assert client.get(f"/api/v1/consents/records/{given.uid}/").status_code in (401, 403)
    token = Token.objects.create(user=dpo)
    response = client.get(
        f"/api/v1/consents/records/{given.uid}/", HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert response.status_code == 200


def test_a_property_key_reads_nothing(client, org, given):
    _key, secret = services.property_key_create(actor="test", organization=org, name="shop.vn")
    response = client.get(
        f"/api/v1/consents/records/{given.uid}/", HTTP_AUTHORIZATION=f"Consent {secret}"
    )
    assert response.status_code in (401, 403)


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200, response.content
    return len(ctx)


def test_queries_do_not_grow_with_rows(as_user, dpo, org, given):
    client = as_user(dpo)

    def measure():
        return (
            _count(lambda: client.get("/api/v1/consents/notices/")),
            _count(lambda: _lookup(client, org)),
            _count(lambda: client.get(f"/api/v1/consents/records/{given.uid}/")),
            _count(lambda: client.get("/api/v1/consents/statistics/", {"organization": org.pk})),
        )

    measure()  # the keyring and receipt key are read once per process
    before = measure()
    for i in range(2, 6):
        notice = make_notice(org)
        assert notice.version == i
        services.consent_record(
            actor="test",
            organization=org,
            **record_data(notice_version=i, decisions={"delivery": "given", "ads": "given"}),
        )
    assert measure() == before


def test_the_schema_documents_every_answer(client):
    document = yaml.safe_load(client.get("/api/schema/").content)
    paths = document["paths"]
    for path, method in [
        ("/api/v1/consents/notices/", "get"),
        ("/api/v1/consents/notices/{id}/", "get"),
        ("/api/v1/consents/records/{uid}/", "get"),
        ("/api/v1/consents/records/{uid}/evidence/", "get"),
        ("/api/v1/consents/subjects/lookup/", "post"),
        ("/api/v1/consents/statistics/", "get"),
    ]:
        operation = paths[path][method]
        assert {"200", "400", "401", "403", "404"} <= set(operation["responses"]), path
        assert "$ref" in json.dumps(operation["responses"]["200"]), path
    statistics = paths["/api/v1/consents/statistics/"]["get"]
    assert statistics["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Statistics"
    }
    assert [p["name"] for p in statistics["parameters"]] == ["organization"]
    lookup = paths["/api/v1/consents/subjects/lookup/"]["post"]
    assert not any(p.get("name") == "identifier" for p in lookup.get("parameters", []))
