"""The OpenAPI document at /api/schema/ is valid OpenAPI 3 (openapi-spec-validator)."""

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi(client):
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    response = client.get("/api/schema/")

    assert response.status_code == 200
    # No warning either: two components of one name would leave one of them undescribed.
    assert not GENERATOR_STATS._warn_cache, list(GENERATOR_STATS._warn_cache)
    document = yaml.safe_load(response.content)
    validate(document)  # raises, naming the first part that does not fit
    assert len(document["paths"]) > 50


def test_every_operation_documents_its_errors(client):
    document = yaml.safe_load(client.get("/api/schema/").content)

    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            codes = set(operation["responses"])
            assert {"400", "404"} <= codes, (method, path)
            if method != "get":
                assert "409" in codes, (method, path)


def test_a_path_with_a_line_break_gets_the_json_404(client, django_user_model):
    response = client.get("/api/v1/organizations/1/obligations/a%0Ab/")
    assert response.status_code in (401, 403, 404)
    assert response["Content-Type"].startswith("application/json")


def test_operations_that_take_a_body_document_415(client):
    document = yaml.safe_load(client.get("/api/schema/").content)
    for path, item in document["paths"].items():
        for method in ("post", "put", "patch"):
            if method in item:
                assert "415" in item[method]["responses"], (method, path)


def test_every_named_route_still_reverses():
    from django.urls import reverse

    # The API's catch-all pattern is read by reverse() too: it must stay reversible.
    assert reverse("clock:deadlines")
