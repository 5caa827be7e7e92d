"""ratelimit.counting: the hits sent before the caller's own query, read after it, as ``hits``."""

import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCacheClient

from pdp_portal import ratelimit


@pytest.fixture(autouse=True)
def _on_redis():
    assert isinstance(cache._cache, RedisCacheClient)  # the overlapped path needs Redis
    ratelimit._skip_until = 0.0
    yield
    ratelimit._skip_until = 0.0


def _checks(limit_email: int = 1):
    ip, email = f"ip-{uuid.uuid4()}", f"{uuid.uuid4()}@example.vn"
    return [("t-ip", ip, 3), ("t-email", email, limit_email)]


def _count(scope: str, value: str) -> int:
    return cache.get(f"rl:{scope}:{ratelimit.hashlib.sha256(value.encode()).hexdigest()[:32]}")


def test_it_counts_and_refuses_as_hits_does():
    checks = _checks()
    with ratelimit.counting(checks, window=60) as verdict:
        assert verdict()
    with ratelimit.counting(checks, window=60) as verdict:
        assert not verdict()  # the e-mail is over its limit of one
    assert ratelimit.hits(checks[:1], window=60)  # the address's third hit, within 3
    assert not ratelimit.hits(checks[:1], window=60)
    assert _count("t-ip", checks[0][1]) == 4
    key = cache.make_key(
        f"rl:t-ip:{ratelimit.hashlib.sha256(checks[0][1].encode()).hexdigest()[:32]}"
    )
    assert 0 < cache._cache.get_client().ttl(key) <= 60


def test_a_caller_that_fails_before_reading_leaves_no_reply_behind():
    checks = _checks(limit_email=5)
    with pytest.raises(LookupError), ratelimit.counting(checks, window=60):
        raise LookupError  # e.g. the organisation is unknown (404)
    # The hit was counted, and the pool's next connection reads its own reply, not that one.
    with ratelimit.counting(checks, window=60) as verdict:
        assert verdict()
    assert _count("t-email", checks[1][1]) == 2
    assert cache.get("anything-else") is None


def test_a_redis_that_forgot_the_script_gets_it_again():
    cache._cache.get_client(write=True).script_flush()
    checks = _checks()
    with ratelimit.counting(checks, window=60) as verdict:
        assert verdict()
    assert _count("t-email", checks[1][1]) == 1


def test_redis_down_means_no_limit_at_once_and_for_a_while():
    pool = mock.MagicMock()
    pool.get_connection.side_effect = ConnectionError("redis down")
    script = mock.MagicMock()
    script.registered_client.connection_pool = pool
    with mock.patch.object(ratelimit, "_script", return_value=script):
        with ratelimit.counting(_checks(limit_email=0), window=60) as verdict:
            assert verdict()
        with ratelimit.counting(_checks(limit_email=0), window=60) as verdict:
            assert verdict()
    assert pool.get_connection.call_count == 1  # the second post did not try again


def test_a_reply_that_never_comes_means_no_limit():
    checks = _checks(limit_email=0)
    with ratelimit.counting(checks, window=60) as verdict:
        with mock.patch(
            "redis.connection.AbstractConnection.read_response",
            side_effect=TimeoutError("no reply"),
        ):
            assert verdict()
    assert ratelimit._skip_until > 0
