import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Start every test with empty rate-limit counters (they live in the shared cache)."""
    from django.core.cache import cache

    cache.clear()
    yield
