from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.routers import DefaultRouter

from breaches import api


def test_the_breach_endpoints_generate_a_valid_schema_without_warnings():
    router = DefaultRouter()
    api.register(router)
    generator = SchemaGenerator(patterns=[path("api/v1/", include(router.urls))])
    GENERATOR_STATS.reset()
    schema = generator.get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache, list(GENERATOR_STATS._warn_cache)
    assert not GENERATOR_STATS._error_cache, list(GENERATOR_STATS._error_cache)
    validate_schema(schema)
    paths = schema["paths"]
    for action in ("submit", "contain", "remediate", "close", "controller-notified", "notices"):
        assert f"/api/v1/breaches/{{id}}/{action}/" in paths, action
    for action in ("acknowledge", "request-information", "close"):
        assert f"/api/v1/regulator/breaches/{{id}}/{action}/" in paths, action
