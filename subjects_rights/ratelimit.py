"""A fixed-window counter per address in the Django cache; it fails open when the cache is down."""

import hashlib
import logging
import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCacheClient

log = logging.getLogger(__name__)

# After a cache failure, skip the cache for this many seconds: each failed try costs the redis
# client's connection retries (a few tenths of a second), and a form must answer at once.
_SKIP_AFTER_FAILURE = 5.0
_skip_until = 0.0


def hits(checks: list[tuple[str, str, int]], *, window: int) -> bool:
    """Count one hit for each (scope, value, limit); return False when any is over its limit.

    Every counter is counted, in one round trip to Redis whatever their number. A cache outage
    must never stop a data subject from filing a request (DESIGN section 4): the limits are then
    simply not applied.
    """
    global _skip_until
    if time.monotonic() < _skip_until:
        return True
    keys = [
        f"rl:{scope}:{hashlib.sha256(value.lower().encode()).hexdigest()[:32]}"
        for scope, value, _limit in checks
    ]
    try:
        backend = getattr(cache, "_cache", None)
        if isinstance(backend, RedisCacheClient):
            counts = _count_redis(backend, keys, window)
        else:
            counts = [_count(key, window) for key in keys]
    except Exception as exc:  # noqa: BLE001 - any cache failure means "no limit"
        _skip_until = time.monotonic() + _SKIP_AFTER_FAILURE
        log.warning(
            "rate limit not applied for %ss (cache unavailable): %s", _SKIP_AFTER_FAILURE, exc
        )
        return True
    return all(count <= limit for count, (_s, _v, limit) in zip(counts, checks, strict=True))


def _count(key: str, window: int) -> int:
    """Count a hit with the cache API (any backend)."""
    # The first hit of a window is one call (most addresses are seen once).
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between the two calls
        cache.add(key, 1, timeout=window)
        return 1


_clients: dict[int, object] = {}


def _count_redis(backend: RedisCacheClient, keys: list[str], window: int) -> list[int]:
    """Count a hit on each key in one round trip: the same keys, values and expiry as ``_count``.

    ``SET key 0 EX window NX`` starts a window only if none is running, ``INCR`` counts the hit;
    MULTI/EXEC runs them at once, so a window always has its expiry. (The cache API needs up to
    four round trips per key here: ADD, then EXISTS and INCRBY for ``incr``.)
    """
    client = _clients.get(id(backend))
    if client is None:
        # A redis-py client is thread-safe and draws connections from Django's pool; making
        # one per call (as the cache API does) costs more than the command.
        client = _clients[id(backend)] = backend.get_client(keys[0], write=True)
    with client.pipeline(transaction=True) as pipe:
        for key in keys:
            name = cache.make_and_validate_key(key)
            pipe.set(name, 0, ex=window, nx=True)
            pipe.incr(name)
        replies = pipe.execute()
    return [int(count) for count in replies[1::2]]
