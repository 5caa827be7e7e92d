import pytest
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.routers import DefaultRouter

from pdp_portal.organizations import api


def test_the_organization_endpoints_generate_a_valid_schema_without_warnings():
    router = DefaultRouter()
    api.register(router)
    generator = SchemaGenerator(patterns=[path("api/v1/", include(router.urls))])
    GENERATOR_STATS.reset()
    schema = generator.get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache, list(GENERATOR_STATS._warn_cache)
    assert not GENERATOR_STATS._error_cache, list(GENERATOR_STATS._error_cache)
    validate_schema(schema)
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
