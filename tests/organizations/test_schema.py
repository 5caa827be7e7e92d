import pytest

from pdp_portal.organizations import api
from tests.api_schema import valid_schema


def test_the_organization_endpoints_generate_a_valid_schema_without_warnings():
    schema = valid_schema(api.register)
    assert "/api/v1/organizations/{organization_pk}/memberships/{id}/" in schema["paths"]
    params = schema["paths"]["/api/v1/organizations/{id}/"]["get"]["parameters"]
    assert params[0]["schema"]["type"] == "integer"


@pytest.mark.django_db
def test_the_schema_is_served(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/organizations/{organization_pk}/memberships/" in response.content


@pytest.mark.django_db
def test_the_docs_render_without_a_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "swagger-ui" in body
    assert "drf_spectacular_sidecar" in body
    assert "cdn.jsdelivr.net" not in body
