"""The OpenAPI schema of one app's endpoints, for the apps' schema tests."""

from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.routers import DefaultRouter


def valid_schema(register) -> dict:
    """Return the schema of the endpoints ``register(router)`` adds under /api/v1/.

    Fails unless drf-spectacular generates it without a warning or an error and it is valid.
    """
    router = DefaultRouter()
    register(router)
    generator = SchemaGenerator(patterns=[path("api/v1/", include(router.urls))])
    GENERATOR_STATS.reset()
    schema = generator.get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache, list(GENERATOR_STATS._warn_cache)
    assert not GENERATOR_STATS._error_cache, list(GENERATOR_STATS._error_cache)
    validate_schema(schema)
    return schema
