import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Start every test with empty rate-limit counters (they live in the shared cache)."""
    from django.core.cache import cache

    from pdp_portal import ratelimit

    cache.clear()
    # A test that broke the cache must not leave the limiter skipping it for the next tests.
    ratelimit._skip_until = 0.0
    yield
    ratelimit._skip_until = 0.0
